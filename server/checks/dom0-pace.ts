// How long a dom0 check may take, from how fast dom0 answers right now. Pure.
//
// A dom0 under QEMU TCG (the lab; a nested VM without hardware virtualisation) runs every new
// process several times slower than real hardware, and slower again when the host is busy: measured
// in the lab machine, 2026-11-30, 2 host cores: `bash -c true` 0.13-0.26 s and `sudo -n xl list`
// 0.6-1.2 s inside dom0 at host load ~2.5, `sudo -n xl list` 5.8-12.5 s at load ~12. A fixed 10 s
// for `sudo xl info` is generous on real hardware and too short there. So each dom0 check's
// deadline is its own base plus a multiple of a measured bare command (the pace probe).

/** The probe: the cheapest command through the same connection (a channel, sshd's fork, the login shell). */
export const PACE_PROBE_ARGV: readonly string[] = ['true'];
/** A pace figure older than this (ms) is measured again before the next dom0 check. */
export const PACE_MAX_AGE_MS = 60_000;
/**
 * Per millisecond of the probe, this many more for the check. A root check runs one to three
 * commands, each through sudo (about 4-6 probes' worth of process starts under TCG); 10 leaves
 * room for two of them twice over.
 */
export const PACE_PER_PROBE = 10;
/** The derived deadline never exceeds this (ms): a dom0 that slow is better reported than waited for. */
export const PACE_CEILING_MS = 180_000;

/** A check's deadline and, when it was moved out from the check's own, why (for the verdict). */
export interface CheckBudget {
  /** Per attempt, ms. */
  readonly ms: number;
  /** "set from this dom0's speed: a bare command took 2.1 s"; absent when the check's own deadline stands. */
  readonly why?: string;
}

/**
 * The deadline (ms) of a dom0 check whose own deadline is `baseMs`, given `probeMs`, the wall time
 * of PACE_PROBE_ARGV through the check's connection just before (undefined: not measured, e.g.
 * the probe failed). Result: baseMs + PACE_PER_PROBE × probeMs to 0.1 s, never below baseMs and
 * never above max(baseMs, PACE_CEILING_MS); `why` names the figure when the deadline moved.
 */
export function paceBudget(baseMs: number, probeMs: number | undefined): CheckBudget {
  if (probeMs === undefined || !Number.isFinite(probeMs) || probeMs <= 0) return { ms: baseMs };
  const derived = Math.round((baseMs + PACE_PER_PROBE * probeMs) / 100) * 100;
  const ms = Math.min(Math.max(baseMs, PACE_CEILING_MS), derived);
  if (ms <= baseMs) return { ms: baseMs };
  return { ms, why: `set from this dom0's speed: a bare command took ${(probeMs / 1000).toFixed(1)} s` };
}
