import { describe, expect, it } from 'vitest';
import { mergeByTime } from './merge';

describe('mergeByTime', () => {
  it('merges sorted queues by time, stable by queue order, and empties them', () => {
    const a = [
      { time: '1', s: 'a1' },
      { time: '3', s: 'a3' },
    ];
    const b = [
      { time: '1', s: 'b1' },
      { time: '2', s: 'b2' },
      { time: '4', s: 'b4' },
    ];
    const c: { time: string; s: string }[] = [];
    expect(mergeByTime([a, b, c]).map((x) => x.s)).toEqual(['a1', 'b1', 'b2', 'a3', 'b4']);
    expect([a.length, b.length]).toEqual([0, 0]);
    expect(mergeByTime([c])).toEqual([]);
  });
});
