import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { containerUsage, formatCpu, formatMemory, logRate, nodeUsages, podUsage } from './usage';

const MI = 2 ** 20;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const c = {
  name: 'app',
  image: 'nginx:1',
  resources: {
    requests: { cpu: '100m', memory: '64Mi' },
    limits: { cpu: '250m', memory: '128Mi' },
  },
};

const pod = (
  annotations: Record<string, string> = {},
  ns = 'default',
  phase = 'Running',
): KubeObject => ({
  metadata: { name: 'p', namespace: ns, uid: 'u1', annotations },
  spec: { nodeName: 'n1', containers: [c] },
  status: {
    phase,
    containerStatuses: [{ name: 'app', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
  },
});

describe('usage', () => {
  it('is deterministic and moves over time', () => {
    const a = containerUsage(pod(), c, T0, T0 + 60_000);
    expect(containerUsage(pod(), c, T0, T0 + 60_000)).toEqual(a);
    const samples = [1, 2, 3, 4, 5].map((m) => containerUsage(pod(), c, T0, T0 + m * 60_000).cpu);
    expect(new Set(samples).size).toBe(5);
  });

  it('stays within limits and grows memory slowly', () => {
    for (let h = 0; h < 48; h++) {
      const u = containerUsage(
        pod({ 'sim.wharf.io/log-rate': '100000' }),
        c,
        T0,
        T0 + h * 3_600_000,
      );
      expect(u.cpu).toBeLessThanOrEqual(0.25);
      expect(u.cpu).toBeGreaterThan(0);
      expect(u.memory).toBeLessThanOrEqual(128 * MI * 0.95);
    }
    const early = containerUsage(pod(), c, T0, T0 + 60_000).memory;
    const late = containerUsage(pod(), c, T0, T0 + 6 * 3_600_000).memory;
    expect(late).toBeGreaterThan(early);
  });

  it('uses more CPU for chatty pods', () => {
    const noLimit = { ...c, resources: { requests: { cpu: '100m' } } };
    const quiet = containerUsage(pod(), noLimit, T0, T0 + 60_000).cpu;
    const chatty = containerUsage(
      pod({ 'sim.wharf.io/log-rate': '2000' }),
      noLimit,
      T0,
      T0 + 60_000,
    ).cpu;
    expect(chatty).toBeGreaterThan(quiet * 3);
    expect(logRate(pod({ 'sim.wharf.io/log-rate': 'lots' }))).toBe(1);
    expect(logRate(pod({ 'sim.wharf.io/log-rate': '-3' }))).toBe(1);
  });

  it('reports only running containers and sums nodes', () => {
    expect(podUsage(pod({}, 'default', 'Pending'), T0)).toEqual([]);
    expect(podUsage(pod(), T0 + 1000)).toHaveLength(1);
    const nodes = nodeUsages(['n1', 'n2'], [pod()], T0 + 1000);
    expect(nodes.get('n1')!.cpu).toBeGreaterThan(nodes.get('n2')!.cpu * 0.5);
    expect(nodes.get('n1')!.memory).toBeGreaterThan(nodes.get('n2')!.memory);
    expect(podUsage(pod({}, 'sim-load'), T0)[0]!.usage.cpu).toBeLessThan(0.001);
  });

  it('formats like metrics-server', () => {
    expect(formatCpu(0.0012345)).toBe('1234500n');
    expect(formatMemory(20 * MI)).toBe('20480Ki');
  });
});
