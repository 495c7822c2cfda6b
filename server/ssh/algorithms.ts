// The one place Onramp chooses SSH algorithms for its dom0 connections (ssh2 `algorithms`).
//
// Why: a lab dom0 runs under QEMU TCG (no KVM), where every cipher runs emulated and the guest's
// sshd decrypts all the bytes Onramp sends (`onramp sync`, compose build folders). Measured with
// the same TCG engine and CPU model the lab uses (`qemu-x86_64 -cpu max openssl speed -evp X
// -bytes 16384`, this machine, 2026-11-30): aes-128-gcm 11 MB/s, chacha20-poly1305 21 MB/s,
// aes-128-ctr 220 MB/s, sha512 91 MB/s, sha256 26 MB/s. GCM's GHASH and ChaCha's vector code are
// slow to emulate; AES-CTR maps onto AES-NI helpers that TCG runs well. So aes128-ctr with
// hmac-sha2-512-etm (about 64 MB/s together there) comes first; natively all of these run at
// GB/s, far above what the tar stream needs. Everything else stays as ssh2's defaults (the other
// ciphers remain offered, in ssh2's order, for a dom0 that refuses CTR), and nothing weaker is
// added: both are in OpenSSH's default lists, and the MAC is encrypt-then-MAC.
//
// Not here: which algorithms work at all with this Node/OpenSSL (ssh2 filters its defaults by
// what node:crypto offers); a change for an ssh2 crypto error belongs here too, in this list.
import type { Algorithms } from 'ssh2';

/** Cipher and MAC preference for every dom0 connection: CTR + EtM SHA-512 first (see above). */
export const DOM0_ALGORITHMS: Algorithms = {
  // ssh2 applies the keys in this order; `remove` first, as `prepend` skips a name already listed.
  cipher: { remove: ['aes128-ctr'], prepend: ['aes128-ctr'], append: [] },
  hmac: { remove: ['hmac-sha2-512-etm@openssh.com'], prepend: ['hmac-sha2-512-etm@openssh.com'], append: [] },
};
