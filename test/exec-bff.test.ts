// /api/exec against the simulator: a terminal as olivia (ls, stty size after resize, exit code), the API
// server's 403 for victor and bob in prod, unknown pods and containers, malformed and oversize frames,
// nonsense resizes, a browser that stops reading, heartbeats, and the audit trail.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { execQuery, ServerControlSchema, type ServerControl } from '../lib/contracts/exec';
import { PLATFORM_ADMINS_GROUP, USERS_GROUP } from '../lib/demo-users';
import type { AuditRecord } from '../server/audit';
import { createExecHandler, type ExecHandler, type ExecLimits } from '../server/exec/handler';
import { clustersFromSimulator } from '../server/kube/clusters';
import { sessionIdentity } from '../server/stream/session';
import { startSim, type SimHandle } from './sim-harness';
import { sessionCookie, TEST_SESSION_SECRET } from './session-cookie';

const NS = 'haierpsi-foo-dev';
let sim: SimHandle;
let fooPod: string;
let prodPod: string;
const servers: { server: http.Server; handler: ExecHandler }[] = [];
const sockets: WebSocket[] = [];

interface Bff {
  handler: ExecHandler;
  url: string;
  origin: string;
  audit: AuditRecord[];
}

async function startBff(limits?: Partial<ExecLimits>): Promise<Bff> {
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  const server = http.createServer((_q, r) => r.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const audit: AuditRecord[] = [];
  const handler = createExecHandler({
    clusters,
    authenticate: sessionIdentity,
    allowedOrigins: [origin],
    audit: (r) => audit.push(r),
    limits,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!handler.handleUpgrade(req, socket, head)) socket.destroy();
  });
  servers.push({ server, handler });
  return { handler, origin, url: `${origin.replace('http', 'ws')}/api/exec`, audit };
}

interface Terminal {
  ws: WebSocket;
  controls: ServerControl[];
  output: () => string;
  control(pred: (c: ServerControl) => boolean, timeoutMs?: number): Promise<ServerControl>;
  waitOutput(re: RegExp, timeoutMs?: number): Promise<string>;
  type(text: string): void;
  closed: Promise<{ code: number; reason: string }>;
}

async function until<T>(fn: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function open(bff: Bff, user: string, query: string, groups?: string[]): Promise<Terminal> {
  const ws = new WebSocket(`${bff.url}?${query}`, {
    headers: { origin: bff.origin, cookie: await sessionCookie(user, groups) },
  });
  sockets.push(ws);
  const controls: ServerControl[] = [];
  const chunks: Buffer[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) chunks.push(data as Buffer);
    else controls.push(ServerControlSchema.parse(JSON.parse(String(data))));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  const output = () => Buffer.concat(chunks).toString('utf8');
  return {
    ws,
    controls,
    output,
    closed,
    control: (pred, timeoutMs) => until(() => controls.find(pred), 'a control frame', timeoutMs),
    waitOutput: (re, timeoutMs) =>
      until(() => (re.test(output()) ? output() : undefined), `output ${re}`, timeoutMs),
    type: (text) => ws.send(Buffer.from(text), { binary: true }),
  };
}

function target(pod: string, extra: Record<string, string> = {}): string {
  return execQuery({ cluster: 'dev-cluster', namespace: NS, pod, ...extra });
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('upgrade accepted')));
    ws.on('error', () => undefined);
  });
}

function runningPod(context: string, ns: string, app: string): string | undefined {
  const r = sim.kubectl(
    ['-n', ns, 'get', 'pods', '-l', `app.kubernetes.io/name=${app}`, '-o', 'json'],
    {
      context,
    },
  );
  if (r.code !== 0) return undefined;
  const list = JSON.parse(r.stdout) as {
    items: { metadata: { name: string }; status?: { phase?: string } }[];
  };
  return list.items.find((p) => p.status?.phase === 'Running')?.metadata.name;
}

