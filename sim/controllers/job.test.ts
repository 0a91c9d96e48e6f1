import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_CTX } from '../registry';
import type { KubeObject } from '../types';
import { jobD, startJobController, TRACKING_FINALIZER } from './job';
import { createOwnerIndex } from './replicaset';
import {
  events,
  list,
  manualClock,
  newCluster,
  podD,
  setPodState,
  settle,
} from './workload-test-kit';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

type Obj = Record<string, unknown>;

function setup(spec: Obj = {}) {
  const { store, registry } = newCluster();
  const clock = manualClock();
  const pods = createOwnerIndex(store, '/pods');
  stops.push(pods.stop, startJobController(registry, clock, pods));
  registry.create(
    jobD,
    'default',
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'perl' }] },
        },
        ...spec,
      },
    },
    SYSTEM_CTX,
  );
  const get = () => store.get('batch/jobs', 'default', 'pi')!;
  const status = () => (get().status ?? {}) as Obj;
  const conditions = () =>
    ((status().conditions ?? []) as Obj[]).map((c) => `${c.type}:${c.reason}`);
  const pods_ = () => list(registry, '/pods');
  const finish = (pod: KubeObject, phase: 'Succeeded' | 'Failed') =>
    setPodState(registry, pod, { phase, node: 'node-1', at: clock.now() });
  return { store, registry, clock, get, status, conditions, pods: pods_, finish };
}

describe('Job controller', () => {
  it('runs pods to completion and reports Complete with SuccessCriteriaMet', async () => {
    const t = setup({ completions: 2, parallelism: 1 });
    await settle();
    const [first] = t.pods();
    expect(first!.metadata.name).toMatch(/^pi-\w{5}$/);
    expect(first!.metadata.finalizers).toEqual([TRACKING_FINALIZER]);
    expect(first!.metadata.labels?.['job-name']).toBe('pi');
    expect(t.status()).toMatchObject({ active: 1, ready: 0, terminating: 0 });
    expect(t.status().startTime).toBeDefined();
    t.finish(first!, 'Succeeded');
    await settle();
    expect(
      t.store.get('/pods', 'default', first!.metadata.name!)!.metadata.finalizers,
    ).toBeUndefined();
    expect(t.status()).toMatchObject({ succeeded: 1, active: 1 });
    const second = t.pods().find((p) => p.metadata.name !== first!.metadata.name)!;
    t.finish(second, 'Succeeded');
    await settle();
    expect(t.conditions()).toEqual([
      'SuccessCriteriaMet:CompletionsReached',
      'Complete:CompletionsReached',
    ]);
    expect(t.status()).toMatchObject({ succeeded: 2 });
    expect(t.status().active).toBeUndefined();
    expect(t.status().completionTime).toBeDefined();
    expect(events(t.registry).map((e) => e.reason)).toEqual([
      'SuccessfulCreate',
      'SuccessfulCreate',
      'Completed',
    ]);
  });

  it('runs up to parallelism pods at once', async () => {
    const t = setup({ completions: 5, parallelism: 3 });
    await settle();
    expect(t.pods()).toHaveLength(3);
  });

  it('fails with BackoffLimitExceeded after backoffLimit failures, backing off between pods', async () => {
    const t = setup({ backoffLimit: 1 });
    await settle();
    t.finish(t.pods()[0]!, 'Failed');
    await settle();
    expect(t.status()).toMatchObject({ failed: 1 });
    expect(t.pods()).toHaveLength(1); // the replacement waits 10 s
    t.clock.advance(10_001);
    await settle();
    expect(t.pods()).toHaveLength(2);
    t.finish(
      t.pods().find((p) => (p.status as { phase: string }).phase !== 'Failed')!,
      'Failed',
    );
    await settle();
    expect(t.conditions()).toEqual([
      'FailureTarget:BackoffLimitExceeded',
      'Failed:BackoffLimitExceeded',
    ]);
    const failed = ((t.status().conditions ?? []) as Obj[]).find((c) => c.type === 'Failed')!;
    expect(failed.message).toBe('Job has reached the specified backoff limit');
    expect(t.status()).toMatchObject({ failed: 2 });
    expect(events(t.registry).find((e) => e.reason === 'BackoffLimitExceeded')).toMatchObject({
      type: 'Warning',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('fails a Job past activeDeadlineSeconds and stops its pods', async () => {
    const t = setup({ activeDeadlineSeconds: 5 });
    await settle();
    t.clock.advance(6000);
    await settle();
    await settle();
    expect(t.conditions()).toEqual(['FailureTarget:DeadlineExceeded', 'Failed:DeadlineExceeded']);
    expect(t.pods()).toHaveLength(0);
  });

  it('removes its finalizer from pods of a deleted Job', async () => {
    const t = setup();
    await settle();
    const pod = t.pods()[0]!;
    t.registry.delete(jobD, 'default', 'pi', { propagationPolicy: 'Orphan' }, SYSTEM_CTX);
    await settle();
    t.registry.delete(podD, 'default', pod.metadata.name!, {}, SYSTEM_CTX);
    await settle();
    expect(t.store.get('/pods', 'default', pod.metadata.name!)).toBeUndefined();
  });

  it('creates no pods while suspended', async () => {
    const t = setup({ suspend: true });
    await settle();
    expect(t.pods()).toHaveLength(0);
    expect(t.conditions()).toEqual(['Suspended:JobSuspended']);
  });
});
