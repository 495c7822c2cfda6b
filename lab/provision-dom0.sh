#!/bin/sh
# Turn a Debian 12 system with xen-system-amd64 into an Onramp lab dom0. Runs inside the
# target (a chroot at image-build time, or a booted VM); every setting is a parameter so the
# VirtualBox driver can reuse it.
#   ONRAMP_HOSTNAME        host name (default onramp-lab)
#   ONRAMP_USER            unprivileged user with passwordless sudo (default onramp)
#   ONRAMP_BRIDGE          guest bridge name (default xenbr0)
#   ONRAMP_BRIDGE_ADDRESS  dom0 address on the bridge, CIDR (default 10.0.99.1/24)
#   ONRAMP_BRIDGE_PORT     "dummy" (a dummy port, lab VM) or a NIC name to enslave (host-only NIC)
#   ONRAMP_UPLINK_MATCH    networkd Name= match of the DHCP NIC (default "en* eth*")
#   ONRAMP_DOM0_MEM_NOTE   informational only
set -eu
hostname=${ONRAMP_HOSTNAME:-onramp-lab}
user=${ONRAMP_USER:-onramp}
bridge=${ONRAMP_BRIDGE:-xenbr0}
bridge_address=${ONRAMP_BRIDGE_ADDRESS:-10.0.99.1/24}
bridge_port=${ONRAMP_BRIDGE_PORT:-dummy}
uplink_match=${ONRAMP_UPLINK_MATCH:-en* eth*}

echo "$hostname" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hostname" >/etc/hosts
printf '/dev/vda\t/\text4\tdefaults,noatime\t0\t0\n' >/etc/fstab

# Network: DHCP on the uplink NIC, a guest bridge that exists only inside this machine.
mkdir -p /etc/systemd/network
uplink_name=$(printf 'Name=%s' "$uplink_match")
cat >/etc/systemd/network/20-uplink.network <<NET
[Match]
$uplink_name
[Network]
DHCP=ipv4
NET
cat >/etc/systemd/network/30-$bridge.netdev <<NET
[NetDev]
Name=$bridge
Kind=bridge
[Bridge]
STP=no
ForwardDelaySec=0
NET
cat >/etc/systemd/network/30-$bridge.network <<NET
[Match]
Name=$bridge
[Network]
Address=$bridge_address
ConfigureWithoutCarrier=yes
IgnoreCarrierLoss=yes
NET
if [ "$bridge_port" = dummy ]; then
  port=${bridge}p0
  cat >/etc/systemd/network/31-$port.netdev <<NET
[NetDev]
Name=$port
Kind=dummy
NET
else
  port=$bridge_port
fi
cat >/etc/systemd/network/31-$port.network <<NET
[Match]
Name=$port
[Network]
Bridge=$bridge
NET
systemctl enable systemd-networkd.service
systemctl mask systemd-networkd-wait-online.service

# Xen: xenconsoled logs every guest console to /var/log/xen/console/guest-NAME.log.
# Debian 12's /etc/init.d/xen reads /etc/default/xen (there is no /etc/default/xencommons).
mkdir -p /var/log/xen/console
sed -i '/^XENCONSOLED_ARGS=/d' /etc/default/xen
echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' >>/etc/default/xen
printf 'xen-evtchn\nxen-gntdev\nxen-gntalloc\nxen-netback\nxen-blkback\n' >/etc/modules-load.d/onramp-xen.conf
echo 'd /var/log/xen/console 0755 root root -' >/etc/tmpfiles.d/onramp-xen-console.conf

# Slow or useless units in a lab VM.
for unit in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer \
  e2scrub_reap.service fstrim.timer networking.service xendomains.service \
  systemd-timesyncd.service; do
  systemctl mask "$unit"
done

# SSH: keys only, ed25519 host key only (its public half is known to the host beforehand).
rm -f /etc/ssh/ssh_host_*
mkdir -p /etc/ssh/sshd_config.d
cat >/etc/ssh/sshd_config.d/onramp.conf <<'SSHD'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
SSHD

# Users: root by key only, and an unprivileged user with passwordless sudo.
passwd -l root >/dev/null
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/sh "$user"
printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$user" >"/etc/sudoers.d/$user"
chmod 0440 "/etc/sudoers.d/$user"
mkdir -p /root/.ssh "/home/$user/.ssh"
chmod 700 /root/.ssh "/home/$user/.ssh"
chown "$user:$user" "/home/$user/.ssh"
echo "provisioned dom0 $hostname (bridge $bridge $bridge_address, port $port, user $user)"
