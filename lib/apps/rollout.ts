// The rollout of an app as people read it: the Deployment's new and old ReplicaSets with their pods,
// progress towards the desired replicas, and what is wrong in words (kubectl rollout status and
// `kubectl describe` read the same fields). Pure, from the live lists the screen subscribes to.
import { podStatusDetail, type PodLike } from '../k8s/pod-status';
import { modelFrom, type AppModel, type Manifest } from './app-model';

export const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

type Obj = Record<string, unknown>;
function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export interface KubeItem {
  metadata: {
    name?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { uid?: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
}

export interface RolloutPod {
  name: string;
  reason: string;
  ready: boolean;
  restarts: number;
}

export interface RolloutReplicaSet {
  name: string;
  revision: number;
  image: string;
  /** The ReplicaSet of the Deployment's current template. */
  current: boolean;
  desired: number;
  ready: number;
  pods: RolloutPod[];
}

export type RolloutPhase = 'complete' | 'progressing' | 'paused' | 'failed';

export type ProblemKind = 'crash' | 'pull' | 'oom' | 'config' | 'deadline' | 'create';

export interface RolloutProblem {
  kind: ProblemKind;
  /** The pod that shows it, to link to its logs. */
  pod?: string;
  /** The Kubernetes reason or message, verbatim. */
  detail: string;
}

export interface Rollout {
  revision: number;
  desired: number;
  updated: number;
  available: number;
  paused: boolean;
  phase: RolloutPhase;
  replicaSets: RolloutReplicaSet[];
  problems: RolloutProblem[];
}

export function revisionOf(o: KubeItem): number {
  const r = Number(o.metadata.annotations?.[REVISION]);
  return Number.isFinite(r) ? r : 0;
}

/** The ReplicaSets the Deployment controls, newest revision first. */
export function ownedReplicaSets(d: KubeItem, replicaSets: readonly KubeItem[]): KubeItem[] {
  return replicaSets
    .filter((r) =>
      r.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid),
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}

function imageOf(template: unknown): string {
  const containers = rec(rec(template).spec).containers;
  return Array.isArray(containers) ? String(rec(containers[0]).image ?? '') : '';
}

function condition(d: KubeItem, type: string): Obj | undefined {
  const list = rec(d.status).conditions;
  return Array.isArray(list) ? list.map(rec).find((c) => c.type === type) : undefined;
}

const PROBLEMS: [RegExp, ProblemKind][] = [
  [/CrashLoopBackOff|^Error$|^ExitCode:/, 'crash'],
  [/ImagePullBackOff|ErrImagePull|InvalidImageName/, 'pull'],
  [/OOMKilled/, 'oom'],
  [/CreateContainerConfigError|CreateContainerError/, 'config'],
];

/** The rollout of `d` from its ReplicaSets and the app's pods. */
export function rolloutOf(
  d: KubeItem,
  replicaSets: readonly KubeItem[],
  pods: readonly KubeItem[],
): Rollout {
  const spec = rec(d.spec);
  const status = rec(d.status);
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const revision = revisionOf(d);
  const owned = ownedReplicaSets(d, replicaSets);
  const sets: RolloutReplicaSet[] = owned
    .map((r) => {
      const hash = r.metadata.labels?.[HASH];
      const mine = pods.filter(
        (p) =>
          p.metadata.ownerReferences?.some((o) => o.uid === r.metadata.uid) ||
          (hash !== undefined && p.metadata.labels?.[HASH] === hash),
      );
      return {
        name: r.metadata.name ?? '',
        revision: revisionOf(r),
        image: imageOf(rec(r.spec).template),
        current: revisionOf(r) === revision,
        desired: num(rec(r.spec).replicas),
        ready: num(rec(r.status).readyReplicas),
        pods: mine
          .map((p) => {
            const detail = podStatusDetail(p as PodLike);
            return {
              name: p.metadata.name ?? '',
              reason: detail.reason,
              ready:
                detail.totalContainers > 0 && detail.readyContainers === detail.totalContainers,
              restarts: detail.restarts,
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    // Old ReplicaSets scaled to zero with no pods left are history, not part of the rollout.
    .filter((r) => r.current || r.desired > 0 || r.pods.length > 0);

  const problems: RolloutProblem[] = [];
  for (const r of sets.filter((s) => s.current))
    for (const p of r.pods)
      for (const [re, kind] of PROBLEMS)
        if (re.test(p.reason) && !problems.some((x) => x.kind === kind))
          problems.push({ kind, pod: p.name, detail: p.reason });
  const progressing = condition(d, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    problems.push({ kind: 'deadline', detail: String(progressing.message ?? '') });
  const failure = condition(d, 'ReplicaFailure');
  if (failure?.status === 'True')
    problems.push({ kind: 'create', detail: String(failure.message ?? '') });

  const updated = num(status.updatedReplicas);
  const available = num(status.availableReplicas);
  const generationSeen = num(status.observedGeneration) >= num(d.metadata.generation);
  const done =
    generationSeen &&
    updated === desired &&
    available === desired &&
    num(status.replicas) === desired;
  const paused = spec.paused === true;
  const phase: RolloutPhase = paused
    ? 'paused'
    : problems.length > 0
      ? 'failed'
      : done
        ? 'complete'
        : 'progressing';
  return { revision, desired, updated, available, paused, phase, replicaSets: sets, problems };
}

// ---------------------------------------------------------------------------------------------
// Revisions and what changed between them.

export interface RevisionChange {
  /** `image`, `env MODE`, `requests.cpu`, `readiness`… */
  field: string;
  from: string;
  to: string;
}

function asDeployment(template: unknown): Manifest {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: { template } };
}

function describeProbe(p: AppModel['readiness']): string {
  return p
    ? `GET ${p.path} :${p.port} after ${p.initialDelaySeconds}s every ${p.periodSeconds}s`
    : '';
}

function describeEnv(e: AppModel['env'][number]): string {
  return e.source === 'value' ? e.value : `${e.source} ${e.ref}/${e.key}`;
}

/** What rolling back from `from`'s template to `to`'s would change: image, env, resources, probes. */
export function templateDiff(from: unknown, to: unknown): RevisionChange[] {
  const a = modelFrom(asDeployment(from));
  const b = modelFrom(asDeployment(to));
  const out: RevisionChange[] = [];
  const add = (field: string, x: string, y: string) => {
    if (x !== y) out.push({ field, from: x, to: y });
  };
  add('image', a.image, b.image);
  const names = [...new Set([...a.env.map((e) => e.name), ...b.env.map((e) => e.name)])];
  for (const n of names) {
    const x = a.env.find((e) => e.name === n);
    const y = b.env.find((e) => e.name === n);
    add(`env ${n}`, x ? describeEnv(x) : '', y ? describeEnv(y) : '');
  }
  for (const kind of ['requests', 'limits'] as const)
    for (const r of ['cpu', 'memory'] as const) add(`${kind}.${r}`, a[kind][r], b[kind][r]);
  add('readiness', describeProbe(a.readiness), describeProbe(b.readiness));
  add('liveness', describeProbe(a.liveness), describeProbe(b.liveness));
  const ports = (m: AppModel) => m.ports.map((p) => `${p.name}:${p.containerPort}`).join(', ');
  add('ports', ports(a), ports(b));
  const restarted = (t: unknown) =>
    String(rec(rec(rec(t).metadata).annotations)['kubectl.kubernetes.io/restartedAt'] ?? '');
  add('restartedAt', restarted(from), restarted(to));
  return out;
}

/** The pod template of a ReplicaSet without its pod-template-hash label (as a rollback copies it). */
export function revisionTemplate(rs: KubeItem): unknown {
  const t = JSON.parse(JSON.stringify(rec(rs.spec).template ?? {})) as {
    metadata?: { labels?: Record<string, string> };
  };
  delete t.metadata?.labels?.[HASH];
  return t;
}
