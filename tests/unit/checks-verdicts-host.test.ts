import { describe, expect, it } from 'vitest';
import { cpuVirtOf, decideHostPlatform } from '../../server/checks/defs/host-platform';
import { decideOpamEnv, decideOpamInitialised, decideOpamVersion } from '../../server/checks/defs/opam';
import { decideMirageVersion, decideOcamlVersion } from '../../server/checks/defs/ocaml-mirage';
import { decideHelloBuilt, decideHelloRuns } from '../../server/checks/defs/hello-unix';
import { decideVirtualboxVersion } from '../../server/checks/defs/virtualbox';
import { execOutput, toolCapture } from '../fixtures/tools/load';

const ok = (stdout: string) => execOutput({ stdout });

describe('host-platform', () => {
  it('Debian on x86_64 passes with the recommended path', () => {
    expect(
      decideHostPlatform(ok('Linux x86_64\n'), ok('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')),
    ).toEqual({
      status: 'passed',
      found: 'Linux x86_64 (Debian GNU/Linux 12 (bookworm))',
      detail:
        'Recommended on Linux: QEMU/KVM with a Xen dom0 VM (onramp machine create --driver qemu dom0); VirtualBox works too.',
    });
  });

  it('x86_64 Linux without vmx or svm passes, naming QEMU under emulation as the way (VirtualBox needs VT-x/AMD-V)', () => {
    const debian = ok('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    const v = decideHostPlatform(ok('Linux x86_64\n'), debian, 'none');
    expect(v.status).toBe('passed');
    expect(v.status === 'passed' && v.detail).toMatch(
      /^This CPU shows no hardware virtualisation here \(no vmx or svm flag/,
    );
    expect(v.status === 'passed' && v.detail).toMatch(
      /Take the QEMU path \(onramp machine create --driver qemu dom0\)/,
    );
    expect(decideHostPlatform(ok('Linux x86_64\n'), debian, 'vmx')).toMatchObject({
      detail: expect.stringMatching(/^Recommended on Linux: QEMU\/KVM/),
    });
  });

  it("reads the CPU's flag from grep: found, none (exit 1), or unknown", () => {
    expect(cpuVirtOf(ok('vmx\n'))).toBe('vmx');
    expect(cpuVirtOf(ok('svm\n'))).toBe('svm');
    expect(cpuVirtOf(execOutput({ exitCode: 1, stdout: '' }))).toBe('none');
    expect(
      cpuVirtOf(execOutput({ exitCode: 2, stderr: 'grep: /proc/cpuinfo: No such file or directory' })),
    ).toBeUndefined();
    expect(cpuVirtOf(execOutput({ exitCode: null, error: 'command not found: grep' }))).toBeUndefined();
    expect(cpuVirtOf(undefined)).toBeUndefined();
  });

  it('Apple Silicon warns that the x86 dom0 VM is not usable', () => {
    const v = decideHostPlatform(ok('Darwin arm64\n'), undefined);
    expect(v.status).toBe('warning');
    expect(v.status === 'warning' && v.reason).toBe(
      'Apple Silicon cannot run the x86_64 dom0 VM usefully: VirtualBox on arm64 does not run x86 guests at a usable speed, and Xen needs one',
    );
    expect(v.status === 'warning' && v.found).toBe('Darwin arm64');
    expect(v.status === 'warning' && v.fix.link).toBe('/guide/troubleshooting#apple-silicon');
  });

  it('an Intel Mac passes', () => {
    expect(decideHostPlatform(ok('Darwin x86_64\n'), undefined)).toEqual({
      status: 'passed',
      found: 'Darwin x86_64',
      detail: 'Recommended: VirtualBox with a Xen dom0 VM.',
    });
  });

  it('no uname at all fails naming the host it needs', () => {
    const v = decideHostPlatform(
      execOutput({ exitCode: null, error: 'command not found: uname (install it or check PATH)' }),
      undefined,
    );
    expect(v.status === 'failed' && [v.reason, v.found, v.expected]).toEqual([
      'uname -sm did not run: Onramp needs a Linux or macOS host (on Windows, use WSL 2)',
      'no uname on PATH',
      'Linux or macOS on x86_64',
    ]);
  });
});

describe('opam-version', () => {
  it('passes with Debian 12 opam (captured)', () => {
    expect(decideOpamVersion(toolCapture('opam/version-2.1.2-debian12.json'))).toEqual({
      status: 'passed',
      found: 'opam 2.1.2',
    });
  });

  it('fails an old opam with the exact reason', () => {
    expect(decideOpamVersion(ok('2.0.5\n'))).toEqual({
      status: 'failed',
      reason: 'opam 2.0.5 is too old: MirageOS 4 needs opam ≥ 2.1.0',
      found: 'opam 2.0.5',
      expected: 'opam 2.1.0 or newer',
      fix: {
        summary: "Upgrade opam: your distribution's package if it is recent enough, or the official installer.",
        commands: ['bash -c "sh <(curl -fsSL https://opam.ocaml.org/install.sh)"'],
        link: '/guide/troubleshooting#opam-too-old',
      },
    });
  });

  it("fails a missing opam (the local runner's spawn error) with the platform's install command", () => {
    const missing = execOutput({ exitCode: null, error: 'command not found: opam (install it or check PATH)' });
    expect(decideOpamVersion(missing, 'linux')).toEqual({
      status: 'failed',
      reason: 'opam was not found on PATH',
      found: 'no opam on PATH',
      expected: 'opam 2.1.0 or newer',
      fix: {
        summary: 'Install opam from your package manager.',
        commands: ['sudo apt-get install -y opam'],
        link: '/guide/troubleshooting#opam-missing',
      },
    });
    const v = decideOpamVersion(missing, 'darwin');
    expect(v.status === 'failed' && v.fix.commands).toEqual(['brew install opam']);
  });

  it('treats "not found" through a remote shell the same', () => {
    const v = decideOpamVersion(execOutput({ exitCode: 127, stderr: 'bash: line 1: opam: command not found\n' }));
    expect(v.status === 'failed' && v.reason).toBe('opam was not found on PATH');
  });

  it('a timeout is an error, not a failure', () => {
    const v = decideOpamVersion(execOutput({ exitCode: null, timedOut: true }));
    expect(v).toEqual({ status: 'error', reason: 'opam --version did not finish in time (timed out after 0.0 s)' });
  });
});

describe('opam-initialised (captured outputs)', () => {
  it('uninitialised', () => {
    const v = decideOpamInitialised(toolCapture('opam/switch-list-uninitialised.json'));
    expect(v).toEqual({
      status: 'failed',
      reason: 'opam is installed but not initialised',
      found: "[ERROR] Opam has not been initialised, please run `opam init'",
      expected: 'an initialised opam with a selected switch',
      fix: {
        summary:
          "Initialise opam without a default compiler, create the guide's switch with OCaml 4.14.2, then load its environment.",
        commands: [
          'opam init --yes --bare --auto-setup',
          'opam switch create mirage ocaml-base-compiler.4.14.2',
          'eval $(opam env)',
        ],
        link: '/guide/troubleshooting#opam-not-initialised',
      },
    });
  });

  it('initialised without a switch', () => {
    const v = decideOpamInitialised(toolCapture('opam/switch-list-no-switch.json'));
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'opam is initialised but has no switch',
      'no switch in opam switch list',
    ]);
  });

  it('a current switch passes', () => {
    expect(decideOpamInitialised(toolCapture('opam/switch-list-one-switch.json'))).toEqual({
      status: 'passed',
      found: 'switch default (1 switch)',
    });
  });

  it('switches but none selected', () => {
    const v = decideOpamInitialised(
      ok('#  switch  compiler  description\n   4.14.2  ocaml-base-compiler.4.14.2  4.14.2\n'),
    );
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'opam has a switch (4.14.2) but none is selected',
      ['opam switch 4.14.2', 'eval $(opam env)'],
    ]);
  });
});

