import { describe, expect, it } from 'vitest';
import { StatusError, type KubeObject } from '../types';
import {
  BURST_LINES,
  chooseContainer,
  logRateOf,
  makeTimeline,
  MAX_LOG_RATE,
  selectInstance,
  type Instance,
} from './timeline';

const START = '2026-11-22T05:00:00Z';
const START_MS = Date.parse(START);

function pod(
  over: { annotations?: Record<string, string>; status?: unknown; spec?: unknown } = {},
): KubeObject {
  return {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'uid-1',
      labels: { 'app.kubernetes.io/name': 'foo' },
      annotations: over.annotations,
    },
    spec: over.spec ?? {
      nodeName: 'dev-node-1',
      containers: [
        { name: 'app', image: 'registry/foo:1', env: [{ name: 'JAVA_OPTS', value: '' }] },
      ],
    },
    status: over.status,
  };
}

function withStatus(cs: Record<string, unknown>): KubeObject {
  return pod({ status: { containerStatuses: [{ name: 'app', ...cs }] } });
}

function errorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('logRateOf', () => {
  it('defaults to one line a second', () => {
    expect(logRateOf(pod())).toBe(1);
  });
  it('reads the annotation and clamps it', () => {
    expect(logRateOf(pod({ annotations: { 'sim.wharf.io/log-rate': '250' } }))).toBe(250);
    expect(logRateOf(pod({ annotations: { 'sim.wharf.io/log-rate': '0.5' } }))).toBe(0.5);
    expect(logRateOf(pod({ annotations: { 'sim.wharf.io/log-rate': '1e9' } }))).toBe(MAX_LOG_RATE);
    expect(logRateOf(pod({ annotations: { 'sim.wharf.io/log-rate': '0' } }))).toBeGreaterThan(0);
  });
  it('ignores garbage', () => {
    for (const v of ['', 'fast', '-3', 'NaN', 'Infinity'])
      expect(logRateOf(pod({ annotations: { 'sim.wharf.io/log-rate': v } }))).toBe(1);
  });
});

describe('chooseContainer', () => {
  const multi = pod({
    spec: {
      nodeName: 'n',
      initContainers: [{ name: 'init' }],
      containers: [{ name: 'a' }, { name: 'b' }],
    },
  });
  it('defaults to the only container', () => {
    expect(chooseContainer(pod(), '')).toBe('app');
  });
  it('accepts init containers by name', () => {
    expect(chooseContainer(multi, 'init')).toBe('init');
  });
  it('asks for a name when there are several', () => {
    const e = errorOf(() => chooseContainer(multi, ''));
    expect(e.code).toBe(400);
    expect(e.message).toBe(
      'a container name must be specified for pod p, choose one of: [init a b]',
    );
  });
  it('rejects unknown containers like kube-apiserver', () => {
    const e = errorOf(() => chooseContainer(pod(), 'x'));
    expect([e.code, e.reason, e.message]).toEqual([
      400,
      'BadRequest',
      'container x is not valid for pod p',
    ]);
  });
});

describe('selectInstance', () => {
  it('reads the running instance', () => {
    expect(
      selectInstance(withStatus({ state: { running: { startedAt: START } } }), 'app', false),
    ).toEqual({
      container: 'app',
      startedAt: START,
      startMs: START_MS,
    });
  });
  it('reads a terminated instance with its end', () => {
    const inst = selectInstance(
      withStatus({
        state: {
          terminated: { exitCode: 0, startedAt: START, finishedAt: '2026-11-22T05:01:00Z' },
        },
      }),
      'app',
      false,
    );
    expect(inst.endMs).toBe(START_MS + 60_000);
  });
  it('serves the last run of a crash-looping container', () => {
    const p = withStatus({
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: {
        terminated: { exitCode: 1, startedAt: START, finishedAt: '2026-11-22T05:00:04Z' },
      },
      restartCount: 3,
    });
    expect(selectInstance(p, 'app', false).endMs).toBe(START_MS + 4000);
    expect(selectInstance(p, 'app', true).startedAt).toBe(START);
  });
  it('reads previous=true from lastState.terminated', () => {
    const p = withStatus({
      state: { running: { startedAt: '2026-11-22T05:10:00Z' } },
      lastState: {
        terminated: { exitCode: 1, startedAt: START, finishedAt: '2026-11-22T05:00:03Z' },
      },
    });
    expect(selectInstance(p, 'app', true)).toMatchObject({
      startedAt: START,
      endMs: START_MS + 3000,
    });
    expect(selectInstance(p, 'app', false).startedAt).toBe('2026-11-22T05:10:00Z');
  });
  it.each([
    [{}, false, 'container "app" in pod "p" is waiting to start - no logs yet'],
    [
      { state: { waiting: { reason: 'ContainerCreating' } } },
      false,
      'container "app" in pod "p" is waiting to start: ContainerCreating',
    ],
    [
      { state: { waiting: { reason: 'ErrImagePull' } } },
      false,
      `container "app" in pod "p" is waiting to start: image can't be pulled`,
    ],
    [
      { state: { waiting: { reason: 'ImagePullBackOff' } } },
      false,
      'container "app" in pod "p" is waiting to start: trying and failing to pull image',
    ],
    [
      { state: { running: { startedAt: START } } },
      true,
      'previous terminated container "app" in pod "p" not found',
    ],
  ])('answers %j (previous=%s) with the kubelet error', (cs, previous, message) => {
    const e = errorOf(() => selectInstance(withStatus(cs), 'app', previous));
    expect([e.code, e.reason, e.message]).toEqual([400, 'BadRequest', message]);
  });
  it('says no logs yet when the pod has no status for the container', () => {
    expect(errorOf(() => selectInstance(pod(), 'app', false)).message).toBe(
      'container "app" in pod "p" is waiting to start - no logs yet',
    );
  });
});

