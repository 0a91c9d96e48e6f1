// The simulated kubelets: one logical kubelet per Node runs the stages of every pod bound to it, with one
// pending timer per pod at most, and owns the node's pod IP range and image cache.
import { findResource } from '../../lib/k8s/resources';
import type { Clock } from '../clock';
import { recordEvent } from '../controllers/events';
import { keyOf, splitKey } from '../controllers/runner';
import { Registry, SYSTEM_CTX } from '../registry';
import { StatusError, type KubeObject } from '../types';
import { imageBehaviour } from './images';
import { workQueue, type WorkQueue } from './queue';
import { step, type ContainerSpec, type Effect, type KubeletEnv, type PodStatus } from './stages';

const podD = findResource('', 'pods')!;

/** Stage steps applied in one sync before yielding (a pod catching up after downtime continues next tick). */
const MAX_STEPS = 8;

interface IpPool {
  prefix: [string, string, number];
  next: number;
  free: number[];
  byUid: Map<string, number>;
}

/**
 * Host `n` of a node's pod range: the node's /24 first, then further /24s 8 apart in the third octet,
 * so that up to 8 nodes never collide even when the benchmark puts thousands of pods on each.
 */
export function podIpAt(podCIDR: string | undefined, n: number): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.\d+\//.exec(podCIDR ?? '');
  const [a, b, c] = m ? [m[1]!, m[2]!, Number(m[3])] : ['10', '244', 0];
  const third = (c + 8 * Math.floor(n / 253)) % 256;
  return `${a}.${b}.${third}.${2 + (n % 253)}`;
}

function hostIpOf(node: KubeObject): string {
  const addrs = ((node.status as { addresses?: { type: string; address: string }[] } | undefined)
    ?.addresses ?? []) as { type: string; address: string }[];
  return addrs.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
}

export interface Kubelets {
  queue: WorkQueue;
  stop: () => void;
}

