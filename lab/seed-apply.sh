#!/bin/sh
# Runs at boot in a qemu-driver lab VM, before sshd: copies the per-machine seed (SSH host key,
# authorized key) from the read-only seed disk labelled onramp-seed into place.
set -eu
dev=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  dev=$(blkid -L onramp-seed 2>/dev/null) && break
  sleep 0.5
done
[ -n "$dev" ] || { echo "onramp-seed: no disk labelled onramp-seed"; exit 0; }
mnt=$(mktemp -d)
mount -o ro "$dev" "$mnt"
install -m 600 "$mnt/ssh_host_ed25519_key" /etc/ssh/ssh_host_ed25519_key
install -m 644 "$mnt/ssh_host_ed25519_key.pub" /etc/ssh/ssh_host_ed25519_key.pub
install -m 600 "$mnt/authorized_keys" /root/.ssh/authorized_keys
user=$(cat "$mnt/user" 2>/dev/null || echo onramp)
install -m 600 -o "$user" -g "$user" "$mnt/authorized_keys" "/home/$user/.ssh/authorized_keys"
# a machine whose user types a password for sudo (the plain recipe): set it, through stdin
if [ -f "$mnt/password" ]; then
  { printf '%s:' "$user"; cat "$mnt/password"; } | chpasswd
fi
umount "$mnt"
rmdir "$mnt"
echo "onramp-seed: applied"
