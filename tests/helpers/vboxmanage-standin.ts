// STAND-IN for VBoxManage (VirtualBox cannot run here): run as `VBoxManage ARGS` through a
// wrapper script; its world lives in $VBOXMANAGE_STANDIN_DIR. It prints what VirtualBox prints
// for the commands the driver uses and enforces VirtualBox's documented rules: the host-only
// range rule with networks.conf (E_ACCESSDENIED), duplicate names and networks, `error:` with
// exit 0, `The object is not ready`, a created adapter listed only after a delay, and
// `Host-only adapters are no longer supported!` for legacy adapters on VirtualBox 7 on macOS.
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  emptyWorld,
  logCall,
  maskBits,
  overlaps,
  rangeAllowed,
  readJson,
  writeJson,
  type StandinConfig,
  type StandinVm,
  type StandinWorld,
} from './vboxmanage-standin-world';

class Fail extends Error {}
const fail = (message: string): never => {
  throw new Fail(message);
};

const dir = process.env.VBOXMANAGE_STANDIN_DIR ?? fail('VBOXMANAGE_STANDIN_DIR is not set');
const argv = process.argv.slice(2);
const config = readJson<StandinConfig>(dir, 'config.json', {
  version: '7.0.14r161095',
  platform: 'linux',
  networksConf: null,
  hostInterfaces: [],
  listDelayMs: 0,
  acpiStops: true,
  faults: [],
});
const world = readJson<StandinWorld>(dir, 'state.json', emptyWorld());
let stdout = '';
const out = (s: string) => {
  stdout += s;
};

function opt(args: readonly string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = args[i] ?? '';
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}

function vm(name: string): StandinVm {
  return (
    world.vms.find((v) => v.name === name || v.uuid === name) ??
    fail(`Could not find a registered machine named '${name}'`)
  );
}

function unlocked(v: StandinVm): void {
  if (v.state === 'running') fail(`The machine '${v.name}' is already locked for a session (or being unlocked)`);
}

const isMac7 = () => config.platform === 'darwin' && Number.parseInt(config.version, 10) >= 7;

function list(what: string | undefined): void {
  if (what === 'vms') for (const v of world.vms) out(`"${v.name}" {${v.uuid}}\n`);
  else if (what === 'runningvms')
    for (const v of world.vms.filter((x) => x.state === 'running')) out(`"${v.name}" {${v.uuid}}\n`);
  else if (what === 'hostonlyifs') {
    for (const i of world.hostonlyifs.filter((x) => Date.now() - x.createdAt >= config.listDelayMs)) {
      out(
        `Name:            ${i.name}\nGUID:            786f6276-656e-4074-8000-0a0027000000\nDHCP:            Disabled\nIPAddress:       ${i.ip}\nNetworkMask:     ${i.mask}\nIPV6Address:     \nIPV6NetworkMaskPrefixLength: 0\nHardwareAddress: 0a:00:27:00:00:00\nMediumType:      Ethernet\nWireless:        No\nStatus:          Up\nVBoxNetworkName: HostInterfaceNetworking-${i.name}\n\n`,
      );
    }
  } else if (what === 'hostonlynets') {
    for (const n of world.hostonlynets) {
      out(
        `Name:            ${n.name}\nGUID:            bf1ba4e4-a0b4-4d87-9b2e-3bd1a2b7c0f1\n\nState:           ${n.enabled ? 'Enabled' : 'Disabled'}\nNetworkMask:     ${n.mask}\nLowerIP:         ${n.lower}\nUpperIP:         ${n.upper}\nVBoxNetworkName: hostonly-${n.name}\n\n`,
      );
    }
  } else if (what === 'dhcpservers') {
    for (const d of world.dhcpservers) {
      out(
        `NetworkName:    ${d.netName}\nDhcpd IP:       ${d.ip}\nLowerIPAddress: ${d.lower}\nUpperIPAddress: ${d.upper}\nNetworkMask:    ${d.mask}\nEnabled:        ${d.enabled ? 'Yes' : 'No'}\nGlobal Configuration:\n    minLeaseTime:     default\nGroups:               None\nIndividual Configs:   None\n\n`,
      );
    }
  } else fail(`Invalid parameter '${what ?? ''}'`);
}

