import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../lib/k8s/resources';
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { strictDecodingError, unknownFields } from './schema';

function desc(kind: string): ResourceDescriptor {
  const d = RESOURCES.find((r) => r.kind === kind);
  if (!d) throw new Error(kind);
  return d;
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { anything: 'goes' },
    annotations: { 'x/y': 'z' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        affinity: { nodeAffinity: { whatever: { deeply: ['nested'] } } },
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [{ containerPort: 80, name: 'http' }],
            env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
            resources: { limits: { cpu: '1', 'nvidia.com/gpu': 1 }, requests: { memory: '1Gi' } },
            livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
            securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'v', mountPath: '/v' }],
          },
        ],
        volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'a', path: 'a' }] } }],
      },
    },
  },
  status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
};

describe('unknownFields', () => {
  it('accepts a full Deployment, free-key maps and loosely modelled subtrees', () => {
    expect(unknownFields(desc('Deployment'), deployment)).toEqual([]);
  });

  it('reports misspelled fields with kube paths, in document order', () => {
    const bad = structuredClone(deployment) as Record<string, unknown> & typeof deployment;
    (bad.spec as Record<string, unknown>).foo = 1;
    (bad.spec.template.spec.containers[0] as Record<string, unknown>).imagee = 'x';
    (bad.metadata as Record<string, unknown>).lables = {};
    bad.specc = {};
    expect(unknownFields(desc('Deployment'), bad)).toEqual([
      'metadata.lables',
      'spec.template.spec.containers[0].imagee',
      'spec.foo',
      'specc',
    ]);
  });

  it('checks list items and nested known objects', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }, { port: 81, targetport: 8081 }], selector: { any: 'key' } },
    };
    expect(unknownFields(desc('Service'), svc)).toEqual(['spec.ports[1].targetport']);
    const cm = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v' }, dat: {} };
    expect(unknownFields(desc('ConfigMap'), cm)).toEqual(['dat']);
    const role = {
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [{ verbs: ['get'], apiGroups: [''], resource: ['pods'] }],
    };
    expect(unknownFields(desc('Role'), role)).toEqual(['rules[0].resource']);
  });

  it('walks CronJob job templates and HPA behavior', () => {
    const cj = {
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            backoffLimit: 1,
            template: { spec: { containers: [{ name: 'c', image: 'x', comand: ['sh'] }] } },
          },
        },
      },
    };
    expect(unknownFields(desc('CronJob'), cj)).toEqual([
      'spec.jobTemplate.spec.template.spec.containers[0].comand',
    ]);
    const hpa = {
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, period: 15 }] } },
      },
    };
    expect(unknownFields(desc('HorizontalPodAutoscaler'), hpa)).toEqual([
      'spec.behavior.scaleUp.policies[0].period',
    ]);
  });

  it('never reports for kinds it does not model, or for wrong types', () => {
    expect(unknownFields(desc('SelfSubjectAccessReview'), { spec: { anything: 1 } })).toEqual([]);
    expect(unknownFields(desc('Pod'), { spec: { containers: 'oops' } })).toEqual([]);
    expect(unknownFields(desc('Pod'), null)).toEqual([]);
  });
});

describe('strictDecodingError', () => {
  it('is a 400 BadRequest listing each field', () => {
    const one = strictDecodingError(['spec.foo']);
    expect(one.code).toBe(400);
    expect(one.reason).toBe('BadRequest');
    expect(one.message).toBe('strict decoding error: unknown field "spec.foo"');
    expect(strictDecodingError(['a', 'b']).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'strict decoding error: unknown field "a", unknown field "b"',
      reason: 'BadRequest',
      code: 400,
    });
  });
});
