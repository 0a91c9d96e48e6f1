import { describe, expect, it } from 'vitest';
import type { StartFrame } from '../../lib/contracts/logs';
import { serveFeed, type FeedSocket } from './feed-protocol';
import type { FeedBatch } from './log-feed';

const T = '2026-12-06T10:00:01.000000000Z';
const start: StartFrame = {
  type: 'start',
  cluster: 'dev-cluster',
  namespace: 'ns',
  target: { kind: 'pod', pod: 'p' },
  previous: false,
  resume: { 'p/c': { time: T, seen: 1 } },
};

function setup() {
  const sent: string[] = [];
  const batches: FeedBatch[] = [];
  let closed = 0;
  const socket: FeedSocket = {
    onopen: null,
    onmessage: null,
    onclose: null,
    send: (t) => sent.push(t),
    close: () => closed++,
  };
  const urls: string[] = [];
  const handle = serveFeed({ postMessage: (b) => batches.push(b) }, (url) => {
    urls.push(url);
    return socket;
  });
  const message = (data: unknown) => socket.onmessage?.({ data } as MessageEvent);
  const text = (s: string) =>
    message(JSON.stringify({ type: 'text', source: 0, text: `${T} ${s}\n` }));
  return { sent, batches, socket, handle, message, text, urls, closed: () => closed };
}

describe('serveFeed', () => {
  it('opens the socket, sends start, and reports it opened', () => {
    const s = setup();
    s.handle({ type: 'open', url: 'ws://h/api/logs', start, capacity: 10 });
    s.handle({ type: 'open', url: 'ws://h/other', start, capacity: 10 }); // one socket per worker
    expect(s.urls).toEqual(['ws://h/api/logs']);
    s.socket.onopen?.({} as Event);
    expect(s.sent.map((t) => JSON.parse(t) as unknown)).toEqual([start]);
    expect(s.batches[0]?.ops).toEqual([{ kind: 'opened' }]);
  });

  it('keeps one batch in flight: the next waits until the page is ready', () => {
    const s = setup();
    s.handle({ type: 'open', url: 'ws://h/api/logs', start, capacity: 10 });
    s.message(
      JSON.stringify({
        type: 'sources',
        sources: [{ id: 0, pod: 'p', container: 'c' }],
        totalPods: 1,
        maxPods: 10,
      }),
    );
    s.text('a');
    s.text('b');
    expect(s.batches).toHaveLength(1); // the sources frame went at once; the lines wait
    s.handle({ type: 'ready' });
    expect(s.batches).toHaveLength(2);
    const ops = s.batches[1]!.ops;
    expect(ops).toHaveLength(1);
    expect(ops[0]?.kind === 'lines' && ops[0].lines.texts).toBe('a\nb');
    // resume points continue from the ones the page started with
    expect(s.batches[1]!.points).toEqual({ 'p/c': { time: T, seen: 3 } });
    s.handle({ type: 'ready' });
    expect(s.batches).toHaveLength(2); // nothing new, nothing sent
    s.text('c');
    expect(s.batches).toHaveLength(3);
  });

  it('asks the server to pause while lines pile up unrendered, and to resume once taken', () => {
    const s = setup();
    s.handle({ type: 'open', url: 'ws://h/api/logs', start, capacity: 10 });
    s.socket.onopen?.({} as Event); // the 'opened' batch is in flight: the page is busy
    s.message(
      JSON.stringify({
        type: 'sources',
        sources: [{ id: 0, pod: 'p', container: 'c' }],
        totalPods: 1,
        maxPods: 10,
      }),
    );
    const flow = () => s.sent.slice(1).map((t) => (JSON.parse(t) as { type: string }).type);
    for (const l of ['a', 'b', 'c', 'd']) s.text(l);
    expect(flow()).toEqual([]);
    s.text('e'); // half of what the page keeps
    expect(flow()).toEqual(['pause']);
    s.text('f');
    expect(flow()).toEqual(['pause']); // said once
    s.handle({ type: 'ready' });
    expect(flow()).toEqual(['pause', 'resume']);
    s.socket.onclose?.({} as CloseEvent);
    for (const l of ['g', 'h', 'i', 'j', 'k', 'l']) s.text(l);
    expect(flow()).toEqual(['pause', 'resume']); // nothing sent on a closed socket
  });

  it('closes on a frame that is not the server’s, and reports the socket closed', () => {
    const s = setup();
    s.handle({ type: 'open', url: 'ws://h/api/logs', start, capacity: 10 });
    s.message('{not json');
    s.message(new ArrayBuffer(4)); // binary: ignored
    expect(s.closed()).toBe(1);
    s.socket.onclose?.({} as CloseEvent);
    expect(s.batches.at(-1)?.ops).toEqual([{ kind: 'closed' }]);
  });
});
