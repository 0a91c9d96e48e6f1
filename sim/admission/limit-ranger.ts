// The LimitRanger admission plugin: container defaults from a namespace's LimitRanges, and their min/max
// checks, with kube-apiserver's annotation and messages (plugin/pkg/admission/limitranger).
import { formatQuantity, parseQuantity } from '../../lib/k8s/quantity';
import type { ResourceDescriptor } from '../../lib/k8s/resources';
import type { AdmissionPlugin, Registry } from '../registry';
import { StatusError, type KubeObject } from '../types';

type ResourceMap = Record<string, string>;
interface Container {
  name: string;
  resources?: { requests?: ResourceMap; limits?: ResourceMap };
}
interface LimitItem {
  type?: string;
  default?: ResourceMap;
  defaultRequest?: ResourceMap;
  min?: ResourceMap;
  max?: ResourceMap;
  maxLimitRequestRatio?: ResourceMap;
}

function itemsOf(ranges: KubeObject[], type: string): LimitItem[] {
  return ranges.flatMap((r) =>
    ((r.spec as { limits?: LimitItem[] } | undefined)?.limits ?? []).filter((l) => l.type === type),
  );
}

/** Fills missing requests/limits from the Container defaults; returns the annotation text or ''. */
export function applyContainerDefaults(pod: KubeObject, items: LimitItem[]): string {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const notes: string[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const setReq: string[] = [];
    const setLim: string[] = [];
    for (const item of items) {
      for (const [r, q] of Object.entries(item.default ?? {})) {
        c.resources ??= {};
        c.resources.limits ??= {};
        if (c.resources.limits[r] === undefined) {
          c.resources.limits[r] = q;
          setLim.push(r);
        }
      }
      for (const [r, q] of Object.entries(item.defaultRequest ?? {})) {
        c.resources ??= {};
        c.resources.requests ??= {};
        if (c.resources.requests[r] === undefined) {
          c.resources.requests[r] = q;
          setReq.push(r);
        }
      }
    }
    if (setReq.length)
      notes.push(
        `${setReq.join(', ')} request for ${spec.initContainers?.includes(c) ? 'init container' : 'container'} ${c.name}`,
      );
    if (setLim.length)
      notes.push(
        `${setLim.join(', ')} limit for ${spec.initContainers?.includes(c) ? 'init container' : 'container'} ${c.name}`,
      );
  }
  return notes.length ? `LimitRanger plugin set: ${notes.join('; ')}` : '';
}

/** min / max / maxLimitRequestRatio violations, in kube's words. */
export function containerViolations(
  pod: KubeObject,
  items: LimitItem[],
  podItems: LimitItem[],
): string[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const errs: string[] = [];
  const check = (
    scope: 'Container' | 'Pod',
    item: LimitItem,
    requests: ResourceMap,
    limits: ResourceMap,
  ): void => {
    for (const [r, q] of Object.entries(item.min ?? {})) {
      const req = requests[r];
      if (req === undefined)
        errs.push(`minimum ${r} usage per ${scope} is ${q}.  No request is specified`);
      else if (parseQuantity(req) < parseQuantity(q))
        errs.push(`minimum ${r} usage per ${scope} is ${q}, but request is ${req}`);
    }
    for (const [r, q] of Object.entries(item.max ?? {})) {
      const lim = limits[r];
      if (lim === undefined)
        errs.push(`maximum ${r} usage per ${scope} is ${q}.  No limit is specified`);
      else if (parseQuantity(lim) > parseQuantity(q))
        errs.push(`maximum ${r} usage per ${scope} is ${q}, but limit is ${lim}`);
    }
    for (const [r, q] of Object.entries(item.maxLimitRequestRatio ?? {})) {
      const lim = limits[r];
      const req = requests[r];
      if (lim === undefined || req === undefined) continue;
      const ratio = parseQuantity(lim) / parseQuantity(req);
      if (ratio > parseQuantity(q)) {
        errs.push(
          `${r} max limit to request ratio per ${scope} is ${q}, but provided ratio is ${ratio.toFixed(6)}`,
        );
      }
    }
  };
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const item of items)
    for (const c of all)
      check('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {});
  if (podItems.length) {
    const sum = (kind: 'requests' | 'limits'): ResourceMap => {
      const out: Record<string, number> = {};
      for (const c of spec.containers ?? [])
        for (const [r, q] of Object.entries(c.resources?.[kind] ?? {}))
          out[r] = (out[r] ?? 0) + parseQuantity(q);
      return Object.fromEntries(Object.entries(out).map(([r, v]) => [r, formatQuantity(r, v)]));
    };
    for (const item of podItems) check('Pod', item, sum('requests'), sum('limits'));
  }
  return errs;
}

export function limitRanger(registry: Registry): AdmissionPlugin {
  return (op, d: ResourceDescriptor, obj) => {
    if (d.group !== '' || d.plural !== 'pods' || op === 'DELETE') return;
    const ns = obj.metadata.namespace ?? '';
    const ranges = registry.store.list('/limitranges', ns);
    if (ranges.length === 0) return;
    const containerItems = itemsOf(ranges, 'Container');
    if (op === 'CREATE') {
      const note = applyContainerDefaults(obj, containerItems);
      if (note)
        obj.metadata.annotations = {
          ...obj.metadata.annotations,
          'kubernetes.io/limit-ranger': note,
        };
    }
    const errs = containerViolations(obj, containerItems, itemsOf(ranges, 'Pod'));
    if (errs.length) {
      const msg = errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
      throw new StatusError(
        403,
        'Forbidden',
        `pods "${obj.metadata.name ?? ''}" is forbidden: ${msg}`,
        {
          name: obj.metadata.name,
          kind: 'pods',
        },
      );
    }
  };
}