describe('opam-env', () => {
  const bin = toolCapture('opam/var-bin-default-switch.json');
  it("fails when the switch's bin is not on PATH", () => {
    const v = decideOpamEnv(bin, ok('/usr/local/bin:/usr/bin:/bin'));
    expect(v).toEqual({
      status: 'failed',
      reason: "opam's environment is not loaded in this shell: /tmp/checks-opamroot/default/bin is not on PATH",
      found: 'PATH=/usr/local/bin:/usr/bin:/bin',
      expected: '/tmp/checks-opamroot/default/bin on PATH',
      fix: {
        summary:
          "Load opam's environment in the shell, then start onramp again from that shell (add the eval line to your shell profile to make it stick).",
        commands: ['eval $(opam env)'],
        link: '/guide/troubleshooting#mirage-not-found',
      },
    });
  });

  it('passes when it is (trailing slash or not)', () => {
    expect(decideOpamEnv(bin, ok('/tmp/checks-opamroot/default/bin/:/usr/bin'))).toEqual({
      status: 'passed',
      found: '/tmp/checks-opamroot/default/bin is on PATH',
    });
  });

  it('no switch: opam var bin fails', () => {
    const v = decideOpamEnv(toolCapture('opam/var-bin-no-switch.json'), ok('/usr/bin'));
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'opam var bin failed',
      "exit code 50: [ERROR] No switch is currently set. Please use 'opam switch' to set or install a switch",
    ]);
  });
});

