import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { filterNode, nodeInfo, pickNode, podRequests, unschedulableMessage } from './scheduler';

const node = (name: string, labels: Record<string, string> = {}, unschedulable = false) =>
  nodeInfo({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: { unschedulable },
    status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' } },
  });

const pod = (spec: Record<string, unknown>, ns = 'default'): KubeObject => ({
  metadata: { name: 'p', namespace: ns },
  spec: { containers: [{ name: 'app', image: 'x' }], ...spec },
});

const withCpu = (cpu: string, memory = '1Mi') =>
  pod({ containers: [{ name: 'app', resources: { requests: { cpu, memory } } }] });

const none = { cpu: 0, memory: 0, pods: 0 };

describe('scheduler filters and messages', () => {
  it('reads requests, treating benchmark pods as tiny', () => {
    expect(podRequests(withCpu('500m', '1Gi'))).toEqual({ cpu: 0.5, memory: 2 ** 30, pods: 1 });
    expect(podRequests(pod({}, 'sim-load'))).toEqual(none);
    expect(nodeInfo({ metadata: { name: 'n' } }).allocatable).toEqual({
      cpu: 0,
      memory: 0,
      pods: 110,
    });
  });

  it('filters by resources, node selector and unschedulable nodes', () => {
    const n = node('n1', { disk: 'ssd' });
    expect(filterNode(withCpu('1'), podRequests(withCpu('1')), n, none)).toEqual([]);
    expect(filterNode(withCpu('100'), podRequests(withCpu('100')), n, none)).toEqual([
      'Insufficient cpu',
    ]);
    const both = withCpu('9', '40Gi');
    expect(filterNode(both, podRequests(both), n, none)).toEqual([
      'Insufficient cpu',
      'Insufficient memory',
    ]);
    expect(
      filterNode(pod({}), { cpu: 0, memory: 0, pods: 1 }, n, { cpu: 0, memory: 0, pods: 110 }),
    ).toEqual(['Too many pods']);
    expect(filterNode(pod({ nodeSelector: { disk: 'hdd' } }), none, n, none)).toEqual([
      "node(s) didn't match Pod's node affinity/selector",
    ]);
    expect(filterNode(pod({ nodeSelector: { disk: 'ssd' } }), none, n, none)).toEqual([]);
    const affinity = (operator: string, values: string[]) =>
      pod({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator, values }] }],
            },
          },
        },
      });
    expect(filterNode(affinity('In', ['ssd']), none, n, none)).toEqual([]);
    expect(filterNode(affinity('NotIn', ['ssd']), none, n, none)).toHaveLength(1);
    expect(filterNode(affinity('Gt', ['1']), none, n, none)).toHaveLength(1);
    expect(filterNode(pod({}), none, node('n2', {}, true), none)).toEqual([
      'node(s) were unschedulable',
    ]);
  });

  it('words FitError like kube-scheduler', () => {
    expect(
      unschedulableMessage([['Insufficient cpu'], ['Insufficient cpu'], ['Insufficient cpu']]),
    ).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    expect(
      unschedulableMessage([
        ["node(s) didn't match Pod's node affinity/selector"],
        ['Insufficient cpu', 'Insufficient memory'],
        ['Insufficient memory'],
      ]),
    ).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(unschedulableMessage([])).toBe('no nodes available to schedule pods');
  });

  it('prefers the least allocated node and rotates ties', () => {
    const a = { info: node('a'), used: { cpu: 4, memory: 0, pods: 1 } };
    const b = { info: node('b'), used: { cpu: 1, memory: 0, pods: 1 } };
    expect(pickNode([a, b], { cpu: 1, memory: 0, pods: 1 }, 0)).toBe('b');
    expect(pickNode([], { cpu: 1, memory: 0, pods: 1 }, 0)).toBeUndefined();
    const picks = [0, 1, 2].map((r) => pickNode([a, b, { info: node('c'), used: none }], none, r));
    expect(new Set(picks).size).toBe(3);
  });
});
