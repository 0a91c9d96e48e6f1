import { describe, expect, it } from 'vitest';
import type { StreamObject } from '../../lib/contracts/stream';
import { imageTag, membersOf, quotaLines, recentEvents, summarizeApps } from './app-model';

function deployment(
  name: string,
  opts: {
    replicas?: number;
    ready?: number;
    updated?: number;
    image?: string;
    conditions?: unknown[];
  } = {},
): StreamObject {
  return {
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'ai-test',
      labels: { 'app.kubernetes.io/name': name },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    },
    spec: {
      replicas: opts.replicas ?? 2,
      strategy: { type: 'RollingUpdate' },
      template: {
        spec: { containers: [{ name: 'app', image: opts.image ?? `reg/ai/${name}:1.0` }] },
      },
    },
    status: {
      readyReplicas: opts.ready ?? 2,
      updatedReplicas: opts.updated ?? opts.ready ?? 2,
      conditions: opts.conditions ?? [],
    },
  };
}

function pod(app: string, name: string, waiting?: string): StreamObject {
  return {
    metadata: { name, namespace: 'ai-test', labels: { 'app.kubernetes.io/name': app } },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: !waiting,
          restartCount: waiting ? 3 : 0,
          state: waiting ? { waiting: { reason: waiting } } : { running: {} },
        },
      ],
    },
  };
}

describe('summarizeApps', () => {
  it('calls an app degraded with the reason its pods show', () => {
    const [server] = summarizeApps(
      [deployment('ai-server', { ready: 0 })],
      [pod('ai-server', 'a', 'CrashLoopBackOff'), pod('ai-server', 'b', 'CrashLoopBackOff')],
    );
    expect(server).toMatchObject({
      app: 'ai-server',
      health: 'degraded',
      reason: 'CrashLoopBackOff',
      reasonPods: 2,
      ready: 0,
      desired: 2,
      tag: '1.0',
      revision: '3',
      strategy: 'RollingUpdate',
    });
  });

  it('tells ready, progressing, stopped and a stuck rollout apart, sorted by app', () => {
    const apps = summarizeApps(
      [
        deployment('web'),
        deployment('api', { replicas: 3, ready: 1 }),
        deployment('off', { replicas: 0, ready: 0 }),
        deployment('stuck', {
          ready: 2,
          updated: 1,
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
          ],
        }),
      ],
      [pod('web', 'w1'), pod('api', 'a1')],
    );
    expect(apps.map((a) => [a.app, a.health, a.reason])).toEqual([
      ['api', 'progressing', undefined],
      ['off', 'stopped', undefined],
      ['stuck', 'degraded', 'ProgressDeadlineExceeded'],
      ['web', 'ready', undefined],
    ]);
  });
});

describe('imageTag', () => {
  it('finds the tag after the last path segment, or latest, or a digest', () => {
    expect(imageTag('registry:5000/ai/api:2026-11-22_3f9c2ab')).toBe('2026-11-22_3f9c2ab');
    expect(imageTag('registry:5000/ai/api')).toBe('latest');
    expect(imageTag('nginx@sha256:abcdef0123456789abcdef')).toBe('sha256:abcdef012345');
  });
});

describe('quotaLines', () => {
  it('sums wharf-quota of several namespaces and ignores other quotas', () => {
    const quota = (name: string, used: string): StreamObject => ({
      metadata: { name, namespace: 'x' },
      status: {
        hard: { 'requests.cpu': '2', pods: '10' },
        used: { 'requests.cpu': used, pods: '3' },
      },
    });
    expect(
      quotaLines([quota('wharf-quota', '500m'), quota('wharf-quota', '1'), quota('other', '9')]),
    ).toEqual([
      { resource: 'requests.cpu', used: 1.5, hard: 4 },
      { resource: 'pods', used: 6, hard: 20 },
    ]);
  });
});

describe('membersOf', () => {
  it('lists each subject once with its roles', () => {
    const binding = (role: string, ...users: string[]): StreamObject => ({
      metadata: { name: `${role}-b`, namespace: 'x' },
      roleRef: { kind: 'ClusterRole', name: `wharf-${role}` },
      subjects: users.map((name) => ({ kind: 'User', name })),
    });
    expect(
      membersOf([
        binding('owner', 'alice'),
        binding('member', 'bob', 'alice'),
        binding('owner', 'alice'),
      ]),
    ).toEqual([
      { kind: 'User', name: 'alice', roles: ['owner', 'member'] },
      { kind: 'User', name: 'bob', roles: ['member'] },
    ]);
  });
});

describe('recentEvents', () => {
  const event = (name: string, object: string, at: string, type = 'Normal'): StreamObject => ({
    metadata: { name, namespace: 'ai-test' },
    involvedObject: { kind: 'Pod', name: object },
    reason: 'Started',
    message: 'm',
    type,
    lastTimestamp: at,
  });
  it('puts the newest first, keeps the limit and the filter', () => {
    const events = [
      event('a', 'ai-api-1', '2026-12-01T10:00:00Z'),
      event('b', 'ai-web-1', '2026-12-01T10:05:00Z', 'Warning'),
      event('c', 'ai-api-2', '2026-12-01T10:03:00Z'),
    ];
    expect(recentEvents(events, 2).map((e) => e.key)).toEqual(['ai-test/b', 'ai-test/c']);
    expect(recentEvents(events, 10, (n) => n.startsWith('ai-api')).map((e) => e.object)).toEqual([
      'Pod/ai-api-2',
      'Pod/ai-api-1',
    ]);
  });
});
