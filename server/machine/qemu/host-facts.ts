// Gather HostFacts: the uid and which tools can be found on PATH or in the sbin dirs.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { PLAIN_RECIPE_TOOLS, REQUIRED_TOOLS, type HostFacts } from './preflight';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export async function findTool(tool: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export async function gatherHostFacts(env: NodeJS.ProcessEnv = process.env): Promise<HostFacts> {
  const tools: Record<string, boolean> = {};
  for (const tool of [...Object.keys(REQUIRED_TOOLS), ...Object.keys(PLAIN_RECIPE_TOOLS), 'sudo'])
    tools[tool] = (await findTool(tool, env)) !== undefined;
  return { uid: process.getuid?.() ?? -1, tools, hasApt: (await findTool('apt-get', env)) !== undefined };
}
