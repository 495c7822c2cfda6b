// File → validated compose → kernel digests → plan; problems as printable lines.
import { formatProblem, loadComposeFile } from './load-file';
import { sourceDigest } from './kernels';
import { planProject, type ComposePlan } from './plan';
import { errorMessage, type Result } from '../../protocol/result';

/** Success holds the plan and the compose file's absolute path; failure holds every problem as a printable line. */
export type LoadedPlan = Result<{ readonly plan: ComposePlan; readonly path: string }, readonly string[]>;

export async function loadPlan(path: string, remoteBase?: string): Promise<LoadedPlan> {
  const loaded = await loadComposeFile(path);
  if (!loaded.ok) return { ok: false, error: loaded.error.map(formatProblem) };
  const digests: Record<string, string> = {};
  try {
    for (const [name, s] of Object.entries(loaded.value.file.services)) {
      digests[name] = await sourceDigest(
        s.build !== undefined ? { kind: 'build', dir: s.build } : { kind: 'kernel', path: s.kernel ?? '' },
      );
      if (s.ramdisk !== undefined) digests[name] += await sourceDigest({ kind: 'kernel', path: s.ramdisk });
    }
  } catch (err) {
    return { ok: false, error: [`${path}: ${errorMessage(err)}`] };
  }
  const planned = planProject(loaded.value.file, {
    kernelDigests: digests,
    ...(remoteBase !== undefined ? { remoteBase } : {}),
  });
  if (!planned.ok) return { ok: false, error: [`${path}: ${planned.error}`] };
  return { ok: true, value: { plan: planned.value, path: loaded.value.path } };
}