function networkTaken(addr: string, bits: number, except: string): void {
  for (const h of config.hostInterfaces) {
    const [a = '', len = '32'] = h.cidr.split('/');
    if (overlaps(a, Number(len), addr, bits))
      fail(
        `Failed to configure ${except}: ${addr}/${bits} clashes with host interface ${h.name} (${h.cidr}) [stand-in rule]`,
      );
  }
  for (const o of world.hostonlyifs) {
    if (o.name !== except && o.ip && overlaps(o.ip, maskBits(o.mask), addr, bits))
      fail(
        `Failed to configure ${except}: ${addr}/${bits} is already used by host-only adapter ${o.name} [stand-in rule]`,
      );
  }
}

function hostonlyif(args: readonly string[]): void {
  const [sub, name] = args;
  if (sub === 'create') {
    let n = 0;
    while (world.hostonlyifs.some((i) => i.name === `vboxnet${n}`)) n++;
    world.hostonlyifs.push({ name: `vboxnet${n}`, ip: '', mask: '255.255.255.0', createdAt: Date.now() });
    world.dhcpservers.push({
      netName: `HostInterfaceNetworking-vboxnet${n}`,
      ip: `192.168.56.100`,
      mask: '255.255.255.0',
      lower: '192.168.56.101',
      upper: '192.168.56.254',
      enabled: true,
    });
    out(
      `0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\nInterface 'vboxnet${n}' was successfully created\n`,
    );
  } else if (sub === 'ipconfig') {
    const ifc =
      world.hostonlyifs.find((i) => i.name === name) ?? fail(`Could not find a host interface named '${name ?? ''}'`);
    const addr = opt(args, '--ip') ?? fail('ipconfig needs --ip');
    const mask = opt(args, '--netmask') ?? '255.255.255.0';
    if (!rangeAllowed(config, addr, maskBits(mask)))
      fail(
        'Code E_ACCESSDENIED (0x80070005) - Access denied (extended info not available)\nVBoxManage: error: Context: "EnableStaticIPConfig(Bstr(pszIp).raw(), Bstr(pszNetmask).raw())" at line 242 of file VBoxManageHostonly.cpp',
      );
    networkTaken(addr, maskBits(mask), ifc.name);
    ifc.ip = addr;
    ifc.mask = mask;
  } else if (sub === 'remove') {
    const before = world.hostonlyifs.length;
    world.hostonlyifs = world.hostonlyifs.filter((i) => i.name !== name);
    if (before === world.hostonlyifs.length) fail(`Could not find a host interface named '${name ?? ''}'`);
  } else fail(`Unknown subcommand 'hostonlyif ${sub ?? ''}'`);
}

function hostonlynet(args: readonly string[]): void {
  const name = opt(args, '--name') ?? fail('--name is required');
  if (args[0] === 'add') {
    if (world.hostonlynets.some((n) => n.name === name)) fail(`Host-only network '${name}' already exists`);
    const lower = opt(args, '--lower-ip') ?? fail('--lower-ip is required');
    const mask = opt(args, '--netmask') ?? fail('--netmask is required');
    if (!rangeAllowed(config, lower, maskBits(mask)))
      fail('Code E_ACCESSDENIED (0x80070005) - Access denied (extended info not available)');
    world.hostonlynets.push({
      name,
      mask,
      lower,
      upper: opt(args, '--upper-ip') ?? lower,
      enabled: args.includes('--enable'),
    });
  } else if (args[0] === 'remove') {
    world.hostonlynets = world.hostonlynets.filter((n) => n.name !== name);
  } else fail(`Unknown subcommand 'hostonlynet ${args[0] ?? ''}'`);
}

function showvminfo(v: StandinVm): void {
  out(`name="${v.name}"\nUUID="${v.uuid}"\nCfgFile="${v.settingsFile}"\nVMState="${v.state}"\n`);
  for (const [k, val] of Object.entries(v.settings)) out(`${k}="${val}"\n`);
  v.natpf.forEach((r, i) => out(`Forwarding(${i})="${r}"\n`));
  v.controllers.forEach((c, i) => out(`storagecontrollername${i}="${c}"\n`));
  for (const [k, val] of Object.entries(v.attachments)) out(`"${k}"="${val}"\n`);
}

