import { describe, expect, it } from 'vitest';
import { appContainers, type PodLike } from './pods';

const pod = (name: string, created: string, init: string[], app: string[]): PodLike => ({
  metadata: { name, creationTimestamp: created },
  spec: {
    initContainers: init.map((n) => ({ name: n })),
    containers: app.map((n) => ({ name: n })),
  },
});

describe('appContainers', () => {
  it('lists every container once, init ones first, and defaults to the oldest pod’s main one', () => {
    const r = appContainers([
      pod('web-b', '2026-01-02T00:00:00Z', ['migrate'], ['proxy', 'web', 'metrics']),
      pod('web-a', '2026-01-01T00:00:00Z', ['migrate'], ['web', 'proxy']),
    ]);
    expect(r.containers).toEqual([
      { name: 'migrate', init: true },
      { name: 'web', init: false },
      { name: 'proxy', init: false },
      { name: 'metrics', init: false },
    ]);
    expect(r.main).toBe('web');
  });
  it('honours the default-container annotation and copes with no pods', () => {
    const p = pod('x', '2026-01-01T00:00:00Z', [], ['a', 'b']);
    p.metadata!.annotations = { 'kubectl.kubernetes.io/default-container': 'b' };
    expect(appContainers([p]).main).toBe('b');
    expect(appContainers([])).toEqual({ containers: [], main: undefined });
  });
});
