import { describe, expect, it } from 'vitest';
import { ExecTargetSchema, execQuery, parseClientControl } from './exec';

describe('parseClientControl', () => {
  it('accepts a resize within 1..1000', () => {
    expect(parseClientControl('{"type":"resize","cols":1000,"rows":1}')).toEqual({
      ok: true,
      frame: { type: 'resize', cols: 1000, rows: 1 },
    });
  });

  it.each([
    ['{oops', 'not JSON'],
    ['{"type":"resize","cols":0,"rows":24}', 'cols'],
    ['{"type":"resize","cols":80,"rows":1001}', 'rows'],
    ['{"type":"resize","cols":"80","rows":24}', 'cols'],
    ['{"type":"resize","cols":80}', 'rows'],
    ['{"type":"resize","cols":80,"rows":24,"extra":1}', 'extra'],
    ['{"type":"run"}', 'type'],
    ['[]', 'bad control frame'],
  ])('refuses %s, naming what is wrong', (text, words) => {
    const r = parseClientControl(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(words);
  });
});

describe('ExecTargetSchema', () => {
  it('takes DNS names and an optional container', () => {
    const target = { cluster: 'dev-cluster', namespace: 'ai-test', pod: 'ai-api-5d9c-x2x' };
    expect(ExecTargetSchema.parse(target)).toEqual(target);
    expect(ExecTargetSchema.safeParse({ ...target, container: 'app' }).success).toBe(true);
  });

  it.each([
    { cluster: 'dev-cluster', namespace: 'Bad_NS', pod: 'p' },
    { cluster: 'dev-cluster', namespace: 'ns', pod: '../secrets' },
    { cluster: 'dev-cluster', namespace: 'ns', pod: 'p', container: 'a/b' },
    { cluster: 'dev-cluster', namespace: 'ns' },
    { cluster: 'dev-cluster', namespace: 'ns', pod: 'p', command: 'rm' },
  ])('refuses %o', (raw) => {
    expect(ExecTargetSchema.safeParse(raw).success).toBe(false);
  });

  it('round-trips through the socket query', () => {
    const target = { cluster: 'dev-cluster', namespace: 'ns', pod: 'p', container: 'c' };
    const q = Object.fromEntries(new URLSearchParams(execQuery(target)));
    expect(ExecTargetSchema.parse(q)).toEqual(target);
  });
});