describe('ocaml-version', () => {
  const switchFix = ['opam switch create mirage ocaml-base-compiler.4.14.2', 'eval $(opam env)'];

  it.each([
    ['The OCaml toplevel, version 4.12.0\n', 'OCaml 4.12.0 is too old: mirage needs OCaml ≥ 4.13.0'],
    ['4.11.2\n', 'OCaml 4.11.2 is too old: mirage needs OCaml ≥ 4.13.0'],
  ])('%j fails: %s', (stdout, reason) => {
    const v = decideOcamlVersion(ok(stdout));
    expect(v.status === 'failed' && [v.reason, v.expected, v.fix.commands]).toEqual([
      reason,
      'OCaml 4.14 or newer',
      switchFix,
    ]);
  });

  it("Debian 12's system OCaml 4.13.1 (captured) fails: mirage installs but today's hello cannot solve", () => {
    const v = decideOcamlVersion(toolCapture('ocaml/version-4.13.1-debian12.json'));
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.link]).toEqual([
      "OCaml 4.13.1 is too old: mirage installs, but make depend cannot solve today's hello (mirage-crypto-rng-mirage 2.x needs OCaml ≥ 4.14)",
      'OCaml 4.13.1',
      '/guide/troubleshooting#ocaml-too-old',
    ]);
  });

  it('the switch the guide creates (4.14.2) and plain 4.14.1 pass', () => {
    expect(decideOcamlVersion(ok('The OCaml toplevel, version 4.14.2\n'))).toEqual({
      status: 'passed',
      found: 'OCaml 4.14.2',
    });
    expect(decideOcamlVersion(ok('4.14.1\n'))).toEqual({ status: 'passed', found: 'OCaml 4.14.1' });
  });
});

describe('mirage-version', () => {
  const missing = toolCapture('opam/mirage-not-found.json');

  it('the classic "mirage not found": installed in opam bin, environment not loaded', () => {
    const v = decideMirageVersion(missing, { opamBin: '/home/ada/.opam/default/bin', inOpamBin: true });
    expect(v).toEqual({
      status: 'failed',
      reason:
        "mirage is installed in /home/ada/.opam/default/bin but that directory is not on PATH: opam's environment is not loaded in this shell",
      found: '/home/ada/.opam/default/bin/mirage, not on PATH',
      expected: 'mirage 4.9.0 or newer on PATH',
      fix: {
        summary: "Load opam's environment, then start onramp again from that shell.",
        commands: ['eval $(opam env)'],
        link: '/guide/troubleshooting#mirage-not-found',
      },
    });
  });

  it('not installed anywhere', () => {
    const v = decideMirageVersion(missing, { opamBin: '/home/ada/.opam/default/bin', inOpamBin: false });
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.commands]).toEqual([
      'mirage was not found on PATH',
      'no mirage on PATH nor in /home/ada/.opam/default/bin',
      ['opam install -y mirage', 'eval $(opam env)'],
    ]);
  });

  it('%%VERSION%% is a development build: warning', () => {
    const v = decideMirageVersion(ok('%%VERSION%%\n'), undefined);
    expect(v.status === 'warning' && [v.reason, v.found, v.expected]).toEqual([
      'mirage prints %%VERSION%%: it was built by a plain dune build of a source checkout (no dune subst), so its version cannot be checked',
      'mirage %%VERSION%% (built from a checkout)',
      'a released mirage 4.9.0 or newer',
    ]);
  });

  it("mirage 3 and 4.8.0 are too old for mirage-skeleton's configs (mirage >= 4.9.0), 4.11.1 passes", () => {
    for (const old of ['3.10.8', '4.8.0']) {
      const v = decideMirageVersion(ok(`${old}\n`), undefined);
      expect(v.status === 'failed' && v.reason).toBe(
        `mirage ${old} is too old: mirage-skeleton's examples need mirage ≥ 4.9.0`,
      );
    }
    expect(decideMirageVersion(ok('4.11.1\n'), undefined)).toEqual({ status: 'passed', found: 'mirage 4.11.1' });
  });
});

