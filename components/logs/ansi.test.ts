import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';

describe('parseAnsi', () => {
  it('leaves plain text as one segment', () => {
    expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: {} }]);
  });
  it('reads colours, bold and reset', () => {
    expect(parseAnsi('\x1b[1;31mERROR\x1b[0m done \x1b[92mok')).toEqual([
      { text: 'ERROR', style: { bold: true, fg: 1 } },
      { text: ' done ', style: {} },
      { text: 'ok', style: { fg: 10 } },
    ]);
  });
  it('reads 256 and true colours and background', () => {
    const [a, b] = parseAnsi('\x1b[38;5;196;48;2;1;2;3mx\x1b[39;49my');
    expect(a).toEqual({ text: 'x', style: { fg: 'rgb(255, 0, 0)', bg: 'rgb(1, 2, 3)' } });
    expect(b).toEqual({ text: 'y', style: {} });
  });
  it('drops other escapes and survives junk', () => {
    expect(stripAnsi('\x1b[2K\x1b]0;title\x07line\x1b[38;5m')).toBe('line');
    expect(parseAnsi('\x1b[38;5;999mx')).toEqual([{ text: 'x', style: {} }]);
  });
});
