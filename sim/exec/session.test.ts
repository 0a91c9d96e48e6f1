import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { scaledClock } from '../clock';
import { PROGRAMS } from './commands';
import { negotiateProtocol, type ExecStatus } from './protocol';
import { createLineDiscipline, MAX_STDIN_FRAME, startSession, type Streams } from './session';
import { containerOf, testPod } from './test-helpers';

let server: http.Server;
let base: string;
/** What the next connection runs; set by each test before connecting. */
let next: { command: string[]; streams: Streams } = {
  command: ['echo'],
  streams: { stdin: false, stdout: true, stderr: true, tty: false },
};
const ctr = containerOf(testPod({ image: 'busybox:1.36' }));

beforeAll(async () => {
  server = http.createServer();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => negotiateProtocol(offered) ?? false,
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      startSession({
        ws,
        protocol: ws.protocol === 'v4.channel.k8s.io' ? 'v4.channel.k8s.io' : 'v5.channel.k8s.io',
        streams: next.streams,
        command: next.command,
        container: ctr.c,
        env: ctr.env,
        cwd: '/',
        clock: scaledClock(1000),
        programs: PROGRAMS,
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

interface Conn {
  ws: WebSocket;
  frames: Buffer[];
  closed: Promise<{ code: number }>;
  text: (channel: number) => string;
  status: () => ExecStatus | undefined;
  send: (channel: number, data: string | Buffer) => void;
  waitFor: (cond: () => boolean) => Promise<void>;
}

async function connect(
  command: string[],
  streams: Partial<Streams> = {},
  protocol = 'v5.channel.k8s.io',
): Promise<Conn> {
  next = { command, streams: { stdin: false, stdout: true, stderr: true, tty: false, ...streams } };
  const ws = new WebSocket(base, [protocol]);
  const frames: Buffer[] = [];
  ws.on('message', (d: Buffer) => frames.push(d));
  const closed = new Promise<{ code: number }>((r) => ws.on('close', (code) => r({ code })));
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const text = (ch: number): string =>
    Buffer.concat(frames.filter((f) => f[0] === ch).map((f) => f.subarray(1))).toString();
  return {
    ws,
    frames,
    closed,
    text,
    status: () => {
      const s = text(3);
      return s === '' ? undefined : (JSON.parse(s) as ExecStatus);
    },
    send: (ch, data) =>
      ws.send(Buffer.concat([Buffer.from([ch]), Buffer.isBuffer(data) ? data : Buffer.from(data)])),
    waitFor: async (cond) => {
      const end = Date.now() + 5000;
      while (!cond()) {
        if (Date.now() > end)
          throw new Error(`timed out; frames: ${JSON.stringify(frames.map(String))}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

describe('exec session over WebSocket', () => {
  it('sends the initial empty frame, output, the Success status, then closes 1000', async () => {
    const c = await connect(['echo', 'hi']);
    expect((await c.closed).code).toBe(1000);
    expect([...c.frames[0]!]).toEqual([1]);
    expect(c.text(1)).toBe('hi\n');
    expect(c.status()).toEqual({ metadata: {}, status: 'Success' });
    expect(c.frames.some((f) => f[0] === 255)).toBe(false);
  });

  it('reports a non-zero exit with the ExitCode cause', async () => {
    const c = await connect(['sh', '-c', 'echo oops >&2; exit 3']);
    await c.closed;
    expect(c.text(2)).toBe('oops\n');
    expect(c.status()).toMatchObject({
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('starts with stderr when stdout is closed', async () => {
    const c = await connect(['true'], { stdout: false });
    await c.closed;
    expect([...c.frames[0]!]).toEqual([2]);
  });

  it('v5: [255, 0] half-closes stdin so cat sees EOF and the status still arrives', async () => {
    const c = await connect(['cat'], { stdin: true });
    c.send(0, 'hello\n');
    c.send(255, Buffer.from([0]));
    await c.closed;
    expect(c.text(1)).toBe('hello\n');
    expect(c.status()?.status).toBe('Success');
  });

  it('v4: has no half-close; closing the socket ends the process', async () => {
    const c = await connect(['cat'], { stdin: true }, 'v4.channel.k8s.io');
    expect(c.ws.protocol).toBe('v4.channel.k8s.io');
    c.send(0, 'a\n');
    c.send(255, Buffer.from([0]));
    await c.waitFor(() => c.text(1) === 'a\n');
    expect(c.status()).toBeUndefined();
    c.ws.close();
    await c.closed;
    await new Promise((r) => setTimeout(r, 20));
    expect([...ctr.c.procs.values()].some((p) => p.argv[0] === 'cat')).toBe(false);
  });

  it('tty: echoes input, honours resize (even nonsense around it) and ends on exit N', async () => {
    const c = await connect(['sh'], { stdin: true, tty: true, stderr: false });
    c.send(4, '{"Width":"x"}garbage{"Width":-3,"Height":1}[1]{"Width":100000,"Height":5}');
    c.send(4, '{"Width":100,"Height":40}\n{"width":120,"height":50}\n');
    await c.waitFor(() => c.text(1).includes('/ # '));
    c.send(0, 'stty size\r');
    await c.waitFor(() => c.text(1).includes('50 120'));
    c.send(0, 'ech\u007fho x\r');
    await c.waitFor(() => c.text(1).includes('x\r\nx\r\n'));
    c.send(0, 'exit 7\r');
    await c.closed;
    const out = c.text(1);
    expect(out).toContain('stty size\r\n50 120\r\n');
    expect(out).toContain('ech\b \bho x\r\nx\r\n');
    expect(c.status()).toMatchObject({ details: { causes: [{ message: '7' }] } });
  });

  it('tty: Ctrl-C interrupts the foreground command, not the shell; Ctrl-D exits', async () => {
    const c = await connect(['sh'], { stdin: true, tty: true, stderr: false });
    await c.waitFor(() => c.text(1).includes('/ # '));
    c.send(0, 'sleep 100000\r');
    await new Promise((r) => setTimeout(r, 30));
    c.send(0, '\u0003');
    await c.waitFor(() => c.text(1).split('/ # ').length === 3);
    c.send(0, 'echo $?\r');
    await c.waitFor(() => c.text(1).includes('130\r\n'));
    c.send(0, '\u0004');
    await c.closed;
    expect(c.status()?.status).toBe('Success');
  });

  it('answers a missing program with the runtime error', async () => {
    const c = await connect(['bash']);
    await c.closed;
    expect(c.status()).toMatchObject({ reason: 'InternalError', code: 500 });
    expect(c.status()?.message).toMatch(
      /^Internal error occurred: Internal error occurred: error executing command in container: .*exec: "bash": executable file not found in \$PATH: unknown$/,
    );
  });

  it('closes with an error when a stdin frame is over the cap', async () => {
    const c = await connect(['cat'], { stdin: true });
    c.send(0, Buffer.alloc(MAX_STDIN_FRAME + 1, 97));
    const { code } = await c.closed;
    expect(code).toBe(1009);
    expect(c.status()).toMatchObject({ status: 'Failure', code: 413 });
  });

  it('ignores empty, unknown-channel and text frames', async () => {
    const c = await connect(['cat'], { stdin: true });
    c.ws.send(Buffer.alloc(0));
    c.send(9, 'x');
    c.ws.send('text frame');
    c.send(0, 'ok\n');
    c.send(255, Buffer.from([0]));
    await c.closed;
    expect(c.text(1)).toBe('ok\n');
  });
});

describe('line discipline', () => {
  const run = (input: string): { echo: string; events: unknown[]; intr: number } => {
    let echo = '';
    const events: unknown[] = [];
    let intr = 0;
    const ld = createLineDiscipline({
      echo: (s) => (echo += s),
      emit: (e) => events.push(e),
      interrupt: () => intr++,
      history: () => ['first', 'second'],
    });
    ld.feed(input);
    return { echo, events, intr };
  };

  it('edits lines and emits them on Enter (CR, LF or CRLF once)', () => {
    expect(run('ab\u007fc\r\n').events).toEqual([{ t: 'data', s: 'ac\n' }]);
    expect(run('x\ny\r').events).toEqual([
      { t: 'data', s: 'x\n' },
      { t: 'data', s: 'y\n' },
    ]);
    expect(run('one two\u0017three\r').events).toEqual([{ t: 'data', s: 'one three\n' }]);
    expect(run('junk\u0015ok\r').events).toEqual([{ t: 'data', s: 'ok\n' }]);
  });

  it('Ctrl-C discards the line and interrupts; Ctrl-D is EOF only on an empty line', () => {
    const c = run('abc\u0003');
    expect(c.echo).toBe('abc^C');
    expect(c.intr).toBe(1);
    expect(run('\u0004').events).toEqual([{ t: 'eof' }]);
    expect(run('ab\u0004').events).toEqual([{ t: 'data', s: 'ab' }]);
  });

  it('recalls history with the arrow keys and swallows other escapes', () => {
    expect(run('\u001b[A\r').events).toEqual([{ t: 'data', s: 'second\n' }]);
    expect(run('\u001b[A\u001b[A\u001b[B\r').events).toEqual([{ t: 'data', s: 'second\n' }]);
    expect(run('a\u001b[Cb\u001b[1;5D\r').events).toEqual([{ t: 'data', s: 'ab\n' }]);
  });
});
