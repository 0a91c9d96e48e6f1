import { describe, expect, it } from 'vitest';
import { rolloutOf, revisionTemplate, templateDiff, type KubeItem } from './rollout';

const template = (image: string, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { 'app.kubernetes.io/name': 'shop', 'pod-template-hash': image.slice(-3) } },
  spec: { containers: [{ name: 'app', image, ...extra }] },
});

const deployment: KubeItem = {
  metadata: {
    name: 'shop',
    uid: 'd1',
    generation: 2,
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: { replicas: 2, template: template('shop:2.0') },
  status: { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2 },
};

function rs(name: string, revision: number, image: string, replicas: number): KubeItem {
  return {
    metadata: {
      name,
      uid: name,
      labels: { 'pod-template-hash': name },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [{ uid: 'd1', controller: true }],
    },
    spec: { replicas, template: template(image) },
    status: { readyReplicas: replicas },
  };
}

function pod(name: string, owner: string, waiting?: string): KubeItem {
  return {
    metadata: { name, ownerReferences: [{ uid: owner, controller: true }] },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: waiting ? 'Pending' : 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: !waiting,
          restartCount: 0,
          state: waiting ? { waiting: { reason: waiting } } : { running: {} },
        },
      ],
    },
  };
}

describe('the rollout view', () => {
  it('shows old and new ReplicaSets with their pods, and what is wrong in words', () => {
    const r = rolloutOf(
      deployment,
      [rs('new', 2, 'shop:2.0', 1), rs('old', 1, 'shop:1.0', 2), rs('older', 0, 'shop:0.9', 0)],
      [pod('a', 'new', 'ImagePullBackOff'), pod('b', 'old'), pod('c', 'old')],
    );
    expect(r.replicaSets.map((s) => [s.name, s.current, s.pods.length])).toEqual([
      ['new', true, 1],
      ['old', false, 2],
    ]);
    expect(r.problems).toEqual([{ kind: 'pull', pod: 'a', detail: 'ImagePullBackOff' }]);
    expect(r.phase).toBe('failed');
    expect([r.updated, r.available, r.desired]).toEqual([1, 2, 2]);
  });

  it('is complete when every replica is updated and available, paused when paused', () => {
    const done = {
      ...deployment,
      status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    };
    expect(rolloutOf(done, [rs('new', 2, 'shop:2.0', 2)], []).phase).toBe('complete');
    const paused = { ...done, spec: { ...(done.spec as object), paused: true } };
    expect(rolloutOf(paused, [], []).phase).toBe('paused');
    const crash = rolloutOf(
      deployment,
      [rs('new', 2, 'shop:2.0', 1)],
      [pod('a', 'new', 'CrashLoopBackOff')],
    );
    expect(crash.problems[0]).toMatchObject({ kind: 'crash', pod: 'a' });
  });
});

describe('revisions', () => {
  it('diffs image, env, resources and probes between templates', () => {
    const a = template('shop:1.0', {
      env: [{ name: 'MODE', value: 'a' }],
      resources: { requests: { cpu: '100m' } },
    });
    const b = template('shop:2.0', {
      env: [
        { name: 'MODE', value: 'b' },
        { name: 'NEW', value: '1' },
      ],
      resources: { requests: { cpu: '200m' } },
      readinessProbe: {
        httpGet: { path: '/ready', port: 8080 },
        initialDelaySeconds: 1,
        periodSeconds: 5,
      },
    });
    expect(templateDiff(a, b)).toEqual([
      { field: 'image', from: 'shop:1.0', to: 'shop:2.0' },
      { field: 'env MODE', from: 'a', to: 'b' },
      { field: 'env NEW', from: '', to: '1' },
      { field: 'requests.cpu', from: '100m', to: '200m' },
      { field: 'readiness', from: '', to: 'GET /ready :8080 after 1s every 5s' },
    ]);
    expect(templateDiff(a, a)).toEqual([]);
  });

  it('copies a ReplicaSet’s template without its pod-template-hash', () => {
    const t = revisionTemplate(rs('x', 1, 'shop:1.0', 1)) as { metadata: { labels: object } };
    expect(t.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'shop' });
  });
});
