// Can the lab lane run here? Root, QEMU and Debian tooling, gcc for the stand-in kernel.
// Where it cannot, the lane skips with the reason; with CI=true a skip is a failure.
import { gatherHostFacts, findTool } from '../../server/machine/qemu/host-facts';
import { qemuPreflight } from '../../server/machine/qemu/preflight';

export async function labSkipReason(): Promise<string | undefined> {
  if (process.env.ONRAMP_LAB === '0') return 'ONRAMP_LAB=0 turns the lab lane off';
  const pre = qemuPreflight(await gatherHostFacts());
  if (!pre.ok) return pre.problems.join('; ');
  for (const [tool, pkg] of [
    ['gcc', 'gcc'],
    ['make', 'make'],
    ['ld', 'binutils'],
    ['scp', 'openssh-client'],
  ] as const) {
    if (!(await findTool(tool)))
      return `missing ${tool} to build and copy the stand-in kernel; install it with: apt-get install -y ${pkg}`;
  }
  return undefined;
}

export const ciRequiresLab = process.env.CI === 'true';
