// The simulated default-scheduler: binds pending pods to Nodes by requests vs allocatable, nodeSelector and
// required node affinity, with kube's FailedScheduling messages; per-node usage is tracked incrementally.
import { parseQuantity } from '../../lib/k8s/quantity';
import { findResource } from '../../lib/k8s/resources';
import { matches, requirementsOf } from '../../lib/k8s/selectors';
import { isoSeconds, type Clock } from '../clock';
import { recordEvent } from '../controllers/events';
import { podUsage } from '../controllers/quota';
import { keyOf, splitKey } from '../controllers/runner';
import { Registry, SYSTEM_CTX } from '../registry';
import { StatusError, type KubeObject } from '../types';
import { workQueue } from './queue';
import type { PodCondition, PodStatus } from './stages';

/** Benchmark namespaces whose pods are treated as taking nothing, so 10,000 of them fit on three nodes. */
export const TINY_NAMESPACES: ReadonlySet<string> = new Set(['sim-load']);

export const SCHEDULER = 'default-scheduler';
/** Unschedulable pods are retried at least this often (kube's podMaxInUnschedulablePodsDuration). */
const RETRY_UNSCHEDULABLE_MS = 5 * 60_000;

export interface Amounts {
  cpu: number;
  memory: number;
  pods: number;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  allocatable: Amounts;
  unschedulable: boolean;
}

const podD = findResource('', 'pods')!;

function num(v: unknown, fallback: number): number {
  try {
    return v === undefined ? fallback : parseQuantity(v as string | number);
  } catch {
    return fallback;
  }
}

export function nodeInfo(node: KubeObject): NodeInfo {
  const alloc = ((node.status as { allocatable?: Record<string, string> } | undefined)
    ?.allocatable ?? {}) as Record<string, string>;
  return {
    name: node.metadata.name!,
    labels: node.metadata.labels ?? {},
    allocatable: {
      cpu: num(alloc.cpu, 0),
      memory: num(alloc.memory, 0),
      pods: num(alloc.pods, 110),
    },
    unschedulable: Boolean((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable),
  };
}

/** What a pod takes from its node while it is not finished. */
export function podRequests(pod: KubeObject): Amounts {
  if (TINY_NAMESPACES.has(pod.metadata.namespace ?? '')) return { cpu: 0, memory: 0, pods: 0 };
  const u = podUsage(pod);
  return { cpu: u['requests.cpu'] ?? 0, memory: u['requests.memory'] ?? 0, pods: 1 };
}

interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function affinityMatches(pod: KubeObject, labels: Record<string, string>): boolean {
  const spec = (pod.spec ?? {}) as {
    nodeSelector?: Record<string, string>;
    affinity?: {
      nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      };
    };
  };
  if (!matches(requirementsOf({ matchLabels: spec.nodeSelector ?? {} }), labels)) return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  // Terms are ORed; Gt/Lt are not simulated and never match.
  return terms.some((t) =>
    (t.matchExpressions ?? []).every(
      (e) =>
        /^(In|NotIn|Exists|DoesNotExist)$/.test(e.operator) &&
        matches(requirementsOf({ matchExpressions: [e] }), labels),
    ),
  );
}

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * Why `pod` does not fit on `node`: the reasons of the first failing filter plugin, in the scheduler's
 * order (NodeUnschedulable, NodeAffinity, NodeResourcesFit); empty when it fits.
 */
export function filterNode(pod: KubeObject, req: Amounts, node: NodeInfo, used: Amounts): string[] {
  if (node.unschedulable) return ['node(s) were unschedulable'];
  if (!affinityMatches(pod, node.labels))
    return ["node(s) didn't match Pod's node affinity/selector"];
  const out: string[] = [];
  if (req.pods > 0 && used.pods + req.pods > node.allocatable.pods) out.push('Too many pods');
  if (req.cpu > 0 && used.cpu + req.cpu > node.allocatable.cpu + 1e-9) out.push('Insufficient cpu');
  if (req.memory > 0 && used.memory + req.memory > node.allocatable.memory)
    out.push('Insufficient memory');
  return out;
}

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([r, n]) => `${n} ${r}`)
    .sort()
    .join(', ');
}

