import { describe, expect, it } from 'vitest';
import { formatLineLink, formatLineRange, parseLineLink, parseLineRange } from './line-range';

describe('line ranges', () => {
  it('round-trips single lines and ranges, ordering them', () => {
    expect(parseLineRange('#L12')).toEqual({ from: 12, to: 12 });
    expect(parseLineRange('#L40-L12')).toEqual({ from: 12, to: 40 });
    expect(formatLineRange({ from: 12, to: 40 })).toBe('#L12-L40');
    expect(formatLineRange({ from: 3, to: 3 })).toBe('#L3');
  });
  it('ignores other hashes', () => {
    for (const h of ['', '#', '#L0', '#Lx', '#L1-', '#top', '#L1234567890'])
      expect(parseLineRange(h)).toBeUndefined();
  });
});

describe('stable line links', () => {
  const a = {
    pod: 'foo-7d9f8-abcde',
    container: 'foo',
    time: '2026-12-06T14:30:01.123456789Z',
    index: 0,
  };
  const b = {
    pod: 'foo-7d9f8-xyz12',
    container: 'app',
    time: '2026-12-06T14:30:05.000000000Z',
    index: 2,
  };

  it('round-trips one line and a range across pods', () => {
    expect(formatLineLink(a, a)).toBe('#L=foo-7d9f8-abcde/foo/2026-12-06T14:30:01.123456789Z/0');
    expect(parseLineLink(formatLineLink(a, a))).toEqual({ kind: 'anchors', from: a, to: a });
    expect(formatLineLink(a, b)).toBe(
      '#L=foo-7d9f8-abcde/foo/2026-12-06T14:30:01.123456789Z/0,foo-7d9f8-xyz12/app/2026-12-06T14:30:05.000000000Z/2',
    );
    expect(parseLineLink(formatLineLink(a, b))).toEqual({ kind: 'anchors', from: a, to: b });
  });
  it('orders the ends by time, then index, and normalizes the fraction', () => {
    expect(parseLineLink(formatLineLink(b, a))).toEqual({ kind: 'anchors', from: a, to: b });
    const same = { ...a, index: 3 };
    expect(parseLineLink(formatLineLink(same, a))).toEqual({ kind: 'anchors', from: a, to: same });
    expect(parseLineLink('#L=p/c/2026-12-06T14:30:01.5Z/1')).toEqual({
      kind: 'anchors',
      from: { pod: 'p', container: 'c', time: '2026-12-06T14:30:01.500000000Z', index: 1 },
      to: { pod: 'p', container: 'c', time: '2026-12-06T14:30:01.500000000Z', index: 1 },
    });
  });
  it('keeps position links working', () => {
    expect(parseLineLink('#L3-L5')).toEqual({ kind: 'position', range: { from: 3, to: 5 } });
  });
  it('refuses malformed links', () => {
    for (const h of [
      '#L=',
      '#L=p/c/2026-12-06T14:30:01Z',
      '#L=p/c/2026-12-06T14:30:01Z/1/extra',
      '#L=P/c/2026-12-06T14:30:01Z/1',
      '#L=p/c_d/2026-12-06T14:30:01Z/1',
      '#L=p/c/2026-12-06 14:30:01Z/1',
      '#L=p/c/2026-13-46T14:30:01Z/1',
      '#L=p/c/2026-12-06T14:30:01+08:00/1',
      '#L=p/c/2026-12-06T14:30:01Z/-1',
      '#L=p/c/2026-12-06T14:30:01Z/1234567',
      '#L=p/c/2026-12-06T14:30:01Z/1,p/c/2026-12-06T14:30:01Z/2,p/c/2026-12-06T14:30:01Z/3',
      '#L=p/c/2026-12-06T14:30:01Z/1,',
      `#L=${'a'.repeat(254)}/c/2026-12-06T14:30:01Z/1`,
      `#L=p/${'c'.repeat(64)}/2026-12-06T14:30:01Z/1`,
      '#top',
    ])
      expect(parseLineLink(h), h).toBeUndefined();
  });
});
