// A minimal controller runtime: watch resources in the store, queue keys (deduplicated), sync them in
// batches on the next tick, and requeue after a delay on the simulated clock.
import type { Clock } from '../clock';
import type { Store, StoreEvent } from '../store';

export interface ControllerSpec {
  name: string;
  /** Resources to watch (`<group>/<plural>`) and which keys an event makes dirty. */
  watches: { resource: string; keys: (e: StoreEvent) => string[] }[];
  /** Brings the world in line for one key. May call `requeue` for time-based work. */
  sync: (key: string) => void;
  /** Keys to sync once at start (e.g. every object of the primary resource). */
  initialKeys: () => string[];
}

export interface RunningController {
  enqueue: (key: string) => void;
  requeueAfter: (key: string, ms: number) => void;
  stop: () => void;
}

export function runController(store: Store, clock: Clock, spec: ControllerSpec): RunningController {
  const dirty = new Set<string>();
  const timers = new Map<string, () => void>();
  let scheduled = false;
  let stopped = false;
  const drain = (): void => {
    scheduled = false;
    if (stopped) return;
    const keys = [...dirty];
    dirty.clear();
    for (const key of keys) {
      try {
        spec.sync(key);
      } catch (err) {
        // A failing sync is retried later, as client-go's workqueue does with rate limiting.
        console.error(`sim controller ${spec.name}: sync ${key}:`, err);
        requeueAfter(key, 1000);
      }
    }
  };
  const enqueue = (key: string): void => {
    if (stopped) return;
    dirty.add(key);
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };
  const requeueAfter = (key: string, ms: number): void => {
    timers.get(key)?.();
    timers.set(
      key,
      clock.after(ms, () => {
        timers.delete(key);
        enqueue(key);
      }),
    );
  };
  const stops = spec.watches.map((w) =>
    store.watch(w.resource, store.resourceVersion, (e) => w.keys(e).forEach(enqueue)),
  );
  spec.initialKeys().forEach(enqueue);
  return {
    enqueue,
    requeueAfter,
    stop: () => {
      stopped = true;
      stops.forEach((s) => s());
      timers.forEach((cancel) => cancel());
    },
  };
}

/** `ns/name` of an object. */
export function keyOf(o: { metadata: { namespace?: string; name?: string } }): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
