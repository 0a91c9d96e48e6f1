// The ResourceQuota admission plugin: refuses creates that would exceed a namespace's quota, with
// kube-apiserver's messages (apiserver pkg/admission/plugin/resourcequota/controller.go).
import { formatQuantity, parseQuantity } from '../../lib/k8s/quantity';
import { qualifiedResource, type ResourceDescriptor } from '../../lib/k8s/resources';
import { namespaceUsage, podCounts, podUsage } from '../controllers/quota';
import type { AdmissionPlugin, Registry } from '../registry';
import { StatusError, type KubeObject } from '../types';

const COMPUTE_KEYS = [
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'cpu',
  'memory',
];

/** What creating `obj` adds to each quota key. */
export function creationDelta(d: ResourceDescriptor, obj: KubeObject): Record<string, number> {
  const delta: Record<string, number> = {};
  const plural = d.plural;
  if (d.group === '' && plural === 'pods') {
    if (podCounts(obj)) Object.assign(delta, podUsage(obj));
  } else if (
    d.group === '' &&
    [
      'services',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'resourcequotas',
    ].includes(plural)
  ) {
    delta[plural] = 1;
    if (plural === 'services') {
      const type = (obj.spec as { type?: string } | undefined)?.type;
      if (type === 'NodePort' || type === 'LoadBalancer')
        delta['services.nodeports'] = ((obj.spec as { ports?: unknown[] }).ports ?? []).length;
      if (type === 'LoadBalancer') delta['services.loadbalancers'] = 1;
    }
  }
  delta[`count/${d.group ? `${plural}.${d.group}` : plural}`] = 1;
  return delta;
}

/** `requests.memory for: app,sidecar` for each compute key the quota limits but a container omits. */
function missingCompute(pod: KubeObject, hardKeys: string[]): string[] {
  const containers =
    (
      pod.spec as
        | { containers?: { name: string; resources?: { requests?: object; limits?: object } }[] }
        | undefined
    )?.containers ?? [];
  const out: string[] = [];
  for (const key of COMPUTE_KEYS.filter((k) => hardKeys.includes(k)).sort()) {
    const [kind, res] = key.includes('.')
      ? (key.split('.') as ['requests' | 'limits', string])
      : (['requests', key] as const);
    const lacking = containers
      .filter(
        (c) => (c.resources?.[kind] as Record<string, unknown> | undefined)?.[res] === undefined,
      )
      .map((c) => c.name);
    if (lacking.length) out.push(`${key} for: ${lacking.join(',')}`);
  }
  return out;
}

export function resourceQuota(registry: Registry): AdmissionPlugin {
  return (op, d, obj) => {
    if (op !== 'CREATE' || !d.namespaced) return;
    const ns = obj.metadata.namespace ?? '';
    const quotas = registry.store.list('/resourcequotas', ns);
    if (quotas.length === 0) return;
    const delta = creationDelta(d, obj);
    const forbidden = (msg: string): StatusError =>
      new StatusError(
        403,
        'Forbidden',
        `${qualifiedResource(d)} "${obj.metadata.name ?? ''}" is forbidden: ${msg}`,
        {
          name: obj.metadata.name,
          group: d.group || undefined,
          kind: d.plural,
        },
      );
    for (const q of quotas.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))) {
      const hard = ((q.spec as { hard?: Record<string, string> } | undefined)?.hard ??
        {}) as Record<string, string>;
      const keys = Object.keys(hard);
      if (d.group === '' && d.plural === 'pods' && podCounts(obj)) {
        const missing = missingCompute(obj, keys);
        if (missing.length)
          throw forbidden(`failed quota: ${q.metadata.name}: must specify ${missing.join('; ')}`);
      }
      const relevant = keys.filter((k) => delta[k] !== undefined).sort();
      if (relevant.length === 0) continue;
      const used = namespaceUsage(registry.store, ns, relevant);
      const exceeded = relevant.filter(
        (k) => (used[k] ?? 0) + delta[k]! > parseQuantity(hard[k]!) + 1e-9,
      );
      if (exceeded.length === 0) continue;
      const list = (f: (k: string) => string): string =>
        exceeded.map((k) => `${k}=${f(k)}`).join(',');
      throw forbidden(
        `exceeded quota: ${q.metadata.name}, requested: ${list((k) => formatQuantity(k, delta[k]!))}, used: ${list((k) => formatQuantity(k, used[k] ?? 0))}, limited: ${list((k) => hard[k]!)}`,
      );
    }
  };
}
