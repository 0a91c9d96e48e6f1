// /api/logs end to end against the simulator: real session cookies, impersonated pods/log streams,
// one pod and a whole app, previous logs of a crash loop, refusals in words, bad input, resuming
// without duplicates, and a browser that stops reading (the console's memory stays bounded).
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { splitTimestamp, type ServerFrame } from '../lib/contracts/logs';
import { DEMO_USERS } from '../lib/demo-users';
import { clustersFromSimulator } from '../server/kube/clusters';
import { createWithApi } from '../server/api/with-api';
import type { WharfContext } from '../server/context';
import { podLogRoute } from '../server/logs/download';
import { createLogsHandler, type LogsHandler } from '../server/logs/handler';
import type { SessionLimits } from '../server/logs/session';
import { sessionIdentity } from '../server/stream/session';
import { startSim, type SimHandle } from './sim-harness';
import { sessionCookie, TEST_SESSION_SECRET } from './session-cookie';

let sim: SimHandle;
const servers: http.Server[] = [];
const sockets: WebSocket[] = [];

async function startLogs(
  limits?: Partial<SessionLimits>,
): Promise<{ handler: LogsHandler; url: string; origin: string }> {
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  const server = http.createServer((_q, r) => r.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const handler = createLogsHandler({
    clusters: () => clusters,
    authenticate: sessionIdentity,
    allowedOrigins: [origin],
    limits,
    startTimeoutMs: 2000,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!handler.handleUpgrade(req, socket, head)) socket.destroy();
  });
  servers.push(server);
  return { handler, origin, url: `${origin.replace('http', 'ws')}/api/logs` };
}

let base: { handler: LogsHandler; url: string; origin: string };

beforeAll(async () => {
  sim = await startSim();
  process.env.NEXTAUTH_SECRET = TEST_SESSION_SECRET;
  process.env.NEXTAUTH_URL = 'http://127.0.0.1';
  base = await startLogs();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.terminate();
  for (const s of servers) s.close();
  await sim?.stop();
});

interface Client {
  ws: WebSocket;
  frames: ServerFrame[];
  closed: Promise<number>;
  lines(): [number, string, string][];
  until(pred: (c: Client) => boolean, timeoutMs?: number): Promise<void>;
}

