// The ReplicaSet controller (k/k pkg/controller/replicaset) and what the workload controllers share:
// an index of objects by controller owner, pod readiness helpers and pods made from templates.
import { findKind, findResource } from '../../lib/k8s/resources';
import { matches, requirementsOf, type Requirement } from '../../lib/k8s/selectors';
import { isoSeconds, type Clock } from '../clock';
import { Registry, SYSTEM_CTX, type WriteContext } from '../registry';
import type { Store, StoreEvent } from '../store';
import { StatusError, type KubeObject, type OwnerReference } from '../types';
import { recordEvent } from './events';
import { keyOf, runController, splitKey } from './runner';

export const podD = findResource('', 'pods')!;
export const rsD = findKind('apps/v1', 'ReplicaSet')!;

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: Record<string, unknown>;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

interface PodStatus {
  phase?: string;
  conditions?: Condition[];
  containerStatuses?: { restartCount?: number }[];
  initContainerStatuses?: { restartCount?: number }[];
}

/** The identity a controller writes pods with: validated and admitted like any client (quota!). */
export function controllerCtx(name: string): WriteContext {
  return {
    user: {
      username: `system:serviceaccount:kube-system:${name}`,
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:kube-system',
        'system:authenticated',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small accessors.

export function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

export function num(v: unknown, dflt = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

export function controllerOf(o: KubeObject | undefined): OwnerReference | undefined {
  return o?.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function selectorOf(o: KubeObject): Requirement[] | undefined {
  const sel = rec(o.spec).selector;
  if (sel === undefined || sel === null) return undefined;
  return requirementsOf(rec(sel) as LabelSelector);
}

export function podStatus(pod: KubeObject): PodStatus {
  return rec(pod.status) as PodStatus;
}

export function podCondition(pod: KubeObject, type: string): Condition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

/** When a ready pod becomes available, or undefined when it is not ready. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return Number.isFinite(since) ? since + minReadySeconds * 1000 : undefined;
}

export function isPodTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** A pod as controllers make it from a template (controller_utils GetPodFromTemplate). */
export function podFromTemplate(
  template: PodTemplate,
  owner: KubeObject,
  meta: { name?: string; generateName?: string; labels?: Record<string, string> } = {},
): KubeObject {
  const t = template.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(meta.name ? { name: meta.name } : { generateName: meta.generateName }),
      namespace: owner.metadata.namespace,
      labels: { ...(t.labels ?? {}), ...(meta.labels ?? {}) },
      ...(t.annotations && Object.keys(t.annotations).length > 0
        ? { annotations: { ...t.annotations } }
        : {}),
      ...(t.finalizers?.length ? { finalizers: [...t.finalizers] } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  return pod;
}

/** The message of a failed write, as the Go client's err.Error() renders it. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function namespaceTerminating(err: unknown): boolean {
  return (
    err instanceof StatusError &&
    (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

/** Sets a condition, keeping lastTransitionTime when the status does not change (SetCondition). */
export function setCondition(conditions: Condition[], cond: Condition): Condition[] {
  const cur = conditions.find((c) => c.type === cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return conditions;
  const next = { ...cond };
  if (cur && cur.status === cond.status && cur.lastTransitionTime)
    next.lastTransitionTime = cur.lastTransitionTime;
  return [...conditions.filter((c) => c.type !== cond.type), next];
}

export function removeCondition(conditions: Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

// ---------------------------------------------------------------------------------------------
// The owner index.

/**
 * Objects of one resource grouped by their controller's uid (and orphans by namespace), so a sync
 * reads its own pods instead of scanning every pod. Watch delivery lags the store (it waits for
 * the log's fsync), so the index stores keys and always answers from the store's current state;
 * a controller calls touch() after its own writes so it sees them before the watch does.
 */
export interface OwnerIndex {
  /** Current objects whose controller ownerReference has this uid. */
  owned(uid: string): KubeObject[];
  /** Current objects in `ns` with no controller. */
  orphans(ns: string): KubeObject[];
  /** Re-reads one object from the store. */
  touch(ns: string, name: string): void;
  stop(): void;
}

const ORPHAN = '\0orphan:';

export function createOwnerIndex(store: Store, resource: string): OwnerIndex {
  const members = new Map<string, Set<string>>();
  const bucketOf = new Map<string, string>();
  const bucketFor = (o: KubeObject): string =>
    controllerOf(o)?.uid ?? ORPHAN + (o.metadata.namespace ?? '');
  const touch = (ns: string, name: string): void => {
    const key = `${ns}/${name}`;
    const cur = store.get(resource, ns, name);
    const next = cur ? bucketFor(cur) : undefined;
    const prev = bucketOf.get(key);
    if (prev === next) return;
    if (prev !== undefined) {
      const set = members.get(prev);
      set?.delete(key);
      if (set?.size === 0) members.delete(prev);
    }
    if (next === undefined) {
      bucketOf.delete(key);
      return;
    }
    bucketOf.set(key, next);
    let set = members.get(next);
    if (!set) members.set(next, (set = new Set()));
    set.add(key);
  };
  const read = (bucket: string, accept: (o: KubeObject) => boolean): KubeObject[] => {
    const out: KubeObject[] = [];
    for (const key of [...(members.get(bucket) ?? [])]) {
      const [ns, name] = splitKey(key);
      const o = store.get(resource, ns, name);
      if (o && accept(o)) out.push(o);
      else touch(ns, name);
    }
    return out;
  };
  for (const o of store.list(resource)) touch(o.metadata.namespace ?? '', o.metadata.name ?? '');
  const stop = store.watch(resource, store.resourceVersion, (e) =>
    touch(e.object.metadata.namespace ?? '', e.object.metadata.name ?? ''),
  );
  return {
    owned: (uid) => read(uid, (o) => controllerOf(o)?.uid === uid),
    orphans: (ns) => read(ORPHAN + ns, (o) => controllerOf(o) === undefined),
    touch,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Deleting the right pods first (controller_utils ActivePodsWithRanks).

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(pod: KubeObject): number | undefined {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return undefined;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return Number.isFinite(t) ? t : undefined;
}

function maxRestarts(pod: KubeObject): number {
  const s = podStatus(pod);
  return Math.max(
    0,
    ...(s.containerStatuses ?? []).map((c) => num(c.restartCount)),
    ...(s.initContainerStatuses ?? []).map((c) => num(c.restartCount)),
  );
}

function deletionCost(pod: KubeObject): number {
  const v = Number(pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

/** log2 buckets of age, so pods of about the same age count as equally old (LogarithmicScaleDown). */
function logRankDiff(t1: number, t2: number, now: number): number {
  const r = (t: number): number => {
    const d = (now - t) * 1e6; // nanoseconds, as Go's time.Duration
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return r(t1) - r(t2);
}

/** Is `a` deleted before `b`? Zero (missing) times come first, then later times. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

function timeLess(
  a: KubeObject,
  b: KubeObject,
  ta: number | undefined,
  tb: number | undefined,
  now: number,
): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logRankDiff(ta, tb, now);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return diff < 0;
}

/** `diff` pods to delete from `pods`, preferring those in earlier stages of startup. */
export function podsToDelete(
  pods: KubeObject[],
  related: KubeObject[],
  diff: number,
  now: number,
): KubeObject[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = String(rec(p.spec).nodeName ?? '');
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({
    pod,
    node: String(rec(pod.spec).nodeName ?? ''),
    rank: onNode.get(String(rec(pod.spec).nodeName ?? '')) ?? 0,
  }));
  const less = (x: (typeof ranked)[number], y: (typeof ranked)[number]): boolean => {
    const [a, b] = [x.pod, y.pod];
    if (x.node !== y.node && (x.node === '' || y.node === '')) return x.node === '';
    const pa = PHASE_ORDINAL[podStatus(a).phase ?? ''] ?? 0;
    const pb = PHASE_ORDINAL[podStatus(b).phase ?? ''] ?? 0;
    if (pa !== pb) return pa < pb;
    if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) < deletionCost(b);
    if (x.rank !== y.rank) return x.rank > y.rank;
    if (isPodReady(a) && isPodReady(b)) {
      const r = timeLess(a, b, readyTime(a), readyTime(b), now);
      if (r !== undefined) return r;
    }
    if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
    const ca = Date.parse(a.metadata.creationTimestamp ?? '');
    const cb = Date.parse(b.metadata.creationTimestamp ?? '');
    const c = timeLess(
      a,
      b,
      Number.isFinite(ca) ? ca : undefined,
      Number.isFinite(cb) ? cb : undefined,
      now,
    );
    return c ?? false;
  };
  ranked.sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}

// ---------------------------------------------------------------------------------------------
// The controller.

/** Pods created per sync at most (ReplicaSetController burstReplicas). */
const BURST_REPLICAS = 500;
const COMPONENT = { component: 'replicaset-controller' };

interface RSSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplate;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

function conditionMessage(rs: KubeObject): string | undefined {
  const conds = (rec(rs.status).conditions ?? []) as Condition[];
  return conds.find((c) => c.type === 'ReplicaFailure')?.message;
}

/** Keys of the ReplicaSets a pod event concerns: its controller, or those that might adopt it. */
function rsKeysForPod(store: Store, e: StoreEvent): string[] {
  const pod = e.object;
  const ns = pod.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const o of [pod, e.old]) {
    const ref = controllerOf(o);
    if (ref?.kind === 'ReplicaSet') keys.add(`${ns}/${ref.name}`);
  }
  if (!controllerOf(pod) && e.type !== 'DELETED' && isPodActive(pod)) {
    for (const rs of store.list('apps/replicasets', ns)) {
      const sel = selectorOf(rs);
      if (sel && sel.length > 0 && matches(sel, pod.metadata.labels)) keys.add(keyOf(rs));
    }
  }
  return [...keys];
}

export interface ReplicaSetControllerOptions {
  /** First retry delay after a refused pod create; doubles per failure up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Runs the ReplicaSet controller; returns its stop function. */
export function startReplicaSetController(
  registry: Registry,
  clock: Clock,
  pods: OwnerIndex,
  opts: ReplicaSetControllerOptions = {},
): () => void {
  const store = registry.store;
  const podCtx = controllerCtx('replicaset-controller');
  // Refused creates back off: syncs caused by our own status writes must not retry at once.
  const failures = new Map<string, { count: number; until: number; generation: number }>();
  const baseBackoff = opts.baseBackoffMs ?? 1000;
  const maxBackoff = opts.maxBackoffMs ?? 300_000;

  const claim = (rs: KubeObject, sel: Requirement[]): void => {
    const uid = rs.metadata.uid ?? '';
    const ns = rs.metadata.namespace ?? '';
    for (const pod of pods.owned(uid)) {
      if (matches(sel, pod.metadata.labels) || pod.metadata.deletionTimestamp) continue;
      const next = structuredClone(pod);
      next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== uid,
      );
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      next.metadata.resourceVersion = undefined;
      registry.update(podD, ns, pod.metadata.name!, next, SYSTEM_CTX);
      pods.touch(ns, pod.metadata.name!);
    }
    if (sel.length === 0 || rs.metadata.deletionTimestamp) return;
    for (const pod of pods.orphans(ns)) {
      if (!isPodActive(pod) || !matches(sel, pod.metadata.labels)) continue;
      const next = structuredClone(pod);
      next.metadata.ownerReferences = [
        ...(next.metadata.ownerReferences ?? []),
        newControllerRef(rs),
      ];
      next.metadata.resourceVersion = undefined;
      registry.update(podD, ns, pod.metadata.name!, next, SYSTEM_CTX);
      pods.touch(ns, pod.metadata.name!);
    }
  };

  /** Creates or deletes pods; returns the error that stopped it, as manageReplicas does. */
  const manage = (rs: KubeObject, active: KubeObject[]): Error | undefined => {
    const spec = rec(rs.spec) as RSSpec;
    const ns = rs.metadata.namespace ?? '';
    const diff = active.length - num(spec.replicas, 1);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        const pod = podFromTemplate(spec.template ?? {}, rs, {
          generateName: `${rs.metadata.name}-`,
        });
        try {
          const created = registry.create(podD, ns, pod, podCtx);
          pods.touch(ns, created.metadata.name!);
          recordEvent(
            registry,
            clock,
            COMPONENT,
            rs,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${created.metadata.name}`,
          );
        } catch (err) {
          if (namespaceTerminating(err)) return undefined;
          recordEvent(
            registry,
            clock,
            COMPONENT,
            rs,
            'Warning',
            'FailedCreate',
            `Error creating: ${errorMessage(err)}`,
          );
          return err instanceof Error ? err : new Error(String(err));
        }
      }
      return undefined;
    }
    if (diff > 0) {
      const owner = controllerOf(rs);
      const related = owner
        ? store
            .list('apps/replicasets', ns)
            .filter((o) => controllerOf(o)?.uid === owner.uid)
            .flatMap((o) => pods.owned(o.metadata.uid ?? ''))
        : active;
      const victims = podsToDelete(active, related, Math.min(diff, BURST_REPLICAS), clock.now());
      let failed: Error | undefined;
      for (const pod of victims) {
        try {
          registry.delete(podD, ns, pod.metadata.name!, {}, podCtx);
          pods.touch(ns, pod.metadata.name!);
          recordEvent(
            registry,
            clock,
            COMPONENT,
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${pod.metadata.name}`,
          );
        } catch (err) {
          if (err instanceof StatusError && err.code === 404) continue;
          recordEvent(
            registry,
            clock,
            COMPONENT,
            rs,
            'Warning',
            'FailedDelete',
            `Error deleting: ${errorMessage(err)}`,
          );
          failed ??= err instanceof Error ? err : new Error(String(err));
        }
      }
      return failed;
    }
    return undefined;
  };

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const rs = store.get('apps/replicasets', ns, name);
    if (!rs) {
      failures.delete(key);
      return;
    }
    const spec = rec(rs.spec) as RSSpec;
    const sel = selectorOf(rs) ?? [];
    claim(rs, sel);
    const uid = rs.metadata.uid ?? '';
    let active = pods.owned(uid).filter(isPodActive);
    let err: Error | undefined;
    const backoff = failures.get(key);
    const waiting =
      backoff !== undefined &&
      clock.now() < backoff.until &&
      backoff.generation === num(rs.metadata.generation);
    if (waiting) err = new Error(conditionMessage(rs) ?? 'backing off');
    else if (!rs.metadata.deletionTimestamp) {
      err = manage(rs, active);
      active = pods.owned(uid).filter(isPodActive);
    }
    const now = clock.now();
    const minReady = num(spec.minReadySeconds);
    const templateReqs = requirementsOf({ matchLabels: spec.template?.metadata?.labels ?? {} });
    let fully = 0;
    let ready = 0;
    let available = 0;
    let nextAvailable = Infinity;
    for (const pod of active) {
      if (matches(templateReqs, pod.metadata.labels)) fully++;
      if (!isPodReady(pod)) continue;
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
      else nextAvailable = Math.min(nextAvailable, availableAt(pod, minReady) ?? Infinity);
    }
    const old = rec(rs.status) as Partial<ReplicaSetStatus>;
    let conditions = old.conditions ?? [];
    const failure = conditions.find((c) => c.type === 'ReplicaFailure');
    if (err && !failure) {
      const d = active.length - num(spec.replicas, 1);
      conditions = setCondition(conditions, {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: isoSeconds(now),
        reason: d < 0 ? 'FailedCreate' : d > 0 ? 'FailedDelete' : '',
        message: err.message,
      });
    } else if (!err && failure) conditions = removeCondition(conditions, 'ReplicaFailure');
    const status: ReplicaSetStatus = { replicas: active.length };
    if (fully) status.fullyLabeledReplicas = fully;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
    if (conditions.length > 0) status.conditions = conditions;
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      registry.update(
        rsD,
        ns,
        name,
        { ...rs, metadata: { ...rs.metadata, resourceVersion: undefined }, status },
        SYSTEM_CTX,
        'status',
      );
    }
    if (waiting) return;
    if (err) {
      const count = (backoff?.count ?? 0) + 1;
      const delay = Math.min(maxBackoff, baseBackoff * 2 ** (count - 1));
      failures.set(key, { count, until: now + delay, generation: num(rs.metadata.generation) });
      ctl.requeueAfter(key, delay);
    } else {
      failures.delete(key);
      // Ready pods become available after minReadySeconds without any event: look again then.
      if (nextAvailable !== Infinity) ctl.requeueAfter(key, Math.max(0, nextAvailable - now) + 1);
    }
  };

  const ctl = runController(store, clock, {
    name: 'replicaset',
    watches: [
      { resource: 'apps/replicasets', keys: (e) => [keyOf(e.object)] },
      { resource: '/pods', keys: (e) => rsKeysForPod(store, e) },
    ],
    sync,
    initialKeys: () => store.list('apps/replicasets').map(keyOf),
  });
  return ctl.stop;
}
