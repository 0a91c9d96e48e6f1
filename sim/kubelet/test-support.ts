// Test support for the kubelet package: an in-memory cluster (store, registry, seeded nodes) and a manual clock.
import type { Clock } from '../clock';
import { createAll } from '../cluster';
import { Registry } from '../registry';
import { seedObjects } from '../seed';
import { Store } from '../store';

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order. */
  advance: (ms: number) => void;
  pending: () => number;
}

export function manualClock(start = Date.parse('2026-01-01T00:00:00Z')): ManualClock {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    after(ms, fn) {
      const id = seq++;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
        if (!next) break;
        timers.delete(next[0]);
        t = Math.max(t, next[1].at);
        next[1].fn();
      }
      t = end;
    },
    pending: () => timers.size,
  };
}

/** A registry with dev-cluster's nodes and the `default` namespace. */
export function memoryCluster(): Registry {
  const store = new Store(undefined);
  store.load();
  const registry = new Registry(store);
  createAll(
    registry,
    seedObjects('dev-cluster').filter(
      (o) => o.kind === 'Node' || (o.kind === 'Namespace' && o.metadata.name === 'default'),
    ),
  );
  return registry;
}

/** Lets store events reach watchers and work queues drain. */
export async function settle(registry: Registry, rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await registry.store.flush();
    await new Promise((r) => setImmediate(r));
  }
}
