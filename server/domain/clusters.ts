// The clusters overview (screen 1): health and version of every connected cluster, and, for users who may
// read them, node counts and CPU/memory allocatable vs requested, summed from the shared watch cache.
import type { ClusterOverview } from '../../lib/contracts/clusters';
import { tryParseQuantity } from '../../lib/k8s/quantity';
import type { WharfContext } from '../context';
import type { AccessAttributes } from '../kube/access';
import { KubeError, kubeJson, type Identity } from '../kube/transport';
import { watchKeyId, type CachedObject, type WatchCache, type WatchKey } from '../kube/watch-cache';

export type OverviewContext = Pick<WharfContext, 'clusters' | 'cache' | 'access'>;

export interface OverviewOptions {
  /** How long /readyz and /version may take before the cluster counts as unreachable. */
  probeTimeoutMs?: number;
  /** How long the first node/pod snapshot may take. */
  usageTimeoutMs?: number;
}

/** Summed node and pod figures of one cluster. */
export interface ClusterUsage {
  nodes: { total: number; ready: number };
  cpu: { allocatable: number; requested: number };
  memory: { allocatable: number; requested: number };
}

// Collections whose watch failed lately, per cache: asked again within this time they fail at once, so
// a dead cluster does not hold up every page for the whole timeout while the reflector backs off.
const FAILURE_MEMORY_MS = 10_000;
const failures = new WeakMap<WatchCache, Map<string, { message: string; at: number }>>();

/**
 * The collection once synced, or the watch's error as soon as it reports one (cache.list would wait
 * for a snapshot that an unreachable cluster never sends).
 */
export function listOrFail(
  cache: WatchCache,
  key: WatchKey,
  timeoutMs: number,
): Promise<CachedObject[]> {
  const ready = cache.peek(key);
  if (ready) return Promise.resolve(ready);
  let failed = failures.get(cache);
  if (!failed) failures.set(cache, (failed = new Map()));
  const memo = failed;
  const id = watchKeyId(key);
  const recent = memo.get(id);
  const fresh = recent !== undefined && Date.now() - recent.at < FAILURE_MEMORY_MS;
  return new Promise((resolve, reject) => {
    let stop = (): void => {};
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      f();
    };
    const fail = (message: string): void => {
      memo.set(id, { message, at: Date.now() });
      finish(() => reject(new Error(message)));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    // Subscribing even when failing fast keeps the reflector retrying, so recovery is noticed.
    stop = cache.subscribe(key, (e) => {
      if (e.type === 'SNAPSHOT') {
        memo.delete(id);
        finish(() => resolve(e.items));
      } else if (e.type === 'ERROR') fail(e.message);
    });
    if (fresh) finish(() => reject(new Error(recent.message)));
  });
}

// ---- per-object figures ------------------------------------------------------------------------

interface Figures {
  cpu: number;
  memory: number;
}

type Resources = { requests?: Record<string, unknown> } | undefined;
interface ContainerLike {
  resources?: Resources;
  restartPolicy?: string;
}

function requestOf(c: ContainerLike): Figures {
  const r = c.resources?.requests ?? {};
  return { cpu: tryParseQuantity(r.cpu) ?? 0, memory: tryParseQuantity(r.memory) ?? 0 };
}

/** A node's allocatable CPU (cores) and memory (bytes), and whether its Ready condition is True. */
export function nodeFigures(node: CachedObject): Figures & { ready: boolean } {
  const status = (node.status ?? {}) as {
    allocatable?: Record<string, unknown>;
    conditions?: { type?: string; status?: string }[];
  };
  return {
    cpu: tryParseQuantity(status.allocatable?.cpu) ?? 0,
    memory: tryParseQuantity(status.allocatable?.memory) ?? 0,
    ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  };
}

/**
 * What a pod takes from its node as the scheduler counts it: the larger of its containers (with
 * sidecars) and its largest init container, plus overhead; nothing once it has finished or before
 * it is scheduled. https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 */