function modifyvm(v: StandinVm, args: readonly string[]): void {
  unlocked(v);
  for (let i = 0; i < args.length; i++) {
    const key = (args[i] ?? '').replace(/^--/, '');
    if (key === 'natpf1') {
      const value = args[++i] ?? '';
      if (value === 'delete') {
        const rule = args[++i] ?? '';
        if (!v.natpf.some((r) => r.startsWith(`${rule},`)))
          fail(`Code NS_ERROR_INVALID_ARG (0x80070057) - Invalid argument value: no NAT rule named '${rule}'`);
        v.natpf = v.natpf.filter((r) => !r.startsWith(`${rule},`));
      } else {
        if (v.natpf.some((r) => r.split(',')[0] === value.split(',')[0]))
          fail('A NAT rule of this name already exists');
        v.natpf.push(value);
      }
    } else if (key === 'uart1') {
      v.settings.uart1 = `${args[i + 1] ?? ''},${args[i + 2] ?? ''}`;
      i += 2;
    } else if (key === 'uartmode1') {
      v.settings.uartmode1 = `${args[i + 1] ?? ''},${args[i + 2] ?? ''}`;
      i += 2;
    } else {
      const shown: Record<string, string> = {
        hostonlyadapter2: 'hostonlyadapter2',
        'host-only-net2': 'hostonly-network2',
        memory: 'memory',
        cpus: 'cpus',
      };
      const value = args[++i] ?? '';
      const mapped = key === 'nic2' && value === 'hostonlynet' ? 'hostonlynetwork' : value;
      v.settings[shown[key] ?? key] = mapped;
    }
  }
}

function startvm(v: StandinVm): void {
  unlocked(v);
  const nic2 = v.settings.nic2;
  if (nic2 === 'hostonly') {
    if (isMac7())
      fail(
        "Host-only adapters are no longer supported!\nVBoxManage: error: For your convenience a host-only network named 'legacy_vboxnet0' has been created with network mask '255.255.255.0' and IP address range '192.168.56.1' - '192.168.56.254'.\nVBoxManage: error: To fix this problem, switch to 'Host-only Network' mode in VM settings and select the network created for you.",
      );
    const ifc = world.hostonlyifs.find((i) => i.name === v.settings.hostonlyadapter2);
    if (!ifc)
      fail(`Nonexistent host networking interface, name '${v.settings.hostonlyadapter2 ?? ''}' (VERR_INTERNAL_ERROR)`);
  }
  if (v.settings['nested-hw-virt'] === 'on' && v.settings.nestedpaging !== 'on')
    fail('VERR_CPUM_INVALID_HWVIRT_CONFIG');
  if (!v.attachments['SATA-0-0']) fail('No bootable medium found! [stand-in: nothing attached at SATA port 0]');
  v.state = 'running';
  out(`Waiting for VM "${v.name}" to power on...\nVM "${v.name}" has been successfully started.\n`);
}

