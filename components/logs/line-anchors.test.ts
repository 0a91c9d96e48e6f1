import { describe, expect, it } from 'vitest';
import type { LogSource } from '../../lib/contracts/logs';
import { AnchorSeeker, anchorAt, sinceTimeFor } from './line-anchors';
import { LogModel } from './log-model';
import { batchOf } from './test-batch';

const sources: LogSource[] = [
  { id: 0, pod: 'foo-a', container: 'foo' },
  { id: 1, pod: 'foo-b', container: 'foo' },
];
const T1 = '2026-12-06T14:30:01.000000000Z';
const T2 = '2026-12-06T14:30:02.000000000Z';

function model(): LogModel {
  const m = new LogModel(100);
  m.append(
    batchOf([
      [0, T1, 'a1'],
      [1, T1, 'b1'],
      [0, T1, 'a2'],
      [0, T2, 'a3'],
    ]),
  );
  m.mark(0, T2, 'restarted');
  m.append(
    batchOf([
      [1, T2, 'b2'],
      [0, T2, 'a4'],
    ]),
  );
  return m;
}

describe('line anchors', () => {
  it('names a line by pod, container, time and index among equal times of that container', () => {
    const m = model();
    expect(anchorAt(m, sources, 0)).toEqual({ pod: 'foo-a', container: 'foo', time: T1, index: 0 });
    expect(anchorAt(m, sources, 1)).toEqual({ pod: 'foo-b', container: 'foo', time: T1, index: 0 });
    expect(anchorAt(m, sources, 2)).toEqual({ pod: 'foo-a', container: 'foo', time: T1, index: 1 });
    expect(anchorAt(m, sources, 6)).toEqual({ pod: 'foo-a', container: 'foo', time: T2, index: 1 });
    // markers, unknown sources and lines not held have no anchor
    expect(anchorAt(m, sources, 4)).toBeUndefined();
    expect(anchorAt(m, [], 0)).toBeUndefined();
    expect(anchorAt(m, sources, 99)).toBeUndefined();
  });

  it('finds the named line in another view of the same log, as its lines arrive', () => {
    const m = new LogModel(100);
    const seeker = new AnchorSeeker({ pod: 'foo-a', container: 'foo', time: T2, index: 1 }, m);
    expect(seeker.feed(sources)).toBe(false);
    m.append(
      batchOf([
        [1, T1, 'b1'],
        [0, T2, 'a3'],
      ]),
    );
    expect(seeker.feed(sources)).toBe(false);
    m.append(
      batchOf([
        [1, T2, 'b2'],
        [0, T2, 'a4'],
        [0, T2, 'a5'],
      ]),
    );
    expect(seeker.feed(sources)).toBe(true);
    expect(seeker.found).toBe(3);
    expect(m.ring.at(3)!.text).toBe('a4');
    // the anchor of the found line is the one sought
    expect(anchorAt(m, sources, 3)).toEqual(seeker.anchor);
  });

  it('says a line is missing once a later line of its container arrived', () => {
    const m = new LogModel(100);
    const seeker = new AnchorSeeker({ pod: 'foo-a', container: 'foo', time: T1, index: 2 }, m);
    m.append(
      batchOf([
        [0, T1, 'a1'],
        [0, T1, 'a2'],
        [1, T2, 'b1'],
      ]),
    );
    expect(seeker.feed(sources)).toBe(false);
    m.append(batchOf([[0, T2, 'a3']]));
    expect(seeker.feed(sources)).toBe(true);
    expect(seeker.missing).toBe(true);
    expect(seeker.found).toBeUndefined();
  });

  it('starts a linked view at the second of the line (the API server’s precision)', () => {
    expect(sinceTimeFor('2026-12-06T14:30:01.500000000Z')).toBe('2026-12-06T14:30:01Z');
    expect(sinceTimeFor('2026-12-06T14:30:01Z')).toBe('2026-12-06T14:30:01Z');
  });
});
