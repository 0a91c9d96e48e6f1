import { describe, expect, it } from 'vitest';
import type { ServerControl } from '../../lib/contracts/exec';
import { execSocketUrl, openExecSocket, stdinFrames, type SocketLike } from './exec-socket';

interface Fake extends SocketLike {
  sent: (string | Uint8Array)[];
  closed?: { code?: number; reason?: string };
}

function setup() {
  let socket: Fake | undefined;
  const output: string[] = [];
  const controls: ServerControl[] = [];
  const closes: number[] = [];
  const exec = openExecSocket(
    'ws://x/api/exec',
    {
      onOutput: (d) => output.push(new TextDecoder().decode(d)),
      onControl: (c) => controls.push(c),
      onClose: (code) => closes.push(code),
    },
    () => {
      socket = {
        readyState: 0,
        binaryType: 'blob',
        sent: [],
        send(data) {
          this.sent.push(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
        },
        close(code, reason) {
          this.closed = { code, reason };
        },
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
      };
      return socket;
    },
  );
  const open = () => {
    (socket as { readyState: number }).readyState = 1;
    socket!.onopen?.({});
  };
  return { exec, socket: socket!, open, output, controls, closes };
}

describe('openExecSocket', () => {
  it('reads binary frames as output', () => {
    const { socket } = setup();
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('holds input and the size until open, then sends the latest size once', () => {
    const { exec, socket, open } = setup();
    exec.input('ls\r');
    exec.resize(80, 24);
    exec.resize(100, 30);
    expect(socket.sent).toEqual([]);
    open();
    exec.resize(100, 30);
    expect(socket.sent).toEqual([
      JSON.stringify({ type: 'resize', cols: 100, rows: 30 }),
      new TextEncoder().encode('ls\r'),
    ]);
  });

  it('keeps sizes within what the server accepts', () => {
    const { exec, socket, open } = setup();
    open();
    exec.resize(0, 5000);
    expect(socket.sent).toEqual([JSON.stringify({ type: 'resize', cols: 1, rows: 1000 })]);
  });

  it('hands over output, control frames, and unreadable frames as errors', () => {
    const { socket, output, controls, closes } = setup();
    socket.onmessage?.({ data: new TextEncoder().encode('hi').buffer });
    socket.onmessage?.({ data: JSON.stringify({ type: 'exit', code: 3 }) });
    socket.onmessage?.({ data: '{"type":"exit","code":"3"}' });
    socket.onclose?.({ code: 1000, reason: 'exited' });
    expect(output).toEqual(['hi']);
    expect(controls).toEqual([
      { type: 'exit', code: 3 },
      { type: 'error', code: 502, reason: 'BadFrame', message: 'unreadable frame from the server' },
    ]);
    expect(closes).toEqual([1000]);
  });

  it('closes without reporting its own close', () => {
    const { exec, socket, closes } = setup();
    exec.close();
    expect(socket.closed).toEqual({ code: 1000, reason: 'closed' });
    expect(socket.onclose).toBeNull();
    expect(closes).toEqual([]);
  });
});

describe('stdinFrames', () => {
  it('cuts a big paste into frames under the limit', () => {
    const frames = stdinFrames(new Uint8Array(10), 4);
    expect(frames.map((f) => f.length)).toEqual([4, 4, 2]);
  });
});

describe('execSocketUrl', () => {
  it('follows the page scheme and base path', () => {
    const target = { cluster: 'dev-cluster', namespace: 'ns', pod: 'p', container: 'c' };
    expect(execSocketUrl({ protocol: 'https:', host: 'h:1' }, target, '/wharf/')).toBe(
      'wss://h:1/wharf/api/exec?cluster=dev-cluster&namespace=ns&pod=p&container=c',
    );
    expect(execSocketUrl({ protocol: 'http:', host: 'h' }, target)).toMatch(
      /^ws:\/\/h\/api\/exec\?/,
    );
  });
});
