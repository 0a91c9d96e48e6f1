// Simulated resource usage: a deterministic function of (pod uid, container, time) around a base derived
// from requests, limits and the log rate, so metrics move plausibly and cost nothing until asked for.
import { parseQuantity } from '../../lib/k8s/quantity';
import type { KubeObject } from '../types';
import { imageBehaviour } from './images';
import { TINY_NAMESPACES } from './scheduler';
import type { ContainerStatus, PodStatus } from './stages';

export const LOG_RATE_ANNOTATION = 'sim.wharf.io/log-rate';

const MI = 2 ** 20;
const GI = 2 ** 30;
/** What the node's system daemons (kubelet, containerd, kube-proxy) use besides the pods. */
const NODE_OVERHEAD = { cpu: 0.12, memory: 1.2 * GI };

export interface Usage {
  /** cores */
  cpu: number;
  /** bytes */
  memory: number;
}

interface ContainerResources {
  name: string;
  image?: string;
  env?: { name: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** FNV-1a: cheap enough to run for 10,000 pods on every request. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Smooth noise in [-1, 1]: interpolated per-bucket random values, so consecutive samples are close. */
function noise(seed: number, t: number, bucketMs: number): number {
  const x = t / bucketMs;
  const i = Math.floor(x);
  const f = x - i;
  const v = (k: number): number => (fnv(`${seed}:${k}`) / 0xffffffff) * 2 - 1;
  const s = f * f * (3 - 2 * f);
  return v(i) * (1 - s) + v(i + 1) * s;
}

function quantity(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

/** Lines per second the pod's containers log (annotation, default 1). */
export function logRate(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[LOG_RATE_ANNOTATION];
  const n = raw === undefined ? 1 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 1_000_000) : 1;
}

/**
 * Usage of one running container at `now`: CPU around 15 % of requests plus 0.5 m per logged line a
 * second, waving over minutes, capped by the limit; memory starting near half the request and
 * creeping up over hours towards 85 % of the limit (JVMs start higher).
 */
export function containerUsage(
  pod: KubeObject,
  c: ContainerResources,
  startedAtMs: number,
  now: number,
): Usage {
  const seed = fnv(`${pod.metadata.uid}/${c.name}`);
  if (TINY_NAMESPACES.has(pod.metadata.namespace ?? '')) {
    // Benchmark pods are as tiny for metrics as for the scheduler: 10,000 of them fit three nodes.
    return {
      cpu: 0.0003 * (1 + 0.3 * noise(seed, now, 15_000)),
      memory: 1.5 * MI * (1 + 0.1 * noise(seed ^ 1, now, 30_000)),
    };
  }
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const limCpu = quantity(lim.cpu);
  const reqCpu = quantity(req.cpu) ?? (limCpu !== undefined ? limCpu / 2 : 0.05);
  const java =
    (c.env ?? []).some((e) => e.name === 'JAVA_OPTS') || /java|jdk|jre|spring/i.test(c.image ?? '');
  const uptime = Math.max(0, now - startedAtMs);
  let cpu = 0.15 * reqCpu + 0.0005 * logRate(pod) + (java ? 0.01 : 0.001);
  // JVMs burn CPU while they warm up.
  if (java && uptime < 90_000) cpu *= 3;
  cpu *=
    1 +
    0.3 * Math.sin((2 * Math.PI * now) / 300_000 + (seed % 628) / 100) +
    0.35 * noise(seed, now, 15_000);
  cpu = Math.max(0.0005, limCpu !== undefined ? Math.min(cpu, limCpu) : cpu);

  const limMem = quantity(lim.memory);
  const reqMem = quantity(req.memory) ?? (limMem !== undefined ? limMem / 2 : 64 * MI);
  const cap = limMem ?? reqMem * 2;
  const start = (java ? 0.8 : 0.45) * reqMem;
  const growth = Math.max(0, 0.85 * cap - start) * 0.5 * (1 - Math.exp(-uptime / 7_200_000));
  let memory = start + growth + 0.02 * start * noise(seed ^ 0x5bd1e995, now, 30_000);
  if (imageBehaviour(c.image ?? '').exit?.reason === 'OOMKilled') memory = 0.97 * cap;
  memory = Math.min(Math.max(memory, 2 * MI), 0.95 * cap);
  return { cpu, memory };
}

/** Per running container usage of a pod (empty when none runs). */
export function podUsage(pod: KubeObject, now: number): { name: string; usage: Usage }[] {
  const status = (pod.status ?? {}) as PodStatus;
  if (status.phase !== 'Running') return [];
  const containers = ((pod.spec as { containers?: ContainerResources[] } | undefined)?.containers ??
    []) as ContainerResources[];
  const out: { name: string; usage: Usage }[] = [];
  for (const cs of (status.containerStatuses ?? []) as ContainerStatus[]) {
    const startedAt = cs.state.running?.startedAt;
    if (!startedAt) continue;
    const c = containers.find((x) => x.name === cs.name);
    if (!c) continue;
    out.push({ name: cs.name, usage: containerUsage(pod, c, Date.parse(startedAt), now) });
  }
  return out;
}

/** Node usage for each of `nodes`: its running pods plus the system's share, also moving a little. */
export function nodeUsages(
  nodes: readonly string[],
  pods: Iterable<KubeObject>,
  now: number,
): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const name of nodes) {
    const seed = fnv(`node/${name}`);
    out.set(name, {
      cpu: NODE_OVERHEAD.cpu * (1 + 0.2 * noise(seed, now, 20_000)),
      memory: NODE_OVERHEAD.memory * (1 + 0.03 * noise(seed ^ 1, now, 60_000)),
    });
  }
  for (const pod of pods) {
    const total = out.get((pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '');
    if (!total) continue;
    for (const c of podUsage(pod, now)) {
      total.cpu += c.usage.cpu;
      total.memory += c.usage.memory;
    }
  }
  return out;
}

/** metrics-server's wire forms: nanocores and KiB. */
export function formatCpu(cores: number): string {
  return `${Math.round(cores * 1e9)}n`;
}

export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}