/** kube-scheduler's FitError message, preemption part included. */
export function unschedulableMessage(perNode: string[][]): string {
  const total = perNode.length;
  if (total === 0) return 'no nodes available to schedule pods';
  const preemption = perNode.map((reasons) =>
    reasons.every((r) => r.startsWith('Insufficient') || r === 'Too many pods')
      ? NO_VICTIMS
      : NOT_HELPFUL,
  );
  return (
    `0/${total} nodes are available: ${histogram(perNode.flat())}. ` +
    `preemption: 0/${total} nodes are available: ${histogram(preemption)}.`
  );
}

/** Most free share of cpu and memory wins (NodeResourcesFit LeastAllocated); ties rotate. */
export function pickNode(
  candidates: { info: NodeInfo; used: Amounts }[],
  req: Amounts,
  rotation: number,
): string | undefined {
  if (candidates.length === 0) return undefined;
  if (req.cpu === 0 && req.memory === 0) return candidates[rotation % candidates.length]!.info.name;
  const share = (free: number, total: number): number => (total > 0 ? free / total : 0);
  let best: { name: string; score: number } | undefined;
  candidates.forEach((c, i) => {
    const a = c.info.allocatable;
    const score =
      (share(a.cpu - c.used.cpu - req.cpu, a.cpu) +
        share(a.memory - c.used.memory - req.memory, a.memory)) /
        2 -
      // a tiny bias that rotates ties
      ((((i - rotation) % candidates.length) + candidates.length) % candidates.length) * 1e-9;
    if (!best || score > best.score) best = { name: c.info.name, score };
  });
  return best?.name;
}

export interface Scheduler {
  /** Requests of the pods bound to each node, as the scheduler counts them. */
  used: (node: string) => Amounts;
  stop: () => void;
}

