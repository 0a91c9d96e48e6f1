import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, percentOf } from './capacity';

describe('formatCores', () => {
  it('prints millicores below a core and trims decimals above', () => {
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(0.0001)).toBe('1m');
    expect(formatCores(1.5)).toBe('1.5');
    expect(formatCores(4)).toBe('4');
    expect(formatCores(100)).toBe('100');
    expect(formatCores(12.345)).toBe('12.3');
  });
  it('is 0 for nothing and for bad input', () => {
    expect(formatCores(0)).toBe('0');
    expect(formatCores(-2)).toBe('0');
    expect(formatCores(Number.NaN)).toBe('0');
    expect(formatCores(Number.POSITIVE_INFINITY)).toBe('0');
  });
});

describe('formatBytes', () => {
  it('uses binary units with about three significant digits', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatBytes(31.42 * 1024 ** 3)).toBe('31.4 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2 TiB');
    expect(formatBytes(5000 * 1024 ** 5)).toBe('5000 PiB');
  });
  it('is 0 B for nothing and for bad input', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(-1)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
  });
});

describe('percentOf', () => {
  it('rounds and clamps to 0–100', () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(9, 4)).toBe(100);
  });
  it('is 0 when the whole is unknown or the input is bad', () => {
    expect(percentOf(1, 0)).toBe(0);
    expect(percentOf(-1, 4)).toBe(0);
    expect(percentOf(Number.NaN, 4)).toBe(0);
    expect(percentOf(1, Number.POSITIVE_INFINITY)).toBe(0);
  });
});
