import { describe, it, expect } from 'vitest';
import { age, humanDuration, parseTimestamp, shortHumanDuration } from './duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s, '119s'],
    [119 * s + 999, '119s'],
    [120 * s, '2m'],
    [150 * s, '2m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [180 * m, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [45 * d, '45d'],
    [400 * d, '400d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [3 * 365 * d + 100 * d, '3y100d'],
    [8 * 365 * d, '8y'],
    [10 * 365 * d + 100 * d, '10y'],
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('tolerates up to a second of clock skew, then says <invalid>', () => {
    expect(humanDuration(-500)).toBe('0s');
    expect(humanDuration(-1 * s)).toBe('0s');
    expect(humanDuration(-1999)).toBe('0s');
    expect(humanDuration(-2 * s)).toBe('<invalid>');
    expect(humanDuration(-5 * d)).toBe('<invalid>');
    expect(humanDuration(Number.NaN)).toBe('<invalid>');
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [0, '0s'],
    [59 * s, '59s'],
    [60 * s, '1m'],
    [119 * s, '1m'],
    [59 * m, '59m'],
    [60 * m, '1h'],
    [23 * h, '23h'],
    [2 * d + 3 * h, '2d'],
    [364 * d, '364d'],
    [365 * d, '1y'],
    [400 * d, '1y'],
    [3 * 365 * d + 100 * d, '3y'],
  ])('%i ms → %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });

  it('handles skew like HumanDuration', () => {
    expect(shortHumanDuration(-1 * s)).toBe('0s');
    expect(shortHumanDuration(-3 * s)).toBe('<invalid>');
  });
});

describe('age', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('is now minus the timestamp', () => {
    expect(age('2024-05-01T11:55:00Z', now)).toBe('5m');
    expect(age('2024-04-29T09:00:00Z', now)).toBe('2d3h');
    expect(age('2024-05-01T11:59:58.500000Z', now)).toBe('1s');
  });

  it('reads a timestamp a second in the future as 0s', () => {
    expect(age('2024-05-01T12:00:01Z', now)).toBe('0s');
    expect(age('2024-05-01T12:00:05Z', now)).toBe('<invalid>');
  });

  it('says <unknown> for missing, empty, garbage and Go zero timestamps', () => {
    expect(age(undefined, now)).toBe('<unknown>');
    expect(age(null, now)).toBe('<unknown>');
    expect(age('', now)).toBe('<unknown>');
    expect(age('yesterday-ish', now)).toBe('<unknown>');
    expect(age(12345, now)).toBe('<unknown>');
    expect(age('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
  });

  it('parseTimestamp accepts offsets and microseconds', () => {
    expect(parseTimestamp('2024-05-01T14:00:00+02:00')).toBe(now);
    expect(parseTimestamp('2024-05-01T12:00:00.000001Z')).toBe(now);
  });
});
