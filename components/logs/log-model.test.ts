import { describe, expect, it } from 'vitest';
import { LogModel } from './log-model';
import { compileMatcher, type Matcher } from './search';

const T = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, '0')}.000000000Z`;

function matcher(q: string, regex = false): Matcher {
  const r = compileMatcher(q, regex);
  if (!r.ok || !r.matcher) throw new Error(q);
  return r.matcher;
}

describe('LogModel', () => {
  it('filters rows, keeps markers, and follows new lines through the filter', () => {
    const m = new LogModel(100);
    m.append([
      [0, T(1), 'INFO started'],
      [0, T(2), 'ERROR boom'],
    ]);
    m.mark(0, T(3), 'restarted');
    m.setFilter(matcher('error|warn', true));
    expect(m.rows).toBe(2);
    m.append([
      [0, T(4), 'WARN slow'],
      [0, T(5), 'INFO fine'],
    ]);
    expect([0, 1, 2].map((r) => m.rowAt(r)?.plain ?? m.rowAt(r)?.marker?.kind)).toEqual([
      'ERROR boom',
      '',
      'WARN slow',
    ]);
    expect(m.rowAt(1)?.marker?.kind).toBe('restarted');
    m.setFilter(undefined);
    expect(m.rows).toBe(5);
  });

  it('finds next and previous search hits, wrapping around', () => {
    const m = new LogModel(100);
    m.append(['a', 'hit 1', 'b', 'hit 2', 'c'].map((t, i) => [0, T(i), t] as const));
    m.setSearch(matcher('hit'));
    expect(m.hits).toBe(2);
    expect(m.nextHit(-1, false)).toEqual({ row: 1, index: 0 });
    expect(m.nextHit(1, false)).toEqual({ row: 3, index: 1 });
    expect(m.nextHit(3, false)).toEqual({ row: 1, index: 0 });
    expect(m.nextHit(1, true)).toEqual({ row: 3, index: 1 });
    expect(m.nextHit(-1, true)).toEqual({ row: 3, index: 1 });
  });

  it('drops the oldest lines at capacity, with filter and hits following', () => {
    const m = new LogModel(3);
    m.setSearch(matcher('x'));
    m.append(['x1', 'y', 'x2', 'y', 'x3'].map((t, i) => [0, T(i), t] as const));
    expect([m.ring.dropped, m.rows, m.hits]).toEqual([2, 3, 2]);
    expect(m.rowAt(0)?.text).toBe('x2');
  });

  it('tracks resume points per source, counting lines with the same time', () => {
    const m = new LogModel(10);
    m.append([
      [0, T(1), 'a'],
      [1, T(1), 'b'],
      [0, T(2), 'c'],
      [0, T(2), 'd'],
    ]);
    expect(m.resumePoints((s) => (s === 0 ? 'p/c' : 'q/c'))).toEqual({
      'p/c': { time: T(2), seen: 2 },
      'q/c': { time: T(1), seen: 1 },
    });
  });

  it('exports the shown lines as text without markers or escapes', () => {
    const m = new LogModel(10);
    m.append([[0, T(1), '\x1b[31mred\x1b[0m']]);
    m.mark(0, T(2), 'left');
    expect(m.text((l) => `${l.time} ${l.plain}`)).toBe(`${T(1)} red\n`);
  });

  it('reads stamped text frames line by line, keeping resume points', () => {
    const m = new LogModel(10);
    m.appendStamped(2, `${T(1)} one\n${T(1)} two\nno stamp\n`);
    expect([0, 1, 2].map((r) => [m.rowAt(r)?.src, m.rowAt(r)?.time, m.rowAt(r)?.text])).toEqual([
      [2, T(1), 'one'],
      [2, T(1), 'two'],
      [2, T(1), 'no stamp'],
    ]);
    expect(m.resumePoints(() => 'k')).toEqual({ k: { time: T(1), seen: 3 } });
  });
});
