import { describe, expect, it } from 'vitest';
import {
  AppModelSchema,
  defaultModel,
  deploymentFor,
  modelFrom,
  serviceFor,
  type AppModel,
  type Manifest,
} from './app-model';

const full: AppModel = {
  ...defaultModel('shop'),
  image: 'registry.wharf.local/ai/shop:1.2.3',
  replicas: 3,
  ports: [
    { name: 'http', containerPort: 8080, servicePort: 80 },
    { name: 'metrics', containerPort: 9090, servicePort: 9090 },
  ],
  env: [
    { source: 'value', name: 'MODE', value: 'prod' },
    { source: 'configMap', name: 'LEVEL', ref: 'shop-config', key: 'level' },
    { source: 'secret', name: 'DB_PASSWORD', ref: 'shop-db', key: 'password' },
  ],
  liveness: null,
  strategy: { type: 'Recreate' },
};

describe('the app model ↔ Deployment and Service', () => {
  it('round-trips every field', () => {
    for (const m of [defaultModel('a'), full]) {
      const model = { ...m, image: m.image || 'nginx:1.27' };
      const back = modelFrom(deploymentFor(model, 'ai'), serviceFor(model, 'ai'));
      expect(back).toEqual(model);
      expect(AppModelSchema.safeParse(back).success).toBe(true);
    }
  });

  it('labels the Deployment, its pods and the Service for the project', () => {
    const d = deploymentFor(full, 'ai');
    const labels = { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/part-of': 'ai' };
    expect(d.metadata.labels).toEqual(labels);
    expect(d).toMatchObject({
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
        template: { metadata: { labels } },
      },
    });
    expect(serviceFor(full, 'ai')).toMatchObject({
      metadata: { labels },
      spec: { selector: { 'app.kubernetes.io/name': 'shop' } },
    });
    expect(serviceFor({ ...full, service: false }, 'ai')).toBeUndefined();
  });

  it('keeps what the model does not own when updating an existing app', () => {
    const existing: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'foo', annotations: { team: 'x' } } as Manifest['metadata'],
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'foo' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'foo', tier: 'web' } },
          spec: {
            volumes: [{ name: 'config', configMap: { name: 'foo' } }],
            containers: [
              {
                name: 'app',
                image: 'foo:1',
                ports: [{ name: 'http', containerPort: 8080 }],
                volumeMounts: [{ name: 'config', mountPath: '/etc/foo' }],
                readinessProbe: {
                  httpGet: { path: '/ready', port: 'http' },
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                  timeoutSeconds: 2,
                },
              },
              { name: 'sidecar', image: 'envoy:1' },
            ],
          },
        },
      },
    };
    const model = modelFrom(existing);
    expect(model.readiness).toEqual({
      path: '/ready',
      port: 8080,
      initialDelaySeconds: 5,
      periodSeconds: 10,
    });
    const d = deploymentFor({ ...model, image: 'foo:2' }, 'haierpsi', existing);
    expect(d).toMatchObject({
      metadata: { annotations: { team: 'x' } },
      spec: {
        template: {
          metadata: { labels: { tier: 'web' } },
          spec: {
            volumes: [{ name: 'config' }],
            containers: [
              {
                image: 'foo:2',
                volumeMounts: [{ mountPath: '/etc/foo' }],
                readinessProbe: { timeoutSeconds: 2 },
              },
              { name: 'sidecar', image: 'envoy:1' },
            ],
          },
        },
      },
    });
  });

  it('leaves an unchanged app’s template exactly as it was (no needless rollout)', () => {
    const seeded: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ai-api' },
      spec: {
        replicas: 3,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        template: {
          metadata: {
            labels: { 'app.kubernetes.io/name': 'ai-api', 'app.kubernetes.io/part-of': 'ai' },
          },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'ai-api:1',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                env: [
                  { name: 'A', value: 'b' },
                  { name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                ],
                resources: {
                  requests: { cpu: '250m', memory: '512Mi' },
                  limits: { cpu: '1', memory: '1Gi' },
                },
                readinessProbe: {
                  httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
                  initialDelaySeconds: 15,
                  periodSeconds: 10,
                },
              },
            ],
          },
        },
      },
    };
    const again = deploymentFor(modelFrom(seeded), 'ai', seeded);
    expect(again.spec).toEqual(seeded.spec);
  });

  it('refuses what the API server would, with the field that is wrong', () => {
    const bad = (patch: Partial<AppModel>) =>
      AppModelSchema.safeParse({ ...full, ...patch }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ name: '1shop' })).toEqual(['name']);
    expect(bad({ image: 'Shop:latest' })).toEqual(['image']);
    expect(bad({ image: 'registry:5000/team/shop:v1@sha256:' + 'a'.repeat(64) })).toBeUndefined();
    expect(bad({ requests: { cpu: '2', memory: '128Mi' } })).toEqual(['requests.cpu']);
    expect(bad({ limits: { cpu: '1x', memory: '1Gi' } })).toEqual(['limits.cpu']);
    expect(bad({ replicas: -1 })).toEqual(['replicas']);
    expect(bad({ replicas: 1.5 })).toEqual(['replicas']);
    expect(bad({ ports: [{ name: 'http', containerPort: 0, servicePort: 80 }] })).toEqual([
      'ports.0.containerPort',
    ]);
    expect(bad({ service: true, ports: [] })).toEqual(['ports']);
    expect(
      bad({
        env: [
          { source: 'value', name: 'A', value: '' },
          { source: 'value', name: 'A', value: '' },
        ],
      }),
    ).toEqual(['env.1.name']);
    expect(
      bad({ strategy: { type: 'RollingUpdate', maxSurge: '0', maxUnavailable: '0%' } }),
    ).toEqual(['strategy.maxUnavailable']);
  });
});
