// Secrets held in server memory only, per key (target and kind), for a bounded time: like sudo's
// own timestamp (15 minutes by default), a password is forgotten when its time is up, on
// "Forget" and when the server exits. Never written anywhere.

/** sudo's default `timestamp_timeout` (sudoers(5)): 15 minutes. */
export const DEFAULT_SECRET_TTL_MS = 15 * 60 * 1000;

export interface ExpiringSecretsOptions {
  /** How long a secret is kept after it was last set, in milliseconds (default 15 min). */
  readonly ttlMs?: number;
  /** The clock (tests pass their own). */
  readonly now?: () => number;
}

interface Held {
  readonly value: string;
  readonly expiresAt: number;
  readonly timer: NodeJS.Timeout;
}

export class ExpiringSecrets {
  private readonly held = new Map<string, Held>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: ExpiringSecretsOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_SECRET_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  /** Keep `value` under `key` for the configured time (a later set starts the time again). */
  set(key: string, value: string): void {
    this.delete(key);
    // The timer drops the value even if nobody asks for it again; unref'd so it never keeps the server up.
    const timer = setTimeout(() => this.delete(key), this.ttlMs);
    timer.unref();
    this.held.set(key, { value, expiresAt: this.now() + this.ttlMs, timer });
  }

  /** The value, or undefined when none was set, it expired or it was forgotten. */
  get(key: string): string | undefined {
    const held = this.held.get(key);
    if (!held) return undefined;
    if (this.now() >= held.expiresAt) {
      this.delete(key);
      return undefined;
    }
    return held.value;
  }

  delete(key: string): boolean {
    const held = this.held.get(key);
    if (!held) return false;
    clearTimeout(held.timer);
    return this.held.delete(key);
  }

  /** Forget every key that starts with `prefix`; returns how many were forgotten. */
  deletePrefix(prefix: string): number {
    let n = 0;
    for (const key of [...this.held.keys()]) if (key.startsWith(prefix) && this.delete(key)) n += 1;
    return n;
  }

  /** Forget everything (server exit). */
  clear(): void {
    for (const key of [...this.held.keys()]) this.delete(key);
  }
}
