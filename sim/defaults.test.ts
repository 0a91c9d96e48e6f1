import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../lib/k8s/resources';
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { applyDefaults, defaultPullPolicy } from './defaults';
import type { KubeObject } from './types';

function desc(kind: string): ResourceDescriptor {
  const d = RESOURCES.find((r) => r.kind === kind);
  if (!d) throw new Error(kind);
  return d;
}

const container = { name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] };

const defaultedContainer = {
  name: 'app',
  image: 'nginx:1.27',
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

const defaultedPodSpec = {
  containers: [defaultedContainer],
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  terminationGracePeriodSeconds: 30,
  securityContext: {},
};

describe('applyDefaults', () => {
  it('fills a Deployment like kube-apiserver and leaves the input alone', () => {
    const input: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      },
    };
    const before = structuredClone(input);
    const out = applyDefaults(desc('Deployment'), input);
    expect(input).toEqual(before);
    expect(out.spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' } }, spec: defaultedPodSpec },
    });
  });

  it('keeps what the user set, and Recreate gets no rollingUpdate', () => {
    const out = applyDefaults(desc('Deployment'), {
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: { replicas: 0, strategy: { type: 'Recreate' }, template: { spec: { containers: [] } } },
    });
    const spec = out.spec as Record<string, unknown>;
    expect(spec.replicas).toBe(0);
    expect(spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('is idempotent', () => {
    const pod: KubeObject = {
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [container] },
    };
    const once = applyDefaults(desc('Pod'), pod);
    expect(applyDefaults(desc('Pod'), once)).toEqual(once);
  });

  it('gives Pods admission defaults that templates do not get', () => {
    const out = applyDefaults(desc('Pod'), {
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [{ ...container, resources: { limits: { cpu: '1' } } }],
      },
    });
    expect(out.spec).toEqual({
      ...defaultedPodSpec,
      containers: [
        { ...defaultedContainer, resources: { limits: { cpu: '1' }, requests: { cpu: '1' } } },
      ],
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    });
  });

  it('does not add a toleration the pod already has', () => {
    const out = applyDefaults(desc('Pod'), {
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [], tolerations: [{ operator: 'Exists' }] },
    });
    expect((out.spec as Record<string, unknown>).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('defaults probes, env field refs and volumes', () => {
    const out = applyDefaults(desc('Pod'), {
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'a',
            image: 'busybox',
            livenessProbe: { httpGet: { port: 8080 } },
            env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }],
      },
    });
    const spec = out.spec as { containers: Record<string, unknown>[]; volumes: unknown[] };
    const c = spec.containers[0]!;
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.env).toEqual([
      { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
  });

  it('defaults StatefulSets, Jobs and CronJobs', () => {
    const sts = applyDefaults(desc('StatefulSet'), {
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { serviceName: 's', template: { spec: { containers: [] } } },
    });
    expect(sts.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });

    const job = applyDefaults(desc('Job'), {
      kind: 'Job',
      metadata: { name: 'pi', uid: 'u-1' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } },
    });
    const uidLabels = {
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    };
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      template: { metadata: { labels: uidLabels } },
    });
    expect(job.metadata.labels).toEqual(uidLabels);

    const parallel = applyDefaults(desc('Job'), {
      kind: 'Job',
      metadata: { name: 'x' },
      spec: { parallelism: 3 },
    });
    expect((parallel.spec as Record<string, unknown>).completions).toBeUndefined();
    expect((parallel.spec as Record<string, unknown>).selector).toBeUndefined();

    const cj = applyDefaults(desc('CronJob'), {
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [container] } } } },
      },
    });
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: { template: { spec: { restartPolicy: 'Always' } } } },
    });
    // The Job defaults do not reach into a CronJob's template.
    expect(
      (cj.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec.backoffLimit,
    ).toBeUndefined();
  });

  it('defaults Services without touching clusterIP', () => {
    const out = applyDefaults(desc('Service'), {
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] },
    });
    expect(out.spec).toEqual({
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    const ext = applyDefaults(desc('Service'), {
      kind: 'Service',
      metadata: { name: 'ext' },
      spec: { type: 'ExternalName', externalName: 'example.com' },
    });
    expect(ext.spec).toEqual({
      type: 'ExternalName',
      externalName: 'example.com',
      sessionAffinity: 'None',
    });
  });

  it('defaults Secrets, Namespaces, HPAs, LimitRanges and binding subjects', () => {
    expect(applyDefaults(desc('Secret'), { kind: 'Secret', metadata: { name: 's' } }).type).toBe(
      'Opaque',
    );

    const ns = applyDefaults(desc('Namespace'), {
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'spoofed', x: 'y' } },
    });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a', x: 'y' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });

    const hpa = applyDefaults(desc('HorizontalPodAutoscaler'), {
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    expect(hpa.spec).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 60,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    });

    const lr = applyDefaults(desc('LimitRange'), {
      kind: 'LimitRange',
      metadata: { name: 'l' },
      spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }] },
    });
    expect(lr.spec).toEqual({
      limits: [
        {
          type: 'Container',
          max: { cpu: '1' },
          min: { memory: '64Mi' },
          default: { cpu: '1' },
          defaultRequest: { cpu: '1', memory: '64Mi' },
        },
      ],
    });

    const rb = applyDefaults(desc('RoleBinding'), {
      kind: 'RoleBinding',
      metadata: { name: 'b' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'x' },
      ],
    });
    expect(rb.subjects).toEqual([
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'x', apiGroup: '' },
    ]);
  });

  it('leaves Ingress and ConfigMap alone', () => {
    const ing: KubeObject = { kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [] } };
    expect(applyDefaults(desc('Ingress'), ing)).toEqual(ing);
    const cm: KubeObject = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(applyDefaults(desc('ConfigMap'), cm)).toEqual(cm);
  });
});

describe('defaultPullPolicy', () => {
  it('pulls always only for latest or no tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('registry:5000/team/app')).toBe('Always');
    expect(defaultPullPolicy('registry:5000/team/app:v2')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
  });
});
