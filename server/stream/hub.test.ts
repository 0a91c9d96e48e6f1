// The stream hub over real loopback WebSockets with a fake watch cache and access reviewer.
import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../lib/contracts/stream';
import type { AccessAttributes } from '../kube/access';
import {
  watchKeyId,
  type CacheEvent,
  type CachedObject,
  type Subscriber,
  type WatchKey,
} from '../kube/watch-cache';
import { createStreamHub, type StreamHub, type StreamLimits } from './hub';

const ORIGIN = 'http://console.test';

function fakeCache() {
  const subs = new Map<string, Set<Subscriber>>();
  const lists = new Map<string, { items: CachedObject[]; resourceVersion: string }>();
  return {
    subscribe(key: WatchKey, fn: Subscriber) {
      const id = watchKeyId(key);
      let set = subs.get(id);
      if (!set) subs.set(id, (set = new Set()));
      set.add(fn);
      const list = lists.get(id);
      if (list) fn({ type: 'SNAPSHOT', ...list, items: [...list.items] });
      return () => set.delete(fn);
    },
    /** Like a reflector: remembers the list for later subscribers and tells current ones. */
    emit(key: WatchKey, e: CacheEvent) {
      const id = watchKeyId(key);
      if (e.type === 'SNAPSHOT')
        lists.set(id, { items: e.items, resourceVersion: e.resourceVersion });
      for (const fn of subs.get(id) ?? []) fn(e);
    },
    count: (key: WatchKey) => subs.get(watchKeyId(key))?.size ?? 0,
  };
}

const pods: WatchKey = { cluster: 'dev', apiPath: '/api/v1', plural: 'pods', namespace: 'ai-test' };
const roles: WatchKey = {
  cluster: 'dev',
  apiPath: '/apis/rbac.authorization.k8s.io/v1',
  plural: 'roles',
};
const pod = (name: string, extra: Record<string, unknown> = {}): CachedObject => ({
  metadata: { name, namespace: 'ai-test', resourceVersion: '1' },
  ...extra,
});
const subscribePods = {
  type: 'subscribe',
  id: 'p',
  cluster: 'dev',
  group: '',
  version: 'v1',
  resource: 'pods',
  namespace: 'ai-test',
};

let server: http.Server | undefined;
let hub: StreamHub | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  hub?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function start(
  opts: {
    allow?: (user: string, a: AccessAttributes) => boolean;
    limits?: Partial<StreamLimits>;
  } = {},
) {
  const cache = fakeCache();
  const access = {
    invalidations: 0,
    allow: opts.allow ?? (() => true),
    allowed(_c: string, who: { username: string }, a: AccessAttributes) {
      return Promise.resolve(this.allow(who.username, a));
    },
    invalidate() {
      this.invalidations++;
    },
  };
  hub = createStreamHub({
    ctx: { clusters: new Map([['dev', {}]]), cache, access },
    authenticate: (req) => {
      const m = /user=(\w+)/.exec(req.headers.cookie ?? '');
      return Promise.resolve(m ? { username: m[1]!, groups: ['wharf:users'] } : null);
    },
    allowedOrigins: [ORIGIN],
    limits: opts.limits,
  });
  const h = hub;
  server = http.createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => {
    if (!h.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { cache, access, hub: h, url: `ws://127.0.0.1:${port}/api/stream`, port };
}

interface Client {
  ws: WebSocket;
  frames: ServerFrame[];
  send(frame: unknown): void;
  next(pred: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(
  url: string,
  headers: Record<string, string> = { origin: ORIGIN, cookie: 'user=alice' },
): Promise<Client> {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const frames: ServerFrame[] = [];
  const waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as ServerFrame;
    frames.push(f);
    for (const w of [...waiters]) {
      if (w.pred(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        closed,
        send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)),
        next: (pred, timeoutMs = 3000) =>
          new Promise((res, rej) => {
            const hit = frames.find(pred);
            if (hit) return res(hit);
            const t = setTimeout(() => rej(new Error('timed out waiting for a frame')), timeoutMs);
            waiters.push({
              pred,
              resolve: (f) => {
                clearTimeout(t);
                res(f);
              },
            });
          }),
      }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

function upgradeStatus(
  url: string,
  headers: Record<string, string>,
): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => reject(new Error('upgrade was accepted')));
    ws.on('error', () => {});
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('upgrade', () => {
  it('refuses a foreign Origin with 403 and a missing session with 401', async () => {
    const { url } = await start();
    const foreign = await upgradeStatus(url, { origin: 'http://evil.test', cookie: 'user=alice' });
    expect(foreign.code).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
    });
    expect((await upgradeStatus(url, { cookie: 'user=alice' })).code).toBe(403);
    const anonymous = await upgradeStatus(url, { origin: ORIGIN });
    expect(anonymous.code).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 401, reason: 'Unauthorized' });
    expect(hub!.stats().refusedUpgrades).toBe(3);
  });

  it('leaves other paths alone', async () => {
    const { url } = await start();
    await expect(connect(url.replace('/api/stream', '/_next/hmr'))).rejects.toThrow();
    await expect(connect(`${url}/x`)).rejects.toThrow();
    expect(hub!.stats().sockets).toBe(0);
  });
});

