import { describe, expect, it } from 'vitest';
import {
  countLines,
  LineSplitter,
  MAX_LINE_CHARS,
  normalizeNano,
  resumeFilter,
  sinceTimeOf,
  splitTimestamp,
} from './lines';

describe('LineSplitter', () => {
  it('joins lines split across chunks and flushes the last one', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb')).toEqual(['a']);
    expect(s.push('c\nd\n')).toEqual(['bc', 'd']);
    expect(s.push('e')).toEqual([]);
    expect(s.flush()).toEqual(['e']);
  });
  it('cuts a line that never ends instead of holding it all', () => {
    const s = new LineSplitter();
    const out = s.push('x'.repeat(MAX_LINE_CHARS + 10));
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(MAX_LINE_CHARS);
  });
});

describe('splitTimestamp', () => {
  it('splits the kubelet prefix and pads the fraction', () => {
    expect(splitTimestamp('2026-12-06T10:00:01.5Z hello\r', 'x')).toEqual({
      time: '2026-12-06T10:00:01.500000000Z',
      text: 'hello',
    });
    expect(splitTimestamp('no stamp', '2026-12-06T10:00:00.000000000Z').time).toBe(
      '2026-12-06T10:00:00.000000000Z',
    );
    expect(normalizeNano('2026-12-06T10:00:01Z')).toBe('2026-12-06T10:00:01.000000000Z');
  });
});

describe('resumeFilter', () => {
  it('skips older lines and the ones already seen at the resume time', () => {
    const t = (s: string) => `2026-12-06T10:00:0${s}Z`;
    const keep = resumeFilter({ time: t('1.000000000'), seen: 2 });
    const lines = ['0.9', '1.0', '1.0', '1.0', '2.0'].map((s) => ({
      time: normalizeNano(t(s)),
      text: s,
    }));
    expect(lines.filter(keep).map((l) => l.text)).toEqual(['1.0', '2.0']);
    expect(sinceTimeOf({ time: t('1.123456789'), seen: 0 })).toBe('2026-12-06T10:00:01Z');
  });
});

describe('splitTimestamp fast path', () => {
  it('takes the fixed-width kubelet prefix as is and agrees with the general parse', () => {
    const line = '2026-12-06T10:00:01.123456789Z text with 2026-12-06T10:00:01Z inside\r';
    expect(splitTimestamp(line, 'x')).toEqual({
      time: '2026-12-06T10:00:01.123456789Z',
      text: 'text with 2026-12-06T10:00:01Z inside',
    });
    expect(splitTimestamp('2026-12-06T10:00:01.123Z short', 'x').time).toBe(
      '2026-12-06T10:00:01.123000000Z',
    );
  });
});

describe('LineSplitter.pushBlock', () => {
  it('passes whole lines on as one text and keeps the unfinished one', () => {
    const s = new LineSplitter();
    expect(s.pushBlock('a\nb')).toBe('a\n');
    expect(s.pushBlock('c\nd\ne')).toBe('bc\nd\n');
    expect(s.pushBlock('')).toBe('');
    expect(s.flush()).toEqual(['e']);
    expect(countLines('x\ny\n')).toBe(2);
  });
  it('cuts an unfinished line that grows past the limit', () => {
    const s = new LineSplitter();
    const out = s.pushBlock('x'.repeat(MAX_LINE_CHARS + 5));
    expect(out).toHaveLength(MAX_LINE_CHARS + 1);
    expect(s.flush()).toEqual([]);
  });
});
