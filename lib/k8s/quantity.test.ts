import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatMilli,
  formatQuantity,
  isQuantity,
  parseQuantity,
  tryParseQuantity,
} from './quantity';

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1k', 1000],
    ['1e3', 1000],
    ['100n', 1e-7],
  ])('parses %s', (s, want) => {
    expect(parseQuantity(s)).toBeCloseTo(want, 12);
  });

  it('tells a quantity from garbage without throwing', () => {
    expect(tryParseQuantity('1Gi')).toBe(2 ** 30);
    expect(tryParseQuantity(2)).toBe(2);
    expect(tryParseQuantity('1 GB')).toBeUndefined();
    expect(tryParseQuantity(null)).toBeUndefined();
  });

  it('rejects garbage', () => {
    expect(isQuantity('12xyz')).toBe(false);
    expect(() => parseQuantity('abc')).toThrow(/quantities must match/);
  });

  it('prints canonical forms', () => {
    expect(formatMilli(0.5)).toBe('500m');
    expect(formatMilli(2)).toBe('2');
    expect(formatBytes(3 * 2 ** 20)).toBe('3Mi');
    expect(formatBytes(16 * 2 ** 30)).toBe('16Gi');
    expect(formatBytes(1000)).toBe('1000');
    expect(formatQuantity('requests.cpu', 0.3)).toBe('300m');
    expect(formatQuantity('limits.memory', 2 ** 29)).toBe('512Mi');
    expect(formatQuantity('pods', 7)).toBe('7');
  });
});