describe('subscriptions', () => {
  it('sends a snapshot, then events of one tick in one frame, and stops after unsubscribe', async () => {
    const { url, cache } = await start();
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('a')], resourceVersion: '5' });
    const c = await connect(url);
    c.send(subscribePods);
    expect(await c.next((f) => f.type === 'snapshot')).toEqual({
      type: 'snapshot',
      id: 'p',
      resourceVersion: '5',
      items: [pod('a')],
    });
    cache.emit(pods, { type: 'ADDED', object: pod('b') });
    cache.emit(pods, { type: 'MODIFIED', object: pod('a', { status: 'x' }) });
    cache.emit(pods, { type: 'DELETED', object: pod('b') });
    const ev = await c.next((f) => f.type === 'events');
    expect(ev).toEqual({
      type: 'events',
      id: 'p',
      events: [
        { type: 'ADDED', object: pod('b') },
        { type: 'MODIFIED', object: pod('a', { status: 'x' }) },
        { type: 'DELETED', object: pod('b') },
      ],
    });
    expect(cache.count(pods)).toBe(1);
    c.send({ type: 'unsubscribe', id: 'p' });
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    expect(cache.count(pods)).toBe(0);
    expect(hub!.stats().subscriptions).toBe(0);
  });

  it('sends nothing of a collection the user may not list or watch, only a 403', async () => {
    const { url, cache } = await start({
      allow: (user, a) => !(user === 'victor' && a.verb === 'watch'),
    });
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('secret')], resourceVersion: '5' });
    const c = await connect(url, { origin: ORIGIN, cookie: 'user=victor' });
    c.send(subscribePods);
    const err = await c.next((f) => f.type === 'error');
    expect(err).toEqual({
      type: 'error',
      id: 'p',
      code: 403,
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "victor" cannot watch resource "pods" in API group "" in the namespace "ai-test"',
    });
    cache.emit(pods, { type: 'ADDED', object: pod('later') });
    await sleep(50);
    expect(c.frames.filter((f) => f.type === 'snapshot' || f.type === 'events')).toEqual([]);
    expect(cache.count(pods)).toBe(0);
  });

  it('says 503 while the access check fails, keeps the subscription, and serves it once it answers', async () => {
    let failures = 2;
    const { url, cache } = await start({
      allow: () => {
        if (failures-- > 0) throw new Error('connection reset');
        return true;
      },
      limits: { accessRetryMs: 20 },
    });
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('a')], resourceVersion: '5' });
    const c = await connect(url);
    c.send(subscribePods);
    const err = await c.next((f) => f.type === 'error');
    expect(err).toMatchObject({ id: 'p', code: 503, message: /could not check access/ });
    const snap = await c.next((f) => f.type === 'snapshot');
    expect(snap).toMatchObject({ id: 'p', items: [{ metadata: { name: 'a' } }] });
    expect(c.frames.filter((f) => f.type === 'error')).toHaveLength(2);
    expect(cache.count(pods)).toBe(1);
  });

  it('asks cluster-wide when no namespace is given', async () => {
    const asked: AccessAttributes[] = [];
    const { url } = await start({ allow: (_u, a) => (asked.push(a), true) });
    const c = await connect(url);
    c.send({ ...subscribePods, namespace: undefined });
    await sleep(50);
    expect(asked.map((a) => [a.verb, a.namespace])).toEqual([
      ['list', undefined],
      ['watch', undefined],
    ]);
  });

  it.each([
    [{ resource: 'widgets' }, 404, /could not find the requested resource/],
    [{ version: 'v2' }, 404, /could not find/],
    [{ group: 'metrics.k8s.io', version: 'v1beta1' }, 404, /cannot be listed and watched/],
    [{ resource: 'subjectaccessreviews', group: 'authorization.k8s.io' }, 404, /could not find/],
    [{ resource: 'nodes' }, 400, /nodes is not namespaced/],
    [{ cluster: 'nowhere' }, 404, /cluster "nowhere" not found/],
  ])('answers a subscription to %j with %i', async (patch, code, message) => {
    const { url } = await start();
    const c = await connect(url);
    c.send({ ...subscribePods, ...patch });
    const err = await c.next((f) => f.type === 'error');
    expect(err).toMatchObject({ id: 'p', code });
    expect(err.type === 'error' && err.message).toMatch(message);
  });

  it('refuses a duplicate id and more subscriptions than the limit', async () => {
    const { url } = await start({ limits: { maxSubscriptions: 2 } });
    const c = await connect(url);
    c.send(subscribePods);
    c.send(subscribePods);
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ id: 'p', code: 409 });
    c.send({ ...subscribePods, id: 'q' });
    c.send({ ...subscribePods, id: 'r' });
    expect(await c.next((f) => f.type === 'error' && f.id === 'r')).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
    });
  });

  it('ends a subscription whose rights are revoked when RBAC changes', async () => {
    let allowed = true;
    const { url, cache, access } = await start({ allow: () => allowed });
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('a')], resourceVersion: '5' });
    const c = await connect(url);
    c.send(subscribePods);
    await c.next((f) => f.type === 'snapshot');
    allowed = false;
    cache.emit(roles, { type: 'DELETED', object: { metadata: { name: 'viewer' } } });
    expect(access.invalidations).toBeGreaterThan(0);
    const err = await c.next((f) => f.type === 'error');
    expect(err).toMatchObject({ id: 'p', code: 403 });
    cache.emit(pods, { type: 'ADDED', object: pod('b') });
    await sleep(50);
    expect(c.frames.some((f) => f.type === 'events')).toBe(false);
    expect(cache.count(pods)).toBe(0);
  });

  it('forwards upstream errors and ends the subscription on a 4xx', async () => {
    const { url, cache } = await start();
    const c = await connect(url);
    c.send(subscribePods);
    await sleep(30);
    cache.emit(pods, { type: 'ERROR', code: 503, message: 'etcd is sad' });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ id: 'p', code: 503 });
    expect(cache.count(pods)).toBe(1);
    cache.emit(pods, { type: 'ERROR', code: 403, message: 'console may not' });
    await c.next((f) => f.type === 'error' && f.code === 403);
    expect(cache.count(pods)).toBe(0);
  });
});

