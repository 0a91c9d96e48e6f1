// Failed sign-ins per username: after too many failures in a window, refuse until the window passes.

export interface FailureLimiterOptions {
  /** Failures allowed within the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
  /** Most usernames tracked at once, so a spray of made-up names cannot grow memory without bound. */
  capacity?: number;
  now?: () => number;
}

export interface FailureLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number;
  /** Counts a failed attempt for `key`. */
  fail(key: string): void;
  /** Forgets `key`'s failures (a successful sign-in). */
  succeed(key: string): void;
  size(): number;
}

interface Entry {
  failures: number;
  /** When the first failure of the current window happened. */
  since: number;
}

export function createFailureLimiter(opts: FailureLimiterOptions): FailureLimiter {
  const { maxFailures, windowMs, capacity = 10_000, now = Date.now } = opts;
  const entries = new Map<string, Entry>();

  const live = (key: string, t: number): Entry | undefined => {
    const e = entries.get(key);
    if (e && t - e.since >= windowMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };

  const makeRoom = (t: number): void => {
    if (entries.size < capacity) return;
    for (const [key, e] of entries) if (t - e.since >= windowMs) entries.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    while (entries.size >= capacity) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  };

  return {
    retryAfter(key) {
      const t = now();
      const e = live(key, t);
      if (!e || e.failures < maxFailures) return 0;
      return e.since + windowMs - t;
    },
    fail(key) {
      const t = now();
      const e = live(key, t);
      if (e) {
        e.failures += 1;
        return;
      }
      makeRoom(t);
      entries.set(key, { failures: 1, since: t });
    },
    succeed(key) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}
