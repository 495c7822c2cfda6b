// The Debian 12 "generic" cloud image (full kernel, NoCloud-capable) as a raw disk, downloaded
// once into Onramp's cache and checked against Debian's SHA512SUMS. ONRAMP_VBOX_CLOUD_IMAGE
// names a local raw image instead (offline installs, tests).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Progress } from '../progress';

export const IMAGE_BASE = 'https://cloud.debian.org/images/cloud/bookworm/latest/';
export const IMAGE_FILE = 'debian-12-generic-amd64.raw';

/** The checksum of `file` in a SHA512SUMS text. */
export function sha512For(sums: string, file: string): string | undefined {
  for (const line of sums.split('\n')) {
    const [sum, name] = line.trim().split(/\s+\*?/);
    if (name === file && sum && /^[0-9a-f]{128}$/.test(sum)) return sum;
  }
  return undefined;
}

export async function cloudImage(
  cache: string,
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const local = env.ONRAMP_VBOX_CLOUD_IMAGE;
  if (local) {
    await access(local).catch(() => {
      throw new Error(
        `ONRAMP_VBOX_CLOUD_IMAGE=${local} does not exist: point it at a Debian 12 raw cloud image, or unset it to download ${IMAGE_FILE}`,
      );
    });
    return local;
  }
  const dir = join(cache, 'virtualbox');
  const path = join(dir, IMAGE_FILE);
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return path;
  await mkdir(dir, { recursive: true });
  const sumsRes = await fetch(`${IMAGE_BASE}SHA512SUMS`);
  if (!sumsRes.ok) throw new Error(`cannot fetch ${IMAGE_BASE}SHA512SUMS: HTTP ${sumsRes.status}`);
  const expected = sha512For(await sumsRes.text(), IMAGE_FILE);
  if (!expected) throw new Error(`${IMAGE_BASE}SHA512SUMS has no line for ${IMAGE_FILE}`);
  progress.phase(`image: downloading ${IMAGE_BASE}${IMAGE_FILE}`);
  const res = await fetch(`${IMAGE_BASE}${IMAGE_FILE}`);
  if (!res.ok || !res.body) throw new Error(`cannot download ${IMAGE_BASE}${IMAGE_FILE}: HTTP ${res.status}`);
  const hash = createHash('sha512');
  const part = `${path}.part`;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(body, createWriteStream(part));
  const actual = hash.digest('hex');
  if (actual !== expected) {
    await rm(part, { force: true });
    throw new Error(
      `${IMAGE_FILE} downloaded with SHA-512 ${actual.slice(0, 16)}…, Debian's SHA512SUMS says ${expected.slice(0, 16)}…: the download was damaged; run the command again`,
    );
  }
  await rename(part, path);
  progress.phase(`image: ${path} verified`);
  return path;
}