beforeAll(async () => {
  sim = await startSim(['--time-scale', '10']);
  process.env.NEXTAUTH_SECRET = TEST_SESSION_SECRET;
  fooPod = await until(() => runningPod('dev-cluster', NS, 'foo'), 'a running foo pod', 60_000);
  prodPod = await until(
    () => runningPod('prod-cluster', 'ai-prod', 'ai-api'),
    'a running ai-api pod in prod',
    60_000,
  );
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.terminate();
  for (const { server, handler } of servers) {
    handler.close();
    server.close();
  }
  await sim?.stop();
});

describe('a terminal session', () => {
  it('runs a shell as olivia: echo, stty size after resizes, exit code 3, audited', async () => {
    const bff = await startBff();
    const t = await open(bff, 'olivia', target(fooPod));
    t.ws.send(JSON.stringify({ type: 'resize', cols: 100, rows: 30 }));
    const started = await t.control((c) => c.type === 'started');
    expect(started).toMatchObject({
      cluster: 'dev-cluster',
      namespace: NS,
      pod: fooPod,
      container: 'app',
      user: 'olivia',
    });
    t.type('echo marker-$((6*7))\r');
    await t.waitOutput(/marker-42/);
    t.type('stty size\r');
    await t.waitOutput(/\r?\n30 100\r?\n/);
    t.ws.send(JSON.stringify({ type: 'resize', cols: 132, rows: 43 }));
    t.type('stty size\r');
    await t.waitOutput(/\r?\n43 132\r?\n/);
    t.type('exit 3\r');
    const exit = await t.control((c) => c.type === 'exit');
    expect(exit).toMatchObject({ type: 'exit', code: 3 });
    expect((await t.closed).code).toBe(1000);

    const mine = bff.audit.filter((r) => r.name === fooPod);
    expect(mine.map((r) => [r.verb, r.outcome, r.user, r.container, r.exitCode])).toEqual([
      ['exec', 'allowed', 'olivia', 'app', undefined],
      ['exec.end', 'allowed', 'olivia', 'app', 3],
    ]);
    // Typed input is never audited.
    expect(JSON.stringify(bff.audit)).not.toContain('stty');
  });

  it('impersonates each group on its own header line: admitted by the second group', async () => {
    const bff = await startBff();
    // Someone unknown to RBAC except through the platform admins group, listed second.
    const t = await open(bff, 'zed', target(fooPod), [USERS_GROUP, PLATFORM_ADMINS_GROUP]);
    expect(await t.control(() => true)).toMatchObject({
      type: 'started',
      user: 'zed',
    });
    t.type('id -un\r');
    await t.waitOutput(/root/);
    t.ws.close();
    const denied = await open(bff, 'zed', target(fooPod), [USERS_GROUP]);
    expect(await denied.control((c) => c.type === 'error')).toMatchObject({ code: 403 });
  });

  it('opens bash when the image has it and sh otherwise', async () => {
    const bff = await startBff();
    const t = await open(bff, 'olivia', target(fooPod));
    await t.control((c) => c.type === 'started');
    t.type('echo shell=$0\r');
    const out = await t.waitOutput(/shell=\w+/);
    const hasBash = sim.kubectl(['-n', NS, 'exec', fooPod, '--', 'sh', '-c', 'command -v bash']);
    expect(out).toContain(hasBash.code === 0 ? 'shell=bash' : 'shell=sh');
    t.type('exit\r');
    expect(await t.control((c) => c.type === 'exit')).toMatchObject({ code: 0 });
  });

  it('survives idle time across many heartbeats', async () => {
    const bff = await startBff({ heartbeatMs: 100 });
    const t = await open(bff, 'olivia', target(fooPod));
    await t.control((c) => c.type === 'started');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(t.ws.readyState).toBe(WebSocket.OPEN);
    t.type('echo still-here\r');
    await t.waitOutput(/still-here\r?\n/);
    t.ws.close();
    await until(() => (bff.handler.stats().sessions === 0 ? true : undefined), 'session end');
  });
});

