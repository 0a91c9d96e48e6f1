import { describe, expect, it } from 'vitest';
import { workQueue } from './queue';
import { manualClock } from './test-support';

const tick = () => new Promise((r) => setImmediate(r));

describe('workQueue', () => {
  it('deduplicates keys and drains in chunks', async () => {
    const seen: string[] = [];
    const q = workQueue('t', manualClock(), (k) => seen.push(k), 2);
    for (const k of ['a', 'b', 'a', 'c']) q.enqueue(k);
    await tick();
    expect(seen).toEqual(['a', 'b']);
    await tick();
    expect(seen).toEqual(['a', 'b', 'c']);
    q.stop();
  });

  it('keeps one timer per key and retries failures', async () => {
    const clock = manualClock();
    const seen: string[] = [];
    let fail = true;
    const q = workQueue('t', clock, (k) => {
      seen.push(k);
      if (fail) {
        fail = false;
        throw new Error('boom');
      }
    });
    q.requeueAfter('a', 5000);
    q.requeueAfter('a', 1000);
    expect(q.pendingTimers()).toBe(1);
    clock.advance(1000);
    await tick();
    expect(seen).toEqual(['a']);
    // The failure was requeued after a second.
    expect(q.pendingTimers()).toBe(1);
    clock.advance(1000);
    await tick();
    expect(seen).toEqual(['a', 'a']);
    q.forget('a');
    q.stop();
    q.enqueue('b');
    await tick();
    expect(seen).toEqual(['a', 'a']);
  });
});
