#!/usr/bin/env bash
# Debian packages the tests need. Installs only what is missing; runs apt-get update once if so.
set -euo pipefail
need=(chromium openssh-server openssh-client sudo iproute2 procps tar poppler-utils
      qemu-system-x86 qemu-utils debootstrap e2fsprogs busybox-static cpio gcc make opam xorriso
      fdisk dpkg-dev apt-utils)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "all test packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