describe('bad frames', () => {
  it('answers malformed, unknown, oversize and binary frames with errors and keeps serving', async () => {
    const { url } = await start();
    const c = await connect(url);
    c.send('{not json');
    c.send({ type: 'explode', id: 'x' });
    c.send({ ...subscribePods, namespace: 'Bad Namespace' });
    c.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(100_000) }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    const errors = c.frames.filter((f) => f.type === 'error');
    expect(errors.map((e) => e.type === 'error' && [e.code, e.id])).toEqual([
      [400, undefined],
      [400, 'x'],
      [400, 'p'],
      [413, undefined],
      [400, undefined],
    ]);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes with 1008 on a flood of garbage', async () => {
    const { url } = await start({ limits: { maxBadFrames: 5 } });
    const c = await connect(url);
    for (let i = 0; i < 10; i++) c.send('garbage');
    expect(await c.closed).toEqual({ code: 1008, reason: 'too many malformed frames' });
  });

  it('closes with 1008 when frames come faster than the rate limit', async () => {
    const { url } = await start({ limits: { frameBurst: 20, framesPerSecond: 1 } });
    const c = await connect(url);
    for (let i = 0; i < 40; i++) c.send({ type: 'ping' });
    expect((await c.closed).code).toBe(1008);
  });

  it('closes (1009) a frame beyond the hard payload cap without buffering it', async () => {
    const { url } = await start({ limits: { maxPayloadBytes: 128 * 1024 } });
    const c = await connect(url);
    c.send('x'.repeat(200_000));
    expect((await c.closed).code).toBe(1009);
  });
});

