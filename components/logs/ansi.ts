// ANSI SGR escape sequences (colours, bold, dim, italic, underline) into styled segments; every other
// escape sequence is dropped, so the text a search sees is the text the user sees.

export interface AnsiStyle {
  /** 0–15: the terminal palette (a theme class); otherwise a CSS colour from 256/true colour. */
  fg?: number | string;
  bg?: number | string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface Segment {
  text: string;
  style: AnsiStyle;
}

// CSI … final byte, OSC … BEL/ST, and lone two-character escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** The text without escape sequences. */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ESCAPE, '') : text;
}

function cube(n: number): string {
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g}, ${g}, ${g})`;
}

/** An extended colour (`38;5;n` or `38;2;r;g;b`) starting at codes[i]; returns it and codes consumed. */
function extended(codes: number[], i: number): [number | string | undefined, number] {
  if (codes[i] === 5) {
    const n = codes[i + 1];
    if (n === undefined || n < 0 || n > 255) return [undefined, 2];
    return [n < 16 ? n : cube(n), 2];
  }
  if (codes[i] === 2) {
    const [r, g, b] = [codes[i + 1], codes[i + 2], codes[i + 3]].map((v) =>
      Math.max(0, Math.min(255, v ?? 0)),
    );
    return [`rgb(${r}, ${g}, ${b})`, 4];
  }
  return [undefined, 1];
}

function apply(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((c) => (c === '' ? 0 : Number(c)));
  let s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) s.bold = s.dim = undefined;
    else if (c === 23) s.italic = undefined;
    else if (c === 24) s.underline = undefined;
    else if (c >= 30 && c <= 37) s.fg = c - 30;
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8;
    else if (c === 39) s.fg = undefined;
    else if (c >= 40 && c <= 47) s.bg = c - 40;
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8;
    else if (c === 49) s.bg = undefined;
    else if (c === 38 || c === 48) {
      const [colour, used] = extended(codes, i + 1);
      if (c === 38) s.fg = colour;
      else s.bg = colour;
      i += used;
    }
  }
  for (const k of Object.keys(s) as (keyof AnsiStyle)[]) if (s[k] === undefined) delete s[k];
  return s;
}

/** Splits a line into segments of one style each (one unstyled segment for a plain line). */
export function parseAnsi(text: string): Segment[] {
  if (!text.includes('\x1b')) return [{ text, style: {} }];
  const out: Segment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  for (const m of text.matchAll(ESCAPE)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), style });
    if (m[2] === 'm') style = apply(style, m[1] ?? '');
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), style });
  return out;
}