export function startKubelets(registry: Registry, clock: Clock): Kubelets {
  const store = registry.store;
  const pools = new Map<string, IpPool>();
  /** Per node: image → uid of the pod pulling it first ('' once present on the node). */
  const images = new Map<string, Map<string, string>>();

  const poolOf = (nodeName: string): IpPool => {
    let pool = pools.get(nodeName);
    if (!pool) {
      const node = store.get('/nodes', '', nodeName);
      const cidr = (node?.spec as { podCIDR?: string } | undefined)?.podCIDR;
      const m = /^(\d+)\.(\d+)\.(\d+)\./.exec(cidr ?? '');
      pool = {
        prefix: m ? [m[1]!, m[2]!, Number(m[3])] : ['10', '244', 0],
        next: 0,
        free: [],
        byUid: new Map(),
      };
      pools.set(nodeName, pool);
    }
    return pool;
  };
  const cidrOf = (pool: IpPool): string =>
    `${pool.prefix[0]}.${pool.prefix[1]}.${pool.prefix[2]}.0/24`;
  const ipIndex = (pool: IpPool, ip: string): number | undefined => {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4 || String(parts[0]) !== pool.prefix[0]) return undefined;
    const q = ((parts[2]! - pool.prefix[2] + 256) % 256) / 8;
    if (!Number.isInteger(q)) return undefined;
    return q * 253 + parts[3]! - 2;
  };
  const imagesOf = (nodeName: string): Map<string, string> => {
    let m = images.get(nodeName);
    if (!m) images.set(nodeName, (m = new Map()));
    return m;
  };

  // Rebuild what the kubelets "know" from the pods themselves, so a restart resumes where it was.
  for (const pod of store.list('/pods')) {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const status = (pod.status ?? {}) as PodStatus;
    if (!nodeName) continue;
    if (status.podIP) {
      const pool = poolOf(nodeName);
      const idx = ipIndex(pool, status.podIP);
      if (idx !== undefined) {
        pool.byUid.set(String(pod.metadata.uid), idx);
        pool.next = Math.max(pool.next, idx + 1);
      }
    }
    const containers = ((pod.spec as { containers?: ContainerSpec[] }).containers ??
      []) as ContainerSpec[];
    for (const cs of status.containerStatuses ?? []) {
      const image = containers.find((c) => c.name === cs.name)?.image;
      if (cs.imageID && image) imagesOf(nodeName).set(image, '');
    }
  }
  for (const pool of pools.values()) {
    const used = new Set(pool.byUid.values());
    for (let i = 0; i < pool.next; i++) if (!used.has(i)) pool.free.push(i);
  }

  const allocate = (nodeName: string, uid: string): string => {
    const pool = poolOf(nodeName);
    let idx = pool.byUid.get(uid);
    if (idx === undefined) {
      idx = pool.free.pop() ?? pool.next++;
      pool.byUid.set(uid, idx);
    }
    return podIpAtPool(pool, idx);
  };
  const podIpAtPool = (pool: IpPool, idx: number): string => podIpAt(cidrOf(pool), idx);
  const release = (nodeName: string, uid: string): void => {
    const pool = pools.get(nodeName);
    const idx = pool?.byUid.get(uid);
    if (pool && idx !== undefined) {
      pool.byUid.delete(uid);
      pool.free.push(idx);
    }
  };

  const envFor = (node: KubeObject, nodeName: string): KubeletEnv => ({
    hostIP: hostIpOf(node),
    allocateIp: () => '',
    pulls: (pod: KubeObject, c: ContainerSpec): boolean => {
      const image = c.image ?? '';
      const policy = (c as { imagePullPolicy?: string }).imagePullPolicy;
      if (imageBehaviour(image).pullFails) return true;
      if (policy === 'Always') return true;
      const cache = imagesOf(nodeName);
      const owner = cache.get(image);
      if (owner === undefined) {
        cache.set(image, String(pod.metadata.uid));
        return true;
      }
      return owner === pod.metadata.uid;
    },
  });

  const apply = (pod: KubeObject, effect: Effect, nodeName: string): KubeObject | undefined => {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name!;
    for (const e of effect.events) {
      recordEvent(
        registry,
        clock,
        { component: 'kubelet', host: nodeName },
        pod,
        e.type,
        e.reason,
        e.message,
        e.fieldPath,
      );
    }
    if (effect.delete) {
      try {
        registry.delete(
          podD,
          ns,
          name,
          { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } },
          SYSTEM_CTX,
        );
      } catch (err) {
        if (!(err instanceof StatusError) || (err.code !== 404 && err.code !== 409)) throw err;
      }
      return undefined;
    }
    if (!effect.status) return pod;
    registry.update(podD, ns, name, { ...pod, status: effect.status }, SYSTEM_CTX, 'status');
    // The registry completes the deletion of a terminating object without finalizers on any write,
    // so the pod may be gone now.
    const written = store.get('/pods', ns, name);
    return written?.metadata.uid === pod.metadata.uid ? written : undefined;
  };

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    let pod = store.get('/pods', ns, name);
    if (!pod) return queue.forget(key);
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) return;
    const node = store.get('/nodes', '', nodeName);
    if (!node) {
      // No kubelet will ever stop it: pod GC removes a deleted pod bound to a missing node.
      if (pod.metadata.deletionTimestamp) apply(pod, { events: [], delete: true }, nodeName);
      return;
    }
    const env = envFor(node, nodeName);
    for (let i = 0; i < MAX_STEPS; i++) {
      const uid = String(pod.metadata.uid);
      env.allocateIp = () => allocate(nodeName, uid);
      const now = clock.now();
      const plan = step(pod, env, now);
      if (plan.effect) {
        const next: KubeObject | undefined = apply(pod, plan.effect, nodeName);
        if (!next) return queue.forget(key);
        if (next === pod) return; // a no-op write: nothing will change until something else does
        pod = next;
        continue;
      }
      if (plan.due !== undefined) queue.requeueAfter(key, plan.due - now);
      else queue.forget(key);
      return;
    }
    queue.enqueue(key);
  };

  const queue = workQueue('kubelet', clock, sync);
  const stopWatch = store.watch('/pods', store.resourceVersion, (e) => {
    const key = keyOf(e.object);
    const nodeName = (e.object.spec as { nodeName?: string } | undefined)?.nodeName;
    if (e.type === 'DELETED') {
      if (nodeName) release(nodeName, String(e.object.metadata.uid));
      if (!store.get('/pods', e.object.metadata.namespace ?? '', e.object.metadata.name!))
        queue.forget(key);
      return;
    }
    if (nodeName) queue.enqueue(key);
  });
  for (const pod of store.list('/pods')) {
    if ((pod.spec as { nodeName?: string } | undefined)?.nodeName) queue.enqueue(keyOf(pod));
  }
  return {
    queue,
    stop: () => {
      stopWatch();
      queue.stop();
    },
  };
}