function dispatch(args: readonly string[]): void {
  const [cmd, first] = args;
  const fault = config.faults.find((f) => f.command === cmd && f.times > 0);
  if (fault) {
    fault.times--;
    writeJson(dir, 'config.json', config);
    if (fault.kind === 'not-ready')
      fail(
        `The object is not ready\nVBoxManage: error: Details: code E_ACCESSDENIED (0x80070005), component SessionMachine, interface IMachine`,
      );
    if (fault.kind === 'fail') fail(fault.message ?? `${cmd ?? ''} failed [stand-in fault]`);
    process.stderr.write(`VBoxManage: error: ${fault.message ?? 'something went wrong'}\n`);
    return;
  }
  switch (cmd) {
    case '--version':
      out(`${config.version}\n`);
      break;
    case 'list':
      list(first);
      break;
    case 'hostonlyif':
      hostonlyif(args.slice(1));
      break;
    case 'hostonlynet':
      hostonlynet(args.slice(1));
      break;
    case 'dhcpserver': {
      const netName = opt(args, '--netname') ?? fail('--netname is required');
      if (!world.dhcpservers.some((d) => d.netName === netName)) fail('DHCP server does not exist');
      world.dhcpservers = world.dhcpservers.filter((d) => d.netName !== netName);
      break;
    }
    case 'createvm': {
      const name = opt(args, '--name') ?? fail('--name is required');
      const settingsFile = join(opt(args, '--basefolder') ?? dir, name, `${name}.vbox`);
      if (existsSync(settingsFile)) fail(`Machine settings file '${settingsFile}' already exists`);
      if (world.vms.some((v) => v.name === name)) fail(`Machine '${name}' is already registered`);
      mkdirSync(dirname(settingsFile), { recursive: true });
      writeFileSync(settingsFile, '<VirtualBox/>\n');
      const uuid = `00000000-0000-4000-8000-${String(++world.uuidCounter).padStart(12, '0')}`;
      world.vms.push({
        name,
        uuid,
        settingsFile,
        state: 'poweroff',
        settings: { nic1: 'nat', nic2: 'none', 'nested-hw-virt': 'off' },
        natpf: [],
        controllers: [],
        attachments: {},
      });
      out(`Virtual machine '${name}' is created and registered.\nUUID: ${uuid}\nSettings file: '${settingsFile}'\n`);
      break;
    }
    case 'showvminfo':
      showvminfo(vm(first ?? ''));
      break;
    case 'modifyvm':
      modifyvm(vm(first ?? ''), args.slice(2));
      break;
    case 'storagectl': {
      const v = vm(first ?? '');
      unlocked(v);
      const name = opt(args, '--name') ?? fail('--name is required');
      if (v.controllers.includes(name)) fail(`Storage controller named '${name}' already exists`);
      v.controllers.push(name);
      break;
    }
    case 'storageattach': {
      const v = vm(first ?? '');
      const ctl = opt(args, '--storagectl') ?? '';
      if (!v.controllers.includes(ctl)) fail(`Could not find a controller named '${ctl}'`);
      const medium = opt(args, '--medium') ?? '';
      if (!existsSync(medium)) fail(`Could not find file for the medium '${medium}' (VERR_FILE_NOT_FOUND)`);
      v.attachments[`${ctl}-${opt(args, '--port') ?? '0'}-${opt(args, '--device') ?? '0'}`] = medium;
      break;
    }
    case 'convertfromraw': {
      const [, src = '', dst = ''] = args;
      if (!existsSync(src)) fail(`Cannot open '${src}' (VERR_FILE_NOT_FOUND)`);
      if (existsSync(dst)) fail(`Cannot create the disk image "${dst}": VERR_ALREADY_EXISTS`);
      writeFileSync(dst, 'stand-in VDI\n');
      out(
        `Converting from raw image file="${src}" to file="${dst}"...\nCreating dynamic image with size 2147483648 bytes (2048MB)...\n`,
      );
      break;
    }
    case 'modifymedium':
      if (!existsSync(args[2] ?? ''))
        fail(`Could not find file for the medium '${args[2] ?? ''}' (VERR_FILE_NOT_FOUND)`);
      break;
    case 'startvm':
      startvm(vm(first ?? ''));
      break;
    case 'controlvm': {
      const v = vm(first ?? '');
      if (v.state !== 'running') fail(`Machine '${v.name}' is not currently running`);
      if (args[2] === 'poweroff' || (args[2] === 'acpipowerbutton' && config.acpiStops)) v.state = 'poweroff';
      break;
    }
    case 'unregistervm': {
      const v = vm(first ?? '');
      if (v.state === 'running') fail(`Cannot unregister the machine '${v.name}' while it is locked`);
      world.vms = world.vms.filter((x) => x !== v);
      if (args.includes('--delete')) {
        rmSync(v.settingsFile, { force: true });
        for (const medium of Object.values(v.attachments))
          if (!medium.endsWith('.iso')) rmSync(medium, { force: true });
      }
      break;
    }
    default:
      fail(`Unknown command '${cmd ?? ''}' [stand-in: not implemented]`);
  }
}

logCall(dir, argv);
try {
  dispatch(argv);
  writeJson(dir, 'state.json', world);
  process.stdout.write(stdout);
} catch (err) {
  if (!(err instanceof Fail)) throw err;
  process.stdout.write(stdout);
  process.stderr.write(`VBoxManage: error: ${err.message}\n`);
  process.exitCode = 1;
}
