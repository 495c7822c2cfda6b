// `onramp compose down`: from the record alone, destroy the project's domains in reverse
// creation order, remove the bridges `up` created and the project's files in dom0.
import { isProjectDomain } from './identity';
import { destroyDomain, listDomains, must, type ComposeDom0 } from './dom0-ops';
import type { StateStore } from './state-store';
import { ok, type Result } from '../../protocol/result';

export interface DownReport {
  readonly destroyed: readonly string[];
  readonly bridgesRemoved: readonly string[];
}

export async function composeDown(
  d: ComposeDom0,
  project: string,
  store: StateStore,
  onLine: (line: string) => void = () => {},
): Promise<Result<DownReport>> {
  const state = await store.load(project);
  if (!state)
    return {
      ok: false,
      error: `no record of a compose project "${project}" here: nothing was created by onramp compose up with that name (check -p or the file's name:)`,
    };
  const running = new Set((await listDomains(d)).map((x) => x.name));
  const destroyed: string[] = [];
  for (const service of [...state.order].reverse()) {
    const rec = state.services[service];
    if (!rec || !running.has(rec.domain) || !isProjectDomain(project, rec.domain)) continue;
    await destroyDomain(d, service, rec.domain);
    destroyed.push(service);
    onLine(`${service}: destroyed ${rec.domain}`);
  }
  const bridgesRemoved: string[] = [];
  for (const bridge of state.createdBridges) {
    await must(d, `bridge ${bridge}`, 'removing the bridge', ['ip', 'link', 'del', bridge]);
    bridgesRemoved.push(bridge);
    onLine(`removed bridge ${bridge}`);
  }
  await must(d, project, `removing ${state.remoteDir}`, ['rm', '-rf', '--', state.remoteDir]);
  await must({ ...d, root: false }, project, 'removing the build folders', [
    'rm',
    '-rf',
    '--',
    `onramp-compose/${project}`,
  ]);
  await store.remove(project);
  return ok({ destroyed, bridgesRemoved });
}
