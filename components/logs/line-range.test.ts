import { describe, expect, it } from 'vitest';
import { formatLineRange, parseLineRange } from './line-range';

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
