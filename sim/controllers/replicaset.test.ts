import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_CTX } from '../registry';
import { StatusError, type KubeObject } from '../types';
import { createOwnerIndex, podsToDelete, rsD, startReplicaSetController } from './replicaset';
import {
  events,
  kubeletPass,
  list,
  manualClock,
  newCluster,
  podD,
  podTemplate,
  setPodState,
  settle,
} from './workload-test-kit';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

function setup(opts: { baseBackoffMs?: number } = {}) {
  const { store, registry } = newCluster();
  const clock = manualClock();
  const pods = createOwnerIndex(store, '/pods');
  stops.push(pods.stop, startReplicaSetController(registry, clock, pods, opts));
  const createRS = (name: string, replicas: number, extra: Record<string, unknown> = {}) =>
    registry.create(
      rsD,
      'default',
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: podTemplate('nginx:1.27', { app: name, tier: 'web' }),
          ...extra,
        },
      },
      SYSTEM_CTX,
    );
  const rs = (name: string) => store.get('apps/replicasets', 'default', name)!;
  const scale = (name: string, replicas: number) => {
    const cur = rs(name);
    registry.update(
      rsD,
      'default',
      name,
      {
        ...cur,
        metadata: { ...cur.metadata, resourceVersion: undefined },
        spec: { ...(cur.spec as object), replicas },
      },
      SYSTEM_CTX,
    );
  };
  return { store, registry, clock, pods, createRS, rs, scale };
}

function status(o: KubeObject): Record<string, unknown> {
  return (o.status ?? {}) as Record<string, unknown>;
}

describe('ReplicaSet controller', () => {
  it('creates pods from the template with generateName, owner and labels', async () => {
    const { registry, createRS, rs } = setup();
    createRS('web', 3);
    await settle();
    const pods = list(registry, '/pods');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs('web').metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect((p.spec as { containers: { image: string }[] }).containers[0]!.image).toBe(
        'nginx:1.27',
      );
      expect((p.status as { phase: string }).phase).toBe('Pending');
    }
    expect(status(rs('web'))).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
    const created = events(registry).filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(3);
    expect(created[0]!.message).toMatch(/^Created pod: web-\w{5}$/);
    expect(created[0]!.kind).toBe('ReplicaSet');
  });

  it('counts ready and available pods, honouring minReadySeconds', async () => {
    const { registry, clock, createRS, rs } = setup();
    createRS('web', 2, { minReadySeconds: 10 });
    await settle();
    kubeletPass(registry, { at: clock.now() });
    await settle();
    expect(status(rs('web'))).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(status(rs('web')).availableReplicas).toBeUndefined();
    clock.advance(11_000);
    await settle();
    expect(status(rs('web'))).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('replaces pods being deleted and ignores finished ones', async () => {
    const { registry, createRS } = setup();
    createRS('web', 2);
    await settle();
    kubeletPass(registry);
    await settle();
    const [a, b] = list(registry, '/pods');
    registry.delete(podD, 'default', a!.metadata.name!, {}, SYSTEM_CTX); // graceful: stays Terminating
    setPodState(registry, b!, { phase: 'Failed' });
    await settle();
    const pods = list(registry, '/pods');
    expect(pods).toHaveLength(4);
    const active = pods.filter(
      (p) => !p.metadata.deletionTimestamp && (p.status as { phase: string }).phase !== 'Failed',
    );
    expect(active).toHaveLength(2);
  });

  it('scales down unscheduled, then pending, then not-ready pods first', async () => {
    const { registry, createRS, scale } = setup();
    createRS('web', 4);
    await settle();
    const [p1, p2, p3, p4] = list(registry, '/pods');
    setPodState(registry, p1!, { phase: 'Running', ready: true, node: 'n1' });
    setPodState(registry, p2!, { phase: 'Running', ready: false, node: 'n1' });
    setPodState(registry, p3!, { phase: 'Pending', node: 'n2' });
    // p4 stays unscheduled
    await settle();
    scale('web', 3);
    await settle();
    expect(registry.store.get('/pods', 'default', p4!.metadata.name!)).toBeUndefined();
    scale('web', 2);
    await settle();
    expect(
      registry.store.get('/pods', 'default', p3!.metadata.name!)?.metadata.deletionTimestamp,
    ).toBeDefined();
    scale('web', 1);
    await settle();
    expect(
      registry.store.get('/pods', 'default', p2!.metadata.name!)?.metadata.deletionTimestamp,
    ).toBeDefined();
    expect(
      registry.store.get('/pods', 'default', p1!.metadata.name!)?.metadata.deletionTimestamp,
    ).toBeUndefined();
    expect(
      events(registry)
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message),
    ).toEqual([p4, p3, p2].map((p) => `Deleted pod: ${p!.metadata.name}`));
  });

  it('reports FailedCreate when admission refuses pods, retries with back-off, then clears it', async () => {
    const { registry, clock, createRS, rs } = setup({ baseBackoffMs: 1000 });
    let quotaFull = true;
    let attempts = 0;
    registry.admission.push((op, d, obj) => {
      if (op !== 'CREATE' || d.plural !== 'pods') return;
      attempts++;
      if (quotaFull) {
        throw new StatusError(
          403,
          'Forbidden',
          `pods "${obj.metadata.name}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2`,
        );
      }
    });
    createRS('web', 2);
    await settle();
    expect(list(registry, '/pods')).toHaveLength(0);
    const cond = (status(rs('web')).conditions as Record<string, string>[])[0]!;
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(cond.message).toMatch(/^pods "web-\w+" is forbidden: exceeded quota: compute/);
    const failed = events(registry).filter((e) => e.reason === 'FailedCreate');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.type).toBe('Warning');
    expect(failed[0]!.message).toMatch(
      /^Error creating: pods "web-\w+" is forbidden: exceeded quota/,
    );
    expect(attempts).toBe(1);
    clock.advance(1000);
    await settle();
    expect(attempts).toBe(2);
    clock.advance(1000); // the second delay is 2 s
    await settle();
    expect(attempts).toBe(2);
    quotaFull = false;
    clock.advance(1000);
    await settle();
    expect(list(registry, '/pods')).toHaveLength(2);
    expect(status(rs('web')).conditions).toBeUndefined();
  });

  it('adopts matching orphans and releases pods that stop matching', async () => {
    const { registry, createRS, rs } = setup();
    registry.create(
      podD,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stray', labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'x' }] },
      },
      SYSTEM_CTX,
    );
    createRS('web', 1);
    await settle();
    expect(list(registry, '/pods').map((p) => p.metadata.name)).toEqual(['stray']);
    const stray = registry.store.get('/pods', 'default', 'stray')!;
    expect(stray.metadata.ownerReferences?.[0]?.uid).toBe(rs('web').metadata.uid);
    registry.update(
      podD,
      'default',
      'stray',
      {
        ...stray,
        metadata: { ...stray.metadata, resourceVersion: undefined, labels: { app: 'other' } },
      },
      SYSTEM_CTX,
    );
    await settle();
    expect(
      registry.store.get('/pods', 'default', 'stray')!.metadata.ownerReferences,
    ).toBeUndefined();
    expect(list(registry, '/pods')).toHaveLength(2);
  });

  it('does nothing for a ReplicaSet that is gone or has no template', async () => {
    const { registry, createRS } = setup();
    createRS('empty', 0);
    await settle();
    expect(list(registry, '/pods')).toHaveLength(0);
    registry.delete(rsD, 'default', 'empty', {}, SYSTEM_CTX);
    await settle();
    expect(list(registry, 'apps/replicasets')).toHaveLength(0);
  });
});

