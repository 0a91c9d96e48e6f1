import { describe, expect, it } from 'vitest';
import { LogModel } from './log-model';
import { compileMatcher, type Matcher } from './search';
import { batchOf as lines } from './test-batch';

const T = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, '0')}.000000000Z`;

function matcher(q: string, regex = false): Matcher {
  const r = compileMatcher(q, regex);
  if (!r.ok || !r.matcher) throw new Error(q);
  return r.matcher;
}

describe('LogModel', () => {
  it('filters rows, keeps markers, and follows new lines through the filter', () => {
    const m = new LogModel(100);
    m.append(
      lines([
        [0, T(1), 'INFO started'],
        [0, T(2), 'ERROR boom'],
      ]),
    );
    m.mark(0, T(3), 'restarted');
    m.setFilter(matcher('error|warn', true));
    expect(m.rows).toBe(2);
    m.append(
      lines([
        [0, T(4), 'WARN slow'],
        [0, T(5), 'INFO fine'],
      ]),
    );
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
    m.append(lines(['a', 'hit 1', 'b', 'hit 2', 'c'].map((t, i) => [0, T(i), t] as const)));
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
    m.append(lines(['x1', 'y', 'x2', 'y', 'x3'].map((t, i) => [0, T(i), t] as const)));
    expect([m.ring.dropped, m.rows, m.hits]).toEqual([2, 3, 2]);
    expect(m.rowAt(0)?.text).toBe('x2');
  });

  it('counts lines skipped before they arrived as dropped, numbering on after them', () => {
    const m = new LogModel(3);
    m.setSearch(matcher('x'));
    m.append(lines([[0, T(1), 'x old']]));
    m.skip(2);
    expect([m.ring.dropped, m.ring.end, m.rows, m.hits]).toEqual([0, 3, 1, 1]);
    m.append(lines([[0, T(2), 'x new']]));
    expect([m.ring.dropped, m.rows, m.seqAt(0), m.rowAt(0)?.text]).toEqual([1, 1, 3, 'x new']);
    m.setFilter(matcher('x')); // a rescan passes over the skipped numbers
    expect([m.rows, m.hits]).toEqual([1, 1]);
    m.skip(10);
    expect([m.ring.dropped, m.ring.end, m.rows, m.hits]).toEqual([11, 14, 0, 0]);
  });

  it('hands back the resume points it was given, as a copy', () => {
    const m = new LogModel(3);
    const points = { 'p/c': { time: T(2), seen: 2 } };
    m.setResumePoints(points);
    const got = m.resumePoints();
    expect(got).toEqual(points);
    got['p/c']!.seen = 9;
    expect(m.resumePoints()['p/c']?.seen).toBe(2);
  });

  it('exports the shown lines as text without markers or escapes', () => {
    const m = new LogModel(10);
    m.append(lines([[0, T(1), '\x1b[31mred\x1b[0m']]));
    m.mark(0, T(2), 'left');
    expect(m.text((l) => `${l.time} ${l.plain}`)).toBe(`${T(1)} red\n`);
  });
});
