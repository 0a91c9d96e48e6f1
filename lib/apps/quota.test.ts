import { describe, expect, it } from 'vitest';
import { defaultModel, deploymentFor, type AppModel } from './app-model';
import { exceededMessage, preflight, surgeOf, type QuotaLike } from './quota';

const quota: QuotaLike = {
  metadata: { name: 'wharf-quota' },
  status: {
    hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '10', services: '5' },
    used: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '4', services: '5' },
  },
};

const m = (patch: Partial<AppModel>): AppModel => ({
  ...defaultModel('shop'),
  image: 'nginx:1',
  service: false,
  ...patch,
});
const d = (patch: Partial<AppModel>) => deploymentFor(m(patch), 'ai');

describe('the quota preflight', () => {
  it('charges a new app its replicas and a Service', () => {
    const p = preflight(quota, d({ replicas: 4 }), undefined, { adds: true });
    const row = (k: string) => p.rows.find((r) => r.resource === k);
    expect(row('requests.cpu')).toMatchObject({ requested: 0.4, fits: true });
    expect(row('pods')).toMatchObject({ requested: 4, fits: true });
    expect(row('services')).toMatchObject({ requested: 1, fits: false });
    expect(p.fits).toBe(false);
    expect(exceededMessage(p)).toBe(
      'exceeded quota: wharf-quota, requested: services=1, used: services=5, limited: services=5',
    );
  });

  it('counts a rolling update’s surge at the larger pod', () => {
    const before = d({ replicas: 4 });
    const after = d({ replicas: 4, image: 'nginx:2', requests: { cpu: '200m', memory: '128Mi' } });
    expect(surgeOf(after)).toBe(1);
    const p = preflight(quota, after, before);
    expect(p.peakPods).toBe(5);
    // 5 pods × 200m − the 4 × 100m the app holds now
    expect(p.rows.find((r) => r.resource === 'requests.cpu')?.requested).toBeCloseTo(0.6);
    expect(p.rows.find((r) => r.resource === 'pods')?.requested).toBe(1);
  });

  it('charges a scale only its new replicas, and Recreate no surge', () => {
    const before = d({ replicas: 2 });
    expect(
      preflight(quota, d({ replicas: 12 }), before).rows.find((r) => r.resource === 'pods'),
    ).toMatchObject({ requested: 10, fits: false });
    const recreate = d({ replicas: 2, image: 'nginx:2', strategy: { type: 'Recreate' } });
    expect(preflight(quota, recreate, before).peakPods).toBe(2);
  });

  it('fits anything when the namespace has no quota', () => {
    expect(preflight(undefined, d({ replicas: 50 })).fits).toBe(true);
  });
});
