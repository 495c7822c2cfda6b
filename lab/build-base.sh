#!/bin/sh
# Lab image, stage 1: a Debian base with Xen and a dom0 kernel, packed as a tarball.
# Usage: build-base.sh OUT_TARBALL SUITE MIRROR PACKAGES_FILE
# Runs as root on a Debian-like host with debootstrap. Prints "phase: ..." lines for progress.
set -eu
out=$1 suite=$2 mirror=$3 packages_file=$4
work=$(mktemp -d "${out}.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
include=$(grep -v '^#' "$packages_file" | grep . | paste -sd, -)
echo "phase: debootstrap $suite from $mirror"
debootstrap --variant=minbase --include="$include" "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
echo "phase: packing base rootfs"
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
tar --numeric-owner --xattrs -C "$work/rootfs" -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "phase: base ready"
