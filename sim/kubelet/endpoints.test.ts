import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { desiredEndpoints, endpointSubsets, resolvePort } from './endpoints';

const svc = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
  spec: {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    ...spec,
  },
});

const pod = (
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'web' } },
  spec: {
    nodeName: 'n1',
    containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }],
  },
  status: {
    phase: 'Running',
    podIP: ip,
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  },
  ...extra,
});

describe('endpoints', () => {
  it('resolves named and numeric target ports', () => {
    const p = pod('a', '10.0.0.1', true);
    expect(resolvePort({ port: 80, targetPort: 'http' }, p)).toBe(8080);
    expect(resolvePort({ port: 80, targetPort: 9090 }, p)).toBe(9090);
    expect(resolvePort({ port: 80 }, p)).toBe(80);
    expect(resolvePort({ port: 80, targetPort: 'grpc' }, p)).toBeUndefined();
    expect(resolvePort({ port: 80, targetPort: 'http', protocol: 'UDP' }, p)).toBeUndefined();
  });

  it('splits ready and not-ready addresses, sorted, skipping pods without IP or finished', () => {
    const subsets = endpointSubsets(svc({}), [
      pod('b', '10.0.0.9', true),
      pod('a', '10.0.0.10', true),
      pod('c', '10.0.0.3', false),
      pod('d', undefined, true),
      pod('e', '10.0.0.5', true, { status: { phase: 'Succeeded', podIP: '10.0.0.5' } }),
      pod('f', '10.0.0.6', true, {
        metadata: { name: 'f', namespace: 'ns', uid: 'f', deletionTimestamp: 'x' },
      }),
    ]);
    expect(subsets).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.10',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
          },
          {
            ip: '10.0.0.9',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.3',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'c', uid: 'uid-c' },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(
      endpointSubsets(svc({ ports: [{ port: 80, targetPort: 'nope' }] }), [
        pod('a', '1.1.1.1', true),
      ]),
    ).toEqual([]);
  });

  it('manages only services with a selector, matching by labels', () => {
    expect(desiredEndpoints(svc({ selector: undefined }), [])).toBeUndefined();
    expect(desiredEndpoints(svc({ type: 'ExternalName' }), [])).toBeUndefined();
    const other = pod('x', '10.0.0.7', true);
    other.metadata.labels = { app: 'other' };
    const ep = desiredEndpoints(svc({ clusterIP: 'None' }), [pod('a', '10.0.0.1', true), other])!;
    expect(ep.metadata).toEqual({
      name: 'web',
      namespace: 'ns',
      labels: { app: 'web', 'service.kubernetes.io/headless': '' },
    });
    expect((ep.subsets as { addresses: unknown[] }[])[0]!.addresses).toHaveLength(1);
    expect(desiredEndpoints(svc({}), [])!.subsets).toBeUndefined();
  });
});
