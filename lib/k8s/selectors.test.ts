import { describe, expect, it } from 'vitest';
import { matches, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'foo' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=api', false],
    ['app in (api, web)', true],
    ['app notin (api,web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['app.kubernetes.io/name=foo', true],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(matches(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects garbage', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(SelectorError);
    expect(() => parseLabelSelector('in (x')).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  it('parses equality and inequality', () => {
    expect(parseFieldSelector('metadata.name=a,status.phase!=Running')).toEqual([
      { field: 'metadata.name', op: 'eq', value: 'a' },
      { field: 'status.phase', op: 'neq', value: 'Running' },
    ]);
  });
  it('rejects a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(SelectorError);
  });
});