describe('hello-unix', () => {
  const dir = '/home/ada/mirage-skeleton/tutorial/hello';
  const yes = execOutput({ exitCode: 0 });
  const no = execOutput({ exitCode: 1 });

  it('built / not built / no project', () => {
    expect(decideHelloBuilt(dir, yes, yes)).toEqual({ status: 'passed', found: `${dir}/dist/hello` });
    const notBuilt = decideHelloBuilt(dir, yes, no);
    expect(notBuilt.status === 'failed' && [notBuilt.reason, notBuilt.fix.commands]).toEqual([
      `hello is not built: ${dir}/dist/hello does not exist or is not executable`,
      [`cd ${dir}`, 'mirage configure -t unix', 'make depend', 'make build'],
    ]);
    const noProject = decideHelloBuilt(dir, no, no);
    expect(noProject.status === 'failed' && noProject.reason).toBe(`the hello project was not found at ${dir}`);
  });

  const lines = (n: number, fmt: (i: number) => string) => Array.from({ length: n }, (_, i) => fmt(i)).join('\n');
  const mirage4 = (i: number) => `2024-04-14T14:15:2${i}+02:00: [INFO] [application] hello`;
  const older = (i: number) => `2018-06-21 12:16:2${i} -00:00: INF [application] hello`;

  it.each([
    ['mirage 4 log lines', lines(4, mirage4)],
    ['older log lines', lines(4, older)],
  ])('four %s pass', (_name, stdout) => {
    expect(decideHelloRuns(ok(`${stdout}\n`))).toEqual({ status: 'passed', found: '"hello" ×4, exit code 0' });
  });

  it('three lines and a crash fail with the count and the code', () => {
    const v = decideHelloRuns(execOutput({ stdout: lines(3, mirage4), exitCode: 2 }));
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'hello logged "hello" 3 times and exited with code 2; it should log it 4 times and exit with 0',
      '"hello" ×3, exit code 2',
    ]);
  });

  it('a hello that never exits fails with its count', () => {
    const v = decideHelloRuns(execOutput({ stdout: lines(4, mirage4), exitCode: null, timedOut: true }));
    expect(v.status === 'failed' && v.reason).toBe('hello did not exit within 15 s (it logged "hello" 4 times)');
  });
});

describe('virtualbox-version', () => {
  it('7.0.14r161095 passes', () => {
    expect(decideVirtualboxVersion(ok('7.0.14r161095\n'))).toEqual({
      status: 'passed',
      found: 'VirtualBox 7.0.14r161095',
    });
  });

  it('not installed (the local runner, captured)', () => {
    const v = decideVirtualboxVersion(toolCapture('vbox/vboxmanage-not-found.json'));
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'VBoxManage was not found on PATH: VirtualBox is not installed',
      'no VBoxManage on PATH',
    ]);
  });

  it('the kernel driver warning before the version', () => {
    const stdout =
      'WARNING: The vboxdrv kernel module is not loaded. Either there is no module\n         available for the current kernel (6.1.0-18-amd64) or it failed to\n         load. Please recompile the kernel module and install it by\n\n           sudo /sbin/vboxconfig\n\n         You will not be able to start VMs until this problem is fixed.\n7.0.14r161095\n';
    const v = decideVirtualboxVersion(ok(stdout));
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'VirtualBox is installed but its kernel driver is not',
      ['sudo /sbin/vboxconfig'],
    ]);
  });

  it('6.0 is too old for nested VT-x', () => {
    const v = decideVirtualboxVersion(ok('6.0.24r139119\n'));
    expect(v.status === 'failed' && v.reason).toBe(
      'VirtualBox 6.0.24r139119 is too old: nested VT-x/AMD-V for the dom0 VM needs VirtualBox ≥ 6.1',
    );
  });
});
