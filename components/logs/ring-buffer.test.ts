import { describe, expect, it } from 'vitest';
import { RingBuffer, SeqIndex } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest lines and counts the dropped ones', () => {
    const r = new RingBuffer<string>(3);
    for (const s of ['a', 'b', 'c', 'd', 'e']) r.push(s);
    expect([r.first, r.end, r.size, r.dropped]).toEqual([2, 5, 3, 2]);
    expect([r.at(1), r.at(2), r.at(4), r.at(5)]).toEqual([undefined, 'c', 'e', undefined]);
  });
  it('skips numbers of lines that never arrived, counting them as dropped', () => {
    const r = new RingBuffer<string>(3);
    r.push('a');
    r.skip(1);
    r.push('c');
    expect([r.at(0), r.at(1), r.at(2), r.dropped]).toEqual(['a', undefined, 'c', 0]);
    r.skip(5);
    expect([r.first, r.end, r.dropped, r.at(5), r.at(7)]).toEqual([5, 8, 5, undefined, undefined]);
    r.push('i');
    expect([r.at(8), r.size]).toEqual(['i', 3]);
  });
  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('SeqIndex', () => {
  it('prunes from the head and searches by sequence', () => {
    const ix = new SeqIndex();
    for (const s of [1, 4, 6, 9]) ix.push(s);
    expect(ix.lowerBound(5)).toBe(2);
    ix.prune(5);
    expect([ix.length, ix.at(0), ix.at(1), ix.at(2)]).toEqual([2, 6, 9, undefined]);
    expect(ix.lowerBound(0)).toBe(0);
    expect(ix.lowerBound(10)).toBe(2);
  });
  it('compacts after many prunes without losing entries', () => {
    const ix = new SeqIndex();
    for (let s = 0; s < 20_000; s++) ix.push(s);
    ix.prune(15_000);
    expect([ix.length, ix.at(0), ix.at(4999)]).toEqual([5000, 15_000, 19_999]);
  });
});
