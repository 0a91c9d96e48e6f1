import { describe, expect, it } from 'vitest';
import { createFailureLimiter } from './rate-limit';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createFailureLimiter', () => {
  it('refuses after maxFailures failures and lets the user in again after the window', () => {
    const c = clock();
    const l = createFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: c.now });
    for (let i = 0; i < 2; i++) l.fail('alice');
    expect(l.retryAfter('alice')).toBe(0);
    l.fail('alice');
    expect(l.retryAfter('alice')).toBe(60_000);
    c.advance(59_000);
    expect(l.retryAfter('alice')).toBe(1_000);
    c.advance(1_000);
    expect(l.retryAfter('alice')).toBe(0);
    // the window restarted: one new failure does not lock again
    l.fail('alice');
    expect(l.retryAfter('alice')).toBe(0);
  });

  it('counts per username and resets on success', () => {
    const l = createFailureLimiter({ maxFailures: 2, windowMs: 60_000 });
    l.fail('bob');
    l.fail('bob');
    expect(l.retryAfter('bob')).toBeGreaterThan(0);
    expect(l.retryAfter('alice')).toBe(0);
    l.succeed('bob');
    expect(l.retryAfter('bob')).toBe(0);
  });

  it('stays within its capacity', () => {
    const c = clock();
    const l = createFailureLimiter({ maxFailures: 1, windowMs: 60_000, capacity: 3, now: c.now });
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      l.fail(name);
      c.advance(1);
    }
    expect(l.size()).toBe(3);
    expect(l.retryAfter('a')).toBe(0); // evicted, oldest first
    expect(l.retryAfter('e')).toBeGreaterThan(0);
  });

  it('prefers dropping expired entries when full', () => {
    const c = clock();
    const l = createFailureLimiter({ maxFailures: 1, windowMs: 10, capacity: 2, now: c.now });
    l.fail('old');
    c.advance(5);
    l.fail('recent');
    c.advance(6); // 'old' expired, 'recent' not
    l.fail('new');
    expect(l.retryAfter('recent')).toBeGreaterThan(0);
    expect(l.retryAfter('new')).toBeGreaterThan(0);
  });
});