describe('heartbeats', () => {
  it('ends a session whose browser stops answering pings, and audits the end', async () => {
    const bff = await startBff({ heartbeatMs: 150 });
    const t = await open(bff, 'olivia', target(fooPod));
    await t.control((c) => c.type === 'started');
    (t.ws as unknown as { _socket: net.Socket })._socket.pause();
    await until(
      () => (bff.handler.stats().sessions === 0 ? true : undefined),
      'session end',
      5_000,
    );
    expect(bff.audit.map((r) => r.verb)).toEqual(['exec', 'exec.end']);
  });
});

describe('refusals', () => {
  it("relays the API server's 403 to victor (viewer) in words, and audits the denial", async () => {
    const bff = await startBff();
    const t = await open(bff, 'victor', target(fooPod));
    const err = await t.control((c) => c.type === 'error');
    expect(err).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(err.type === 'error' && err.message).toMatch(/victor.*cannot .*pods\/exec/);
    expect(t.output()).toBe('');
    expect(bff.audit).toMatchObject([{ user: 'victor', outcome: 'denied', code: 403 }]);
  });

  it('refuses victor in a project that is not his, showing nothing of it', async () => {
    const bff = await startBff();
    const aiPod = await until(
      () => runningPod('dev-cluster', 'ai-test', 'ai-api'),
      'an ai-api pod',
    );
    const t = await open(
      bff,
      'victor',
      execQuery({ cluster: 'dev-cluster', namespace: 'ai-test', pod: aiPod }),
    );
    expect(await t.control((c) => c.type === 'error')).toMatchObject({ code: 403 });
    expect(t.controls.some((c) => c.type === 'started')).toBe(false);
    expect(t.output()).toBe('');
  });

  it('refuses bob in prod but not in test', async () => {
    const bff = await startBff();
    const prod = await open(
      bff,
      'bob',
      execQuery({ cluster: 'prod-cluster', namespace: 'ai-prod', pod: prodPod }),
    );
    expect(await prod.control((c) => c.type === 'error')).toMatchObject({ code: 403 });
    const testPod = await until(() => runningPod('dev-cluster', 'ai-test', 'ai-api'), 'ai-api');
    const test = await open(
      bff,
      'bob',
      execQuery({ cluster: 'dev-cluster', namespace: 'ai-test', pod: testPod }),
    );
    expect(await test.control((c) => c.type === 'started')).toMatchObject({ user: 'bob' });
    test.ws.close();
  });

  it('answers an unknown pod with 404 and an unknown container with the reason', async () => {
    const bff = await startBff();
    const pod = await open(bff, 'olivia', target('no-such-pod'));
    expect(await pod.control((c) => c.type === 'error')).toMatchObject({ code: 404 });
    const named = await open(bff, 'olivia', target('no-such-pod', { container: 'foo' }));
    expect(await named.control((c) => c.type === 'error')).toMatchObject({ code: 404 });
    const container = await open(bff, 'olivia', target(fooPod, { container: 'nope' }));
    const err = await container.control((c) => c.type === 'error');
    expect(err.type === 'error' && err.code >= 400 && err.message).toMatch(/nope/);
  });

  it('refuses a bad target, unknown cluster, foreign origin and missing session', async () => {
    const bff = await startBff();
    const bad = await open(bff, 'olivia', 'cluster=dev-cluster&namespace=Not_A_Label&pod=x');
    expect(await bad.control((c) => c.type === 'error')).toMatchObject({ code: 400 });
    expect((await bad.closed).code).toBe(1008);
    const missing = await open(bff, 'olivia', 'cluster=dev-cluster&namespace=x');
    expect(await missing.control((c) => c.type === 'error')).toMatchObject({ code: 400 });
    const cluster = await open(
      bff,
      'olivia',
      execQuery({ cluster: 'mars', namespace: NS, pod: fooPod }),
    );
    expect(await cluster.control((c) => c.type === 'error')).toMatchObject({ code: 404 });
    const url = `${bff.url}?${target(fooPod)}`;
    const cookie = await sessionCookie('olivia');
    expect(await upgradeStatus(url, { origin: 'http://evil.example', cookie })).toBe(403);
    expect(await upgradeStatus(url, { origin: bff.origin })).toBe(401);
  });
});