export function podRequests(pod: CachedObject): Figures {
  const spec = (pod.spec ?? {}) as {
    nodeName?: string;
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    overhead?: Record<string, unknown>;
  };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return { cpu: 0, memory: 0 };
  const sum = (a: Figures, b: Figures): Figures => ({
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
  });
  let sidecars: Figures = { cpu: 0, memory: 0 };
  let init: Figures = { cpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = requestOf(c);
    if (c.restartPolicy === 'Always') sidecars = sum(sidecars, r);
    else {
      // a regular init container runs alongside the sidecars started before it
      init = {
        cpu: Math.max(init.cpu, sidecars.cpu + r.cpu),
        memory: Math.max(init.memory, sidecars.memory + r.memory),
      };
    }
  }
  const main = (spec.containers ?? []).map(requestOf).reduce(sum, sidecars);
  return {
    cpu: Math.max(main.cpu, init.cpu) + (tryParseQuantity(spec.overhead?.cpu) ?? 0),
    memory: Math.max(main.memory, init.memory) + (tryParseQuantity(spec.overhead?.memory) ?? 0),
  };
}

// ---- the usage tracker: one per cache × cluster, kept while people look --------------------------

const IDLE_MS = 10 * 60_000;

interface Tracker {
  read(timeoutMs: number): Promise<ClusterUsage>;
}

const trackers = new WeakMap<WatchCache, Map<string, Tracker>>();

