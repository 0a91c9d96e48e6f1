import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  createStreamClient,
  streamUrl,
  type SocketLike,
  type SubscriptionHandlers,
} from './stream-client';

interface FakeSocket extends SocketLike {
  url: string;
  sent: unknown[];
  readyState: number;
  open(): void;
  receive(frame: unknown): void;
  drop(): void;
  closedByClient: boolean;
}

function fakeSockets() {
  const all: FakeSocket[] = [];
  const connect = (url: string): SocketLike => {
    const s: FakeSocket = {
      url,
      sent: [],
      readyState: 0,
      closedByClient: false,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send(data) {
        this.sent.push(JSON.parse(data));
      },
      close() {
        this.closedByClient = true;
        this.readyState = 3;
      },
      open() {
        this.readyState = 1;
        this.onopen?.({});
      },
      receive(frame) {
        this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
      },
      drop() {
        this.readyState = 3;
        this.onclose?.({});
      },
    };
    all.push(s);
    return s;
  };
  return { all, connect, last: () => all[all.length - 1]! };
}

function recorder() {
  const calls: [string, unknown][] = [];
  const handlers: SubscriptionHandlers = {
    snapshot: (items, rv) => calls.push(['snapshot', { items, rv }]),
    events: (events) => calls.push(['events', events]),
    error: (err) => calls.push(['error', err]),
    resync: () => calls.push(['resync', null]),
  };
  return { calls, handlers };
}

const req = { cluster: 'dev', group: '', version: 'v1', resource: 'pods', namespace: 'ai-test' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('streamUrl', () => {
  it('builds the socket URL from the page location and base path', () => {
    expect(streamUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe(
      'ws://localhost:3000/api/stream',
    );
    expect(streamUrl({ protocol: 'https:', host: 'console.corp' }, '/wharf/')).toBe(
      'wss://console.corp/wharf/api/stream',
    );
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, jittered within the upper half', () => {
    expect(backoffDelay(0, 500, 30_000, 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, 0.5)).toBe(22_500);
    expect(backoffDelay(1000, 500, 30_000, 1)).toBe(30_000);
  });
});

describe('createStreamClient', () => {
  it('opens one socket for many subscriptions and routes frames by id', () => {
    const f = fakeSockets();
    const client = createStreamClient({ url: () => 'ws://x/api/stream', connect: f.connect });
    const a = recorder();
    const b = recorder();
    client.subscribe(req, a.handlers);
    client.subscribe({ ...req, resource: 'services' }, b.handlers);
    expect(f.all).toHaveLength(1);
    expect(client.state()).toBe('connecting');
    f.last().open();
    expect(client.state()).toBe('open');
    expect(f.last().sent).toEqual([
      { type: 'subscribe', id: 's1', ...req },
      { type: 'subscribe', id: 's2', ...req, resource: 'services' },
    ]);
    f.last().receive({ type: 'snapshot', id: 's2', resourceVersion: '3', items: [] });
    f.last().receive({
      type: 'events',
      id: 's1',
      events: [{ type: 'ADDED', object: { metadata: { name: 'p' } } }],
    });
    f.last().receive({ type: 'resync', id: 's1' });
    f.last().receive({ type: 'error', id: 's1', code: 403, message: 'no' });
    expect(a.calls.map((c) => c[0])).toEqual(['events', 'resync', 'error']);
    expect(b.calls).toEqual([['snapshot', { items: [], rv: '3' }]]);
  });

  it('ignores frames that are not valid server frames', () => {
    const f = fakeSockets();
    const client = createStreamClient({ url: () => 'u', connect: f.connect });
    const a = recorder();
    client.subscribe(req, a.handlers);
    f.last().open();
    f.last().receive('not json');
    f.last().receive({ type: 'snapshot', id: 's1' });
    f.last().receive({ type: 'events', id: 's1', events: [{ type: 'NOPE', object: {} }] });
    expect(a.calls).toEqual([]);
  });

  it('reconnects with growing backoff, says reconnecting, and resubscribes everything', () => {
    const f = fakeSockets();
    const states: string[] = [];
    const client = createStreamClient({
      url: () => 'u',
      connect: f.connect,
      random: () => 1,
      baseDelayMs: 100,
    });
    client.onStateChange(() => states.push(client.state()));
    const a = recorder();
    client.subscribe(req, a.handlers);
    f.last().open();
    f.last().drop();
    expect(client.state()).toBe('reconnecting');
    vi.advanceTimersByTime(99);
    expect(f.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(f.all).toHaveLength(2);
    f.last().drop(); // refused again: wait twice as long
    vi.advanceTimersByTime(199);
    expect(f.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(f.all).toHaveLength(3);
    expect(client.state()).toBe('reconnecting');
    f.last().open();
    expect(f.last().sent).toEqual([{ type: 'subscribe', id: 's1', ...req }]);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    // A frame resets the backoff.
    f.last().receive({ type: 'pong' });
    f.last().drop();
    vi.advanceTimersByTime(100);
    expect(f.all).toHaveLength(4);
  });

  it('reconnects when pongs stop coming', () => {
    const f = fakeSockets();
    const client = createStreamClient({
      url: () => 'u',
      connect: f.connect,
      pingMs: 1000,
      pongTimeoutMs: 500,
      random: () => 0,
      baseDelayMs: 100,
    });
    client.subscribe(req, recorder().handlers);
    f.last().open();
    vi.advanceTimersByTime(1000);
    expect(f.last().sent.at(-1)).toEqual({ type: 'ping' });
    f.last().receive({ type: 'pong' });
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(499);
    expect(f.last().closedByClient).toBe(false);
    vi.advanceTimersByTime(1);
    expect(f.all[0]!.closedByClient).toBe(true);
    expect(client.state()).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(f.all).toHaveLength(2);
  });

  it('unsubscribes, and closes the socket a while after the last subscription ends', () => {
    const f = fakeSockets();
    const client = createStreamClient({ url: () => 'u', connect: f.connect, idleCloseMs: 1000 });
    const stop = client.subscribe(req, recorder().handlers);
    f.last().open();
    stop();
    stop();
    expect(f.last().sent.filter((x) => (x as { type: string }).type === 'unsubscribe')).toEqual([
      { type: 'unsubscribe', id: 's1' },
    ]);
    vi.advanceTimersByTime(999);
    expect(f.last().closedByClient).toBe(false);
    vi.advanceTimersByTime(1);
    expect(f.last().closedByClient).toBe(true);
    expect(client.state()).toBe('connecting');
    client.subscribe(req, recorder().handlers);
    expect(f.all).toHaveLength(2);
  });

  it('does not reconnect without subscriptions or after close', () => {
    const f = fakeSockets();
    const client = createStreamClient({ url: () => 'u', connect: f.connect });
    client.subscribe(req, recorder().handlers);
    f.last().open();
    client.close();
    vi.advanceTimersByTime(60_000);
    expect(f.all).toHaveLength(1);
    client.subscribe(req, recorder().handlers);
    expect(f.all).toHaveLength(1);
  });
});
