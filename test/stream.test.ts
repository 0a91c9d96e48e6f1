// /api/stream end to end against the simulator: real sessions (next-auth JWT cookies), real access reviews,
// the shared watch cache, kubectl changes reaching browsers, bad input, backpressure, reconnects.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame, StreamObject } from '../lib/contracts/stream';
import { createStreamClient, type SocketLike } from '../components/hooks/stream-client';
import { AccessReviewer } from '../server/kube/access';
import { clustersFromKubeconfig, clustersFromSimulator } from '../server/kube/clusters';
import { kubeJson } from '../server/kube/transport';
import { WatchCache } from '../server/kube/watch-cache';
import { createStreamHub, type StreamHub, type StreamLimits } from '../server/stream/hub';
import { sessionIdentity } from '../server/stream/session';
import { startSim, type SimHandle } from './sim-harness';
import { sessionCookie, TEST_SESSION_SECRET } from './session-cookie';

let sim: SimHandle;
let cache: WatchCache;
const servers: { server: http.Server; hub: StreamHub }[] = [];
const sockets: WebSocket[] = [];

async function startHub(
  limits?: Partial<StreamLimits>,
): Promise<{ hub: StreamHub; url: string; origin: string }> {
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  const server = http.createServer((_q, r) => r.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const hub = createStreamHub({
    ctx: { clusters, cache, access: new AccessReviewer(clusters) },
    authenticate: sessionIdentity,
    allowedOrigins: [origin],
    limits,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  servers.push({ server, hub });
  return { hub, origin, url: `${origin.replace('http', 'ws')}/api/stream` };
}

beforeAll(async () => {
  sim = await startSim();
  process.env.NEXTAUTH_SECRET = TEST_SESSION_SECRET;
  process.env.NEXTAUTH_URL = 'http://127.0.0.1';
  cache = new WatchCache(new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c])));
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.terminate();
  for (const { server, hub } of servers) {
    hub.close();
    server.close();
  }
  cache?.close();
  await sim?.stop();
});

interface Client {
  ws: WebSocket;
  frames: ServerFrame[];
  send(frame: unknown): void;
  next(pred: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
}

async function connect(url: string, origin: string, user: string): Promise<Client> {
  const ws = new WebSocket(url, { headers: { origin, cookie: await sessionCookie(user) } });
  sockets.push(ws);
  const frames: ServerFrame[] = [];
  const waiters = new Set<{
    pred: (f: ServerFrame) => boolean;
    resolve: (f: ServerFrame) => void;
  }>();
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as ServerFrame;
    frames.push(f);
    for (const w of waiters) {
      if (!w.pred(f)) continue;
      waiters.delete(w);
      w.resolve(f);
    }
  });
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  return {
    ws,
    frames,
    send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)),
    next: (pred, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const hit = frames.find(pred);
        if (hit) return resolve(hit);
        const t = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
        waiters.add({
          pred,
          resolve: (f) => {
            clearTimeout(t);
            resolve(f);
          },
        });
      }),
  };
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('upgrade accepted')));
    ws.on('error', () => {});
  });
}

