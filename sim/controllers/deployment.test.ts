import { afterEach, describe, expect, it } from 'vitest';
import { StatusError, type KubeObject } from '../types';
import {
  deployD,
  replicaSetProportion,
  resolveFenceposts,
  scaledValue,
  setNewReplicaSetAnnotations,
  startDeploymentController,
} from './deployment';
import { computeHash } from './pod-template-hash';
import { createOwnerIndex, startReplicaSetController } from './replicaset';
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

function setup() {
  const { store, registry } = newCluster();
  const clock = manualClock();
  const pods = createOwnerIndex(store, '/pods');
  const replicaSets = createOwnerIndex(store, 'apps/replicasets');
  stops.push(
    pods.stop,
    replicaSets.stop,
    startReplicaSetController(registry, clock, pods),
    startDeploymentController({ registry, clock, replicaSets, pods }),
  );
  const get = (name = 'web') => store.get('apps/deployments', 'default', name)!;
  const create = (spec: Obj = {}, name = 'web') =>
    registry.create(
      deployD,
      'default',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: name } },
          template: podTemplate('nginx:1.27', { app: name }),
          ...spec,
        },
      },
      { user: { username: 'admin', groups: ['system:masters'] } },
    );
  /** A user's edit: spec changes bump generation. */
  const edit = (fn: (spec: Obj, meta: KubeObject['metadata']) => void, name = 'web') => {
    const cur = structuredClone(get(name));
    fn(cur.spec as Obj, cur.metadata);
    cur.metadata.resourceVersion = undefined;
    registry.update(deployD, 'default', name, cur, { user: { username: 'admin', groups: [] } });
  };
  const setImage = (image: string, name = 'web') =>
    edit((spec) => {
      ((spec.template as Obj).spec as { containers: { image: string }[] }).containers[0]!.image =
        image;
    }, name);
  const rss = () => list(registry, 'apps/replicasets');
  const rsByImage = (image: string) =>
    rss().find(
      (rs) =>
        ((rs.spec as Obj).template as { spec: { containers: { image: string }[] } }).spec
          .containers[0]!.image === image,
    );
  const status = (name = 'web') => (get(name).status ?? {}) as Obj;
  const condition = (type: string, name = 'web') =>
    ((status(name).conditions ?? []) as Obj[]).find((c) => c.type === type);
  /** Runs the fake kubelet until nothing changes any more. */
  const converge = async (opts: { ready?: boolean } = {}) => {
    for (let i = 0; i < 30; i++) {
      await settle();
      if (kubeletPass(registry, { at: clock.now(), ...opts }) === 0) {
        await settle();
        if (kubeletPass(registry, { at: clock.now(), ...opts }) === 0) return;
      }
    }
    throw new Error('did not converge');
  };
  return {
    store,
    registry,
    clock,
    get,
    create,
    edit,
    setImage,
    rss,
    rsByImage,
    status,
    condition,
    converge,
  };
}

const replicasOf = (rs: KubeObject | undefined) => (rs?.spec as { replicas: number }).replicas;
const scalingEvents = (registry: Parameters<typeof events>[0]) =>
  events(registry)
    .filter((e) => e.reason === 'ScalingReplicaSet')
    .map((e) => e.message);

