// Quota preflight: what a deploy, update or scale needs from the namespace's ResourceQuota against
// what is left, counting a rolling update's surge (old and new pods side by side). Pure: the form
// shows it before submit and the API refuses with kube's own words when it would not fit.
import { formatQuantity, tryParseQuantity } from '../k8s/quantity';
import type { Manifest } from './app-model';

/** The quota keys an app's pods and Service count against. */
export const QUOTA_KEYS = [
  'pods',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'services',
] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

export interface QuotaLike {
  metadata: { name?: string };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
  spec?: { hard?: Record<string, string> };
}

export interface PreflightRow {
  resource: QuotaKey;
  /** What the change adds at its peak (beyond what the app uses now). */
  requested: number;
  used: number;
  hard: number;
  fits: boolean;
}

export interface Preflight {
  quota?: string;
  /** Pods at the peak of the rollout (replicas plus surge). */
  peakPods: number;
  rows: PreflightRow[];
  fits: boolean;
}

type Usage = Record<QuotaKey, number>;

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** One pod's requests and limits, summed over its containers (what quota admission charges). */
export function podUsage(deployment: Manifest): Omit<Usage, 'services'> {
  const pod = rec(rec(rec(deployment.spec).template).spec);
  const out = {
    pods: 1,
    'requests.cpu': 0,
    'requests.memory': 0,
    'limits.cpu': 0,
    'limits.memory': 0,
  };
  const containers = Array.isArray(pod.containers) ? pod.containers : [];
  for (const c of containers.map(rec)) {
    const r = rec(c.resources);
    for (const kind of ['requests', 'limits'] as const)
      for (const res of ['cpu', 'memory'] as const)
        out[`${kind}.${res}`] += tryParseQuantity(rec(r[kind])[res]) ?? 0;
  }
  return out;
}

function replicas(d: Manifest): number {
  const r = rec(d.spec).replicas;
  return typeof r === 'number' ? r : 1;
}

/** maxSurge resolved against the replicas as the deployment controller does (percentages round up). */
export function surgeOf(d: Manifest): number {
  const strategy = rec(rec(d.spec).strategy);
  if (strategy.type === 'Recreate') return 0;
  const s = rec(strategy.rollingUpdate).maxSurge ?? '25%';
  const n = replicas(d);
  if (typeof s === 'number') return s;
  const m = /^(\d+)%$/.exec(String(s));
  return m ? Math.ceil((Number(m[1]) * n) / 100) : Number(s) || 0;
}

/** JSON with object keys sorted, so equal templates compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

function sameTemplate(a: Manifest, b: Manifest): boolean {
  return canonical(rec(a.spec).template) === canonical(rec(b.spec).template);
}

/**
 * What changing the app from `current` (undefined for a new app) to `next` needs from `quota`.
 * A template change under RollingUpdate runs up to replicas + maxSurge pods, each charged at the
 * larger of the old and new pod's requests; Recreate and a pure scale need only the new replicas.
 */
export function preflight(
  quota: QuotaLike | undefined,
  next: Manifest,
  current?: Manifest,
  service?: { adds: boolean },
): Preflight {
  const nextPod = podUsage(next);
  const nowPod = current ? podUsage(current) : undefined;
  const rolling = current !== undefined && !sameTemplate(current, next);
  const peakPods = replicas(next) + (rolling ? surgeOf(next) : 0);
  const hard = quota?.status?.hard ?? quota?.spec?.hard ?? {};
  const used = quota?.status?.used ?? {};
  const rows: PreflightRow[] = [];
  for (const key of QUOTA_KEYS) {
    const limit = tryParseQuantity(hard[key]);
    if (limit === undefined) continue;
    let requested: number;
    if (key === 'services') requested = service?.adds ? 1 : 0;
    else {
      const perPod = Math.max(nextPod[key], rolling && nowPod ? nowPod[key] : 0);
      const now = current && nowPod ? replicas(current) * nowPod[key] : 0;
      requested = Math.max(0, peakPods * perPod - now);
    }
    const u = tryParseQuantity(used[key]) ?? 0;
    rows.push({
      resource: key,
      requested,
      used: u,
      hard: limit,
      fits: u + requested <= limit + 1e-9,
    });
  }
  return { quota: quota?.metadata.name, peakPods, rows, fits: rows.every((r) => r.fits) };
}

/** kube-apiserver's quota refusal for the rows that do not fit: "exceeded quota: q, requested: …". */
export function exceededMessage(p: Preflight): string {
  const bad = p.rows.filter((r) => !r.fits);
  const list = (f: (r: PreflightRow) => string) =>
    bad.map((r) => `${r.resource}=${f(r)}`).join(',');
  return `exceeded quota: ${p.quota ?? ''}, requested: ${list((r) => formatQuantity(r.resource, r.requested))}, used: ${list((r) => formatQuantity(r.resource, r.used))}, limited: ${list((r) => formatQuantity(r.resource, r.hard))}`;
}
