// `VBoxManage --version`: the version line, and the warning VirtualBox's launcher script prints
// before it when the kernel driver is missing (Oracle's, Debian/Ubuntu's and RPM Fusion's wordings).

export interface VboxVersionOutput {
  /** `7.0.14r161095`, `6.1.26_Ubuntur145957`. */
  readonly versionLine: string | undefined;
  /** Every non-blank line printed before the version line (trimmed): a warning to understand. */
  readonly warning: readonly string[];
  /** The warning says the kernel driver (vboxdrv, /dev/vboxdrv) is missing, not loaded or mismatched. */
  readonly driverMissing: boolean;
  /** Commands the warning itself tells the reader to run, as printed. */
  readonly printedCommands: readonly string[];
  /** A package the warning names (`virtualbox-dkms`), and the headers it suggests (`linux-headers-generic`). */
  readonly packageNamed: string | undefined;
  readonly headersNamed: string | undefined;
  /** The warning says to run its commands as root. */
  readonly asRoot: boolean;
}

const DRIVER_MISSING =
  /vboxdrv kernel module is not loaded|\/dev\/vboxdrv does not exist|character device \/dev\/vboxdrv|Kernel driver not installed|kernel modules? (?:do|does) not match|VERR_VM_DRIVER_NOT_INSTALLED|VERR_SUPDRV_COMPONENT_NOT_FOUND|vboxdrv\.sh: failed/i;

/** A line of a warning that is a command to run (an indented `sudo /sbin/vboxconfig`, `akmods ...`). */
const COMMAND =
  /^(?:sudo\s|\/sbin\/|\/usr\/(?:s?bin|lib)\/|\/etc\/init\.d\/|dnf\s|yum\s|akmods\b|systemctl\s|modprobe\s|apt(?:-get)?\s|rcvboxdrv\b|dkms\s|'\/sbin\/)/;

export function parseVboxVersionOutput(stdout: string, stderr = ''): VboxVersionOutput {
  const lines = `${stderr}\n${stdout}`.split(/\r?\n/).map((l) => l.trim());
  const at = lines.findIndex((l) => /^\d+\.\d+\.\d+\S*$/.test(l));
  const before = (at < 0 ? lines : lines.slice(0, at)).filter((l) => l !== '');
  const text = before.join(' ');
  return {
    versionLine: at < 0 ? undefined : lines[at],
    warning: before,
    driverMissing: DRIVER_MISSING.test(text),
    printedCommands: before.filter((l) => COMMAND.test(l)).map((l) => l.replace(/^'(.*)'$/, '$1')),
    packageNamed: /install the (\S+) package/i.exec(text)?.[1],
    headersNamed: /most likely (linux-headers-[\w.-]*\w)/i.exec(text)?.[1],
    asRoot: /as root/i.test(text),
  };
}
