import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher';

function harness(maxPendingBytes = 1000) {
  let t = 0;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const delivered: [string, string[]][] = [];
  let overflows = 0;
  const b = createBatcher({
    intervalMs: 150,
    maxPendingBytes,
    deliver: (id, events) => delivered.push([id, events]),
    onOverflow: () => overflows++,
    now: () => t,
    schedule: (fn, ms) => {
      const timer = { at: t + ms, fn, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const advance = (ms: number): void => {
    t += ms;
    for (const timer of timers.splice(0)) {
      if (timer.cancelled) continue;
      if (timer.at <= t) timer.fn();
      else timers.push(timer);
    }
  };
  return {
    b,
    delivered,
    advance,
    overflows: () => overflows,
    scheduled: () => timers.filter((x) => !x.cancelled),
  };
}

describe('createBatcher', () => {
  it('sends the first event after a quiet spell on the next tick, with those of the same tick', () => {
    const h = harness();
    h.b.push('a', '1');
    h.b.push('a', '2');
    h.b.push('b', '3');
    expect(h.delivered).toEqual([]);
    h.advance(0);
    expect(h.delivered).toEqual([
      ['a', ['1', '2']],
      ['b', ['3']],
    ]);
  });

  it('flushes a busy stream at most once per interval, in order', () => {
    const h = harness();
    h.b.push('a', '1');
    h.advance(0);
    h.b.push('a', '2');
    h.advance(50);
    h.b.push('a', '3');
    h.advance(50);
    expect(h.delivered).toHaveLength(1);
    h.advance(50);
    expect(h.delivered).toEqual([
      ['a', ['1']],
      ['a', ['2', '3']],
    ]);
    expect(h.scheduled()).toHaveLength(0);
  });

  it('drops what waits for one subscription and cancels an empty flush', () => {
    const h = harness();
    h.b.push('a', '1');
    h.b.push('b', '22');
    h.b.drop('a');
    expect(h.b.pendingBytes()).toBe(2);
    h.b.drop('b');
    expect(h.scheduled()).toHaveLength(0);
    h.advance(500);
    expect(h.delivered).toEqual([]);
  });

  it('drops everything and reports when pending bytes pass the cap', () => {
    const h = harness(10);
    h.b.push('a', '12345');
    h.b.push('b', '12345');
    expect(h.overflows()).toBe(0);
    h.b.push('a', '1');
    expect(h.overflows()).toBe(1);
    expect(h.b.pendingBytes()).toBe(0);
    h.advance(500);
    expect(h.delivered).toEqual([]);
  });

  it('ignores pushes after close', () => {
    const h = harness();
    h.b.close();
    h.b.push('a', '1');
    h.advance(500);
    expect(h.delivered).toEqual([]);
    expect(h.b.pendingBytes()).toBe(0);
  });
});
