// The overview's per-object figures: node allocatable and readiness, pod requests as the scheduler counts them.
import { describe, expect, it } from 'vitest';
import { KubeError } from '../kube/transport';
import type { CachedObject } from '../kube/watch-cache';
import { nodeFigures, podRequests, unreachableReason } from './clusters';

const obj = (o: Record<string, unknown>): CachedObject => ({ metadata: { name: 'x' }, ...o });
const c = (cpu?: string, memory?: string, restartPolicy?: string) => ({
  name: 'c',
  ...(restartPolicy ? { restartPolicy } : {}),
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
});

describe('nodeFigures', () => {
  it('reads allocatable and the Ready condition', () => {
    expect(
      nodeFigures(
        obj({
          status: {
            allocatable: { cpu: '7800m', memory: '32Gi' },
            conditions: [
              { type: 'MemoryPressure', status: 'False' },
              { type: 'Ready', status: 'True' },
            ],
          },
        }),
      ),
    ).toEqual({ cpu: 7.8, memory: 32 * 2 ** 30, ready: true });
  });

  it('treats a node without status, or Ready Unknown, as not ready with nothing allocatable', () => {
    expect(nodeFigures(obj({}))).toEqual({ cpu: 0, memory: 0, ready: false });
    expect(
      nodeFigures(
        obj({
          status: {
            allocatable: { cpu: 'lots' },
            conditions: [{ type: 'Ready', status: 'Unknown' }],
          },
        }),
      ),
    ).toEqual({ cpu: 0, memory: 0, ready: false });
  });
});

describe('podRequests', () => {
  const pod = (spec: Record<string, unknown>, phase = 'Running') =>
    obj({ spec: { nodeName: 'n1', ...spec }, status: { phase } });

  it('sums the containers’ requests', () => {
    expect(podRequests(pod({ containers: [c('250m', '512Mi'), c('100m', '64Mi'), c()] }))).toEqual({
      cpu: 0.35,
      memory: 576 * 2 ** 20,
    });
  });

  it('counts nothing for finished or unscheduled pods', () => {
    const containers = [c('1', '1Gi')];
    expect(podRequests(pod({ containers }, 'Succeeded'))).toEqual({ cpu: 0, memory: 0 });
    expect(podRequests(pod({ containers }, 'Failed'))).toEqual({ cpu: 0, memory: 0 });
    expect(podRequests(obj({ spec: { containers }, status: { phase: 'Pending' } }))).toEqual({
      cpu: 0,
      memory: 0,
    });
    expect(podRequests(pod({ containers }, 'Pending'))).toEqual({ cpu: 1, memory: 2 ** 30 });
  });

  it('takes the larger of the containers and the biggest init container, plus overhead', () => {
    expect(
      podRequests(
        pod({
          initContainers: [c('2', '64Mi'), c('500m', '1Gi')],
          containers: [c('1', '256Mi')],
          overhead: { cpu: '100m', memory: '10Mi' },
        }),
      ),
    ).toEqual({ cpu: 2.1, memory: (1024 + 10) * 2 ** 20 });
  });

  it('adds sidecars (init containers that keep running) to the containers', () => {
    expect(
      podRequests(
        pod({
          initContainers: [c('200m', '100Mi', 'Always'), c('1', '1Mi')],
          containers: [c('300m', '100Mi')],
        }),
      ),
    ).toEqual({ cpu: 1.2, memory: 200 * 2 ** 20 });
  });

  it('ignores malformed quantities instead of failing the overview', () => {
    expect(podRequests(pod({ containers: [c('fast', '12 apples'), c('1')] }))).toEqual({
      cpu: 1,
      memory: 0,
    });
    expect(podRequests(obj({}))).toEqual({ cpu: 0, memory: 0 });
  });
});

describe('unreachableReason', () => {
  it('says why without internals', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), {
      code: 'ECONNREFUSED',
    });
    expect(unreachableReason(refused, 3000)).toBe('connection refused');
    expect(unreachableReason(new DOMException('x', 'TimeoutError'), 3000)).toBe(
      'no answer within 3 s',
    );
    expect(unreachableReason(new KubeError({ code: 500, message: '[-]etcd failed' }), 3000)).toBe(
      'not ready (HTTP 500): [-]etcd failed',
    );
  });
});
