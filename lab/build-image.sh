#!/bin/sh
# Lab image, stage 2: base rootfs + provisioning -> an ext4 root image and the boot files
# (Xen, dom0 kernel, initrd) that QEMU's multiboot loader boots directly. No mounting.
# Usage: build-image.sh BASE_TARBALL OUT_DIR
# Runs as root. Prints "phase: ..." lines for progress.
set -eu
base=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir "$root"
echo "phase: unpacking base rootfs"
tar --numeric-owner --xattrs -C "$root" -xf "$base"
echo "phase: provisioning dom0"
install -m 755 "$here/provision-dom0.sh" "$root/tmp/provision-dom0.sh"
chroot "$root" /bin/sh /tmp/provision-dom0.sh
rm -f "$root/tmp/provision-dom0.sh"
install -m 755 "$here/seed-apply.sh" "$root/usr/local/sbin/onramp-seed-apply"
install -m 644 "$here/onramp-seed.service" "$root/etc/systemd/system/onramp-seed.service"
chroot "$root" systemctl enable onramp-seed.service
echo "phase: extracting boot files"
xen=$(ls "$root"/boot/xen-*.gz | head -n 1)
gunzip -c "$xen" >"$work/xen"
cp "$(ls "$root"/boot/vmlinuz-* | head -n 1)" "$work/vmlinuz"
cp "$(ls "$root"/boot/initrd.img-* | head -n 1)" "$work/initrd.img"
echo "phase: writing ext4 root image"
mkfs.ext4 -q -F -L onramp-root -E lazy_itable_init=1 -d "$root" "$work/rootfs.raw" 4G
for f in xen vmlinuz initrd.img rootfs.raw; do mv "$work/$f" "$out/$f"; done
echo "phase: image ready"
