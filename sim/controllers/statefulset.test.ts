import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_CTX } from '../registry';
import type { KubeObject } from '../types';
import { createOwnerIndex } from './replicaset';
import { ordinalOf, startStatefulSetController, stsD } from './statefulset';
import {
  events,
  kubeletPass,
  list,
  manualClock,
  newCluster,
  podTemplate,
  settle,
} from './workload-test-kit';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

type Obj = Record<string, unknown>;

function setup(spec: Obj = {}) {
  const { store, registry } = newCluster();
  const clock = manualClock();
  const pods = createOwnerIndex(store, '/pods');
  stops.push(pods.stop, startStatefulSetController(registry, clock, pods));
  registry.create(
    stsD,
    'default',
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: podTemplate('postgres:16', { app: 'db' }),
        ...spec,
      },
    },
    SYSTEM_CTX,
  );
  const get = () => store.get('apps/statefulsets', 'default', 'db')!;
  const edit = (fn: (spec: Obj) => void) => {
    const cur = structuredClone(get());
    fn(cur.spec as Obj);
    cur.metadata.resourceVersion = undefined;
    registry.update(stsD, 'default', 'db', cur, SYSTEM_CTX);
  };
  const names = () => list(registry, '/pods').map((p) => p.metadata.name);
  const status = () => (get().status ?? {}) as Obj;
  return { store, registry, clock, get, edit, names, status };
}

const image = (p: KubeObject) =>
  (p.spec as { containers: { image: string }[] }).containers[0]!.image;

describe('StatefulSet controller', () => {
  it('creates pods in order, each after the previous is ready (OrderedReady)', async () => {
    const t = setup();
    await settle();
    expect(t.names()).toEqual(['db-0']);
    const pod0 = list(t.registry, '/pods')[0]!;
    expect(pod0.metadata.labels).toMatchObject({
      app: 'db',
      'statefulset.kubernetes.io/pod-name': 'db-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': t.status().updateRevision,
    });
    expect(pod0.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' });
    kubeletPass(t.registry);
    await settle();
    expect(t.names()).toEqual(['db-0', 'db-1']);
    kubeletPass(t.registry);
    await settle();
    kubeletPass(t.registry);
    await settle();
    expect(t.names()).toEqual(['db-0', 'db-1', 'db-2']);
    expect(t.status()).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(t.status().currentRevision).toBe(t.status().updateRevision);
    expect(events(t.registry)[0]).toMatchObject({
      reason: 'SuccessfulCreate',
      message: 'create Pod db-0 in StatefulSet db successful',
    });
  });

  it('creates all pods at once with Parallel', async () => {
    const t = setup({ podManagementPolicy: 'Parallel' });
    await settle();
    expect(t.names()).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('scales down from the highest ordinal, one at a time', async () => {
    const t = setup();
    for (let i = 0; i < 4; i++) {
      kubeletPass(t.registry);
      await settle();
    }
    t.edit((spec) => {
      spec.replicas = 1;
    });
    await settle();
    expect(
      list(t.registry, '/pods')
        .filter((p) => p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name),
    ).toEqual(['db-2']);
    kubeletPass(t.registry); // db-2 goes away
    await settle();
    kubeletPass(t.registry);
    await settle();
    expect(t.names()).toEqual(['db-0']);
  });

  it('rolls out a new template from the highest ordinal down', async () => {
    const t = setup();
    for (let i = 0; i < 4; i++) {
      kubeletPass(t.registry);
      await settle();
    }
    const before = t.status().currentRevision;
    t.edit((spec) => {
      ((spec.template as Obj).spec as { containers: { image: string }[] }).containers[0]!.image =
        'postgres:17';
    });
    await settle();
    expect(t.status().updateRevision).not.toBe(before);
    expect(list(t.registry, '/pods').find((p) => p.metadata.deletionTimestamp)?.metadata.name).toBe(
      'db-2',
    );
    for (let i = 0; i < 8; i++) {
      kubeletPass(t.registry);
      await settle();
    }
    expect(list(t.registry, '/pods').map(image)).toEqual([
      'postgres:17',
      'postgres:17',
      'postgres:17',
    ]);
    expect(t.status().currentRevision).toBe(t.status().updateRevision);
    expect(t.status()).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
  });

  it('leaves pods below the partition on the old revision', async () => {
    const t = setup({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    for (let i = 0; i < 4; i++) {
      kubeletPass(t.registry);
      await settle();
    }
    t.edit((spec) => {
      ((spec.template as Obj).spec as { containers: { image: string }[] }).containers[0]!.image =
        'postgres:17';
    });
    for (let i = 0; i < 6; i++) {
      kubeletPass(t.registry);
      await settle();
    }
    expect(list(t.registry, '/pods').map(image)).toEqual([
      'postgres:16',
      'postgres:16',
      'postgres:17',
    ]);
    expect(t.status()).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
    expect(t.status().currentRevision).not.toBe(t.status().updateRevision);
  });

  it('parses ordinals strictly', () => {
    const sts: KubeObject = { metadata: { name: 'db' } };
    const pod = (name: string): KubeObject => ({ metadata: { name } });
    expect(ordinalOf(sts, pod('db-12'))).toBe(12);
    expect(ordinalOf(sts, pod('db-012'))).toBeUndefined();
    expect(ordinalOf(sts, pod('db-x'))).toBeUndefined();
    expect(ordinalOf(sts, pod('dbx-1'))).toBeUndefined();
    expect(ordinalOf(sts, pod(''))).toBeUndefined();
  });
});