async function open(user: string, start: unknown, at = base): Promise<Client> {
  const ws = new WebSocket(at.url, {
    headers: { origin: at.origin, cookie: await sessionCookie(user) },
  });
  sockets.push(ws);
  const frames: ServerFrame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  ws.send(typeof start === 'string' ? start : JSON.stringify(start));
  const c: Client = {
    ws,
    frames,
    closed,
    // `lines` frames (app view) and `text` frames (one pod) alike, as [source, time, text]
    lines: () =>
      frames.flatMap((f): [number, string, string][] => {
        if (f.type === 'lines') return f.lines;
        if (f.type !== 'text') return [];
        return f.text
          .split('\n')
          .slice(0, -1)
          .map((l) => {
            const t = splitTimestamp(l, '');
            return [f.source, t.time, t.text];
          });
      }),
    async until(pred, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (!pred(c)) {
        if (Date.now() > end)
          throw new Error(`timed out; frames: ${JSON.stringify(frames).slice(0, 600)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  return c;
}

const ended = (c: Client) => c.frames.find((f) => f.type === 'end');

function podNames(ns: string, selector: string): string[] {
  const r = sim.kubectl([
    'get',
    'pods',
    '-n',
    ns,
    '-l',
    selector,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split(' ').filter(Boolean).sort();
}

const start = (target: unknown, more: Record<string, unknown> = {}) => ({
  type: 'start',
  cluster: 'dev-cluster',
  namespace: 'haierpsi-foo-dev',
  target,
  ...more,
});

describe('/api/logs', () => {
  it(
    'streams one pod of foo for olivia, with kubelet timestamps, in time order',
    { timeout: 45_000 },
    async () => {
      const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
      // Right after the simulator starts the container may still be creating: the view waits for it.
      const c = await open('olivia', start({ kind: 'pod', pod }, { tailLines: 30 }));
      await c.until((x) => x.lines().length >= 30, 30_000);
      const src = c.frames.find((f) => f.type === 'sources');
      expect(src).toMatchObject({ sources: [{ id: 0, pod, container: 'app' }], totalPods: 1 });
      const lines = c.lines();
      for (const [id, time] of lines) {
        expect(id).toBe(0);
        expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      }
      const times = lines.map((l) => l[1]);
      expect([...times].sort()).toEqual(times);
      expect(lines.map((l) => l[2]).join('\n')).toMatch(/ (INFO|WARN|DEBUG|ERROR) 1 --- \[foo\]/);
      // follow: more lines arrive while the socket stays open
      const before = c.lines().length;
      await c.until((x) => x.lines().length > before, 10_000);
      expect(ended(c)).toBeUndefined();
      c.ws.close();
    },
  );

  it('merges all three pods of foo by time, tagging each line with its pod', async () => {
    const names = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    expect(names).toHaveLength(3);
    const c = await open('olivia', start({ kind: 'app', app: 'foo' }, { tailLines: 20 }));
    await c.until((x) => new Set(x.lines().map((l) => l[0])).size === 3);
    const src = c.frames.find((f) => f.type === 'sources');
    expect(src?.type === 'sources' && src.sources.map((s) => s.pod).sort()).toEqual(names);
    expect(src).toMatchObject({ totalPods: 3, maxPods: 10 });
    const first = c.frames.find((f) => f.type === 'lines');
    const times = first?.type === 'lines' ? first.lines.map((l) => l[1]) : [];
    expect(times.length).toBeGreaterThanOrEqual(20);
    expect([...times].sort()).toEqual(times);
    c.ws.close();
  });

  it('keeps the whole merged view in time order, across frames, while the pods’ tails arrive', async () => {
    // Each pod's tail comes in pieces of its own; lines go out only once every pod has passed them.
    const c = await open('olivia', start({ kind: 'app', app: 'foo' }, { tailLines: 100 }));
    await c.until((x) => new Set(x.lines().map((l) => l[0])).size === 3);
    const held = c.lines().length;
    // and on through a few seconds of the three pods logging live
    await c.until((x) => x.lines().length >= held + 6);
    c.ws.close();
    const times = c.lines().map((l) => l[1]);
    const late = times.filter((t, i) => i > 0 && t < times[i - 1]!);
    expect(late).toEqual([]);
  });

  it('states the cap when an app has more pods than the view follows', async () => {
    const capped = await startLogs({ maxPods: 2 });
    const c = await open('olivia', start({ kind: 'app', app: 'foo' }, { tailLines: 1 }), capped);
    await c.until((x) => x.frames.some((f) => f.type === 'sources'));
    expect(c.frames.find((f) => f.type === 'sources')).toMatchObject({ totalPods: 3, maxPods: 2 });
    expect(c.frames.find((f) => f.type === 'sources' && f.sources.length === 2)).toBeDefined();
    c.ws.close();
  });

  it('reads the previous log of the crash-looping ai-server and says it completed', async () => {
    const [pod] = podNames('ai-test', 'app.kubernetes.io/name=ai-server');
    // a crash loop needs one restart before there is a previous instance
    const deadline = Date.now() + 30_000;
    let restarts = 0;
    while (restarts < 1 && Date.now() < deadline) {
      const r = sim.kubectl([
        'get',
        'pod',
        '-n',
        'ai-test',
        pod!,
        '-o',
        'jsonpath={.status.containerStatuses[0].restartCount}',
      ]);
      restarts = Number(r.stdout || 0);
      if (restarts < 1) await new Promise((r) => setTimeout(r, 500));
    }
    expect(restarts).toBeGreaterThanOrEqual(1);
    const c = await open('olivia', {
      ...start({ kind: 'pod', pod }, { previous: true }),
      namespace: 'ai-test',
    });
    await c.until((x) => ended(x) !== undefined);
    expect(ended(c)).toMatchObject({ reason: 'completed' });
    expect(
      c
        .lines()
        .map((l) => l[2])
        .join('\n'),
    ).toMatch(/panic|Exception|emerg|failed/i);
    expect(await c.closed).toBe(1000);
  });

  it('lets victor (viewer) read foo, and refuses him ai-test with the API server words', async () => {
    const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    const ok = await open('victor', start({ kind: 'pod', pod }, { tailLines: 3 }));
    await c3(ok);
    ok.ws.close();
    const [aiPod] = podNames('ai-test', 'app.kubernetes.io/name=ai-api');
    const no = await open('victor', {
      ...start({ kind: 'pod', pod: aiPod }),
      namespace: 'ai-test',
    });
    await no.until((x) => ended(x) !== undefined);
    expect(ended(no)).toMatchObject({ reason: 'forbidden' });
    const end = ended(no);
    expect(end?.type === 'end' && end.message).toMatch(/forbidden.*victor/i);
    expect(no.lines()).toHaveLength(0);
    const app = await open('alice', start({ kind: 'app', app: 'foo' }));
    await app.until((x) => ended(x) !== undefined);
    expect(ended(app)).toMatchObject({ reason: 'forbidden' });
    expect(app.frames.some((f) => f.type === 'sources')).toBe(false);
  });

  async function c3(c: Client) {
    await c.until((x) => x.lines().length >= 3);
  }

  it('answers unknown pods and containers with reasons, and bad frames with invalid', async () => {
    const gone = await open('olivia', start({ kind: 'pod', pod: 'no-such-pod' }));
    await gone.until((x) => ended(x) !== undefined);
    expect(ended(gone)).toMatchObject({ reason: 'notFound' });

    const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    const box = await open('olivia', start({ kind: 'pod', pod, container: 'nope' }));
    await box.until((x) => ended(x) !== undefined);
    const end = ended(box);
    expect(end).toMatchObject({ reason: 'invalid' });
    expect(end?.type === 'end' && end.message).toMatch(/nope/);

    for (const bad of [
      'not json',
      { type: 'start' },
      start({ kind: 'pod', pod: 'Bad_Name' }),
      start({ kind: 'pod', pod }, { tailLines: -1 }),
      start({ kind: 'job', pod }),
      start({ kind: 'pod', pod }, { resume: { [`${pod}/foo`]: { time: 'yesterday', seen: 0 } } }),
      'x'.repeat(20_000),
    ]) {
      const c = await open('olivia', bad);
      expect(await c.closed).toBe(1008);
      expect(ended(c)).toMatchObject({ reason: 'invalid' });
      expect(c.lines()).toHaveLength(0);
    }
  });

  it('closes a socket that never says what to show, and names unknown clusters', async () => {
    const ws = new WebSocket(base.url, {
      headers: { origin: base.origin, cookie: await sessionCookie('olivia') },
    });
    sockets.push(ws);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(1008);
    expect(frames.join()).toContain('no start frame received');
    const c = await open('olivia', { ...start({ kind: 'app', app: 'foo' }), cluster: 'mars' });
    await c.until((x) => ended(x) !== undefined);
    expect(ended(c)).toMatchObject({ reason: 'notFound', message: 'no cluster mars' });
  });

  it('refuses other origins and requests without a session', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(base.url, { headers });
        ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('upgrade accepted')));
        ws.on('error', () => {});
      });
    expect(
      await status({ origin: 'http://evil.example', cookie: await sessionCookie('olivia') }),
    ).toBe(403);
    expect(await status({ origin: base.origin })).toBe(401);
  });

  it('resumes from the last timestamp without repeating lines', async () => {
    const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    const a = await open('olivia', start({ kind: 'pod', pod }, { tailLines: 50 }));
    await a.until((x) => x.lines().length >= 50);
    a.ws.close();
    const got = a.lines();
    const last = got[got.length - 1]!;
    const seen = got.filter((l) => l[1] === last[1]).length;
    const b = await open(
      'olivia',
      start({ kind: 'pod', pod }, { resume: { [`${pod}/app`]: { time: last[1], seen } } }),
    );
    // wait for a line written after the first view closed
    await b.until((x) => x.lines().length >= 1, 10_000);
    b.ws.close();
    const first = b.lines()[0]!;
    expect(first[1] >= last[1]).toBe(true);
    const overlap = b.lines().filter((l) => got.some((g) => g[1] === l[1] && g[2] === l[2]));
    expect(overlap).toHaveLength(0);
  });

  it('starts at sinceTime (a link to lines), and refuses it together with sinceSeconds', async () => {
    const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    const a = await open('olivia', start({ kind: 'pod', pod }, { tailLines: 40 }));
    await a.until((x) => x.lines().length >= 40);
    a.ws.close();
    const middle = a.lines()[20]!;
    const b = await open('olivia', start({ kind: 'pod', pod }, { sinceTime: middle[1] }));
    await b.until((x) => x.lines().some((l) => l[1] === middle[1] && l[2] === middle[2]));
    b.ws.close();
    expect(b.lines()[0]![1] >= middle[1].slice(0, 19)).toBe(true);

    const both = await open(
      'olivia',
      start({ kind: 'pod', pod }, { sinceTime: middle[1], sinceSeconds: 60 }),
    );
    await both.until((x) => ended(x) !== undefined);
    expect(JSON.stringify(ended(both))).toMatch(/at most one of `sinceTime` or `sinceSeconds`/);
  });

  it('pauses upstream reads for a browser that stops reading, keeping memory bounded', async () => {
    const ns = 'logs-bff-pressure';
    sim.kubectl(['create', 'namespace', ns]);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'fast', annotations: { 'sim.wharf.io/log-rate': '200000' } },
      spec: { containers: [{ name: 'app', image: 'registry.wharf.local/x/fast:1' }] },
    };
    expect(sim.kubectl(['apply', '-n', ns, '-f', '-'], { input: JSON.stringify(pod) }).code).toBe(
      0,
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const r = sim.kubectl(['get', 'pod', 'fast', '-n', ns, '-o', 'jsonpath={.status.phase}']);
      if (r.stdout === 'Running') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const limits = { maxQueuedLines: 5_000, highWaterBytes: 256 * 1024, lowWaterBytes: 64 * 1024 };
    const at = await startLogs(limits);
    const c = await open(
      'admin',
      { ...start({ kind: 'pod', pod: 'fast' }, { tailLines: 0 }), namespace: ns },
      at,
    );
    await c.until((x) => x.lines().length > 1000);
    // stop reading: the TCP window fills, ws.bufferedAmount grows, the session pauses upstream
    (c.ws as unknown as { _socket: net.Socket })._socket.pause();
    const session = () => at.handler.sessions()[0]!;
    const until = Date.now() + 10_000;
    while (!session().paused() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(session().paused()).toBe(true);
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      peak = Math.max(peak, session().queued());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(peak).toBeLessThan(limits.maxQueuedLines + 5_000);
    c.ws.terminate();
  }, 40_000);

  it('holds the upstream while the browser says pause, continues on resume, and refuses other frames', async () => {
    const at = await startLogs({});
    const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
    const c = await open('olivia', start({ kind: 'pod', pod }, { tailLines: 5 }), at);
    await c.until((x) => x.lines().length >= 5);
    const session = () => at.handler.sessions()[0]!;
    expect(session().paused()).toBe(false);
    c.ws.send(JSON.stringify({ type: 'pause' }));
    await c.until(() => session().paused(), 5_000);
    c.ws.send(JSON.stringify({ type: 'resume' }));
    await c.until(() => !session().paused(), 5_000);
    const seen = c.lines().length;
    await c.until((x) => x.lines().length > seen, 10_000); // foo logs on, and it flows again

    c.ws.send(JSON.stringify({ type: 'start', cluster: 'dev-cluster' }));
    await c.until((x) => ended(x) !== undefined, 5_000);
    expect(ended(c)).toMatchObject({ reason: 'invalid' });
    expect(await c.closed).toBe(1008);
    expect(at.handler.sessions()).toHaveLength(0);
  });

  it('keeps a crash-looping container in the same view: exit, then a restart marker and new lines', async () => {
    const [pod] = podNames('ai-test', 'app.kubernetes.io/name=ai-server');
    const c = await open('olivia', { ...start({ kind: 'pod', pod }), namespace: 'ai-test' });
    await c.until(
      (x) => x.frames.some((f) => f.type === 'sourceEnd' && f.reason === 'exited'),
      60_000,
    );
    await c.until(
      (x) => x.frames.some((f) => f.type === 'marker' && f.kind === 'restarted'),
      60_000,
    );
    const at = c.frames.findIndex((f) => f.type === 'marker' && f.kind === 'restarted');
    await c.until((x) => x.frames.slice(at).some((f) => f.type === 'text'), 30_000);
    expect(ended(c)).toBeUndefined();
    c.ws.close();
  }, 150_000);

  it('follows pods that replace deleted ones in the app view', async () => {
    const before = podNames('haierpsi-bar-dev', 'app.kubernetes.io/name=bar');
    const c = await open('olivia', {
      ...start({ kind: 'app', app: 'bar' }, { tailLines: 1 }),
      namespace: 'haierpsi-bar-dev',
    });
    await c.until((x) => new Set(x.lines().map((l) => l[0])).size === before.length, 30_000);
    expect(
      sim.kubectl(['delete', 'pod', '-n', 'haierpsi-bar-dev', before[0]!, '--wait=false']).code,
    ).toBe(0);
    await c.until((x) => x.frames.some((f) => f.type === 'marker' && f.kind === 'left'), 30_000);
    await c.until((x) => x.frames.some((f) => f.type === 'marker' && f.kind === 'joined'), 30_000);
    const sources = c.frames.filter((f) => f.type === 'sources').pop();
    const joined =
      sources?.type === 'sources'
        ? sources.sources.find((s) => !before.includes(s.pod))
        : undefined;
    expect(joined).toBeDefined();
    await c.until((x) => x.lines().some((l) => l[0] === joined!.id), 30_000);
    expect(ended(c)).toBeUndefined();
    c.ws.close();
  }, 120_000);

  it('ends a one-pod view with the reason when the pod is deleted', async () => {
    const [pod] = podNames('haierpsi-bar-dev', 'app.kubernetes.io/name=bar');
    const c = await open('olivia', {
      ...start({ kind: 'pod', pod }, { tailLines: 1 }),
      namespace: 'haierpsi-bar-dev',
    });
    await c.until((x) => x.lines().length >= 1, 30_000);
    expect(
      sim.kubectl([
        'delete',
        'pod',
        '-n',
        'haierpsi-bar-dev',
        pod!,
        '--grace-period=1',
        '--wait=false',
      ]).code,
    ).toBe(0);
    await c.until((x) => ended(x) !== undefined, 40_000);
    expect(ended(c)).toMatchObject({ reason: 'deleted' });
  }, 60_000);

  describe('download full log', () => {
    const route = (username: string) =>
      podLogRoute(
        createWithApi({
          identity: () =>
            Promise.resolve({
              username,
              groups: DEMO_USERS.find((u) => u.username === username)?.groups.slice() ?? [],
            }),
          context: () =>
            ({
              clusters: new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c])),
            }) as unknown as WharfContext,
          logError: () => undefined,
        }),
      );
    const get = (username: string, ns: string, pod: string, query = '') =>
      route(username)(
        new Request(
          `http://localhost/api/clusters/dev-cluster/namespaces/${ns}/pods/${pod}/log${query}`,
        ),
        {
          params: Promise.resolve({ cluster: 'dev-cluster', namespace: ns, pod }),
        },
      );

    it('streams the whole log as an attachment for who may read it', async () => {
      const [pod] = podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo');
      // right after the simulator starts the container may still be creating (400 until it runs)
      let res = await get('victor', 'haierpsi-foo-dev', pod!, '?container=app');
      for (let i = 0; i < 60 && res.status === 400; i++) {
        await new Promise((r) => setTimeout(r, 500));
        res = await get('victor', 'haierpsi-foo-dev', pod!, '?container=app');
      }
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${pod}-app.log"`);
      expect(await res.text()).toContain(':: Spring Boot ::');
    });

    it('passes the API server refusal on, and refuses bad input before asking it', async () => {
      const [pod] = podNames('ai-test', 'app.kubernetes.io/name=ai-api');
      const no = await get('victor', 'ai-test', pod!);
      expect(no.status).toBe(403);
      const body = (await no.json()) as { message: string };
      expect(body.message).toMatch(/may not read the logs/);
      const bad = await get('olivia', 'haierpsi-foo-dev', 'Bad_Pod');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/invalid path/);
      const box = await get(
        'olivia',
        'haierpsi-foo-dev',
        podNames('haierpsi-foo-dev', 'app.kubernetes.io/name=foo')[0]!,
        '?container=nope',
      );
      expect(box.status).toBe(400);
    });
  });
});
