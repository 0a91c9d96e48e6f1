// Per-socket batching of watch events: at most one flush per interval, events kept in order per
// subscription, a byte cap on what waits (CONVENTIONS "Streams are bounded").

export interface BatcherOptions {
  /** Minimum time between two flushes. */
  intervalMs: number;
  /** Cap on serialized bytes waiting between flushes; over it the queue is dropped. */
  maxPendingBytes: number;
  /** Gets each subscription's events (serialized JSON) since the last flush, in arrival order. */
  deliver: (id: string, events: string[]) => void;
  /** The cap was exceeded; everything pending has already been dropped. */
  onOverflow: () => void;
  now?: () => number;
  /** Runs fn after ms; returns a cancel function. Injectable for tests. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

export interface Batcher {
  push(id: string, eventJson: string): void;
  /** Forgets what waits for one subscription (a snapshot supersedes it, or it ended). */
  drop(id: string): void;
  dropAll(): void;
  flush(): void;
  pendingBytes(): number;
  close(): void;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/**
 * Throttles rather than debounces: an event after a quiet spell goes out on the next tick (events of
 * one upstream chunk still share a frame), a busy stream goes out once per interval.
 */
export function createBatcher(opts: BatcherOptions): Batcher {
  const now = opts.now ?? Date.now;
  const schedule = opts.schedule ?? defaultSchedule;
  const pending = new Map<string, string[]>();
  let bytes = 0;
  let lastFlush = -Infinity;
  let cancel: (() => void) | undefined;
  let closed = false;

  function flush(): void {
    cancel?.();
    cancel = undefined;
    lastFlush = now();
    const batches = [...pending];
    pending.clear();
    bytes = 0;
    for (const [id, events] of batches) opts.deliver(id, events);
  }

  function dropAll(): void {
    cancel?.();
    cancel = undefined;
    pending.clear();
    bytes = 0;
  }

  return {
    push(id, eventJson) {
      if (closed) return;
      const list = pending.get(id);
      if (list) list.push(eventJson);
      else pending.set(id, [eventJson]);
      bytes += eventJson.length;
      if (bytes > opts.maxPendingBytes) {
        dropAll();
        opts.onOverflow();
        return;
      }
      if (!cancel) cancel = schedule(flush, Math.max(0, lastFlush + opts.intervalMs - now()));
    },
    drop(id) {
      const list = pending.get(id);
      if (!list) return;
      for (const e of list) bytes -= e.length;
      pending.delete(id);
      if (pending.size === 0) {
        cancel?.();
        cancel = undefined;
      }
    },
    dropAll,
    flush,
    pendingBytes: () => bytes,
    close() {
      closed = true;
      dropAll();
    },
  };
}
