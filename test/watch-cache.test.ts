// The BFF's shared watch cache against the simulator: one upstream watch for many subscribers, resumes,
// relists after the simulator restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersFromSimulator } from '../server/kube/clusters';
import { WatchCache, type CacheEvent, type WatchKey } from '../server/kube/watch-cache';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let cache: WatchCache;

beforeAll(async () => {
  sim = await startSim();
  cache = new WatchCache(new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c])));
}, 60_000);

afterAll(async () => {
  cache?.close();
  await sim?.stop();
});

async function waitFor(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const key: WatchKey = {
  cluster: 'dev-cluster',
  apiPath: '/api/v1',
  plural: 'configmaps',
  namespace: 'ai-preview',
};

describe('WatchCache', () => {
  it('serves many subscribers from one upstream LIST+WATCH and delivers changes', async () => {
    const seen: CacheEvent[][] = [[], [], []];
    const stops = seen.map((events) => cache.subscribe(key, (e) => events.push(e)));
    await waitFor(() => seen.every((s) => s.some((e) => e.type === 'SNAPSHOT')));
    expect(cache.stats.lists).toBe(1);
    expect(cache.size()).toBe(1);
    sim.kubectl([
      'create',
      'configmap',
      'cached',
      '-n',
      'ai-preview',
      '--dry-run=client',
      '-o',
      'yaml',
    ]);
    const r = sim.kubectl(['apply', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cached\n  namespace: ai-preview\n',
    });
    expect(r.code).toBe(0);
    await waitFor(() =>
      seen.every((s) => s.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'cached')),
    );
    expect(cache.peek(key)?.some((o) => o.metadata.name === 'cached')).toBe(true);
    expect(cache.stats.watches).toBe(1);
    stops.forEach((s) => s());
  });

  it('relists after the simulator restarts and converges on the new state', async () => {
    const events: CacheEvent[] = [];
    const stop = cache.subscribe(key, (e) => events.push(e));
    await waitFor(() => events.some((e) => e.type === 'SNAPSHOT'));
    const listsBefore = cache.stats.lists;
    await sim.restart();
    sim.kubectl(['delete', 'configmap', 'cached', '-n', 'ai-preview']);
    await waitFor(
      () =>
        cache.peek(key)?.every((o) => o.metadata.name !== 'cached') === true &&
        cache.stats.lists > listsBefore,
      20_000,
    );
    stop();
  }, 40_000);
});
