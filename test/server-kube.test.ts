// server/kube against the simulator: the console's identity, impersonation with separate group lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clustersFromKubeconfig,
  clustersFromSimulator,
  detectClusterSource,
  type ClusterConnection,
} from '../server/kube/clusters';
import { KubeError, kubeJson } from '../server/kube/transport';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let clusters: ClusterConnection[];

beforeAll(async () => {
  sim = await startSim();
  clusters = clustersFromSimulator(sim.kubeconfig);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

describe('server/kube', () => {
  it("finds both simulated clusters through the console's contexts", () => {
    expect(clusters.map((c) => c.name).sort()).toEqual(['dev-cluster', 'prod-cluster']);
    expect(clustersFromKubeconfig(sim.kubeconfig).map((c) => c.name)).toEqual(['dev-cluster']);
    expect(() => clustersFromKubeconfig(sim.kubeconfig, ['nope'])).toThrow(/no context "nope"/);
  });

  it('decides the source without falling back to localhost:8080', () => {
    expect(detectClusterSource({ WHARF_EMBEDDED: '1', KUBECONFIG: sim.kubeconfig })).toEqual({
      kind: 'embedded',
    });
    expect(detectClusterSource({ KUBECONFIG: sim.kubeconfig, WHARF_CONTEXTS: 'a, b' })).toEqual({
      kind: 'kubeconfig',
      file: sim.kubeconfig,
      contexts: ['a', 'b'],
    });
    expect(
      detectClusterSource({ KUBERNETES_SERVICE_HOST: '10.0.0.1', HOME: '/nonexistent' }),
    ).toEqual({ kind: 'in-cluster' });
    expect(detectClusterSource({ HOME: '/nonexistent' })).toEqual({ kind: 'embedded' });
  });

  it('gives a user whose rights come only from a group those rights', async () => {
    const dev = clusters.find((c) => c.name === 'dev-cluster')!;
    const list = await kubeJson<{ items: unknown[] }>(dev, {
      path: '/api/v1/namespaces/ai-test/secrets',
      as: { username: 'admin', groups: ['wharf:platform-admins'] },
    });
    expect(list.items.length).toBeGreaterThan(0);
    const review = await kubeJson<{ status: { userInfo: { groups: string[] } } }>(dev, {
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      as: { username: 'admin', groups: ['wharf:users', 'wharf:platform-admins'] },
    });
    expect(review.status.userInfo.groups).toEqual([
      'wharf:users',
      'wharf:platform-admins',
      'system:authenticated',
    ]);
  });

  it("refuses what the user may not do with the API server's Status", async () => {
    const dev = clusters.find((c) => c.name === 'dev-cluster')!;
    const err = await kubeJson(dev, {
      path: '/api/v1/namespaces/ai-test/pods',
      as: { username: 'victor', groups: ['wharf:users'] },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "victor" cannot list resource "pods" in API group "" in the namespace "ai-test"',
    });
  });
});
