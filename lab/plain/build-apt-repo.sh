#!/bin/sh
# The plain image's local apt repository: the guide's dom0 packages and their dependency closure
# over what the image has installed, fetched by the host's apt from the host's Debian sources
# into a private state dir (the host's own lists and cache are left alone), indexed, and written
# to an ext4 disk image labelled onramp-apt that the VM mounts read-only as its only apt source.
# Usage: build-apt-repo.sh BASE_TARBALL PACKAGES_FILE OUT_DISK
# Runs as root (apt). Prints "phase: ..." lines for progress.
set -eu
base=$1 packages_file=$2 out=$3
work=$(mktemp -d "${out}.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
packages=$(grep -v '^#' "$packages_file" | grep . | paste -sd' ' -)
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/repo/pool" "$work/dpkg"
tar -xOf "$base" ./var/lib/dpkg/status >"$work/dpkg/status"
apt_opts="-o Dir::State::Lists=$work/lists -o Dir::State::status=$work/dpkg/status -o Dir::Cache::archives=$work/archives"
apt_opts="$apt_opts -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Debug::NoLocking=1 -o APT::Install-Recommends=true"
apt_opts="$apt_opts -o APT::Architecture=amd64 -o APT::Architectures::=amd64"
echo "phase: apt-get update (the host's sources, a private lists dir)"
# shellcheck disable=SC2086
apt-get $apt_opts -q update >"$work/update.log" 2>&1 || {
  tail -n 20 "$work/update.log" >&2
  exit 1
}
echo "phase: downloading $packages and their dependencies"
# shellcheck disable=SC2086
apt-get $apt_opts -q -y --download-only install $packages >"$work/download.log" 2>&1 || {
  tail -n 30 "$work/download.log" >&2
  exit 1
}
mv "$work/archives/"*.deb "$work/repo/pool/"
echo "phase: indexing $(ls "$work/repo/pool" | wc -l) packages"
(cd "$work/repo" && dpkg-scanpackages -m pool /dev/null >Packages 2>/dev/null && gzip -9k Packages &&
  apt-ftparchive -o APT::FTPArchive::Release::Origin=onramp-lab -o APT::FTPArchive::Release::Suite=onramp-lab \
    release . >Release)
kb=$(du -sk "$work/repo" | cut -f1)
mkfs.ext4 -q -F -L onramp-apt -d "$work/repo" "$out.tmp" "$((kb + kb / 5 + 16384))k"
mv "$out.tmp" "$out"
echo "phase: apt repository ready ($((kb / 1024)) MiB)"
