// The generic driver's way through the guide: the dom0 chapters ("Xen in dom0", "dom0
// networking") run by the chapter autopilot from the step registry, the same executor the
// browser's "Run this chapter" uses (one source of truth for the commands).
import type { RunDom0Guide } from './create-generic';

/** The dom0 chapters the generic driver runs, in order. */
export const GENERIC_CHAPTERS = ['xen', 'dom0'] as const;

export const runDom0GuideWithAutopilot: RunDom0Guide = () =>
  Promise.resolve({
    ok: false,
    message:
      "the chapter autopilot (issue 14, part 3) is not on this build yet, so the guide's dom0 steps cannot run from here: " +
      'the machine passed preflight; follow the chapters "Xen in dom0" and "dom0 networking" in the browser (onramp serve) for now',
  });
