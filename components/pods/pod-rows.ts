// Pods as table rows: the columns of the pod list computed once per object, filtering by text,
// sorting by column, and the count per status tone. Pure, so 10,000 rows are cheap to redo.
import type { StreamObject } from '../../lib/contracts/stream';
import { parseTimestamp } from '../../lib/format/duration';
import { podStatusDetail, statusTone, type StatusTone } from '../../lib/k8s/pod-status';
import { tryParseQuantity } from '../../lib/k8s/quantity';

/** The controller that owns a pod (ReplicaSet, StatefulSet, Job…), from its ownerReferences. */
export interface PodOwner {
  kind: string;
  name: string;
}

/** Requests and limits summed over a pod's containers; undefined where no container sets one. */
export interface PodResources {
  cpuRequest?: number;
  cpuLimit?: number;
  memoryRequest?: number;
  memoryLimit?: number;
}

export interface PodRow {
  /** namespace/name: unique within one cluster's list. */
  key: string;
  name: string;
  namespace: string;
  reason: string;
  tone: StatusTone;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  lastRestartAt?: number;
  createdAt?: number;
  ip: string;
  node: string;
  owner?: PodOwner;
  /** `pod-template-hash`: which ReplicaSet generation of a Deployment the pod belongs to. */
  templateHash?: string;
  /** Why the last container terminated (`OOMKilled`, `Error`), shown when it explains a crash. */
  lastTermination?: string;
  resources: PodResources;
}

export type SortKey =
  'name' | 'namespace' | 'status' | 'ready' | 'restarts' | 'age' | 'ip' | 'node' | 'owner';
export type SortDir = 'asc' | 'desc';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function controllerOf(meta: Record<string, unknown>): PodOwner | undefined {
  const refs = list(meta.ownerReferences).map(rec);
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  return ref && str(ref.kind) && str(ref.name)
    ? { kind: str(ref.kind), name: str(ref.name) }
    : undefined;
}

function add(sum: number | undefined, q: unknown): number | undefined {
  const v = tryParseQuantity(q);
  return v === undefined ? sum : (sum ?? 0) + v;
}

/** Requests and limits of a pod's containers, in cores and bytes. */
export function podResources(spec: Record<string, unknown>): PodResources {
  const out: PodResources = {};
  for (const c of list(spec.containers).map(rec)) {
    const res = rec(c.resources);
    const requests = rec(res.requests);
    const limits = rec(res.limits);
    const cpuRequest = add(out.cpuRequest, requests.cpu);
    const cpuLimit = add(out.cpuLimit, limits.cpu);
    const memoryRequest = add(out.memoryRequest, requests.memory);
    const memoryLimit = add(out.memoryLimit, limits.memory);
    if (cpuRequest !== undefined) out.cpuRequest = cpuRequest;
    if (cpuLimit !== undefined) out.cpuLimit = cpuLimit;
    if (memoryRequest !== undefined) out.memoryRequest = memoryRequest;
    if (memoryLimit !== undefined) out.memoryLimit = memoryLimit;
  }
  return out;
}

function lastTerminationOf(status: Record<string, unknown>): string | undefined {
  for (const c of list(status.containerStatuses).map(rec)) {
    const reason = str(rec(rec(c.lastState).terminated).reason);
    if (reason) return reason;
  }
  return undefined;
}

// Watch events replace changed objects and keep the others, so a row per object identity is reused.
const rowCache = new WeakMap<object, PodRow>();