const running: Instance = { container: 'app', startedAt: START, startMs: START_MS };

describe('makeTimeline', () => {
  it('writes at least a thousand lines in the first seconds, then at the rate', () => {
    const tl = makeTimeline(pod(), running, 1);
    expect(tl.countAt(START_MS - 1)).toBe(0);
    expect(tl.countAt(START_MS + 2_001)).toBe(BURST_LINES);
    expect(tl.countAt(START_MS + 2_000 + 60_000)).toBeGreaterThanOrEqual(BURST_LINES + 59);
    expect(tl.countAt(START_MS + 2_000 + 60_000)).toBeLessThanOrEqual(BURST_LINES + 61);
  });

  it('keeps time and counts consistent (monotonic, countAt(time(i)) = i + 1)', () => {
    for (const rate of [1, 37, 5000, MAX_LOG_RATE]) {
      const tl = makeTimeline(pod(), running, rate);
      let prev = -Infinity;
      for (const i of [0, 1, 2, 500, 999, 1000, 1001, 5000, 123_456]) {
        const t = tl.time(i);
        expect(t).toBeGreaterThan(prev);
        prev = t;
        expect(tl.countAt(t)).toBe(i + 1);
        expect(tl.firstAtOrAfter(t)).toBe(i);
        expect(tl.firstAtOrAfter(t + 1e-3)).toBe(i + 1);
      }
    }
  });

  it('settles float rounding at the top rate, where lines are microseconds apart', () => {
    const tl = makeTimeline(pod(), running, MAX_LOG_RATE);
    for (let i = 0; i < 50_000; i += 7) {
      expect(tl.countAt(tl.time(i))).toBe(i + 1);
      expect(tl.firstAtOrAfter(tl.time(i))).toBe(i);
    }
  });

  it('spaces lines evenly at the rate after the burst', () => {
    const tl = makeTimeline(pod(), running, 10);
    const gap = tl.time(BURST_LINES + 101) - tl.time(BURST_LINES + 1);
    expect(gap).toBeGreaterThan(9_900);
    expect(gap).toBeLessThan(10_100);
  });

  it('stops a terminated server at finishedAt', () => {
    const tl = makeTimeline(pod(), { ...running, endMs: START_MS + 10_000 }, 1);
    expect(tl.countAt(START_MS + 1e9)).toBe(tl.countAt(START_MS + 10_000));
  });

  it('writes a crashing process whole, squeezed into its lifetime', () => {
    const crash = pod({
      spec: {
        nodeName: 'n',
        containers: [{ name: 'app', image: 'r/ai-server:1-crash', env: [{ name: 'JAVA_OPTS' }] }],
      },
    });
    const live = makeTimeline(crash, running);
    expect(Number.isFinite(live.count)).toBe(true);
    expect(live.countAt(START_MS + 60_000)).toBe(live.count);
    const short = makeTimeline(crash, { ...running, endMs: START_MS + 500 });
    expect(short.countAt(START_MS + 500)).toBe(short.count);
    expect(short.time(short.count - 1)).toBeLessThanOrEqual(START_MS + 500);
    const instant = makeTimeline(crash, { ...running, endMs: START_MS });
    expect(instant.countAt(START_MS)).toBe(instant.count);
    expect(instant.firstAtOrAfter(START_MS + 1)).toBe(instant.count);
  });

  it('depends on the instance: a restart writes a different log', () => {
    const a = makeTimeline(pod(), running, 1);
    const b = makeTimeline(
      pod(),
      { ...running, startedAt: '2026-11-22T05:00:09Z', startMs: START_MS + 9000 },
      1,
    );
    expect(a.line(1500)).not.toBe(b.line(1500));
    expect(makeTimeline(pod(), running, 1).line(1500)).toBe(a.line(1500));
  });
});
