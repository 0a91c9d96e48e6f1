import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { pullMs } from './images';
import {
  crashBackoffMs,
  pullFailures,
  step,
  type ContainerStatus,
  type KubeletEnv,
  type PodStatus,
} from './stages';

const T0 = Date.parse('2026-01-01T00:00:00Z');

const env: KubeletEnv = {
  hostIP: '10.0.0.11',
  allocateIp: () => '10.244.1.7',
  pulls: () => true,
};

function pod(image: string, extra: Record<string, unknown> = {}, meta = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'uid-1', ...meta },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image, ...extra }] },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** Applies steps until nothing is due at `until`, returning the pod, stages fired and events. */
function run(p: KubeObject, until: number, e: KubeletEnv = env) {
  let cur = p;
  let now = T0;
  const stages: string[] = [];
  const events: string[] = [];
  for (let i = 0; i < 200; i++) {
    const plan = step(cur, e, now);
    if (plan.effect) {
      stages.push(plan.stage!);
      events.push(...plan.effect.events.map((ev) => `${ev.reason}: ${ev.message}`));
      if (plan.effect.delete) return { pod: undefined, stages, events, now };
      cur = { ...cur, status: plan.effect.status };
      continue;
    }
    if (plan.due === undefined || plan.due > until) break;
    now = plan.due;
  }
  return { pod: cur, stages, events, now };
}

const cs = (p: KubeObject | undefined): ContainerStatus =>
  ((p!.status as PodStatus).containerStatuses ?? [])[0]!;
const cond = (p: KubeObject | undefined, type: string) =>
  (p!.status as PodStatus).conditions?.find((c) => c.type === type);

