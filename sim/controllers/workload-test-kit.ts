// Test support for the workload controllers: an in-memory cluster, a hand-driven clock and a fake
// kubelet that schedules, starts and readies pods (the real one lives in sim/kubelet).
import { findKind } from '../../lib/k8s/resources';
import type { Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import { Store } from '../store';
import type { KubeObject } from '../types';

export const podD = findKind('v1', 'Pod')!;
export const nsD = findKind('v1', 'Namespace')!;

export interface ManualClock extends Clock {
  /** Moves time on and runs the timers that fall due. */
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    after(ms, fn) {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((x) => x !== timer);
      };
    },
    advance(ms) {
      const until = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = Math.max(t, due.at);
        due.fn();
      }
      t = until;
    },
  };
}

/** Lets queued watch events and controller work run to quiescence. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

export function newCluster(ns = 'default'): { store: Store; registry: Registry } {
  const store = new Store(undefined);
  const registry = new Registry(store);
  registry.create(
    nsD,
    '',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    SYSTEM_CTX,
  );
  return { store, registry };
}

export function podTemplate(
  image: string,
  labels: Record<string, string>,
): Record<string, unknown> {
  return {
    metadata: { labels },
    spec: { containers: [{ name: 'app', image }] },
  };
}

/** Writes a pod's status as a kubelet would: phase, Ready condition, restarts. */
export function setPodState(
  registry: Registry,
  pod: KubeObject,
  state: { phase: string; ready?: boolean; node?: string; restarts?: number; at?: number },
): KubeObject {
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name!;
  let cur = registry.store.get('/pods', ns, name)!;
  if (state.node && (cur.spec as { nodeName?: string }).nodeName !== state.node) {
    cur = registry.update(
      podD,
      ns,
      name,
      {
        ...cur,
        metadata: { ...cur.metadata, resourceVersion: undefined },
        spec: { ...(cur.spec as object), nodeName: state.node },
      },
      SYSTEM_CTX,
    );
  }
  const at = new Date(state.at ?? Date.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const old = (cur.status ?? {}) as { conditions?: { type: string; status: string }[] };
  const wasReady = old.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const readyCond = (old.conditions ?? []).find((c) => c.type === 'Ready') as
    { lastTransitionTime?: string } | undefined;
  const status = {
    phase: state.phase,
    conditions: [
      {
        type: 'Ready',
        status: state.ready ? 'True' : 'False',
        lastTransitionTime:
          wasReady === Boolean(state.ready) && readyCond?.lastTransitionTime
            ? readyCond.lastTransitionTime
            : at,
      },
    ],
    containerStatuses: [{ name: 'app', restartCount: state.restarts ?? 0, ready: !!state.ready }],
  };
  return registry.update(
    podD,
    ns,
    name,
    { ...cur, metadata: { ...cur.metadata, resourceVersion: undefined }, status },
    SYSTEM_CTX,
    'status',
  );
}

/**
 * One pass of a fake kubelet: terminating pods go away, the others are scheduled and become
 * Running and Ready (at `at`, default now). Returns how many pods it touched.
 */
export function kubeletPass(
  registry: Registry,
  opts: { at?: number; ready?: boolean } = {},
): number {
  let n = 0;
  for (const pod of registry.store.list('/pods')) {
    const ns = pod.metadata.namespace ?? '';
    if (pod.metadata.deletionTimestamp) {
      registry.delete(podD, ns, pod.metadata.name!, { gracePeriodSeconds: 0 }, SYSTEM_CTX);
      n++;
      continue;
    }
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const before = JSON.stringify(pod.status);
    const out = setPodState(registry, pod, {
      phase: 'Running',
      ready: opts.ready ?? true,
      node: 'node-1',
      at: opts.at,
    });
    if (JSON.stringify(out.status) !== before) n++;
  }
  return n;
}

export function list(registry: Registry, resource: string, ns = 'default'): KubeObject[] {
  return registry.store
    .list(resource, ns)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

export function events(
  registry: Registry,
  ns = 'default',
): { reason: string; message: string; type: string; kind: string; name: string }[] {
  return registry.store
    .list('/events', ns)
    .map((e) => ({
      reason: String(e.reason),
      message: String(e.message),
      type: String(e.type),
      kind: String((e.involvedObject as { kind?: string }).kind),
      name: String((e.involvedObject as { name?: string }).name),
      at: String(e.firstTimestamp),
      rv: Number(e.metadata.resourceVersion),
    }))
    .sort((a, b) => a.rv - b.rv)
    .map(({ reason, message, type, kind, name }) => ({ reason, message, type, kind, name }));
}