describe('backpressure and heartbeats', () => {
  it('resyncs a client that stopped reading, with server buffers bounded', async () => {
    const highWaterBytes = 512 * 1024;
    const { url, cache, hub } = await start({
      limits: { highWaterBytes, lowWaterBytes: 64 * 1024, batchMs: 10 },
    });
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('a')], resourceVersion: '1' });
    const c = await connect(url);
    c.send(subscribePods);
    await c.next((f) => f.type === 'snapshot');
    const raw = (c.ws as unknown as { _socket: net.Socket })._socket;
    raw.pause();
    const blob = 'x'.repeat(50_000);
    for (let i = 0; i < 400 && hub.stats().congestedSockets === 0; i++) {
      cache.emit(pods, { type: 'MODIFIED', object: pod('a', { blob, seq: i }) });
      await sleep(2);
    }
    expect(hub.stats().congestedSockets).toBe(1);
    // Keep the stream going while congested: nothing more may be queued.
    for (let i = 0; i < 50; i++) {
      cache.emit(pods, { type: 'MODIFIED', object: pod('a', { blob, seq: 1000 + i }) });
      await sleep(2);
    }
    const s = hub.stats();
    expect(s.pendingBytes).toBe(0);
    expect(s.peakBufferedBytes).toBeLessThanOrEqual(2 * highWaterBytes);
    cache.emit(pods, { type: 'SNAPSHOT', items: [pod('final')], resourceVersion: '99' });
    raw.resume();
    await c.next((f) => f.type === 'resync', 10_000);
    const i = c.frames.findIndex((f) => f.type === 'resync');
    expect(c.frames[i]).toEqual({ type: 'resync', id: 'p' });
    await c.next((f) => f.type === 'snapshot' && f.resourceVersion === '99', 10_000);
    expect(c.frames.slice(i + 1).find((f) => f.type !== 'events')).toMatchObject({
      type: 'snapshot',
      resourceVersion: '99',
    });
    expect(hub.stats()).toMatchObject({ congestedSockets: 0, resyncs: 1 });
    // Live again: new events flow.
    cache.emit(pods, { type: 'ADDED', object: pod('z') });
    await c.next(
      (f) => f.type === 'events' && f.events.some((e) => e.object.metadata.name === 'z'),
    );
  }, 20_000);

  it('terminates a socket that stops answering pings', async () => {
    const { url, hub } = await start({ limits: { heartbeatMs: 50 } });
    const c = await connect(url);
    await sleep(120);
    expect(hub.stats().sockets).toBe(1);
    (c.ws as unknown as { _socket: net.Socket })._socket.pause();
    await sleep(300);
    expect(hub.stats().sockets).toBe(0);
  });

  it('closes an idle socket without subscriptions', async () => {
    const { url } = await start({ limits: { heartbeatMs: 30, idleMs: 60 } });
    const c = await connect(url);
    expect(await c.closed).toEqual({ code: 1000, reason: 'idle: no subscriptions' });
  });
});
