import { describe, expect, it } from 'vitest';
import type { StreamObject } from '../../lib/contracts/stream';
import {
  filterByTone,
  filterRows,
  podProblem,
  podRevision,
  podRow,
  revisionIndex,
  sortRows,
  toneCounts,
} from './pod-rows';

function pod(
  name: string,
  opts: {
    reason?: string;
    ready?: boolean;
    restarts?: number;
    created?: string;
    ip?: string;
    node?: string;
    ns?: string;
    deleting?: boolean;
  } = {},
): StreamObject {
  const state = opts.reason
    ? { waiting: { reason: opts.reason } }
    : { running: { startedAt: '2026-11-22T10:00:00Z' } };
  return {
    metadata: {
      name,
      namespace: opts.ns ?? 'ai-test',
      creationTimestamp: opts.created ?? '2026-11-22T10:00:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2026-11-22T11:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'app' }], nodeName: opts.node ?? 'node-1' },
    status: {
      phase: 'Running',
      podIP: opts.ip ?? '10.0.0.1',
      containerStatuses: [
        { name: 'app', ready: opts.ready ?? !opts.reason, restartCount: opts.restarts ?? 0, state },
      ],
    },
  };
}

describe('podRow', () => {
  it('computes the columns of the pod list', () => {
    const row = podRow(
      pod('ai-api-1', { reason: 'CrashLoopBackOff', restarts: 4, ip: '10.1.2.3' }),
    );
    expect(row).toMatchObject({
      key: 'ai-test/ai-api-1',
      name: 'ai-api-1',
      namespace: 'ai-test',
      reason: 'CrashLoopBackOff',
      tone: 'error',
      readyContainers: 0,
      totalContainers: 1,
      restarts: 4,
      ip: '10.1.2.3',
      node: 'node-1',
      createdAt: Date.parse('2026-11-22T10:00:00Z'),
    });
    expect(podRow(pod('x', { deleting: true })).reason).toBe('Terminating');
  });

  it('reuses the row of an unchanged object and survives junk', () => {
    const p = pod('same');
    expect(podRow(p)).toBe(podRow(p));
    const junk = podRow({ metadata: {}, status: 'x', spec: null } as unknown as StreamObject);
    expect(junk).toMatchObject({ name: '', reason: 'Unknown', tone: 'unknown', ip: '', node: '' });
    expect(junk.createdAt).toBeUndefined();
  });
});

describe('filterRows', () => {
  const rows = [
    podRow(pod('ai-api-1', { node: 'node-a', ip: '10.0.0.5' })),
    podRow(pod('ai-web-1', { reason: 'ImagePullBackOff', node: 'node-b' })),
    podRow(pod('foo-1', { ns: 'haierpsi-foo-dev', node: 'node-b' })),
  ];
  it('matches every word against name, namespace, status, node and IP', () => {
    expect(filterRows(rows, 'ai').map((r) => r.name)).toEqual(['ai-api-1', 'ai-web-1', 'foo-1']);
    expect(filterRows(rows, 'ai- imagepull').map((r) => r.name)).toEqual(['ai-web-1']);
    expect(filterRows(rows, 'NODE-B foo').map((r) => r.name)).toEqual(['foo-1']);
    expect(filterRows(rows, '10.0.0.5').map((r) => r.name)).toEqual(['ai-api-1']);
  });
  it('keeps all for an empty query and none for a miss', () => {
    expect(filterRows(rows, '   ')).toHaveLength(3);
    expect(filterRows(rows, 'nothing-like-this')).toEqual([]);
  });
});

describe('sortRows', () => {
  const rows = [
    podRow(pod('p-10', { restarts: 1, created: '2026-11-22T09:00:00Z', ip: '10.0.0.10' })),
    podRow(pod('p-9', { reason: 'CrashLoopBackOff', restarts: 7, ip: '10.0.0.9' })),
    podRow(pod('p-2', { reason: 'ContainerCreating', created: '2026-11-22T11:00:00Z', ip: '' })),
  ];
  it('sorts names naturally, both ways', () => {
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['p-2', 'p-9', 'p-10']);
    expect(sortRows(rows, 'name', 'desc').map((r) => r.name)).toEqual(['p-10', 'p-9', 'p-2']);
  });
  it('puts failing pods first by status, and sorts numbers as numbers', () => {
    expect(sortRows(rows, 'status', 'asc').map((r) => r.name)).toEqual(['p-9', 'p-2', 'p-10']);
    expect(sortRows(rows, 'restarts', 'desc').map((r) => r.name)).toEqual(['p-9', 'p-10', 'p-2']);
    expect(sortRows(rows, 'age', 'asc').map((r) => r.name)).toEqual(['p-2', 'p-9', 'p-10']);
    expect(sortRows(rows, 'ip', 'asc').map((r) => r.name)).toEqual(['p-9', 'p-10', 'p-2']);
  });
  it('does not change its input', () => {
    const before = rows.map((r) => r.name);
    sortRows(rows, 'name', 'desc');
    expect(rows.map((r) => r.name)).toEqual(before);
  });
});

