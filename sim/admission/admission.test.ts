import { describe, expect, it } from 'vitest';
import { findKind } from '../../lib/k8s/resources';
import { Registry, SYSTEM_CTX, type WriteContext } from '../registry';
import { Store } from '../store';
import { StatusError, type KubeObject } from '../types';
import { limitRanger } from './limit-ranger';
import { resourceQuota } from './resource-quota';

const podD = findKind('v1', 'Pod')!;
const ctx: WriteContext = { user: { username: 'alice', groups: [] } };

function setup(hard: Record<string, string>, limits?: object): Registry {
  const registry = new Registry(new Store(undefined));
  registry.admission.push(limitRanger(registry), resourceQuota(registry));
  registry.create(
    findKind('v1', 'Namespace')!,
    '',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
    SYSTEM_CTX,
  );
  registry.create(
    findKind('v1', 'ResourceQuota')!,
    'ns',
    { metadata: { name: 'compute' }, spec: { hard } },
    SYSTEM_CTX,
  );
  if (limits)
    registry.create(
      findKind('v1', 'LimitRange')!,
      'ns',
      { metadata: { name: 'limits' }, spec: { limits: [limits] } },
      SYSTEM_CTX,
    );
  return registry;
}

const pod = (name: string, resources?: object): KubeObject => ({
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx', ...(resources ? { resources } : {}) }] },
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) {
      expect(e.code).toBe(403);
      return e.message;
    }
    throw e;
  }
  throw new Error('expected a 403');
}

describe('LimitRanger', () => {
  const defaults = {
    type: 'Container',
    default: { cpu: '500m', memory: '512Mi' },
    defaultRequest: { cpu: '100m', memory: '128Mi' },
  };

  it('fills missing requests and limits and says so in the annotation', () => {
    const r = setup({ pods: '10' }, defaults);
    const created = r.create(podD, 'ns', pod('p'), ctx);
    const c = (created.spec as { containers: { resources: unknown }[] }).containers[0]!;
    expect(c.resources).toEqual({
      limits: { cpu: '500m', memory: '512Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    expect(created.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app',
    );
    expect((created.status as { qosClass: string }).qosClass).toBe('Burstable');
  });

  it('refuses a container over the maximum', () => {
    const r = setup({ pods: '10' }, { type: 'Container', max: { cpu: '500m' } });
    expect(refusal(() => r.create(podD, 'ns', pod('big', { limits: { cpu: '1' } }), ctx))).toBe(
      'pods "big" is forbidden: maximum cpu usage per Container is 500m, but limit is 1',
    );
    expect(r.store.count('/pods', 'ns')).toBe(0);
  });
});

describe('ResourceQuota admission', () => {
  it('refuses what would exceed the quota, naming only the exceeded keys', () => {
    const r = setup({ pods: '2', 'limits.cpu': '1', 'requests.cpu': '1' });
    const res = { requests: { cpu: '400m' }, limits: { cpu: '400m' } };
    r.create(podD, 'ns', pod('a', res), ctx);
    r.create(podD, 'ns', pod('b', res), ctx);
    expect(
      refusal(() =>
        r.create(podD, 'ns', pod('c', { requests: { cpu: '100m' }, limits: { cpu: '100m' } }), ctx),
      ),
    ).toBe(
      'pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2',
    );
    expect(r.store.count('/pods', 'ns')).toBe(2);
  });

  it('sums several exceeded keys in sorted order', () => {
    const r = setup({ pods: '5', 'limits.cpu': '1', 'requests.cpu': '1' });
    expect(
      refusal(() =>
        r.create(podD, 'ns', pod('big', { requests: { cpu: '2' }, limits: { cpu: '3' } }), ctx),
      ),
    ).toBe(
      'pods "big" is forbidden: exceeded quota: compute, requested: limits.cpu=3,requests.cpu=2, used: limits.cpu=0,requests.cpu=0, limited: limits.cpu=1,requests.cpu=1',
    );
  });

  it('requires compute resources the quota limits', () => {
    const r = setup({ 'limits.cpu': '4', 'requests.memory': '1Gi' });
    expect(refusal(() => r.create(podD, 'ns', pod('bare'), ctx))).toBe(
      'pods "bare" is forbidden: failed quota: compute: must specify limits.cpu for: app; requests.memory for: app',
    );
  });

  it('counts objects such as configmaps', () => {
    const r = setup({ configmaps: '1' });
    const cm = findKind('v1', 'ConfigMap')!;
    r.create(cm, 'ns', { metadata: { name: 'one' } }, ctx);
    expect(refusal(() => r.create(cm, 'ns', { metadata: { name: 'two' } }, ctx))).toBe(
      'configmaps "two" is forbidden: exceeded quota: compute, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
  });
});
