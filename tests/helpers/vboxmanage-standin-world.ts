// STAND-IN for VirtualBox (which cannot run on this machine): the world a fake VBoxManage
// keeps in a directory (config.json, state.json, calls.jsonl) and the documented rules it
// enforces. Written apart from the code under test: it shares no planner or parser code.
import { readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface StandinFault {
  /** First argv word (`startvm`, `storageattach`, `hostonlyif`...). */
  readonly command: string;
  /** fail: exit 1 with `error:`; error-exit0: `error:` on stderr but exit 0; not-ready: `The object is not ready`. */
  readonly kind: 'fail' | 'error-exit0' | 'not-ready';
  times: number;
  readonly message?: string;
}

export interface StandinConfig {
  readonly version: string;
  readonly platform: 'linux' | 'darwin';
  /** Text of /etc/vbox/networks.conf, or null when the file does not exist. */
  readonly networksConf: string | null;
  /** Host interfaces that are up: `{ name, cidr: '192.168.1.23/24' }`. */
  readonly hostInterfaces: ReadonlyArray<{ readonly name: string; readonly cidr: string }>;
  /** How long a created host-only adapter stays missing from `list hostonlyifs`. */
  readonly listDelayMs: number;
  /** Does the guest honour the ACPI power button? */
  readonly acpiStops: boolean;
  faults: StandinFault[];
}

export interface StandinVm {
  readonly name: string;
  readonly uuid: string;
  readonly settingsFile: string;
  state: 'poweroff' | 'running';
  settings: Record<string, string>;
  natpf: string[];
  controllers: string[];
  attachments: Record<string, string>;
}

export interface StandinWorld {
  vms: StandinVm[];
  hostonlyifs: Array<{ name: string; ip: string; mask: string; createdAt: number }>;
  hostonlynets: Array<{ name: string; mask: string; lower: string; upper: string; enabled: boolean }>;
  dhcpservers: Array<{ netName: string; ip: string; mask: string; lower: string; upper: string; enabled: boolean }>;
  uuidCounter: number;
}

export const emptyWorld = (): StandinWorld => ({
  vms: [],
  hostonlyifs: [],
  hostonlynets: [],
  dhcpservers: [],
  uuidCounter: 0,
});

export function readJson<T>(dir: string, file: string, fallback: T): T {
  const path = join(dir, file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

export function writeJson(dir: string, file: string, value: unknown): void {
  writeFileSync(join(dir, file), JSON.stringify(value, null, 2));
}

export function logCall(dir: string, argv: readonly string[]): void {
  appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);
}

// --- IPv4 arithmetic, kept independent of server/network ---
export function ip(text: string): number {
  const p = text.split('.').map(Number);
  return (((p[0] ?? 0) * 256 + (p[1] ?? 0)) * 256 + (p[2] ?? 0)) * 256 + (p[3] ?? 0);
}

export function maskBits(mask: string): number {
  return ip(mask).toString(2).replace(/0+$/, '').length;
}

function net(addr: number, bits: number): number {
  return bits === 0 ? 0 : Math.floor(addr / 2 ** (32 - bits)) * 2 ** (32 - bits);
}

export function overlaps(a: string, aBits: number, b: string, bBits: number): boolean {
  const bits = Math.min(aBits, bBits);
  return net(ip(a), bits) === net(ip(b), bits);
}

/** VirtualBox ≥ 6.1.28 on Linux/macOS: only 192.168.56.0/21, or what /etc/vbox/networks.conf lists. */
export function rangeAllowed(config: StandinConfig, addr: string, bits: number): boolean {
  const [maj = 0, min = 0, patch = 0] = config.version.split(/[.r_]/).map((n) => Number.parseInt(n, 10));
  if (maj * 10000 + min * 100 + patch < 60128) return true;
  const ranges =
    config.networksConf === null
      ? ['192.168.56.0/21']
      : config.networksConf
          .split('\n')
          .map((l) => l.replace(/#.*/, '').trim())
          .filter((l) => l.startsWith('*'))
          .flatMap((l) => l.slice(1).trim().split(/\s+/))
          .filter((r) => r.includes('.') && r.includes('/'));
  return ranges.some((r) => {
    const [base = '', len = '32'] = r.split('/');
    return Number(len) <= bits && overlaps(base, Number(len), addr, Number(len));
  });
}
