import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../lib/contracts/logs';
import { BATCH_LINES, LogFeed, readLines, type FeedBatch, type FeedOp } from './log-feed';

/** A batch's ops, lines as [src, time, text, plain] rows. */
function unpack(ops: FeedOp[]) {
  return ops.map((op) => {
    if (op.kind !== 'lines') return op;
    const rows: [number, string, string, string][] = [];
    readLines(op.lines, (...row) => rows.push(row));
    return rows;
  });
}

const T = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, '0')}.000000000Z`;
const frame = (f: ServerFrame) => JSON.stringify(f);
const sources = frame({
  type: 'sources',
  sources: [
    { id: 0, pod: 'p', container: 'c' },
    { id: 1, pod: 'q', container: 'c' },
  ],
  totalPods: 2,
  maxPods: 10,
});

function take(feed: LogFeed): FeedBatch {
  const b = feed.take();
  if (!b) throw new Error('no batch');
  return b;
}

describe('LogFeed', () => {
  it('splits stamped text frames into lines, with escape-free text where it differs', () => {
    const feed = new LogFeed(100);
    feed.receive(sources);
    feed.receive(
      frame({
        type: 'text',
        source: 0,
        text: `${T(1)} one\n${T(1)} \x1b[31mtwo\x1b[0m\nno stamp\n`,
      }),
    );
    const b = take(feed);
    expect(b.ops.map((o) => o.kind)).toEqual(['frame', 'lines']);
    expect(unpack(b.ops)[1]).toEqual([
      [0, T(1), 'one', 'one'],
      [0, T(1), '\x1b[31mtwo\x1b[0m', 'two'],
      [0, T(1), 'no stamp', 'no stamp'],
    ]);
    expect(b.points).toEqual({ 'p/c': { time: T(1), seen: 3 } });
    expect(feed.take()).toBeUndefined();
  });

  it('keeps lines and control frames in order, merging consecutive line frames', () => {
    const feed = new LogFeed(100);
    feed.receive(sources);
    feed.receive(frame({ type: 'lines', lines: [[0, T(1), 'a']] }));
    feed.receive(frame({ type: 'lines', lines: [[1, T(1), 'b']] }));
    feed.receive(frame({ type: 'marker', source: 1, kind: 'restarted', time: T(2) }));
    feed.receive(frame({ type: 'lines', lines: [[1, T(3), 'c']] }));
    feed.opened();
    feed.closed();
    const b = take(feed);
    expect(
      b.ops.map((o) => (o.kind === 'lines' ? o.lines.texts.replaceAll('\n', ',') : o.kind)),
    ).toEqual(['frame', 'a,b', 'frame', 'c', 'opened', 'closed']);
    expect(b.points).toEqual({ 'p/c': { time: T(1), seen: 1 }, 'q/c': { time: T(3), seen: 1 } });
  });

  it('continues counting resume points from the socket before', () => {
    const feed = new LogFeed(100, { 'p/c': { time: T(1), seen: 2 } });
    feed.receive(sources);
    feed.receive(
      frame({
        type: 'lines',
        lines: [
          [0, T(1), 'x'],
          [1, T(1), 'y'],
        ],
      }),
    );
    expect(take(feed).points).toEqual({
      'p/c': { time: T(1), seen: 3 },
      'q/c': { time: T(1), seen: 1 },
    });
  });

  it('holds no more lines than the page keeps, counting the dropped ones in place', () => {
    const feed = new LogFeed(5);
    feed.receive(sources);
    const many = (from: number, n: number) =>
      frame({
        type: 'lines',
        lines: Array.from(
          { length: n },
          (_, i) => [0, T(1), `l${from + i}`] as [number, string, string],
        ),
      });
    feed.receive(many(0, 8));
    feed.receive(frame({ type: 'marker', source: 0, kind: 'restarted', time: T(2) }));
    feed.receive(many(8, 4));
    expect(feed.waiting).toBe(5);
    const b = take(feed);
    expect(
      b.ops.map((o) =>
        o.kind === 'skip' ? o.n : o.kind === 'lines' ? o.lines.texts.replaceAll('\n', ',') : o.kind,
      ),
    ).toEqual(['frame', 7, 'l7', 'frame', 'l8,l9,l10,l11']);
    // The points count every line received, dropped or not.
    expect(b.points).toEqual({ 'p/c': { time: T(1), seen: 12 } });
    expect(feed.waiting).toBe(0);
  });

  it('keeps each line of a lines frame on one line', () => {
    const feed = new LogFeed(5);
    feed.receive(
      frame({
        type: 'lines',
        lines: [
          [0, T(1), 'a\nb'],
          [0, T(2), 'c'],
        ],
      }),
    );
    expect(unpack(take(feed).ops)).toEqual([
      [
        [0, T(1), 'a b', 'a b'],
        [0, T(2), 'c', 'c'],
      ],
    ]);
  });

  it('hands the page no more lines than it keeps', () => {
    const feed = new LogFeed(2);
    feed.receive(
      frame({
        type: 'lines',
        lines: [
          [0, T(1), 'a'],
          [0, T(1), 'b'],
          [0, T(1), 'c'],
        ],
      }),
    );
    expect(feed.waiting).toBe(3); // trimmed in steps while waiting, exactly when taken
    expect(
      take(feed).ops.map((o) =>
        o.kind === 'skip' ? o.n : o.kind === 'lines' ? o.lines.texts : o.kind,
      ),
    ).toEqual([1, 'b\nc']);
  });

  it('spreads a burst over batches, in order, the close after the last line', () => {
    const feed = new LogFeed(100_000);
    const burst = (n: number, tag: string) =>
      frame({
        type: 'lines',
        lines: Array.from(
          { length: n },
          (_, i) => [0, T(1), `${tag}${i}`] as [number, string, string],
        ),
      });
    feed.receive(burst(BATCH_LINES + 500, 'a'));
    feed.receive(frame({ type: 'marker', source: 0, kind: 'restarted', time: T(2) }));
    feed.receive(burst(BATCH_LINES, 'b'));
    feed.closed();
    const sizes = (b: FeedBatch) =>
      b.ops.map((o) => (o.kind === 'lines' ? o.lines.src.length : o.kind));
    expect(sizes(take(feed))).toEqual([BATCH_LINES]);
    expect(sizes(take(feed))).toEqual([500, 'frame', BATCH_LINES - 500]);
    const last = take(feed);
    expect(sizes(last)).toEqual([500, 'closed']);
    expect((unpack(last.ops)[0] as unknown[]).at(-1)).toEqual([
      0,
      T(1),
      `b${BATCH_LINES - 1}`,
      `b${BATCH_LINES - 1}`,
    ]);
    expect(feed.take()).toBeUndefined();
    // A backlog drains in quarters.
    feed.receive(burst(BATCH_LINES * 8, 'c'));
    expect(sizes(take(feed))).toEqual([BATCH_LINES * 2]);
  });

  it('refuses a frame that is not JSON', () => {
    expect(() => new LogFeed(5).receive('{nope')).toThrow();
  });
});