describe('limits', () => {
  it("refuses a user's terminal beyond the per-user cap, not other users'", async () => {
    const bff = await startBff({ maxSessionsPerUser: 2 });
    const a = await open(bff, 'olivia', target(fooPod));
    const b = await open(bff, 'olivia', target(fooPod));
    await a.control((c) => c.type === 'started');
    await b.control((c) => c.type === 'started');
    const third = await open(bff, 'olivia', target(fooPod));
    expect(await third.control((c) => c.type === 'error')).toMatchObject({ code: 429 });
    expect((await third.closed).code).toBe(1013);
    const other = await open(bff, 'hana', target(fooPod));
    expect(await other.control((c) => c.type === 'started')).toMatchObject({ user: 'hana' });
    for (const t of [a, b, other]) t.ws.close();
  });
});

describe('bad frames', () => {
  async function session(bff: Bff): Promise<Terminal> {
    const t = await open(bff, 'olivia', target(fooPod));
    await t.control((c) => c.type === 'started');
    return t;
  }

  it.each([
    ['not JSON', '{oops'],
    ['an unknown type', JSON.stringify({ type: 'launch' })],
    ['a zero size', JSON.stringify({ type: 'resize', cols: 0, rows: 24 })],
    ['a huge size', JSON.stringify({ type: 'resize', cols: 80, rows: 100_000 })],
    ['a fractional size', JSON.stringify({ type: 'resize', cols: 80.5, rows: 24 })],
    ['extra fields', JSON.stringify({ type: 'resize', cols: 80, rows: 24, x: 1 })],
  ])('ends the session cleanly on %s', async (_what, text) => {
    const bff = await startBff();
    const t = await session(bff);
    t.ws.send(text);
    expect(await t.control((c) => c.type === 'error')).toMatchObject({ code: 400 });
    expect((await t.closed).code).toBe(1008);
    await until(() => (bff.handler.stats().sessions === 0 ? true : undefined), 'session end');
    expect(bff.audit.map((r) => r.verb)).toEqual(['exec', 'exec.end']);
  });

  it('refuses an oversize stdin frame with 413 and 1009', async () => {
    const bff = await startBff();
    const t = await session(bff);
    t.ws.send(Buffer.alloc(64 * 1024 + 1, 0x61), { binary: true });
    expect(await t.control((c) => c.type === 'error')).toMatchObject({ code: 413 });
    expect((await t.closed).code).toBe(1009);
  });

  it('cuts off a frame far beyond the limit before buffering it', async () => {
    const bff = await startBff();
    const t = await session(bff);
    t.ws.send(Buffer.alloc(1024 * 1024, 0x61), { binary: true });
    expect((await t.closed).code).toBe(1009);
    await until(() => (bff.handler.stats().sessions === 0 ? true : undefined), 'session end');
  });
});

describe('backpressure', () => {
  it('pauses the upstream while the browser stops reading, with bounded buffering', async () => {
    const highWaterBytes = 64 * 1024;
    const bff = await startBff({ highWaterBytes, lowWaterBytes: 16 * 1024 });
    const t = await open(bff, 'olivia', target(fooPod));
    await t.control((c) => c.type === 'started');
    // The browser stops reading: its socket is paused, so the kernel buffers fill and then ws's.
    const raw = (t.ws as unknown as { _socket: net.Socket })._socket;
    raw.pause();
    // Endless output: loopback kernel buffers take a few MB before ws has to buffer anything.
    t.type('while true; do seq 1 100000; done\r');
    await until(
      () => (bff.handler.stats().paused === 1 ? true : undefined),
      'the upstream paused',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const { peakBufferedBytes } = bff.handler.stats();
    // At most one more upstream message (≤ 32 KiB) and the frames in flight when it paused.
    expect(peakBufferedBytes).toBeLessThan(highWaterBytes + 256 * 1024);
    raw.resume();
    await until(
      () => (bff.handler.stats().paused === 0 ? true : undefined),
      'the upstream resumed',
    );
    t.type('\u0003');
    t.type('exit 4\r');
    expect(await t.control((c) => c.type === 'exit', 30_000)).toMatchObject({ code: 4 });
  }, 90_000);
});