describe('stages', () => {
  it('creates the sandbox, pulls, starts and becomes ready after the probe delay', () => {
    const p = pod('nginx:1.27.3', {
      readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10 },
    });
    const created = step(p, env, T0);
    expect(created.stage).toBe('pod-create');
    const st = created.effect!.status!;
    expect(st).toMatchObject({ phase: 'Pending', podIP: '10.244.1.7', hostIP: '10.0.0.11' });
    expect(st.containerStatuses![0]!.state.waiting!.reason).toBe('ContainerCreating');
    expect(created.effect!.events[0]).toMatchObject({
      reason: 'Pulling',
      message: 'Pulling image "nginx:1.27.3"',
      fieldPath: 'spec.containers{app}',
    });

    const started = run(p, T0 + pullMs('nginx:1.27.3'));
    expect(cs(started.pod).state.running).toBeDefined();
    expect(cs(started.pod).ready).toBe(false);
    expect(cs(started.pod).containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs(started.pod).imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(started.events.join('\n')).toMatch(
      /Pulled: Successfully pulled image "nginx:1.27.3" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\./,
    );
    expect(started.events).toContain('Created: Created container: app');
    expect(started.events).toContain('Started: Started container app');
    expect((started.pod!.status as PodStatus).phase).toBe('Running');
    expect(cond(started.pod, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });

    const ready = run(p, T0 + 20_000);
    expect(cs(ready.pod).ready).toBe(true);
    expect(cond(ready.pod, 'Ready')!.status).toBe('True');
    // Not before the initial delay.
    expect(ready.now - Date.parse(cs(ready.pod).state.running!.startedAt)).toBeGreaterThanOrEqual(
      4000,
    );
  });

  it('says "already present" when the node has the image', () => {
    const r = run(pod('nginx:1.27.3'), T0 + 5000, { ...env, pulls: () => false });
    expect(r.events[0]).toBe('Pulled: Container image "nginx:1.27.3" already present on machine');
    expect(cs(r.pod).ready).toBe(true);
  });

  it('crash-loops with kube back-off and lastState', () => {
    const r = run(pod('busybox:1.36-crash'), T0 + 60_000);
    const c = cs(r.pod);
    expect(c.restartCount).toBeGreaterThanOrEqual(3);
    expect(c.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.lastState.terminated!.containerID).toMatch(/^containerd:\/\//);
    expect(
      r.events.some((e) =>
        /^BackOff: Back-off restarting failed container app in pod p_ns\(uid-1\)$/.test(e),
      ),
    ).toBe(true);
    const loop = run(pod('busybox:1.36-crash'), T0 + 200_000);
    const waiting = cs(loop.pod).state.waiting;
    expect(waiting?.reason).toBe('CrashLoopBackOff');
    expect(waiting?.message).toMatch(
      /^back-off (10s|20s|40s|1m20s|2m40s|5m0s) restarting failed container=app pod=p_ns\(uid-1\)$/,
    );
    expect((loop.pod!.status as PodStatus).phase).toBe('Running');
  });

  it('computes the back-off like kubelet', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(crashBackoffMs)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    expect(crashBackoffMs(0)).toBe(10_000);
  });

  it('OOM-kills with exit code 137', () => {
    const r = run(pod('app:1-oom'), T0 + 4000);
    expect(cs(r.pod).state.terminated ?? cs(r.pod).lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('fails pulls of missing images and backs off', () => {
    const p = pod('nginx:does-not-exist');
    const r = run(p, T0 + 5000);
    expect(cs(r.pod).state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "nginx:does-not-exist"',
    });
    expect((r.pod!.status as PodStatus).phase).toBe('Pending');
    expect(r.events.join('\n')).toContain(
      'Failed: Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist"',
    );
    expect(r.events).toContain('Failed: Error: ErrImagePull');
    expect(r.events).toContain('Failed: Error: ImagePullBackOff');
    const later = run(p, T0 + 120_000);
    expect(later.events.filter((e) => e.startsWith('Pulling')).length).toBeGreaterThan(2);
  });

  it('schedules pull failures from the start time alone', () => {
    const f = pullFailures(0, 1000);
    expect(f(-1)).toEqual({ last: undefined, next: 1000 });
    expect(f(1000)).toEqual({ last: 1000, next: 12_000 });
    expect(f(12_500)).toEqual({ last: 12_000, next: 33_000 });
  });

  it('completes Job pods and fails them under restartPolicy Never', () => {
    const job = pod(
      'busybox:1.36',
      {},
      {
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j1' }],
      },
    );
    (job.spec as { restartPolicy?: string }).restartPolicy = 'Never';
    const done = run(job, T0 + 30_000);
    expect((done.pod!.status as PodStatus).phase).toBe('Succeeded');
    expect(cs(done.pod).state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(cond(done.pod, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(step(done.pod!, env, T0 + 1e9)).toEqual({});

    const failing = pod('busybox:crash');
    (failing.spec as { restartPolicy?: string }).restartPolicy = 'Never';
    expect((run(failing, T0 + 30_000).pod!.status as PodStatus).phase).toBe('Failed');

    const onFailure = pod('busybox:crash');
    (onFailure.spec as { restartPolicy?: string }).restartPolicy = 'OnFailure';
    expect(cs(run(onFailure, T0 + 30_000).pod).restartCount).toBeGreaterThan(0);
  });

  it('is ready only after 30 s for slow images', () => {
    expect(cs(run(pod('web:2-slow'), T0 + 25_000).pod).ready).toBe(false);
    expect(cs(run(pod('web:2-slow'), T0 + 40_000).pod).ready).toBe(true);
  });

  it('stops containers of a deleted pod, then removes it', () => {
    const running = run(pod('nginx:1'), T0 + 10_000).pod!;
    const deleting = {
      ...running,
      metadata: {
        ...running.metadata,
        deletionTimestamp: '2026-01-01T00:01:00Z',
        deletionGracePeriodSeconds: 30,
      },
    };
    const kill = step(deleting, env, T0 + 10_000);
    expect(kill.stage).toBe('pod-kill');
    expect(kill.effect!.events).toEqual([
      {
        type: 'Normal',
        reason: 'Killing',
        message: 'Stopping container app',
        fieldPath: 'spec.containers{app}',
      },
    ]);
    const killed = { ...deleting, status: kill.effect!.status };
    expect(cs(killed).state.terminated).toBeDefined();
    const wait = step(killed, env, T0 + 10_000);
    expect(wait.stage).toBe('pod-delete');
    expect(wait.due).toBeGreaterThan(T0 + 9000);
    expect(step(killed, env, T0 + 12_000).effect).toEqual({ events: [], delete: true });
  });

  it('copes with pods without containers or status', () => {
    const empty: KubeObject = {
      metadata: { name: 'e', namespace: 'ns', uid: 'u' },
      spec: { nodeName: 'n1' },
    };
    const created = step(empty, env, T0);
    expect(created.effect!.status!.containerStatuses).toEqual([]);
    expect(step({ ...empty, status: created.effect!.status }, env, T0 + 1e6)).toEqual({});
  });
});
