// How long the boot check waits for `xl create -c`, from how fast this dom0 is right now. Pure.

/** The floor, ms: the old constant; a real dom0, or an idle TCG lab (whole boot ~18 s), needs less. */
export const BOOT_DEADLINE_FLOOR_MS = 45_000;
/**
 * The ceiling, ms: a dom0 slower than this is better reported than waited for. With the most
 * left for after it (AFTER_CEILING_MS) the whole check stays under the dashboard's 600 s wait.
 */
export const BOOT_DEADLINE_CEILING_MS = 420_000;
/** At most this long (ms) for what follows `xl create -c`. */
export const AFTER_CEILING_MS = 120_000;
/** Fixed part, ms: the guest's own run (4 hellos 1 s apart, then solo5_exit) and xenconsoled's relay. */
export const BOOT_DEADLINE_BASE_MS = 30_000;
/**
 * `xl create -c` builds the domain through the toolstack and runs the vif hotplug script (bash,
 * `ip`, the bridge) in dom0: work that slows down with dom0 as `sudo xl list` does. 20 times the
 * `xl list` is a generous multiple of it (measured in the lab machine under TCG at load 12 on 2
 * cores, 2026-11-30: `sudo -n xl list` 5.8-12.5 s inside dom0).
 */
export const BOOT_DEADLINE_PER_XL_LIST = 20;

/** The deadline derived from one measurement, and the measurement, for the verdict's words. */
export interface BootDeadline {
  /** How long `xl create -c` may run, ms. */
  readonly createMs: number;
  /** What is left to do after it (console log, `xl list` a few times, `xl destroy`), ms. */
  readonly afterMs: number;
  /** The measured figure: `sudo xl list`'s wall time through the check's own connection, ms. */
  readonly xlListMs: number;
}

/**
 * The boot check's deadlines from `xlListMs`, the wall time (ms, host side: channel, sudo and xl)
 * of the check's own `xl list` as root on this dom0 just before the boot. createMs is
 * BASE + PER_XL_LIST × xlListMs within [FLOOR, CEILING]; afterMs is 15 s + 8 × xlListMs (up to
 * six `xl list`s, a destroy and a cat), at most AFTER_CEILING_MS. A figure that is not a finite,
 * non-negative number counts as 0 (the floor).
 */
export function bootDeadline(xlListMs: number): BootDeadline {
  const measured = Number.isFinite(xlListMs) && xlListMs > 0 ? xlListMs : 0;
  const createMs = Math.min(
    BOOT_DEADLINE_CEILING_MS,
    Math.max(BOOT_DEADLINE_FLOOR_MS, Math.round(BOOT_DEADLINE_BASE_MS + BOOT_DEADLINE_PER_XL_LIST * measured)),
  );
  const afterMs = Math.min(AFTER_CEILING_MS, Math.round(15_000 + 8 * measured));
  return { createMs, afterMs, xlListMs: measured };
}

/** "45 s (the floor)" or "150 s (from `sudo xl list` taking 6.0 s)": how a verdict names the deadline. */
export function describeBootDeadline(d: BootDeadline): string {
  const s = `${Math.round(d.createMs / 1000)} s`;
  if (d.createMs <= BOOT_DEADLINE_FLOOR_MS) return s;
  const why = `set from this dom0's speed: xl list took ${(d.xlListMs / 1000).toFixed(1)} s`;
  return `${s} (${d.createMs >= BOOT_DEADLINE_CEILING_MS ? `the ceiling; ${why}` : why})`;
}