describe('createOwnerIndex', () => {
  it('sees writes at once when touched and forgets deleted objects', async () => {
    const { store, registry } = newCluster();
    const index = createOwnerIndex(store, '/pods');
    stops.push(index.stop);
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'o',
      uid: 'u1',
      controller: true,
    };
    registry.create(
      podD,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', ownerReferences: [owner] },
        spec: { containers: [{ name: 'app', image: 'x' }] },
      },
      SYSTEM_CTX,
    );
    expect(index.owned('u1')).toHaveLength(0); // the watch has not delivered yet
    index.touch('default', 'p');
    expect(index.owned('u1').map((p) => p.metadata.name)).toEqual(['p']);
    registry.delete(podD, 'default', 'p', {}, SYSTEM_CTX);
    expect(index.owned('u1')).toHaveLength(0);
    await settle();
    expect(index.owned('nope')).toEqual([]);
    expect(index.orphans('no-such-ns')).toEqual([]);
  });
});

describe('podsToDelete', () => {
  const pod = (
    name: string,
    o: {
      node?: string;
      phase?: string;
      ready?: boolean;
      restarts?: number;
      created?: string;
      readyAt?: string;
    },
  ): KubeObject => ({
    metadata: { name, uid: name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: o.ready ? 'True' : 'False',
          lastTransitionTime: o.readyAt ?? '2025-01-01T00:00:00Z',
        },
      ],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  });
  const now = Date.parse('2025-01-02T00:00:00Z');

  it('prefers more restarts, then newer pods', () => {
    const a = pod('a', { node: 'n', ready: false, restarts: 0 });
    const b = pod('b', { node: 'n', ready: false, restarts: 5 });
    expect(podsToDelete([a, b], [a, b], 1, now).map((p) => p.metadata.name)).toEqual(['b']);
    const old = pod('old', { node: 'n', created: '2024-01-01T00:00:00Z' });
    const young = pod('young', { node: 'n', created: '2025-01-01T23:00:00Z' });
    expect(podsToDelete([old, young], [old, young], 1, now).map((p) => p.metadata.name)).toEqual([
      'young',
    ]);
  });

  it('prefers pods doubled up on a node', () => {
    const a = pod('a', { node: 'n1', ready: true });
    const b = pod('b', { node: 'n2', ready: true });
    const c = pod('c', { node: 'n2', ready: true });
    expect(podsToDelete([a, b], [a, b, c], 1, now).map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('handles all-or-nothing and empty inputs', () => {
    const a = pod('a', {});
    expect(podsToDelete([a], [a], 5, now)).toEqual([a]);
    expect(podsToDelete([], [], 1, now)).toEqual([]);
    expect(podsToDelete([a], [a], 0, now)).toEqual([]);
  });
});
