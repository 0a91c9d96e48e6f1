// What the dashboards say about apps, computed from live lists: an app per workload (Deployment or
// StatefulSet labelled app.kubernetes.io/name) with ready/desired, image, revision and health (all
// ready / progressing / degraded with the reason its pods show), quota use, members and events.
// Pure, so each list update just recomputes.
import type { StreamObject } from '../../lib/contracts/stream';
import { parseTimestamp } from '../../lib/format/duration';
import { tryParseQuantity } from '../../lib/k8s/quantity';
import { podRow } from '../pods/pod-rows';

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export const APP_LABEL = 'app.kubernetes.io/name';

export type Health = 'ready' | 'progressing' | 'degraded' | 'stopped';

export interface AppSummary {
  app: string;
  kind: 'Deployment' | 'StatefulSet';
  /** The workload's own name (usually the app's). */
  name: string;
  namespace: string;
  ready: number;
  desired: number;
  updated: number;
  image: string;
  /** The image's tag (or digest), `latest` when it names none. */
  tag: string;
  revision?: string;
  strategy: string;
  health: Health;
  /** Why it is not healthy: a pod's reason (`CrashLoopBackOff`) or the workload's condition. */
  reason?: string;
  /** How many of its pods show `reason`. */
  reasonPods?: number;
}

/** `registry/ai/ai-api:1.2` → `1.2`; a digest stays a digest; no tag is `latest`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 20);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : 'latest';
}

/** The app a Kubernetes object belongs to: its app label, else its own name. */
export function appOf(o: StreamObject): string {
  return str(rec(o.metadata.labels)[APP_LABEL]) || str(o.metadata.name);
}

function workloadHealth(
  desired: number,
  ready: number,
  updated: number,
  conditions: Obj[],
  podReasons: Map<string, number>,
): Pick<AppSummary, 'health' | 'reason' | 'reasonPods'> {
  // Pods that fail say best what is wrong (CrashLoopBackOff, ImagePullBackOff, OOMKilled).
  const worst = [...podReasons].sort((a, b) => b[1] - a[1])[0];
  if (worst) return { health: 'degraded', reason: worst[0], reasonPods: worst[1] };
  const stuck = conditions.find(
    (c) => c.type === 'Progressing' && c.status === 'False' && str(c.reason),
  );
  if (stuck) return { health: 'degraded', reason: str(stuck.reason) };
  const failure = conditions.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) return { health: 'degraded', reason: str(failure.reason) || 'ReplicaFailure' };
  if (desired === 0) return { health: 'stopped' };
  if (ready >= desired && updated >= desired) return { health: 'ready' };
  return { health: 'progressing' };
}

/** Every app among the workloads, with the pods that explain its health; sorted by app name. */
export function summarizeApps(
  workloads: readonly StreamObject[],
  pods: readonly StreamObject[],
): AppSummary[] {
  // Failing pods per namespace/app, by reason.
  const failing = new Map<string, Map<string, number>>();
  for (const p of pods) {
    const row = podRow(p);
    if (row.tone !== 'error') continue;
    const key = `${row.namespace}/${appOf(p)}`;
    const reasons = failing.get(key) ?? new Map<string, number>();
    reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
    failing.set(key, reasons);
  }
  const out = workloads.map((w): AppSummary => {
    const kind = str(w.kind) === 'StatefulSet' ? 'StatefulSet' : 'Deployment';
    const spec = rec(w.spec);
    const status = rec(w.status);
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const ready = num(status.readyReplicas);
    const updated =
      kind === 'StatefulSet' ? num(status.updatedReplicas) || ready : num(status.updatedReplicas);
    const containers = list(rec(rec(spec.template).spec).containers).map(rec);
    const image = str(containers[0]?.image);
    const app = appOf(w);
    const namespace = str(w.metadata.namespace);
    const strategy = str(rec(spec.strategy).type) || str(rec(spec.updateStrategy).type);
    const revision =
      str(rec(w.metadata.annotations)['deployment.kubernetes.io/revision']) ||
      str(status.currentRevision).split('-').pop() ||
      undefined;
    return {
      app,
      kind,
      name: str(w.metadata.name),
      namespace,
      ready,
      desired,
      updated,
      image,
      tag: image ? imageTag(image) : '',
      ...(revision ? { revision } : {}),
      strategy,
      ...workloadHealth(
        desired,
        ready,
        updated,
        list(status.conditions).map(rec),
        failing.get(`${namespace}/${app}`) ?? new Map(),
      ),
    };
  });
  return out.sort((a, b) => a.app.localeCompare(b.app) || a.namespace.localeCompare(b.namespace));
}

