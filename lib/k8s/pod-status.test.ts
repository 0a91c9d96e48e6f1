import { describe, expect, it } from 'vitest';
import { podStatus, podStatusDetail, statusTone, type PodLike } from './pod-status';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function pod(status: Record<string, unknown>, extra: Partial<PodLike> = {}): PodLike {
  return {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
    status,
    ...extra,
  };
}

const running = (ready = true, restartCount = 0) => ({
  name: 'app',
  ready,
  restartCount,
  state: { running: { startedAt: '2026-11-22T11:00:00Z' } },
});

describe('podStatusDetail', () => {
  it('reads a running pod', () => {
    const d = podStatusDetail(
      pod({ phase: 'Running', containerStatuses: [running(), { ...running(), name: 'sidecar' }] }),
    );
    expect(d).toEqual({ reason: 'Running', readyContainers: 2, totalContainers: 2, restarts: 0 });
  });

  it('shows the waiting reason of a crash-looping container with its restarts', () => {
    const d = podStatusDetail(
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-22T11:58:00Z' } },
          },
          running(),
        ],
      }),
    );
    expect(d.reason).toBe('CrashLoopBackOff');
    expect(d.readyContainers).toBe(1);
    expect(d.restarts).toBe(5);
    expect(d.lastRestartAt).toBe(Date.parse('2026-11-22T11:58:00Z'));
  });

  it('shows OOMKilled, ImagePullBackOff and Terminating', () => {
    const oom = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', state: { terminated: { reason: 'OOMKilled' } } }],
    });
    expect(podStatusDetail(oom).reason).toBe('OOMKilled');
    const pull = pod({
      phase: 'Pending',
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } }],
    });
    expect(podStatusDetail(pull).reason).toBe('ImagePullBackOff');
    const deleting = pod(
      { phase: 'Running', containerStatuses: [running()] },
      { metadata: { name: 'p', deletionTimestamp: '2026-11-22T11:59:00Z' } },
    );
    expect(podStatusDetail(deleting).reason).toBe('Terminating');
  });

  it('shows init progress', () => {
    const p: PodLike = {
      metadata: {},
      spec: { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'app' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'a', state: { terminated: { exitCode: 0 } } },
          { name: 'b', state: { running: {} } },
        ],
      },
    };
    expect(podStatusDetail(p).reason).toBe('Init:1/2');
  });

  it('never throws on malformed pods', () => {
    for (const bad of [
      {} as PodLike,
      { metadata: {}, spec: 'x', status: 42 },
      { metadata: {}, spec: { containers: 'no' }, status: { containerStatuses: [null, 1, 'x'] } },
      { metadata: { deletionTimestamp: null }, status: { conditions: {} } },
    ] as PodLike[]) {
      expect(() => podStatusDetail(bad)).not.toThrow();
    }
    expect(podStatusDetail({ metadata: {} })).toEqual({
      reason: '',
      readyContainers: 0,
      totalContainers: 0,
      restarts: 0,
    });
  });
});

describe('podStatus', () => {
  it('prints the kubectl cells, with when the last restart was', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          ...running(true, 3),
          lastState: { terminated: { exitCode: 137, finishedAt: '2026-11-22T11:58:00Z' } },
        },
      ],
    });
    expect(podStatus(p, NOW)).toEqual({ reason: 'Running', ready: '1/2', restarts: '3 (2m ago)' });
    expect(podStatus(pod({ phase: 'Pending' }), NOW)).toEqual({
      reason: 'Pending',
      ready: '0/2',
      restarts: '0',
    });
  });
});

describe('statusTone', () => {
  it('colours reasons the way a user reads them', () => {
    expect(statusTone('Running')).toBe('ok');
    expect(statusTone('Completed')).toBe('done');
    expect(statusTone('CrashLoopBackOff')).toBe('error');
    expect(statusTone('ImagePullBackOff')).toBe('error');
    expect(statusTone('OOMKilled')).toBe('error');
    expect(statusTone('ExitCode:2')).toBe('error');
    expect(statusTone('Init:CrashLoopBackOff')).toBe('error');
    expect(statusTone('Init:0/2')).toBe('progress');
    expect(statusTone('ContainerCreating')).toBe('progress');
    expect(statusTone('Terminating')).toBe('progress');
    expect(statusTone('NotReady')).toBe('warning');
    expect(statusTone('SomethingNew')).toBe('warning');
    expect(statusTone('')).toBe('unknown');
  });
});
