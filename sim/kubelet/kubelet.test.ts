import { describe, expect, it } from 'vitest';
import { findResource } from '../../lib/k8s/resources';
import { SYSTEM_CTX, type Registry } from '../registry';
import type { KubeObject } from '../types';
import { startEndpointsController } from './endpoints';
import { podIpAt, startKubelets } from './kubelet';
import { startScheduler } from './scheduler';
import type { PodStatus } from './stages';
import { manualClock, memoryCluster, settle, type ManualClock } from './test-support';

const podD = findResource('', 'pods')!;
const svcD = findResource('', 'services')!;

function podObj(name: string, image: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'app', image, ports: [{ name: 'http', containerPort: 8080 }], ...extra },
      ],
    },
  };
}

async function advance(
  registry: Registry,
  clock: ManualClock,
  ms: number,
  step = 250,
): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await settle(registry);
  }
}

function start(registry: Registry, clock: ManualClock) {
  const s = startScheduler(registry, clock);
  const k = startKubelets(registry, clock);
  const e = startEndpointsController(registry, clock);
  return {
    scheduler: s,
    kubelets: k,
    stop: () => {
      s.stop();
      k.stop();
      e();
    },
  };
}

const get = (r: Registry, name: string) => r.store.get('/pods', 'default', name);
const statusOf = (p: KubeObject | undefined) => (p?.status ?? {}) as PodStatus;
const eventsOf = (r: Registry, name: string) =>
  r.store
    .list('/events', 'default')
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${String(e.reason)}: ${String(e.message)}`);

describe('kubelets, scheduler and endpoints together', () => {
  it('runs a pod to Ready, publishes its endpoint, and removes it on delete', async () => {
    const registry = memoryCluster();
    const clock = manualClock();
    const sim = start(registry, clock);
    registry.create(podD, 'default', podObj('web', 'nginx:1.27.3'), SYSTEM_CTX);
    registry.create(
      svcD,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
      },
      SYSTEM_CTX,
    );
    await settle(registry);
    const bound = get(registry, 'web')!;
    expect((bound.spec as { nodeName?: string }).nodeName).toMatch(/^dev-node-\d$/);
    expect(eventsOf(registry, 'web')[0]).toMatch(
      /^Scheduled: Successfully assigned default\/web to dev-node-\d$/,
    );
    await advance(registry, clock, 4000);
    const running = get(registry, 'web')!;
    expect(statusOf(running).phase).toBe('Running');
    expect(statusOf(running).conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    // Nothing left to wait for: no timer per running pod.
    expect(sim.kubelets.queue.pendingTimers()).toBe(0);
    const ep = registry.store.get('/endpoints', 'default', 'web')!;
    expect(ep.subsets).toEqual([
      {
        addresses: [
          expect.objectContaining({ ip: statusOf(running).podIP, nodeName: expect.any(String) }),
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);

    registry.delete(podD, 'default', 'web', {}, SYSTEM_CTX);
    await settle(registry);
    expect(eventsOf(registry, 'web')).toContain('Killing: Stopping container app');
    await advance(registry, clock, 2000);
    expect(get(registry, 'web')).toBeUndefined();
    expect(registry.store.get('/endpoints', 'default', 'web')!.subsets).toBeUndefined();
    sim.stop();
  });

  it('keeps an oversized pod Pending with FailedScheduling, and binds it when room appears', async () => {
    const registry = memoryCluster();
    const clock = manualClock();
    const sim = start(registry, clock);
    const big = (name: string, cpu: string) =>
      podObj(name, 'nginx:1', { resources: { requests: { cpu } } });
    registry.create(podD, 'default', big('a', '6'), SYSTEM_CTX);
    registry.create(podD, 'default', big('b', '6'), SYSTEM_CTX);
    registry.create(podD, 'default', big('c', '6'), SYSTEM_CTX);
    registry.create(podD, 'default', big('d', '6'), SYSTEM_CTX);
    registry.create(podD, 'default', big('huge', '100'), SYSTEM_CTX);
    await settle(registry);
    const msg =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const huge = get(registry, 'huge')!;
    expect(statusOf(huge).phase).toBe('Pending');
    expect(statusOf(huge).conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: msg,
      }),
    ]);
    expect(eventsOf(registry, 'huge')).toEqual([`FailedScheduling: ${msg}`]);
    const unbound = ['a', 'b', 'c', 'd'].filter(
      (n) => !(get(registry, n)!.spec as { nodeName?: string }).nodeName,
    );
    expect(unbound).toHaveLength(1);
    // Freeing a node lets the waiting 6-cpu pod in.
    const victim = ['a', 'b', 'c', 'd'].find((n) => !unbound.includes(n))!;
    registry.delete(podD, 'default', victim, { gracePeriodSeconds: 0 }, SYSTEM_CTX);
    await settle(registry);
    expect((get(registry, unbound[0]!)!.spec as { nodeName?: string }).nodeName).toBeDefined();
    sim.stop();
  });

  it('resumes a crash loop after a restart from the timestamps in status', async () => {
    const registry = memoryCluster();
    const clock = manualClock();
    let sim = start(registry, clock);
    registry.create(podD, 'default', podObj('crash', 'busybox:1.36-crash'), SYSTEM_CTX);
    await advance(registry, clock, 20_000, 500);
    const before = statusOf(get(registry, 'crash')).containerStatuses![0]!.restartCount;
    expect(before).toBeGreaterThanOrEqual(1);
    sim.stop();
    sim = start(registry, clock);
    await advance(registry, clock, 60_000, 1000);
    const after = statusOf(get(registry, 'crash')).containerStatuses![0]!;
    expect(after.restartCount).toBeGreaterThan(before);
    expect(
      eventsOf(registry, 'crash').some((e) =>
        e.startsWith('BackOff: Back-off restarting failed container app'),
      ),
    ).toBe(true);
    // One timer at most for the pod.
    expect(sim.kubelets.queue.pendingTimers()).toBeLessThanOrEqual(1);
    sim.stop();
  });

  it('gives every pod its own IP from its node range, and reuses freed ones', () => {
    expect(podIpAt('10.244.1.0/24', 0)).toBe('10.244.1.2');
    expect(podIpAt('10.244.1.0/24', 252)).toBe('10.244.1.254');
    expect(podIpAt('10.244.1.0/24', 253)).toBe('10.244.9.2');
    expect(podIpAt(undefined, 0)).toBe('10.244.0.2');
  });

  it('schedules benchmark pods without counting them', async () => {
    const registry = memoryCluster();
    registry.create(
      findResource('', 'namespaces')!,
      '',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sim-load' } },
      SYSTEM_CTX,
    );
    const clock = manualClock();
    const sim = start(registry, clock);
    for (let i = 0; i < 400; i++) {
      registry.create(
        podD,
        'sim-load',
        podObj(`load-${i}`, 'busybox:1.36', { resources: { requests: { cpu: '1' } } }),
        SYSTEM_CTX,
      );
    }
    await settle(registry, 20);
    await advance(registry, clock, 3000, 500);
    const pods = registry.store.list('/pods', 'sim-load');
    expect(pods.every((p) => statusOf(p).phase === 'Running')).toBe(true);
    expect(new Set(pods.map((p) => statusOf(p).podIP)).size).toBe(400);
    expect(sim.scheduler.used('dev-node-1')).toEqual({ cpu: 0, memory: 0, pods: 0 });
    sim.stop();
  });
});
