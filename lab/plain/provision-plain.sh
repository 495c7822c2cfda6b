#!/bin/sh
# Turn a debootstrapped Debian 12 into what a user has right after the installer: root on the
# first partition (by UUID), ifupdown with DHCP on the first NIC (the second is left alone, as
# the installer leaves a host-only card), an SSH server, a normal user in group sudo (sudo asks
# for the password), no Xen. Runs in a chroot at image-build time.
#   ONRAMP_ROOT_UUID   filesystem UUID of the root partition (required)
#   ONRAMP_HOSTNAME    host name (default debian)
#   ONRAMP_USER        the normal user (default onramp)
#   ONRAMP_UPLINK      name of the first NIC (default enp0s3, as VirtualBox and this lab name it)
set -eu
root_uuid=$ONRAMP_ROOT_UUID
hostname=${ONRAMP_HOSTNAME:-debian}
user=${ONRAMP_USER:-onramp}
uplink=${ONRAMP_UPLINK:-enp0s3}

echo "$hostname" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hostname" >/etc/hosts
printf '# / was on /dev/vda1 during installation\nUUID=%s\t/\text4\terrors=remount-ro\t0\t1\n' "$root_uuid" >/etc/fstab

# Packages: the lab VM cannot reach a Debian mirror (QEMU's restrict=on), so its only apt source is
# the repository of the guide's packages on the read-only disk labelled onramp-apt.
# nofail: the image's one-off GRUB install boot has no such disk. The device timeout: under TCG on
# a loaded host, udev took longer than systemd's default 90 s to find the label after the guide's
# second reboot ("Timed out waiting for device"), and the guide's `apt-get update` found no index.
mkdir -p /srv/onramp-apt
printf 'LABEL=onramp-apt\t/srv/onramp-apt\text4\tro,nofail,x-systemd.device-timeout=600s\t0\t0\n' >>/etc/fstab
rm -f /etc/apt/sources.list.d/*
cat >/etc/apt/sources.list <<'APT'
# The Onramp lab's local repository: the guide's dom0 packages and what they need, prepared by
# the host's apt from Debian's archive (lab/plain/build-apt-repo.sh).
deb [trusted=yes] file:/srv/onramp-apt ./
APT

# The installer's network configuration: the primary NIC by DHCP, nothing else.
cat >/etc/network/interfaces <<NET
# This file describes the network interfaces available on your system
# and how to activate them. For more information, see interfaces(5).

source /etc/network/interfaces.d/*

# The loopback network interface
auto lo
iface lo inet loopback

# The primary network interface
allow-hotplug $uplink
iface $uplink inet dhcp
NET

# GRUB as the installer leaves it, plus a serial console (the lab reads the boot on ttyS0).
# Lab-only additions, none of which the guide's steps read or write:
# - cryptomgr.notests=1 skips the kernel's crypto self-tests (crypto/testmgr.c, module parameter
#   `notests`): under TCG on a loaded host they held a vCPU for 750+ s, as in the xen recipe's
#   dom0 (server/machine/qemu/qemu-args.ts, DOM0_COMMAND_LINE).
# - once the guide has installed Xen, its GRUB entries (Debian's /etc/grub.d/20_linux_xen) give
#   the hypervisor a console on COM1 as well as VGA (GRUB_CMDLINE_XEN, which the guide's
#   GRUB_CMDLINE_XEN_DEFAULT adds to), and dom0's kernel its console on hvc0, Xen's console
#   (GRUB_CMDLINE_LINUX_XEN_REPLACE replaces GRUB_CMDLINE_LINUX there; the UART is Xen's then).
#   Without them a boot into Xen wrote nothing to the serial log after GRUB's "Loading initial
#   ramdisk": a hang there (seen once in CI, 2026-12-01) left no trace of where it stopped.
sed -i 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=1/' /etc/default/grub
sed -i 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=tty0 console=ttyS0,115200n8 cryptomgr.notests=1"/' /etc/default/grub
printf 'GRUB_TERMINAL="console serial"\nGRUB_SERIAL_COMMAND="serial --speed=115200"\n' >>/etc/default/grub
printf 'GRUB_CMDLINE_XEN="console=com1,vga com1=115200,8n1"\n' >>/etc/default/grub
printf 'GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0 cryptomgr.notests=1"\n' >>/etc/default/grub

# Timers that would run apt or fstrim in the middle of a lab run.
for unit in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer; do
  systemctl mask "$unit" 2>/dev/null || true
done

# SSH: the ed25519 host key comes from the seed disk at boot (known to the host beforehand).
rm -f /etc/ssh/ssh_host_*
mkdir -p /etc/ssh/sshd_config.d
printf 'HostKey /etc/ssh/ssh_host_ed25519_key\n' >/etc/ssh/sshd_config.d/onramp.conf

# Users: root without a password (sudo instead, as the installer does when root's password is
# left empty), and a normal user in group sudo whose password comes from the seed disk.
passwd -l root >/dev/null
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo "$user"
mkdir -p /root/.ssh "/home/$user/.ssh"
chmod 700 /root/.ssh "/home/$user/.ssh"
chown "$user:$user" "/home/$user/.ssh"
echo "provisioned plain Debian $hostname (user $user in group sudo, uplink $uplink by DHCP)"
