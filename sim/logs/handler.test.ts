import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findResource } from '../../lib/k8s/resources';
import type { Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import { requestInfo } from '../request';
import { Store } from '../store';
import { StatusError, type KubeObject } from '../types';
import { formatNano, logHandler, parseLogOptions } from './handler';

const podD = findResource('', 'pods')!;
const nsD = findResource('', 'namespaces')!;
const START = '2026-11-22T05:00:00Z';
const START_MS = Date.parse(START);
const NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z $/;

interface FakeClock extends Clock {
  advance: (ms: number) => void;
  pending: () => number;
}

function fakeClock(t0: number): FakeClock {
  let t = t0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    after(ms, fn) {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((x) => x !== timer);
      };
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = Math.max(t, due.at);
        due.fn();
      }
      t = end;
    },
    pending: () => timers.length,
  };
}

interface FakeRes extends EventEmitter {
  status?: number;
  headers?: Record<string, string>;
  chunks: Buffer[];
  ended: boolean;
  /** What write() returns: false simulates a slow client. */
  writable: boolean;
  text: () => string;
}

function fakeRes(): FakeRes {
  const res = Object.assign(new EventEmitter(), {
    chunks: [] as Buffer[],
    ended: false,
    writable: true,
    status: undefined as number | undefined,
    headers: undefined as Record<string, string> | undefined,
    writeHead(code: number, headers: Record<string, string>) {
      res.status = code;
      res.headers = headers;
      return res;
    },
    write(chunk: string | Buffer) {
      res.chunks.push(Buffer.from(chunk));
      return res.writable;
    },
    end() {
      res.ended = true;
    },
    text: () => Buffer.concat(res.chunks).toString(),
  });
  return res;
}

async function setup(pod: Partial<KubeObject> & { status?: unknown }, rate?: number) {
  const store = new Store(undefined);
  const registry = new Registry(store);
  registry.create(
    nsD,
    '',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
    SYSTEM_CTX,
  );
  const created = registry.create(
    podD,
    'ns',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'ns',
        labels: { 'app.kubernetes.io/name': 'foo' },
        ...(rate ? { annotations: { 'sim.wharf.io/log-rate': String(rate) } } : {}),
      },
      spec: pod.spec ?? {
        nodeName: 'dev-node-1',
        containers: [
          { name: 'app', image: 'registry/foo:1', env: [{ name: 'JAVA_OPTS', value: '' }] },
        ],
      },
    },
    SYSTEM_CTX,
  );
  if (pod.status) setStatus(registry, created, pod.status);
  await store.flush();
  const clock = fakeClock(START_MS + 62_000);
  const streams = new Set<{ stop: () => void }>();
  const handler = logHandler({ registry, clock, streams });
  const get = (query: string, method = 'GET'): FakeRes => {
    const url = new URL(`https://sim/api/v1/namespaces/ns/pods/p/log${query}`);
    const res = fakeRes();
    void handler({
      req: { method } as IncomingMessage,
      res: res as unknown as ServerResponse,
      url,
      info: requestInfo('GET', url),
      user: { username: 'admin', groups: [] },
      d: podD,
    });
    return res;
  };
  return { store, registry, clock, streams, get };
}

function setStatus(registry: Registry, pod: KubeObject, status: unknown): void {
  const cur = registry.get(podD, 'ns', pod.metadata.name!);
  registry.update(
    podD,
    'ns',
    pod.metadata.name!,
    {
      ...cur,
      metadata: { ...cur.metadata, resourceVersion: undefined },
      status: status as Record<string, unknown>,
    },
    SYSTEM_CTX,
    'status',
  );
}

const running = (startedAt = START) => ({
  phase: 'Running',
  containerStatuses: [
    { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt } } },
  ],
});

function lines(res: FakeRes): string[] {
  return res.text().split('\n').slice(0, -1);
}

