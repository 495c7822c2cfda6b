#!/bin/sh
# Plain lab image, stage 2: base rootfs + provisioning -> a partitioned disk (MBR, one ext4 root
# partition at 1 MiB, written at its offset by mkfs.ext4 -d: no loop device, no mounting) and the
# kernel and initrd for the one build-time boot that installs GRUB (grub-firstboot.sh).
# Usage: build-plain.sh BASE_TARBALL OUT_DIR
# Runs as root. Prints "phase: ..." lines for progress.
set -eu
base=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
disk_mib=8192
mkdir -p "$out"
work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir "$root"
echo "phase: unpacking base rootfs"
tar --numeric-owner --xattrs -C "$root" -xf "$base"
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "phase: provisioning plain Debian"
install -m 755 "$here/provision-plain.sh" "$root/tmp/provision-plain.sh"
ONRAMP_ROOT_UUID=$uuid chroot "$root" /bin/sh /tmp/provision-plain.sh
rm -f "$root/tmp/provision-plain.sh"
install -m 755 "$here/../seed-apply.sh" "$root/usr/local/sbin/onramp-seed-apply"
install -m 644 "$here/../onramp-seed.service" "$root/etc/systemd/system/onramp-seed.service"
install -m 755 "$here/grub-firstboot.sh" "$root/usr/local/sbin/onramp-grub-firstboot"
install -m 644 "$here/onramp-firstboot.service" "$root/etc/systemd/system/onramp-firstboot.service"
chroot "$root" systemctl enable onramp-seed.service onramp-firstboot.service
echo "phase: extracting the kernel for the GRUB install boot"
cp "$(ls "$root"/boot/vmlinuz-* | head -n 1)" "$work/vmlinuz"
cp "$(ls "$root"/boot/initrd.img-* | head -n 1)" "$work/initrd.img"
echo "$uuid" >"$work/root-uuid"
echo "phase: writing the partitioned disk (${disk_mib} MiB, sparse)"
truncate -s "${disk_mib}M" "$work/disk.raw"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$work/disk.raw"
mkfs.ext4 -q -F -L root -U "$uuid" -E offset=1048576,lazy_itable_init=1 -d "$root" "$work/disk.raw" \
  "$(((disk_mib - 1) * 1024))k"
for f in vmlinuz initrd.img root-uuid disk.raw; do mv "$work/$f" "$out/$f"; done
echo "phase: image ready for its GRUB install boot"
