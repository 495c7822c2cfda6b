// The NoCloud seed that turns a stock Debian 12 cloud image into the lab dom0 without anyone
// typing in the VM: cloud-init installs Xen, runs the lab's own provisioning script
// (lab/provision-dom0.sh, the one the qemu image uses) with a bridge over NIC 2, pins the SSH
// host key made on the host, and reboots into Xen.
import { formatIpv4 } from '../../network/ipv4';
import type { HostOnlyPlan } from '../../network/plan-host-only';

export interface SeedInput {
  readonly hostname: string;
  readonly user: string;
  readonly authorizedKey: string;
  readonly hostPrivateKey: string;
  readonly hostPublicKey: string;
  readonly provisionScript: string;
  readonly plan: HostOnlyPlan;
  /** dom0's memory under Xen, MiB. */
  readonly dom0MemMb: number;
}

/** Debian's predictable names for VirtualBox NIC 1 and NIC 2 (PCI slots 3 and 8). */
export const UPLINK_NIC = 'enp0s3';
export const HOSTONLY_NIC = 'enp0s8';
export const BRIDGE = 'br0';
/** Lines on the serial console (UART 1, logged to a file) that mark install progress. */
export const MARK = 'onramp-install:';

const quote = (s: string) => JSON.stringify(s);

function block(text: string, indent: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `${indent}${l}`)
    .join('\n');
}

export function metaData(instanceId: string, hostname: string): string {
  return `instance-id: ${instanceId}\nlocal-hostname: ${hostname}\n`;
}

/** The provisioning run: values go through the environment, never pasted into shell text. */
function provisionEnv(input: SeedInput): string[] {
  return [
    `ONRAMP_HOSTNAME=${input.hostname}`,
    `ONRAMP_USER=${input.user}`,
    `ONRAMP_BRIDGE=${BRIDGE}`,
    `ONRAMP_BRIDGE_ADDRESS=${formatIpv4(input.plan.dom0Ip)}/${input.plan.subnet.prefix}`,
    `ONRAMP_BRIDGE_PORT=${HOSTONLY_NIC}`,
    `ONRAMP_UPLINK_MATCH=${UPLINK_NIC}`,
  ];
}

// provision-dom0.sh writes a /dev/vda fstab and deletes every host key (right for the qemu image):
// keep the cloud image's fstab and the host key cloud-init installed from this seed.
const FINISH = `#!/bin/sh
set -eu
mark() { echo "${MARK} $*" >/dev/ttyS0 2>/dev/null || true; echo "${MARK} $*"; }
mark packages installed
cp /etc/fstab /root/fstab.cloud
mkdir -p /root/hostkey && cp /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub /root/hostkey/
/usr/local/sbin/onramp-provision-dom0.sh
cp /root/fstab.cloud /etc/fstab
install -m 600 /root/hostkey/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
install -m 644 /root/hostkey/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
user=$ONRAMP_USER
install -m 600 -o "$user" -g "$user" /root/.ssh/authorized_keys "/home/$user/.ssh/authorized_keys"
mark dom0 provisioned
printf 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=%sM,max:%sM"\\n' "$ONRAMP_DOM0_MEM_MB" "$ONRAMP_DOM0_MEM_MB" >/etc/default/grub.d/zz-onramp-xen.cfg
sed -i 's/^#\\?autoballoon=.*/autoballoon="auto"/' /etc/xen/xl.conf
update-grub
mark rebooting into Xen
`;

export function userData(input: SeedInput): string {
  const env = [...provisionEnv(input), `ONRAMP_DOM0_MEM_MB=${input.dom0MemMb}`];
  return `#cloud-config
hostname: ${quote(input.hostname)}
disable_root: false
ssh_pwauth: false
ssh_deletekeys: true
ssh_genkeytypes: []
ssh_keys:
  ed25519_private: |
${block(input.hostPrivateKey, '    ')}
  ed25519_public: ${quote(input.hostPublicKey)}
users:
  - name: root
    lock_passwd: true
    ssh_authorized_keys:
      - ${quote(input.authorizedKey)}
package_update: true
packages:
  - xen-system-amd64
  - openssh-server
  - sudo
write_files:
  - path: /usr/local/sbin/onramp-provision-dom0.sh
    permissions: '0755'
    encoding: b64
    content: ${Buffer.from(input.provisionScript).toString('base64')}
  - path: /usr/local/sbin/onramp-finish-install.sh
    permissions: '0755'
    encoding: b64
    content: ${Buffer.from(FINISH).toString('base64')}
  - path: /etc/cloud/cloud.cfg.d/99-onramp-network.cfg
    content: |
      network: {config: disabled}
runcmd:
  - ${JSON.stringify(['env', ...env, '/usr/local/sbin/onramp-finish-install.sh'])}
power_state:
  mode: reboot
  message: ${quote(`${MARK} rebooting into Xen`)}
  condition: true
`;
}