function statusError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('parseLogOptions', () => {
  const parse = (q: string) => parseLogOptions(new URLSearchParams(q), 'p');
  it('decodes every option', () => {
    expect(
      parse(
        'container=app&follow=true&previous=1&sinceSeconds=10&tailLines=5&timestamps=true&limitBytes=9&pretty=x',
      ),
    ).toEqual({
      container: 'app',
      follow: true,
      previous: true,
      sinceSeconds: 10,
      tailLines: 5,
      timestamps: true,
      limitBytes: 9,
      sinceTime: undefined,
    });
    expect(parse('sinceTime=2026-11-22T05:00:00Z').sinceTime).toBe(START_MS);
    expect(parse('sinceTime=2026-11-22T06:00:00.5%2B01:00').sinceTime).toBe(START_MS + 500);
  });
  it('answers syntax errors with 400 like the parameter codec', () => {
    expect(statusError(() => parse('tailLines=ten'))).toMatchObject({
      code: 400,
      message: 'strconv.ParseInt: parsing "ten": invalid syntax',
    });
    expect(statusError(() => parse('follow=yes')).code).toBe(400);
    expect(statusError(() => parse('sinceTime=yesterday'))).toMatchObject({
      code: 400,
      message:
        'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    });
  });
  it('answers invalid values with 422 like ValidatePodLogOptions', () => {
    const both = statusError(() => parse('sinceSeconds=5&sinceTime=2026-11-22T05:00:00Z'));
    expect([both.code, both.reason]).toEqual([422, 'Invalid']);
    expect(both.message).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect(statusError(() => parse('tailLines=-1')).message).toBe(
      'PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(statusError(() => parse('sinceSeconds=0')).message).toBe(
      'PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    );
    expect(statusError(() => parse('limitBytes=0&tailLines=-2')).message).toBe(
      'PodLogOptions "p" is invalid: [tailLines: Invalid value: -2: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]',
    );
  });
});

describe('formatNano', () => {
  it('prints nine fractional digits', () => {
    expect(formatNano(START_MS + 123.5)).toBe('2026-11-22T05:00:00.123500000Z');
    expect(formatNano(START_MS)).toBe('2026-11-22T05:00:00.000000000Z');
    expect(formatNano(START_MS + 1999.5)).toBe('2026-11-22T05:00:01.999500000Z');
  });
});

describe('pods/log errors', () => {
  it('404s for a missing pod', async () => {
    const { get, registry, store } = await setup({ status: running() });
    registry.delete(podD, 'ns', 'p', { gracePeriodSeconds: 0 }, SYSTEM_CTX);
    await store.flush();
    const e = statusError(() => get(''));
    expect([e.code, e.reason, e.message]).toEqual([404, 'NotFound', 'pods "p" not found']);
  });
  it('rejects unknown containers and other verbs', async () => {
    const { get } = await setup({ status: running() });
    expect(statusError(() => get('?container=x')).message).toBe(
      'container x is not valid for pod p',
    );
    expect(statusError(() => get('', 'POST')).code).toBe(405);
  });
  it('returns an empty 200 for an unscheduled pod', async () => {
    const { get } = await setup({ spec: { containers: [{ name: 'app', image: 'x' }] } });
    const res = get('');
    expect([res.status, res.ended, res.text()]).toEqual([200, true, '']);
  });
  it('relays the kubelet errors', async () => {
    const waiting = await setup({
      status: {
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }],
      },
    });
    expect(statusError(() => waiting.get('')).message).toBe(
      'container "app" in pod "p" is waiting to start: ContainerCreating',
    );
    const fresh = await setup({ status: running() });
    expect(statusError(() => fresh.get('?previous=true')).message).toBe(
      'previous terminated container "app" in pod "p" not found',
    );
  });
});

describe('pods/log reads', () => {
  it('serves the history, tail, since and timestamps', async () => {
    const { get } = await setup({ status: running() });
    const all = get('?container=app');
    expect([all.status, all.headers?.['Content-Type'], all.ended]).toEqual([
      200,
      'text/plain',
      true,
    ]);
    const full = lines(all);
    expect(full.length).toBeGreaterThanOrEqual(1060);
    expect(full.length).toBeLessThanOrEqual(1061);
    expect(full.join('\n')).toContain('Started FooApplication');

    expect(lines(get('?tailLines=5'))).toEqual(full.slice(-5));
    expect(lines(get('?tailLines=0'))).toEqual([]);

    const stamped = lines(get('?timestamps=true&tailLines=3'));
    expect(stamped).toHaveLength(3);
    for (const [k, l] of stamped.entries()) {
      expect(l.slice(0, 31)).toMatch(NANO);
      expect(l.slice(31)).toBe(full[full.length - 3 + k]);
    }

    const recent = lines(get('?sinceSeconds=10&timestamps=true'));
    expect(recent.length).toBeGreaterThanOrEqual(9);
    expect(recent.length).toBeLessThanOrEqual(11);
    for (const l of recent)
      expect(Date.parse(l.slice(0, 23) + 'Z')).toBeGreaterThanOrEqual(START_MS + 52_000);
    expect(lines(get('?sinceTime=2026-11-22T05:00:30Z')).length).toBeGreaterThanOrEqual(30);
  });

  it('cuts the output at limitBytes, mid-line', async () => {
    const { get } = await setup({ status: running() });
    const res = get('?limitBytes=100');
    expect(Buffer.concat(res.chunks).length).toBe(100);
    expect(res.ended).toBe(true);
  });

  it('serves the whole log of a crashed instance for previous=true', async () => {
    const { get } = await setup({
      spec: {
        nodeName: 'n',
        containers: [{ name: 'app', image: 'r/ai-server:1-crash', env: [{ name: 'JAVA_OPTS' }] }],
      },
      status: {
        containerStatuses: [
          {
            name: 'app',
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: START,
                finishedAt: '2026-11-22T05:00:01Z',
              },
            },
          },
        ],
      },
    });
    const text = get('?previous=true').text();
    expect(text).toContain('Application run failed');
    expect(text).toMatch(/\tat org\.springframework/);
    expect(get('').text()).toBe(text); // CrashLoopBackOff serves the last run too
  });
});