/** The row of one pod (cached per object). */
export function podRow(pod: StreamObject): PodRow {
  const cached = rowCache.get(pod);
  if (cached) return cached;
  const meta = pod.metadata as Record<string, unknown>;
  const status = (
    typeof pod.status === 'object' && pod.status !== null ? pod.status : {}
  ) as Record<string, unknown>;
  const spec = (typeof pod.spec === 'object' && pod.spec !== null ? pod.spec : {}) as Record<
    string,
    unknown
  >;
  const detail = podStatusDetail(pod as Parameters<typeof podStatusDetail>[0]);
  const name = str(meta.name);
  const namespace = str(meta.namespace);
  const createdAt = parseTimestamp(meta.creationTimestamp);
  const owner = controllerOf(meta);
  const templateHash = str(rec(meta.labels)['pod-template-hash']);
  const lastTermination = lastTerminationOf(status);
  const row: PodRow = {
    key: `${namespace}/${name}`,
    name,
    namespace,
    reason: detail.reason || 'Unknown',
    tone: statusTone(detail.reason),
    readyContainers: detail.readyContainers,
    totalContainers: detail.totalContainers,
    restarts: detail.restarts,
    ...(detail.lastRestartAt !== undefined ? { lastRestartAt: detail.lastRestartAt } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ip: str(status.podIP),
    node: str(spec.nodeName),
    ...(owner ? { owner } : {}),
    ...(templateHash ? { templateHash } : {}),
    ...(lastTermination ? { lastTermination } : {}),
    resources: podResources(spec),
  };
  rowCache.set(pod, row);
  return row;
}

/**
 * Rows whose name, namespace, status, node or IP contain every word of `query` (case-insensitive).
 * An empty query keeps them all.
 */
export function filterRows(rows: readonly PodRow[], query: string): PodRow[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = `${r.name}\n${r.namespace}\n${r.reason}\n${r.node}\n${r.ip}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

// Failing first when sorting by status: what needs attention comes to the top.
const TONE_RANK: Record<StatusTone, number> = {
  error: 0,
  warning: 1,
  unknown: 2,
  progress: 3,
  ok: 4,
  done: 5,
};

function ipValue(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return Number.POSITIVE_INFINITY;
  return parts.reduce((acc, p) => acc * 256 + (Number(p) || 0), 0);
}

function compare(a: PodRow, b: PodRow, key: SortKey): number {
  switch (key) {
    case 'name':
      return collator.compare(a.name, b.name);
    case 'namespace':
      return collator.compare(a.namespace, b.namespace);
    case 'status':
      return TONE_RANK[a.tone] - TONE_RANK[b.tone] || collator.compare(a.reason, b.reason);
    case 'ready':
      return (
        a.readyContainers / (a.totalContainers || 1) - b.readyContainers / (b.totalContainers || 1)
      );
    case 'restarts':
      return a.restarts - b.restarts;
    case 'age':
      // youngest first: the larger creation time is the smaller age
      return (b.createdAt ?? 0) - (a.createdAt ?? 0);
    case 'ip':
      return ipValue(a.ip) - ipValue(b.ip) || collator.compare(a.ip, b.ip);
    case 'node':
      return collator.compare(a.node, b.node);
    case 'owner':
      return collator.compare(a.owner?.name ?? '', b.owner?.name ?? '');
  }
}

/** A sorted copy; ties fall back to namespace and name so the order is stable between updates. */
export function sortRows(rows: readonly PodRow[], key: SortKey, dir: SortDir): PodRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compare(a, b, key) ||
      collator.compare(a.namespace, b.namespace) ||
      collator.compare(a.name, b.name),
  );
}

/** How many rows of each tone, for the summary above the table. */
export function toneCounts(rows: readonly PodRow[]): Record<StatusTone, number> {
  const counts: Record<StatusTone, number> = {
    ok: 0,
    progress: 0,
    warning: 0,
    error: 0,
    done: 0,
    unknown: 0,
  };
  for (const r of rows) counts[r.tone]++;
  return counts;
}

/** Rows of one status tone; `all` keeps every row. */
export function filterByTone(rows: readonly PodRow[], tone: StatusTone | 'all'): PodRow[] {
  return tone === 'all' ? [...rows] : rows.filter((r) => r.tone === tone);
}

/** What a failing pod's status means, in words: an i18n key and its values; undefined when fine. */
export type PodProblem =
  | { key: 'pods.why.crash'; n: number }
  | { key: 'pods.why.oom'; n: number }
  | { key: 'pods.why.image' }
  | { key: 'pods.why.config' }
  | { key: 'pods.why.pending' }
  | { key: 'pods.why.notReady' };

export function podProblem(row: PodRow): PodProblem | undefined {
  switch (row.reason) {
    case 'CrashLoopBackOff':
    case 'Error':
      return row.lastTermination === 'OOMKilled'
        ? { key: 'pods.why.oom', n: row.restarts }
        : { key: 'pods.why.crash', n: row.restarts };
    case 'OOMKilled':
      return { key: 'pods.why.oom', n: row.restarts };
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'InvalidImageName':
      return { key: 'pods.why.image' };
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
      return { key: 'pods.why.config' };
    case 'Pending':
      return { key: 'pods.why.pending' };
    case 'Running':
      return row.readyContainers < row.totalContainers && row.restarts === 0
        ? { key: 'pods.why.notReady' }
        : undefined;
    default:
      return undefined;
  }
}

/** A ReplicaSet's revision, and whether it is its Deployment's newest (the one a rollout moves to). */
export interface RevisionInfo {
  revision: number;
  newest: boolean;
}

interface ReplicaSetLike {
  metadata: { name?: string; namespace?: string; annotations?: unknown; ownerReferences?: unknown };
}

/** `namespace/replicaset` → its revision, for the revision column (old/new during a rollout). */
export function revisionIndex(replicaSets: readonly ReplicaSetLike[]): Map<string, RevisionInfo> {
  const newestOf = new Map<string, number>();
  const byRs: { key: string; deployment: string; revision: number }[] = [];
  for (const rs of replicaSets) {
    const revision = Number(rec(rs.metadata.annotations)['deployment.kubernetes.io/revision']);
    if (!Number.isFinite(revision)) continue;
    const ns = rs.metadata.namespace ?? '';
    const deployment = `${ns}/${controllerOf(rs.metadata as Record<string, unknown>)?.name ?? ''}`;
    byRs.push({ key: `${ns}/${rs.metadata.name ?? ''}`, deployment, revision });
    newestOf.set(deployment, Math.max(newestOf.get(deployment) ?? 0, revision));
  }
  return new Map(
    byRs.map((r) => [
      r.key,
      { revision: r.revision, newest: newestOf.get(r.deployment) === r.revision },
    ]),
  );
}

/** The revision of a pod of a Deployment (through its ReplicaSet), if known. */
export function podRevision(
  row: PodRow,
  index: ReadonlyMap<string, RevisionInfo>,
): RevisionInfo | undefined {
  if (row.owner?.kind !== 'ReplicaSet') return undefined;
  return index.get(`${row.namespace}/${row.owner.name}`);
}
