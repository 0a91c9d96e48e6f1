// A deduplicating work queue drained in bounded chunks (so 10,000 pods never block the API server for
// long), with at most one pending timer per key on the simulated clock.
import type { Clock } from '../clock';

export interface WorkQueue {
  enqueue: (key: string) => void;
  /** Syncs `key` after `ms` of simulated time, replacing any earlier timer for it. */
  requeueAfter: (key: string, ms: number) => void;
  /** Drops the key's timer (the object is gone). */
  forget: (key: string) => void;
  pendingTimers: () => number;
  stop: () => void;
}

export function workQueue(
  name: string,
  clock: Clock,
  sync: (key: string) => void,
  chunk = 250,
): WorkQueue {
  const dirty = new Set<string>();
  const timers = new Map<string, () => void>();
  let scheduled = false;
  let stopped = false;
  const schedule = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(drain);
  };
  const drain = (): void => {
    scheduled = false;
    if (stopped) return;
    let n = 0;
    for (const key of dirty) {
      dirty.delete(key);
      try {
        sync(key);
      } catch (err) {
        // Retried later, as client-go's rate-limited workqueue would.
        console.error(`sim ${name}: sync ${key}:`, err);
        requeueAfter(key, 1000);
      }
      if (++n >= chunk) break;
    }
    if (dirty.size > 0) schedule();
  };
  const enqueue = (key: string): void => {
    if (stopped) return;
    dirty.add(key);
    schedule();
  };
  const forget = (key: string): void => {
    timers.get(key)?.();
    timers.delete(key);
  };
  const requeueAfter = (key: string, ms: number): void => {
    forget(key);
    if (stopped) return;
    timers.set(
      key,
      clock.after(Math.max(0, ms), () => {
        timers.delete(key);
        enqueue(key);
      }),
    );
  };
  return {
    enqueue,
    requeueAfter,
    forget,
    pendingTimers: () => timers.size,
    stop: () => {
      stopped = true;
      timers.forEach((cancel) => cancel());
      timers.clear();
      dirty.clear();
    },
  };
}