function objKey(o: CachedObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/**
 * Holds the cluster-wide node and pod watches (so a 10k-pod cluster is listed once, not per visit)
 * and keeps each object's figures, so a read only adds numbers up.
 */
function createTracker(cache: WatchCache, cluster: string, onIdle: () => void): Tracker {
  const nodes = new Map<string, Figures & { ready: boolean }>();
  const pods = new Map<string, Figures>();
  const synced = { nodes: false, pods: false };
  let lastError = '';
  let waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let idle: NodeJS.Timeout | undefined;

  const settle = (error?: string): void => {
    const ws = waiters;
    waiters = [];
    for (const w of ws) {
      if (error === undefined) w.resolve();
      else w.reject(new Error(error));
    }
  };
  function feed<F>(
    kind: 'nodes' | 'pods',
    map: Map<string, F>,
    figures: (o: CachedObject) => F,
  ): (e: Parameters<Parameters<WatchCache['subscribe']>[1]>[0]) => void {
    return (e) => {
      if (e.type === 'ERROR') {
        synced[kind] = false;
        lastError = e.message;
        settle(e.message);
        return;
      }
      if (e.type === 'SNAPSHOT') {
        map.clear();
        for (const o of e.items) map.set(objKey(o), figures(o));
        synced[kind] = true;
        if (synced.nodes && synced.pods) settle();
        return;
      }
      if (e.type === 'DELETED') map.delete(objKey(e.object));
      else map.set(objKey(e.object), figures(e.object));
    };
  }

  const unsubscribe = [
    cache.subscribe(
      { cluster, apiPath: '/api/v1', plural: 'nodes' },
      feed('nodes', nodes, nodeFigures),
    ),
    cache.subscribe(
      { cluster, apiPath: '/api/v1', plural: 'pods' },
      feed('pods', pods, podRequests),
    ),
  ];

  function total(): ClusterUsage {
    const u: ClusterUsage = {
      nodes: { total: 0, ready: 0 },
      cpu: { allocatable: 0, requested: 0 },
      memory: { allocatable: 0, requested: 0 },
    };
    for (const n of nodes.values()) {
      u.nodes.total++;
      if (n.ready) u.nodes.ready++;
      u.cpu.allocatable += n.cpu;
      u.memory.allocatable += n.memory;
    }
    for (const p of pods.values()) {
      u.cpu.requested += p.cpu;
      u.memory.requested += p.memory;
    }
    // millicores and whole bytes: sums of parsed decimals drift in the last digits
    u.cpu.allocatable = Math.round(u.cpu.allocatable * 1000) / 1000;
    u.cpu.requested = Math.round(u.cpu.requested * 1000) / 1000;
    u.memory.allocatable = Math.round(u.memory.allocatable);
    u.memory.requested = Math.round(u.memory.requested);
    return u;
  }

  return {
    async read(timeoutMs) {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        for (const u of unsubscribe) u();
        onIdle();
      }, IDLE_MS);
      idle.unref();
      if (synced.nodes && synced.pods) return total();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(lastError || `no answer within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        waiters.push({
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
      return total();
    },
  };
}

/** The node and pod figures of a cluster, from the shared cache (console identity). */
export function clusterUsage(
  cache: WatchCache,
  cluster: string,
  timeoutMs = 5_000,
): Promise<ClusterUsage> {
  let perCache = trackers.get(cache);
  if (!perCache) trackers.set(cache, (perCache = new Map()));
  let tracker = perCache.get(cluster);
  if (!tracker) {
    const map = perCache;
    tracker = createTracker(cache, cluster, () => map.delete(cluster));
    perCache.set(cluster, tracker);
  }
  return tracker.read(timeoutMs);
}

// ---- the overview -------------------------------------------------------------------------------

/** Why a cluster did not answer, in words for the overview (no stack, no internals). */
export function unreachableReason(err: unknown, timeoutMs: number): string {
  if (err instanceof KubeError) return `not ready (HTTP ${err.code}): ${err.message}`.trim();
  const code = (err as { code?: unknown } | null)?.code;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return err instanceof Error ? err.message : String(err);
}

const LIST_NODES: AccessAttributes = { verb: 'list', resource: 'nodes' };
// Requested figures are sums over every pod: only for who may list pods in every namespace.
const LIST_ALL_PODS: AccessAttributes = { verb: 'list', resource: 'pods' };

async function overviewOf(
  ctx: OverviewContext,
  who: Identity,
  name: string,
  opts: Required<OverviewOptions>,
): Promise<ClusterOverview> {
  const conn = ctx.clusters.get(name)!;
  const signal = AbortSignal.timeout(opts.probeTimeoutMs);
  // /readyz and /version are public information: asked with the console's identity.
  const [ready, version] = await Promise.allSettled([
    kubeJson<unknown>(conn, { path: '/readyz', accept: 'text/plain', signal }),
    kubeJson<{ gitVersion?: string }>(conn, { path: '/version', signal }),
  ]);
  if (ready.status === 'rejected')
    return {
      name,
      health: 'unreachable',
      error: unreachableReason(ready.reason, opts.probeTimeoutMs),
    };
  const out: ClusterOverview = { name, health: 'ok' };
  if (version.status === 'fulfilled' && typeof version.value?.gitVersion === 'string')
    out.version = version.value.gitVersion;
  try {
    const [nodes, pods] = await Promise.all([
      ctx.access.allowed(name, who, LIST_NODES),
      ctx.access.allowed(name, who, LIST_ALL_PODS),
    ]);
    if (!nodes) return out;
    const usage = await clusterUsage(ctx.cache, name, opts.usageTimeoutMs);
    return pods ? { ...out, ...usage } : { ...out, nodes: usage.nodes };
  } catch (err) {
    return { ...out, error: `figures unavailable: ${unreachableReason(err, opts.usageTimeoutMs)}` };
  }
}

/**
 * Every connected cluster, in name order: health and version for everyone; node counts for users the
 * API server lets list nodes; CPU and memory for those who may also list pods in every namespace. An unreachable cluster is one
 * entry with `health: 'unreachable'`, never a failed list.
 */
export function clusterOverview(
  ctx: OverviewContext,
  who: Identity,
  options: OverviewOptions = {},
): Promise<ClusterOverview[]> {
  const opts = { probeTimeoutMs: 3_000, usageTimeoutMs: 5_000, ...options };
  const names = [...ctx.clusters.keys()].sort();
  return Promise.all(names.map((name) => overviewOf(ctx, who, name, opts)));
}
