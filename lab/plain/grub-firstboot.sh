#!/bin/sh
# The plain image's only boot through QEMU's -kernel, at build time: install GRUB on the disk
# (grub-install needs the block device, which the host build does not have), write its menu,
# mark the disk done, power off. Later boots go SeaBIOS -> GRUB -> Debian.
set -eu
echo "onramp-firstboot: grub-install /dev/vda"
grub-install --target=i386-pc /dev/vda
update-grub
systemctl disable onramp-firstboot.service
rm -f /etc/systemd/system/onramp-firstboot.service /usr/local/sbin/onramp-grub-firstboot
echo "onramp-firstboot: GRUB installed"
sync
systemctl poweroff
