// ResourceQuota usage: what a namespace's objects use of each quota key, and the controller that keeps
// every quota's status.hard/status.used current (kube's resourcequota controller).
import { formatQuantity, parseQuantity } from '../../lib/k8s/quantity';
import { findResource, findKind, RESOURCES } from '../../lib/k8s/resources';
import { Registry, resourceKey, SYSTEM_CTX } from '../registry';
import type { Store } from '../store';
import type { KubeObject } from '../types';

type Resources = Record<string, string | number>;
interface Container {
  resources?: { requests?: Resources; limits?: Resources };
}

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** Pods that no longer run do not count against quota. */
export function podCounts(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** A pod's compute usage as quota keys: max(sum of containers, max of init containers) per resource. */
export function podUsage(pod: KubeObject): Record<string, number> {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const out: Record<string, number> = {};
  for (const kind of ['requests', 'limits'] as const) {
    for (const r of COMPUTE) {
      const of = (c: Container): number => {
        const v = c.resources?.[kind]?.[r];
        return v === undefined ? 0 : parseQuantity(v);
      };
      const sum = (spec.containers ?? []).reduce((a, c) => a + of(c), 0);
      const init = Math.max(0, ...(spec.initContainers ?? []).map(of));
      const v = Math.max(sum, init);
      if (v > 0) out[`${kind}.${r}`] = v;
    }
  }
  if (out['requests.cpu'] !== undefined) out.cpu = out['requests.cpu'];
  if (out['requests.memory'] !== undefined) out.memory = out['requests.memory'];
  out.pods = 1;
  return out;
}

const OBJECT_COUNTS: Record<string, string> = {
  services: '/services',
  configmaps: '/configmaps',
  secrets: '/secrets',
  resourcequotas: '/resourcequotas',
  persistentvolumeclaims: '/persistentvolumeclaims',
  replicationcontrollers: '/replicationcontrollers',
};

/** What the namespace uses now of each key in `keys`. */
export function namespaceUsage(store: Store, ns: string, keys: string[]): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  const wantsPods = keys.some(
    (k) => k === 'pods' || k === 'cpu' || k === 'memory' || /^(requests|limits)\./.test(k),
  );
  if (wantsPods) {
    for (const pod of store.list('/pods', ns)) {
      if (!podCounts(pod)) continue;
      for (const [k, v] of Object.entries(podUsage(pod))) if (k in used) used[k]! += v;
    }
  }
  for (const k of keys) {
    if (k in OBJECT_COUNTS) used[k] = store.count(OBJECT_COUNTS[k]!, ns);
    else if (k === 'services.nodeports' || k === 'services.loadbalancers') {
      const type = k === 'services.nodeports' ? 'NodePort' : 'LoadBalancer';
      used[k] = store
        .list('/services', ns)
        .filter((s) => (s.spec as { type?: string } | undefined)?.type === type).length;
    } else if (k.startsWith('count/')) {
      const [plural, ...group] = k.slice('count/'.length).split('.');
      const d = findResource(group.join('.'), plural!);
      used[k] = d ? store.count(resourceKey(d), ns) : 0;
    }
  }
  return used;
}

function hardOf(quota: KubeObject): Record<string, string> {
  return ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<
    string,
    string
  >;
}

/** The status a quota should have now. */
export function quotaStatus(
  store: Store,
  quota: KubeObject,
): { hard: Record<string, string>; used: Record<string, string> } {
  const hard = hardOf(quota);
  const keys = Object.keys(hard);
  const used = namespaceUsage(store, quota.metadata.namespace!, keys);
  return {
    hard: { ...hard },
    used: Object.fromEntries(keys.map((k) => [k, formatQuantity(k, used[k] ?? 0)])),
  };
}

/** Recomputes the quotas of a namespace whenever something in it changes (batched per tick). */
export function startQuotaController(registry: Registry): () => void {
  const store = registry.store;
  const quotaD = findKind('v1', 'ResourceQuota')!;
  const dirty = new Set<string>();
  let scheduled = false;
  const sync = (): void => {
    scheduled = false;
    for (const ns of dirty) {
      for (const q of store.list('/resourcequotas', ns)) {
        const status = quotaStatus(store, q);
        if (JSON.stringify(status) === JSON.stringify(q.status)) continue;
        registry.update(
          quotaD,
          ns,
          q.metadata.name!,
          { ...q, status, metadata: { ...q.metadata, resourceVersion: undefined } },
          SYSTEM_CTX,
          'status',
        );
      }
    }
    dirty.clear();
  };
  const mark = (ns: string | undefined): void => {
    if (!ns || store.count('/resourcequotas', ns) === 0) return;
    dirty.add(ns);
    if (!scheduled) {
      scheduled = true;
      setImmediate(sync);
    }
  };
  for (const q of store.list('/resourcequotas')) mark(q.metadata.namespace);
  const stops = RESOURCES.filter(
    (d) => d.namespaced && !d.createOnly && d.group !== 'metrics.k8s.io',
  ).map((d) =>
    store.watch(resourceKey(d), store.resourceVersion, (e) => mark(e.object.metadata.namespace)),
  );
  return () => stops.forEach((s) => s());
}