describe('Deployment controller', () => {
  it('creates a ReplicaSet named by the pod-template-hash, with owner, labels and annotations', async () => {
    const t = setup();
    t.create();
    await settle();
    const [rs] = t.rss();
    const hash = computeHash(t.get().spec && (t.get().spec as Obj).template);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect((rs!.spec as Obj).selector).toEqual({
      matchLabels: { app: 'web', 'pod-template-hash': hash },
    });
    expect(rs!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: t.get().metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(t.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(replicasOf(rs)).toBe(3);
    expect(list(t.registry, '/pods')).toHaveLength(3);
    expect(scalingEvents(t.registry)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    // NewReplicaSetCreated is replaced as soon as the pods show up in the ReplicaSet's status.
    expect(t.condition('Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "web-${hash}" is progressing.`,
    });
    expect(t.condition('Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(t.status()).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      unavailableReplicas: 3,
    });
  });

  it('reports a complete rollout once the pods are ready', async () => {
    const t = setup();
    t.create();
    await t.converge();
    const rsName = t.rss()[0]!.metadata.name;
    expect(t.status()).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(t.status().unavailableReplicas).toBeUndefined();
    expect(t.condition('Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(t.condition('Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    });
  });

  it('rolls out one pod at a time with 25%/25% on 3 replicas', async () => {
    const t = setup();
    t.create();
    await t.converge();
    const oldName = t.rss()[0]!.metadata.name!;
    t.setImage('nginx:1.28');
    await settle();
    const next = t.rsByImage('nginx:1.28')!;
    // Surge 1, unavailable 0: the new RS gets 1 and the old one keeps 3 until the new pod is available.
    expect(replicasOf(next)).toBe(1);
    expect(replicasOf(t.rsByImage('nginx:1.27'))).toBe(3);
    expect(next.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(t.condition('Progressing')?.reason).toBe('ReplicaSetUpdated');
    await t.converge();
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(3);
    expect(replicasOf(t.rsByImage('nginx:1.27'))).toBe(0);
    expect(scalingEvents(t.registry).slice(1)).toEqual([
      `Scaled up replica set ${next.metadata.name} from 0 to 1`,
      `Scaled down replica set ${oldName} from 3 to 2`,
      `Scaled up replica set ${next.metadata.name} from 1 to 2`,
      `Scaled down replica set ${oldName} from 2 to 1`,
      `Scaled up replica set ${next.metadata.name} from 2 to 3`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    expect(t.status()).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(t.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(t.condition('Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    expect(
      list(t.registry, '/pods').every(
        (p) =>
          p.metadata.labels?.['pod-template-hash'] === next.metadata.labels?.['pod-template-hash'],
      ),
    ).toBe(true);
  });

  it('rolls back by reusing the old ReplicaSet and bumping its revision', async () => {
    const t = setup();
    t.create();
    await t.converge();
    const original = structuredClone((t.get().spec as Obj).template);
    t.setImage('nginx:1.28');
    await t.converge();
    t.edit((spec) => {
      spec.template = original;
    });
    await t.converge();
    expect(t.rss()).toHaveLength(2);
    const back = t.rsByImage('nginx:1.27')!;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(replicasOf(back)).toBe(3);
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(0);
    expect(t.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    const t = setup();
    t.create({ revisionHistoryLimit: 1, replicas: 1 });
    await t.converge();
    for (const image of ['nginx:a', 'nginx:b', 'nginx:c']) {
      t.setImage(image);
      await t.converge();
    }
    expect(
      t
        .rss()
        .map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'])
        .sort(),
    ).toEqual(['3', '4']);
  });

  it('makes no rollout progress while paused, and resumes', async () => {
    const t = setup();
    t.create();
    await t.converge();
    t.edit((spec) => {
      spec.paused = true;
    });
    await settle();
    expect(t.condition('Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    t.setImage('nginx:1.28');
    await t.converge();
    expect(t.rss()).toHaveLength(1);
    expect(t.status().observedGeneration).toBe(t.get().metadata.generation);
    // Scaling still works while paused.
    t.edit((spec) => {
      spec.replicas = 4;
    });
    await t.converge();
    expect(replicasOf(t.rss()[0])).toBe(4);
    t.edit((spec) => {
      spec.paused = false;
    });
    await settle();
    expect(t.rsByImage('nginx:1.28')).toBeDefined();
    await t.converge();
    expect(t.condition('Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(4);
  });

  it('Recreate scales the old ReplicaSet to 0 and waits for its pods to be gone', async () => {
    const t = setup();
    t.create({ strategy: { type: 'Recreate' } });
    await t.converge();
    t.setImage('nginx:1.28');
    await settle();
    expect(replicasOf(t.rsByImage('nginx:1.27'))).toBe(0);
    // Old pods are Terminating (graceful): no new ReplicaSet yet.
    expect(list(t.registry, '/pods').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(t.rsByImage('nginx:1.28')).toBeUndefined();
    await t.converge();
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(3);
    expect(scalingEvents(t.registry).slice(-2)).toEqual([
      `Scaled down replica set ${t.rsByImage('nginx:1.27')!.metadata.name} from 3 to 0`,
      `Scaled up replica set ${t.rsByImage('nginx:1.28')!.metadata.name} from 0 to 3`,
    ]);
  });

  it('reports ProgressDeadlineExceeded when pods never become ready', async () => {
    const t = setup();
    t.create({ progressDeadlineSeconds: 30, replicas: 1 });
    await t.converge({ ready: false });
    expect(t.condition('Progressing')?.reason).toBe('ReplicaSetUpdated');
    t.clock.advance(20_000);
    await settle();
    expect(t.condition('Progressing')?.reason).toBe('ReplicaSetUpdated');
    t.clock.advance(15_000);
    await settle();
    const rsName = t.rss()[0]!.metadata.name;
    expect(t.condition('Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
  });

  it('scales proportionally in the middle of a rollout', async () => {
    const t = setup();
    t.create({ replicas: 10 });
    await t.converge();
    t.setImage('nginx:1.28');
    await settle();
    // New RS surges to 3, old scales down by 2 (25% of 10 unavailable), new takes up the slack: 8 + 5.
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(5);
    expect(replicasOf(t.rsByImage('nginx:1.27'))).toBe(8);
    t.edit((spec) => {
      spec.replicas = 20;
    });
    await settle();
    // 12 more (20 + 5 surge − 13) shared by each RS's size against the old max of 13.
    expect(replicasOf(t.rsByImage('nginx:1.27'))).toBe(15);
    expect(replicasOf(t.rsByImage('nginx:1.28'))).toBe(10);
    expect(scalingEvents(t.registry).slice(-2)).toEqual([
      `Scaled up replica set ${t.rsByImage('nginx:1.27')!.metadata.name} from 8 to 15`,
      `Scaled up replica set ${t.rsByImage('nginx:1.28')!.metadata.name} from 5 to 10`,
    ]);
  });

  it('copies a ReplicaSet failure (quota) onto the Deployment', async () => {
    const t = setup();
    t.registry.admission.push((op, d) => {
      if (op === 'CREATE' && d.plural === 'pods')
        throw new StatusError(403, 'Forbidden', 'pods "x" is forbidden: exceeded quota: q');
    });
    t.create({ replicas: 1 });
    await settle();
    expect(t.condition('ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
      message: 'pods "x" is forbidden: exceeded quota: q',
    });
  });

  it('a restart annotation makes a new ReplicaSet', async () => {
    const t = setup();
    t.create({ replicas: 1 });
    await t.converge();
    t.edit((spec) => {
      const tpl = spec.template as { metadata: { annotations?: Record<string, string> } };
      tpl.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' };
    });
    await t.converge();
    expect(t.rss()).toHaveLength(2);
    expect(t.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });
});

describe('rollout arithmetic', () => {
  it('resolves maxSurge up and maxUnavailable down, never both 0', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual([1, 0]);
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
    expect(resolveFenceposts(undefined, undefined, 5)).toEqual([0, 1]);
    expect(scaledValue('bogus', 10, true)).toBe(0);
    expect(scaledValue('2', 10, true)).toBe(2);
  });

  it('keeps the revision history when a ReplicaSet is reused', () => {
    const d: KubeObject = {
      metadata: { annotations: { 'kubernetes.io/change-cause': 'x' } },
      spec: { replicas: 2 },
    };
    const rs: KubeObject = {
      metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } },
    };
    expect(setNewReplicaSetAnnotations(d, rs, 3, true)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'x',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(setNewReplicaSetAnnotations(d, rs, 5, true)).toBe(true);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,3');
    // Never lowered; a garbage revision is left alone.
    expect(setNewReplicaSetAnnotations(d, rs, 2, true)).toBe(false);
    const bad: KubeObject = {
      metadata: { annotations: { 'deployment.kubernetes.io/revision': 'x' } },
    };
    expect(setNewReplicaSetAnnotations({ metadata: {}, spec: {} }, bad, 2, true)).toBe(false);
  });

  it('gives proportions by the max-replicas annotation', () => {
    const d: KubeObject = {
      metadata: {},
      spec: {
        replicas: 20,
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      },
      status: {},
    };
    const rs: KubeObject = {
      metadata: { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } },
      spec: { replicas: 10 },
    };
    expect(replicaSetProportion(d, rs, 12, 0)).toBe(9);
    expect(replicaSetProportion(d, rs, 12, 12)).toBe(0);
    expect(replicaSetProportion({ metadata: {}, spec: { replicas: 0 } }, rs, -10, 0)).toBe(-10);
  });
});
