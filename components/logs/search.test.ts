import { describe, expect, it } from 'vitest';
import { compileMatcher, markSegments } from './search';

describe('compileMatcher', () => {
  it('matches plain text case-insensitively, with ranges', () => {
    const r = compileMatcher('error', false);
    if (!r.ok || !r.matcher) throw new Error('expected a matcher');
    expect(r.matcher.test('an ERROR here')).toBe(true);
    expect(r.matcher.ranges('Error error')).toEqual([
      [0, 5],
      [6, 11],
    ]);
    expect(compileMatcher('a.b', false).ok && compileMatcher('a.b', false)).toMatchObject({
      ok: true,
    });
  });
  it('treats regex metacharacters literally in plain mode', () => {
    const r = compileMatcher('a.b', false);
    expect(r.ok && r.matcher?.test('axb')).toBe(false);
  });
  it('compiles regexes, reports bad ones, and never loops on empty matches', () => {
    const r = compileMatcher('status=5\\d\\d', true);
    expect(r.ok && r.matcher?.test('GET / status=503')).toBe(true);
    expect(compileMatcher('(', true)).toMatchObject({ ok: false });
    const empty = compileMatcher('x*', true);
    expect(empty.ok && empty.matcher?.ranges('abxxc')).toEqual([[2, 4]]);
  });
  it('gives no matcher for an empty query', () => {
    expect(compileMatcher('', true)).toEqual({ ok: true, matcher: undefined });
  });
});

describe('markSegments', () => {
  it('cuts styled segments at hit ranges across segment borders', () => {
    const segs = [
      { text: 'abc', style: { fg: 1 } },
      { text: 'def', style: {} },
    ];
    expect(markSegments(segs, [[2, 4]])).toEqual([
      { text: 'ab', style: { fg: 1 }, hit: false },
      { text: 'c', style: { fg: 1 }, hit: true },
      { text: 'd', style: {}, hit: true },
      { text: 'ef', style: {}, hit: false },
    ]);
    expect(markSegments(segs, [])).toHaveLength(2);
  });
});