export interface QuotaLine {
  /** `requests.cpu`, `limits.memory`, `pods`… */
  resource: string;
  used: number;
  hard: number;
}

/** The `wharf-quota` ResourceQuotas of an environment's namespaces, summed per resource. */
export function quotaLines(quotas: readonly StreamObject[]): QuotaLine[] {
  const lines = new Map<string, QuotaLine>();
  for (const q of quotas) {
    if (q.metadata.name !== 'wharf-quota') continue;
    const status = rec(q.status);
    const hard = rec(status.hard);
    const used = rec(status.used);
    for (const [resource, h] of Object.entries(hard)) {
      const line = lines.get(resource) ?? { resource, used: 0, hard: 0 };
      line.hard += tryParseQuantity(h) ?? 0;
      line.used += tryParseQuantity(used[resource]) ?? 0;
      lines.set(resource, line);
    }
  }
  return [...lines.values()];
}

export interface Member {
  /** `User`, `Group` or `ServiceAccount`. */
  kind: string;
  name: string;
  /** The roles bound, by their name without the `wharf-` prefix (`owner`, `member`). */
  roles: string[];
}

/** Who has which role, from RoleBindings: one entry per subject, roles deduplicated. */
export function membersOf(bindings: readonly StreamObject[]): Member[] {
  const byKey = new Map<string, Member>();
  for (const b of bindings) {
    const role = str(rec(b.roleRef).name).replace(/^wharf-/, '');
    for (const s of list(b.subjects).map(rec)) {
      const kind = str(s.kind);
      const name = str(s.name);
      if (!name) continue;
      const key = `${kind}/${name}`;
      const m = byKey.get(key) ?? { kind, name, roles: [] };
      if (role && !m.roles.includes(role)) m.roles.push(role);
      byKey.set(key, m);
    }
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface EventLine {
  key: string;
  type: string;
  reason: string;
  message: string;
  /** `Pod/ai-api-…` */
  object: string;
  objectName: string;
  namespace: string;
  count: number;
  /** When it last happened (ms since the epoch). */
  at?: number;
}

/** Events newest first, at most `limit`; `only` keeps those about the named objects' prefixes. */
export function recentEvents(
  events: readonly StreamObject[],
  limit: number,
  only?: (objectName: string, kind: string) => boolean,
): EventLine[] {
  const lines: EventLine[] = [];
  for (const e of events) {
    const obj = rec(e.involvedObject);
    const kind = str(obj.kind);
    const name = str(obj.name);
    if (only && !only(name, kind)) continue;
    const at =
      parseTimestamp(e.lastTimestamp) ??
      parseTimestamp(e.eventTime) ??
      parseTimestamp(e.firstTimestamp) ??
      parseTimestamp(e.metadata.creationTimestamp);
    lines.push({
      key: `${str(e.metadata.namespace)}/${str(e.metadata.name)}`,
      type: str(e.type) || 'Normal',
      reason: str(e.reason),
      message: str(e.message),
      object: `${kind}/${name}`,
      objectName: name,
      namespace: str(e.metadata.namespace),
      count: num(e.count) || 1,
      ...(at !== undefined ? { at } : {}),
    });
  }
  return lines.sort((a, b) => (b.at ?? 0) - (a.at ?? 0)).slice(0, limit);
}
