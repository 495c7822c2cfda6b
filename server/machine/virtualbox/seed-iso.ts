// The NoCloud seed ISO (volume label `cidata`, files user-data and meta-data), built with the
// first ISO tool the host has: xorriso or genisoimage/mkisofs (Linux), hdiutil (macOS).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../run-tool';

export type IsoTool = { readonly command: string; readonly args: (dir: string, iso: string) => string[] };

export const ISO_TOOLS: readonly IsoTool[] = [
  {
    command: 'xorriso',
    args: (dir, iso) => ['-as', 'mkisofs', '-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', dir],
  },
  {
    command: 'genisoimage',
    args: (dir, iso) => ['-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', dir],
  },
  { command: 'mkisofs', args: (dir, iso) => ['-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', dir] },
  {
    command: 'hdiutil',
    args: (dir, iso) => ['makehybrid', '-quiet', '-iso', '-joliet', '-default-volume-name', 'cidata', '-o', iso, dir],
  },
];

export async function buildSeedIso(
  machineDir: string,
  files: { readonly userData: string; readonly metaData: string },
  tools: readonly IsoTool[] = ISO_TOOLS,
): Promise<string> {
  const dir = join(machineDir, 'cidata');
  const iso = join(machineDir, 'seed.iso');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { mode: 0o700 });
  await writeFile(join(dir, 'user-data'), files.userData, { mode: 0o600 });
  await writeFile(join(dir, 'meta-data'), files.metaData, { mode: 0o600 });
  await rm(iso, { force: true });
  const tried: string[] = [];
  try {
    for (const tool of tools) {
      const result = await runTool(tool.command, tool.args(dir, iso)).catch((err: Error) => ({
        code: -1,
        stderr: err.message,
      }));
      if (result.code === 0) return iso;
      tried.push(`${tool.command}: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error(
    `cannot build the cloud-init seed ISO: no ISO tool worked (${tried.join('; ')}). Install xorriso (Debian/Ubuntu: sudo apt-get install xorriso; macOS has hdiutil)`,
  );
}