describe('pods/log follow', () => {
  it('keeps writing as time passes and ends when the container stops', async () => {
    const { get, clock, registry, store, streams } = await setup({ status: running() }, 10);
    const res = get('?follow=true&tailLines=0');
    expect(res.ended).toBe(false);
    expect(lines(res)).toEqual([]);
    clock.advance(4_000);
    const after4 = lines(res).length;
    expect(after4).toBeGreaterThanOrEqual(39);
    expect(after4).toBeLessThanOrEqual(41);
    expect(streams.size).toBe(1);

    setStatus(registry, registry.get(podD, 'ns', 'p'), {
      containerStatuses: [
        {
          name: 'app',
          restartCount: 1,
          state: { running: { startedAt: '2026-11-22T05:01:20Z' } },
          lastState: {
            terminated: { exitCode: 137, startedAt: START, finishedAt: '2026-11-22T05:01:06Z' },
          },
        },
      ],
    });
    await store.flush();
    expect(res.ended).toBe(true);
    // Everything up to finishedAt (start + 66 s), nothing after it.
    expect(lines(res).length).toBe(after4);
    clock.advance(5_000);
    expect(lines(res).length).toBe(after4);
    expect(streams.size).toBe(0);
    expect(store.watcherCount()).toBe(0);
  });

  it('ends when the pod is deleted', async () => {
    const { get, registry, store, clock } = await setup({ status: running() });
    const res = get('?follow=true&tailLines=1');
    expect(lines(res)).toHaveLength(1);
    registry.delete(podD, 'ns', 'p', { gracePeriodSeconds: 0 }, SYSTEM_CTX);
    await store.flush();
    expect(res.ended).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('stops generating while the client is slow and resumes on drain', async () => {
    const { get, clock } = await setup({ status: running() }, 1000);
    const slow = get('?follow=true');
    const before = slow.chunks.length;
    slow.writable = false;
    clock.advance(10_000);
    // One more chunk went out (its write() said false); nothing after it until 'drain'.
    expect(slow.chunks.length).toBe(before + 1);
    clock.advance(10_000);
    expect(slow.chunks.length).toBe(before + 1);
    slow.writable = true;
    slow.emit('drain');
    expect(slow.chunks.length).toBeGreaterThan(before + 1);
    expect(slow.ended).toBe(false);
  });

  it('stops when the client goes away', async () => {
    const { get, clock, store, streams } = await setup({ status: running() });
    const res = get('?follow=true');
    expect(store.watcherCount()).toBe(1);
    res.emit('close');
    expect(store.watcherCount()).toBe(0);
    expect(streams.size).toBe(0);
    const n = res.chunks.length;
    clock.advance(60_000);
    expect(res.chunks.length).toBe(n);
  });

  it('waits for a crashing process to exit after its last line', async () => {
    const { get, clock, registry, store } = await setup({
      spec: { nodeName: 'n', containers: [{ name: 'app', image: 'r/x:crash' }] },
      status: running('2026-11-22T05:01:01Z'),
    });
    const res = get('?follow=true');
    clock.advance(10_000);
    expect(res.text()).toContain('goroutine 1 [running]:');
    expect(res.ended).toBe(false);
    setStatus(registry, registry.get(podD, 'ns', 'p'), {
      containerStatuses: [
        {
          name: 'app',
          restartCount: 1,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {
            terminated: {
              exitCode: 1,
              startedAt: '2026-11-22T05:01:01Z',
              finishedAt: '2026-11-22T05:01:04Z',
            },
          },
        },
      ],
    });
    await store.flush();
    expect(res.ended).toBe(true);
  });
});