function podWatches(): number {
  const r = sim.kubectl(['get', '--raw', '/metrics']);
  const m = /apiserver_longrunning_requests\{resource="pods",verb="WATCH"\} (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : 0;
}

const podsIn = (ns: string, id = 'pods') => ({
  type: 'subscribe',
  id,
  cluster: 'dev-cluster',
  group: '',
  version: 'v1',
  resource: 'pods',
  namespace: ns,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('/api/stream against the simulator', () => {
  it('serves two browsers from one upstream watch and delivers a kubectl change to both', async () => {
    const { url, origin } = await startHub();
    const before = podWatches();
    const a = await connect(url, origin, 'alice');
    const b = await connect(url, origin, 'bob');
    a.send(podsIn('ai-test'));
    b.send(podsIn('ai-test'));
    const snapA = await a.next((f) => f.type === 'snapshot');
    await b.next((f) => f.type === 'snapshot');
    const items = snapA.type === 'snapshot' ? snapA.items : [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.metadata.namespace === 'ai-test')).toBe(true);
    // The upstream WATCH starts right after the LIST that made the snapshot.
    for (let i = 0; i < 100 && podWatches() === before; i++) await sleep(50);
    expect(podWatches()).toBe(before + 1);

    const name = items[0]!.metadata.name!;
    const r = sim.kubectl(['annotate', 'pod', name, '-n', 'ai-test', 'wharf.test/seen=yes']);
    expect(r.stderr).toBe('');
    const changed = (f: ServerFrame) =>
      f.type === 'events' &&
      f.events.some(
        (e) =>
          e.object.metadata.name === name &&
          (e.object.metadata as { annotations?: Record<string, string> }).annotations?.[
            'wharf.test/seen'
          ] === 'yes',
      );
    await Promise.all([a.next(changed), b.next(changed)]);
    expect(podWatches()).toBe(before + 1);
  });

  it('sends a user without rights a 403 and no objects', async () => {
    const { url, origin } = await startHub();
    const v = await connect(url, origin, 'victor');
    v.send(podsIn('ai-test'));
    const err = await v.next((f) => f.type === 'error');
    expect(err).toEqual({
      type: 'error',
      id: 'pods',
      code: 403,
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "victor" cannot list resource "pods" in API group "" in the namespace "ai-test"',
    });
    // A cluster-wide view needs cluster-wide rights, even for namespaces the user may see.
    v.send({ ...podsIn('haierpsi-foo-dev', 'all'), namespace: undefined });
    expect(await v.next((f) => f.type === 'error' && f.id === 'all')).toMatchObject({ code: 403 });
    // Where victor may look, he sees.
    v.send(podsIn('haierpsi-foo-dev', 'own'));
    await v.next((f) => f.type === 'snapshot' && f.id === 'own');
    await sleep(200);
    expect(v.frames.filter((f) => 'id' in f && f.id !== 'own' && f.type !== 'error')).toEqual([]);
  });

  it('stops a subscription when the RoleBinding that allowed it is deleted', async () => {
    const { url, origin } = await startHub();
    expect(
      sim.kubectl([
        'create',
        'rolebinding',
        'victor-view',
        '--clusterrole=view',
        '--user=victor',
        '-n',
        'ai-preview',
      ]).code,
    ).toBe(0);
    const v = await connect(url, origin, 'victor');
    v.send(podsIn('ai-preview'));
    await v.next((f) => f.type === 'snapshot');
    expect(sim.kubectl(['delete', 'rolebinding', 'victor-view', '-n', 'ai-preview']).code).toBe(0);
    expect(await v.next((f) => f.type === 'error', 10_000)).toMatchObject({
      id: 'pods',
      code: 403,
    });
  });

  it('answers bad frames and unknown resources with error frames', async () => {
    const { url, origin } = await startHub();
    const c = await connect(url, origin, 'alice');
    c.send('{"type":"subscribe",');
    c.send({ type: 'shout', id: 'x' });
    c.send(JSON.stringify({ type: 'ping', pad: 'p'.repeat(80_000) }));
    c.send({ ...podsIn('ai-test', 'w'), resource: 'widgets' });
    c.send({ ...podsIn('ai-test', 's'), labelSelector: 'app in (' });
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    await c.next((f) => f.type === 'error' && f.id === 'w');
    expect(
      c.frames.filter((f) => f.type === 'error').map((f) => f.type === 'error' && f.code),
    ).toEqual([400, 400, 413, 404, 400]);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses upgrades without a session (401) or from a foreign Origin (403)', async () => {
    const { url, origin } = await startHub();
    expect(await upgradeStatus(url, { origin })).toBe(401);
    expect(await upgradeStatus(url, { origin, cookie: 'next-auth.session-token=forged' })).toBe(
      401,
    );
    expect(
      await upgradeStatus(url, {
        origin: 'https://evil.example',
        cookie: await sessionCookie('alice'),
      }),
    ).toBe(403);
  });

  it('resyncs a client that stopped reading, keeping server buffers bounded', async () => {
    const highWaterBytes = 256 * 1024;
    const { url, origin, hub } = await startHub({
      highWaterBytes,
      lowWaterBytes: 32 * 1024,
      batchMs: 20,
    });
    const [admin] = clustersFromKubeconfig(sim.kubeconfig, ['dev-cluster']);
    const path = '/api/v1/namespaces/ai-test/configmaps';
    const blob = 'x'.repeat(300_000);
    await kubeJson(admin!, {
      method: 'POST',
      path,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'big' },
        data: { blob, seq: '0' },
      },
    });
    const c = await connect(url, origin, 'alice');
    c.send({ ...podsIn('ai-test', 'cm'), resource: 'configmaps' });
    await c.next((f) => f.type === 'snapshot');
    const raw = (c.ws as unknown as { _socket: net.Socket })._socket;
    raw.pause();
    let seq = 0;
    while (hub.stats().congestedSockets === 0 && seq < 200) {
      seq++;
      await kubeJson(admin!, {
        method: 'PATCH',
        path: `${path}/big`,
        contentType: 'application/merge-patch+json',
        body: { data: { seq: String(seq) } },
      });
    }
    expect(hub.stats().congestedSockets).toBe(1);
    for (let i = 0; i < 10; i++) {
      seq++;
      await kubeJson(admin!, {
        method: 'PATCH',
        path: `${path}/big`,
        contentType: 'application/merge-patch+json',
        body: { data: { seq: String(seq) } },
      });
    }
    await sleep(100);
    const stats = hub.stats();
    expect(stats.pendingBytes).toBe(0);
    // At most the bound plus one batch (itself capped at the bound) ever waits in the socket.
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(2 * highWaterBytes + 400_000);
    raw.resume();
    await c.next((f) => f.type === 'resync', 20_000);
    const latest = await c.next(
      (f) =>
        f.type === 'snapshot' &&
        f.items.some(
          (o) =>
            o.metadata.name === 'big' &&
            (o as { data?: { seq?: string } }).data?.seq === String(seq),
        ),
      20_000,
    );
    expect(c.frames.indexOf(latest)).toBeGreaterThan(
      c.frames.findIndex((f) => f.type === 'resync'),
    );
  }, 60_000);

  it('reconnects the browser client, resubscribes and shows no stale rows', async () => {
    const { url, origin } = await startHub();
    let current = servers[servers.length - 1]!;
    const cookie = await sessionCookie('alice');
    sim.kubectl(['create', 'configmap', 'doomed', '-n', 'ai-test']);
    const client = createStreamClient({
      url: () => url,
      connect: (u) => new WebSocket(u, { headers: { origin, cookie } }) as unknown as SocketLike,
      baseDelayMs: 100,
    });
    const states: string[] = [];
    client.onStateChange(() => states.push(client.state()));
    let items: StreamObject[] = [];
    let snapshots = 0;
    client.subscribe(
      {
        cluster: 'dev-cluster',
        group: '',
        version: 'v1',
        resource: 'configmaps',
        namespace: 'ai-test',
      },
      {
        snapshot: (it) => ((items = it), snapshots++),
        events: () => {},
        error: () => {},
        resync: () => {},
      },
    );
    const until = async (cond: () => boolean) => {
      const end = Date.now() + 15_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error('timed out');
        await sleep(20);
      }
    };
    await until(() => snapshots === 1);
    expect(items.some((o) => o.metadata.name === 'doomed')).toBe(true);
    // The console restarts: sockets drop, and the configmap goes while the browser is away.
    current.hub.close();
    await until(() => client.state() === 'reconnecting');
    sim.kubectl(['delete', 'configmap', 'doomed', '-n', 'ai-test']);
    await sleep(300);
    const fresh = createStreamHub({
      ctx: {
        clusters: new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c])),
        cache,
        access: new AccessReviewer(
          new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c])),
        ),
      },
      authenticate: sessionIdentity,
      allowedOrigins: [origin],
    });
    current.server.removeAllListeners('upgrade');
    current.server.on('upgrade', (req, socket, head) => {
      if (!fresh.handleUpgrade(req, socket, head)) socket.destroy();
    });
    current = { server: current.server, hub: fresh };
    servers.push(current);
    await until(() => snapshots === 2);
    expect(client.state()).toBe('open');
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    expect(items.some((o) => o.metadata.name === 'doomed')).toBe(false);
    client.close();
  }, 40_000);
});
