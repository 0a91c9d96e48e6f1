import { describe, expect, it } from 'vitest';
import {
  exitCodeStatus,
  frame,
  initialFrame,
  internalErrorStatus,
  negotiateProtocol,
  offeredProtocols,
  parseResize,
} from './protocol';

describe('channel protocol', () => {
  it('negotiates v5, then v4, nothing else', () => {
    expect(negotiateProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'])).toBe('v5.channel.k8s.io');
    expect(negotiateProtocol(offeredProtocols('channel.k8s.io, v4.channel.k8s.io'))).toBe(
      'v4.channel.k8s.io',
    );
    expect(
      negotiateProtocol(offeredProtocols('base64.channel.k8s.io,v3.channel.k8s.io')),
    ).toBeUndefined();
    expect(negotiateProtocol(offeredProtocols(undefined))).toBeUndefined();
    expect(offeredProtocols(['a, b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('frames payloads behind the channel byte; the first frame goes to the lowest open output', () => {
    expect([...frame(1, 'hi')]).toEqual([1, 104, 105]);
    expect([...initialFrame({ stdout: true, stderr: true })]).toEqual([1]);
    expect([...initialFrame({ stdout: false, stderr: true })]).toEqual([2]);
    expect([...initialFrame({ stdout: false, stderr: false })]).toEqual([3]);
  });

  it('builds the statuses kubectl decodes', () => {
    expect(exitCodeStatus(['sh', '-c', 'exit 3'], 3)).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(internalErrorStatus('boom')).toMatchObject({
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: 'Internal error occurred: boom',
    });
  });
});

describe('parseResize', () => {
  it('decodes kubectl and client-node sizes, case-insensitively, several per frame', () => {
    expect(parseResize('{"Width":80,"Height":24}\n').sizes).toEqual([{ width: 80, height: 24 }]);
    expect(parseResize('{"height":40,"width":100}{"WIDTH":120,"HEIGHT":50}').sizes).toEqual([
      { width: 100, height: 40 },
      { width: 120, height: 50 },
    ]);
  });

  it('skips nonsense with a reason and never throws', () => {
    const cases = [
      '{"Width":-1,"Height":24}',
      '{"Width":"80","Height":24}',
      '{"Width":100000,"Height":24}',
      '{"Width":1.5,"Height":2}',
      '[1,2]',
      'garbage',
      '{"Width":80,',
      '{bad json}',
      '\u0000\u0001',
      '{}',
    ];
    for (const c of cases) {
      const r = parseResize(c);
      expect(r.sizes).toEqual([]);
      expect(r.errors.length + (r.rest === '' ? 0 : 1)).toBeGreaterThan(0);
    }
    const mixed = parseResize('x{"Width":0,"Height":0}{"Width":90,"Height":30}');
    expect(mixed.sizes).toEqual([{ width: 90, height: 30 }]);
    expect(mixed.errors).toHaveLength(2);
  });

  it('carries an object split across frames, but not forever', () => {
    const a = parseResize('{"Width":80,');
    expect(a.rest).toBe('{"Width":80,');
    expect(parseResize('"Height":24}', a.rest).sizes).toEqual([{ width: 80, height: 24 }]);
    const huge = parseResize(`{"Width":${'1'.repeat(5000)}`);
    expect(huge.rest).toBe('');
    expect(huge.errors).toEqual(['invalid resize data: object too long']);
  });
});
