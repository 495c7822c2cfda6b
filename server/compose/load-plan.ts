// File → validated compose → kernel digests → plan; problems as printable lines.
import { formatProblem, loadComposeFile } from './load-file';
import { sourceDigest } from './kernels';
import { planProject, type ComposePlan } from './plan';

export type LoadedPlan =
  | { readonly ok: true; readonly plan: ComposePlan; readonly path: string }
  | { readonly ok: false; readonly errors: readonly string[] };

export async function loadPlan(path: string, remoteBase?: string): Promise<LoadedPlan> {
  const loaded = await loadComposeFile(path);
  if (!loaded.ok) return { ok: false, errors: loaded.problems.map(formatProblem) };
  const digests: Record<string, string> = {};
  try {
    for (const [name, s] of Object.entries(loaded.file.services)) {
      digests[name] = await sourceDigest(
        s.build !== undefined ? { kind: 'build', dir: s.build } : { kind: 'kernel', path: s.kernel ?? '' },
      );
      if (s.ramdisk !== undefined) digests[name] += await sourceDigest({ kind: 'kernel', path: s.ramdisk });
    }
  } catch (err) {
    return { ok: false, errors: [`${path}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const planned = planProject(loaded.file, {
    kernelDigests: digests,
    ...(remoteBase !== undefined ? { remoteBase } : {}),
  });
  if (!planned.ok) return { ok: false, errors: [`${path}: ${planned.error}`] };
  return { ok: true, plan: planned.plan, path: loaded.path };
}
