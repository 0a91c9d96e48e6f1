import { describe, expect, it } from 'vitest';
import type { StreamObject } from '../../lib/contracts/stream';
import { appConfig, endpoints } from './app-config';

const deployment: StreamObject = {
  metadata: { name: 'ai-api', namespace: 'ai-test' },
  spec: {
    template: {
      spec: {
        volumes: [
          { name: 'config', configMap: { name: 'ai-api-config' } },
          { name: 'tls', secret: { secretName: 'ai-tls' } },
        ],
        containers: [
          {
            name: 'app',
            image: 'reg/ai/ai-api:1',
            env: [
              { name: 'MODE', value: 'test' },
              {
                name: 'DB_PASSWORD',
                valueFrom: { secretKeyRef: { name: 'ai-api-db', key: 'password' } },
              },
              { name: 'FLAG', valueFrom: { configMapKeyRef: { name: 'flags', key: 'x' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            ],
            envFrom: [{ secretRef: { name: 'extra' } }],
            resources: { requests: { cpu: '250m' }, limits: { memory: '1Gi' } },
            readinessProbe: { httpGet: { path: '/ready', port: 'http' }, initialDelaySeconds: 15 },
            livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
          },
        ],
      },
    },
  },
};

describe('appConfig', () => {
  it('lists env sources, referenced ConfigMaps and Secrets by name, resources and probes', () => {
    const config = appConfig(deployment);
    expect(config.configMaps).toEqual(['ai-api-config', 'flags']);
    expect(config.secrets).toEqual(['ai-api-db', 'ai-tls', 'extra']);
    const [app] = config.containers;
    expect(app?.env.map((e) => e.source)).toEqual([
      { kind: 'value', value: 'test' },
      { kind: 'secret', name: 'ai-api-db', key: 'password' },
      { kind: 'configMap', name: 'flags', key: 'x' },
      { kind: 'field', path: 'status.podIP' },
    ]);
    expect(app?.requests).toEqual({ cpu: '250m' });
    expect(app?.limits).toEqual({ memory: '1Gi' });
    expect(app?.probes).toEqual([
      { kind: 'liveness', check: 'TCP :8080', initialDelaySeconds: 0, periodSeconds: 5 },
      { kind: 'readiness', check: 'GET /ready :http', initialDelaySeconds: 15, periodSeconds: 10 },
    ]);
  });

  it('is empty without a workload', () => {
    expect(appConfig(undefined)).toEqual({ containers: [], configMaps: [], secrets: [] });
  });
});

describe('endpoints', () => {
  it('gives each service its ports and the ingress URLs routed to it', () => {
    const svc: StreamObject = {
      metadata: { name: 'ai-web' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.1',
        ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }],
      },
    };
    const ing: StreamObject = {
      metadata: { name: 'ai-web' },
      spec: {
        tls: [{ hosts: ['secure.example'] }],
        rules: [
          {
            host: 'ai-web.test',
            http: { paths: [{ path: '/', backend: { service: { name: 'ai-web' } } }] },
          },
          {
            host: 'secure.example',
            http: { paths: [{ path: '/app', backend: { service: { name: 'ai-web' } } }] },
          },
        ],
      },
    };
    expect(endpoints([svc], [ing])).toEqual([
      {
        service: 'ai-web',
        type: 'NodePort',
        clusterIP: '10.96.0.1',
        ports: ['30080:80/TCP → http'],
        urls: ['http://ai-web.test/', 'https://secure.example/app'],
      },
    ]);
  });
});