function needsScheduling(pod: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as { nodeName?: string; schedulerName?: string };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return (
    !spec.nodeName &&
    !pod.metadata.deletionTimestamp &&
    (spec.schedulerName ?? SCHEDULER) === SCHEDULER &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

export function startScheduler(registry: Registry, clock: Clock): Scheduler {
  const store = registry.store;
  const used = new Map<string, Amounts>();
  const counted = new Map<string, { node: string; req: Amounts }>();
  const unschedulable = new Set<string>();
  let rotation = 0;

  const usedOf = (node: string): Amounts => {
    let u = used.get(node);
    if (!u) used.set(node, (u = { cpu: 0, memory: 0, pods: 0 }));
    return u;
  };
  /** Brings the per-node sums in line with one pod's current state; returns whether room was freed. */
  const account = (uid: string, pod: KubeObject | undefined): boolean => {
    const prev = counted.get(uid);
    const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
    const phase = (pod?.status as { phase?: string } | undefined)?.phase;
    const next =
      pod && nodeName && phase !== 'Succeeded' && phase !== 'Failed'
        ? { node: nodeName, req: prev?.node === nodeName ? prev.req : podRequests(pod) }
        : undefined;
    if (prev?.node === next?.node) return false;
    if (prev) {
      const u = usedOf(prev.node);
      u.cpu -= prev.req.cpu;
      u.memory -= prev.req.memory;
      u.pods -= prev.req.pods;
    }
    if (next) {
      const u = usedOf(next.node);
      u.cpu += next.req.cpu;
      u.memory += next.req.memory;
      u.pods += next.req.pods;
      counted.set(uid, next);
    } else counted.delete(uid);
    return prev !== undefined;
  };
  const retryUnschedulable = (): void => {
    for (const key of unschedulable) queue.enqueue(key);
  };

  const fail = (pod: KubeObject, message: string): void => {
    const key = keyOf(pod);
    unschedulable.add(key);
    const status = (pod.status ?? {}) as PodStatus;
    const prev = status.conditions?.find((c) => c.type === 'PodScheduled');
    const cond: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastProbeTime: null,
      lastTransitionTime:
        prev?.status === 'False' && prev.lastTransitionTime
          ? prev.lastTransitionTime
          : isoSeconds(clock.now()),
    };
    const conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      cond,
    ];
    const written = registry.update(
      podD,
      pod.metadata.namespace ?? '',
      pod.metadata.name!,
      { ...pod, status: { ...status, phase: status.phase ?? 'Pending', conditions } },
      SYSTEM_CTX,
      'status',
    );
    recordEvent(
      registry,
      clock,
      { component: SCHEDULER },
      written,
      'Warning',
      'FailedScheduling',
      message,
    );
    queue.requeueAfter(key, RETRY_UNSCHEDULABLE_MS);
  };

  const bind = (pod: KubeObject, nodeName: string): void => {
    const status = (pod.status ?? {}) as PodStatus;
    const conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      {
        type: 'PodScheduled',
        status: 'True' as const,
        lastProbeTime: null,
        lastTransitionTime: isoSeconds(clock.now()),
      },
    ];
    const written = registry.update(
      podD,
      pod.metadata.namespace ?? '',
      pod.metadata.name!,
      {
        ...pod,
        spec: { ...(pod.spec as object), nodeName },
        status: { ...status, phase: status.phase ?? 'Pending', conditions },
      },
      SYSTEM_CTX,
    );
    // Counted now, before the watch event arrives, so the next pod in this batch sees it (the scheduler cache's "assume").
    account(String(written.metadata.uid), written);
    recordEvent(
      registry,
      clock,
      { component: SCHEDULER },
      written,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    );
  };

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const pod = store.get('/pods', ns, name);
    if (!pod || !needsScheduling(pod)) {
      unschedulable.delete(key);
      queue.forget(key);
      return;
    }
    const req = podRequests(pod);
    const nodes = store
      .list('/nodes', '')
      .map(nodeInfo)
      .sort((a, b) => a.name.localeCompare(b.name));
    const perNode: string[][] = [];
    const candidates: { info: NodeInfo; used: Amounts }[] = [];
    for (const info of nodes) {
      const u = usedOf(info.name);
      const reasons = filterNode(pod, req, info, u);
      if (reasons.length === 0) candidates.push({ info, used: u });
      else perNode.push(reasons);
    }
    const chosen = pickNode(candidates, req, rotation++);
    try {
      if (chosen) {
        unschedulable.delete(key);
        queue.forget(key);
        bind(pod, chosen);
      } else fail(pod, unschedulableMessage(perNode));
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      if (err instanceof StatusError && err.code === 409) return queue.enqueue(key);
      throw err;
    }
  };

  const queue = workQueue('scheduler', clock, sync);
  for (const pod of store.list('/pods')) {
    account(String(pod.metadata.uid), pod);
    if (needsScheduling(pod)) queue.enqueue(keyOf(pod));
  }
  const stopPods = store.watch('/pods', store.resourceVersion, (e) => {
    const uid = String(e.object.metadata.uid);
    const freed = account(uid, e.type === 'DELETED' ? undefined : e.object);
    if (freed) retryUnschedulable();
    if (e.type === 'DELETED' || !needsScheduling(e.object)) return;
    // Our own status writes (FailedScheduling) must not requeue the pod; new pods and spec changes do.
    if (e.type === 'ADDED' || JSON.stringify(e.old?.spec) !== JSON.stringify(e.object.spec))
      queue.enqueue(keyOf(e.object));
  });
  const stopNodes = store.watch('/nodes', store.resourceVersion, (e) => {
    if (e.type !== 'DELETED') retryUnschedulable();
  });
  return {
    used: (node) => ({ ...usedOf(node) }),
    stop: () => {
      stopPods();
      stopNodes();
      queue.stop();
    },
  };
}
