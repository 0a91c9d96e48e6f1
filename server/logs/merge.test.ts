import { describe, expect, it } from 'vitest';
import { mergeByTime } from './merge';

describe('mergeByTime', () => {
  const collect = (queues: { time: string; s: string }[][]) => {
    const out: string[] = [];
    mergeByTime(queues, (q, item) => out.push(`${q}:${item.s}`));
    return out;
  };
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
    expect(collect([a, [], b])).toEqual(['0:a1', '2:b1', '2:b2', '0:a3', '2:b4']);
    expect([a.length, b.length]).toEqual([0, 0]);
  });
  it('passes a single queue through and handles none', () => {
    expect(collect([[], [{ time: '1', s: 'x' }]])).toEqual(['1:x']);
    expect(collect([[], []])).toEqual([]);
  });
});

describe('mergeByTime up to a time', () => {
  it('emits only what is not later than it, in order, and keeps the rest queued', () => {
    const a = [
      { time: '1', s: 'a1' },
      { time: '3', s: 'a3' },
    ];
    const b = [
      { time: '2', s: 'b2' },
      { time: '4', s: 'b4' },
    ];
    const out: string[] = [];
    mergeByTime([a, b], (q, item) => out.push(`${q}:${item.s}`), '3');
    expect(out).toEqual(['0:a1', '1:b2', '0:a3']);
    expect([a, b]).toEqual([[], [{ time: '4', s: 'b4' }]]);
    mergeByTime([a, b], (q, item) => out.push(`${q}:${item.s}`), '0');
    expect(out).toHaveLength(3);
  });
});