describe('toneCounts', () => {
  it('counts rows per tone', () => {
    const counts = toneCounts([
      podRow(pod('a')),
      podRow(pod('b', { reason: 'OOMKilled' })),
      podRow(pod('c', { reason: 'CrashLoopBackOff' })),
    ]);
    expect(counts).toEqual({ ok: 1, progress: 0, warning: 0, error: 2, done: 0, unknown: 0 });
    expect(toneCounts([]).ok).toBe(0);
  });
});

describe('pod columns for actions and revisions', () => {
  const owned: StreamObject = {
    metadata: {
      name: 'ai-api-5c-x',
      namespace: 'ai-test',
      labels: { 'pod-template-hash': '5c' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'ai-api-5c', controller: true }],
    },
    spec: {
      containers: [
        {
          name: 'a',
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1' } },
        },
        { name: 'b', resources: { requests: { cpu: '50m' } } },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'a',
          ready: false,
          restartCount: 2,
          lastState: { terminated: { reason: 'OOMKilled' } },
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    },
  };

  it('reads owner, template hash, summed resources and the last termination', () => {
    const row = podRow(owned);
    expect(row.owner).toEqual({ kind: 'ReplicaSet', name: 'ai-api-5c' });
    expect(row.templateHash).toBe('5c');
    expect(row.resources).toEqual({ cpuRequest: 0.3, cpuLimit: 1, memoryRequest: 512 * 2 ** 20 });
    expect(podProblem(row)).toEqual({ key: 'pods.why.oom', n: 2 });
  });

  it('explains failing pods in words and leaves healthy ones alone', () => {
    expect(podProblem(podRow(pod('c', { reason: 'CrashLoopBackOff', restarts: 5 })))).toEqual({
      key: 'pods.why.crash',
      n: 5,
    });
    expect(podProblem(podRow(pod('i', { reason: 'ImagePullBackOff' })))?.key).toBe(
      'pods.why.image',
    );
    expect(podProblem(podRow(pod('ok')))).toBeUndefined();
  });

  it('marks the pods of the newest ReplicaSet of a Deployment as new', () => {
    const rs = (name: string, revision: string) => ({
      metadata: {
        name,
        namespace: 'ai-test',
        annotations: { 'deployment.kubernetes.io/revision': revision },
        ownerReferences: [{ kind: 'Deployment', name: 'ai-api', controller: true }],
      },
    });
    const index = revisionIndex([rs('ai-api-4b', '1'), rs('ai-api-5c', '2')]);
    expect(podRevision(podRow(owned), index)).toEqual({ revision: 2, newest: true });
    expect(index.get('ai-test/ai-api-4b')).toEqual({ revision: 1, newest: false });
    expect(podRevision(podRow(pod('bare')), index)).toBeUndefined();
  });

  it('filters by tone', () => {
    const rows = [podRow(pod('a')), podRow(pod('b', { reason: 'OOMKilled' }))];
    expect(filterByTone(rows, 'error').map((r) => r.name)).toEqual(['b']);
    expect(filterByTone(rows, 'all')).toHaveLength(2);
  });
});
