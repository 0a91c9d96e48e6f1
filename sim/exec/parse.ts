// The POSIX shell grammar subset the simulated containers understand: words with quoting and expansions,
// pipelines, && / ||, ; and &, redirections, if/while/until/for, { } and ( ) groups.

/** One piece of a word; `q` marks quoted text (no field splitting, no globbing). */
export type Segment =
  | { k: 'lit'; s: string; q: boolean }
  | { k: 'var'; name: string; q: boolean; op?: string; arg?: string }
  | { k: 'cmd'; src: string; q: boolean }
  | { k: 'arith'; src: string; q: boolean }
  | { k: 'tilde' };

export type Word = Segment[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '&>';
  target: Word;
}

export type Command =
  | { t: 'simple'; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redirect[] }
  | { t: 'if'; clauses: { cond: List; body: List }[]; otherwise?: List; redirs: Redirect[] }
  | { t: 'loop'; until: boolean; cond: List; body: List; redirs: Redirect[] }
  | { t: 'for'; name: string; items?: Word[]; body: List; redirs: Redirect[] }
  | { t: 'group'; body: List; subshell: boolean; redirs: Redirect[] };

export interface Pipeline {
  negate: boolean;
  cmds: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface List {
  items: { cmd: AndOr; background: boolean }[];
}

/** The input ended inside a construct: an interactive shell asks for more with PS2. */
export class Incomplete extends Error {
  constructor(readonly what: string) {
    super(`unexpected end of file (expecting ${what})`);
  }
}

export class SyntaxError_ extends Error {
  constructor(readonly token: string) {
    super(`syntax error near unexpected token \`${token}'`);
  }
}

type Token = { k: 'word'; w: Word; raw: string } | { k: 'op'; op: string };

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '>>',
  '>&',
  '<&',
  '&>',
  '<<',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
  '\n',
];

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

/** Reads `$…` at src[i] (src[i] === '$'); returns the segment and the index after it. */
function readDollar(src: string, i: number, q: boolean): { seg: Segment; end: number } {
  const c = src[i + 1];
  if (c === '(' && src[i + 2] === '(') {
    let depth = 0;
    for (let j = i + 1; j < src.length; j++) {
      if (src[j] === '(') depth++;
      else if (src[j] === ')' && --depth === 0) {
        if (src[j - 1] === ')' && depth === 0)
          return { seg: { k: 'arith', src: src.slice(i + 3, j - 1), q }, end: j + 1 };
        break;
      }
    }
    const close = src.indexOf('))', i + 3);
    if (close < 0) throw new Incomplete('))');
    return { seg: { k: 'arith', src: src.slice(i + 3, close), q }, end: close + 2 };
  }
  if (c === '(') {
    let depth = 0;
    let j = i + 1;
    let quote: string | undefined;
    for (; j < src.length; j++) {
      const ch = src[j];
      if (quote) {
        if (ch === '\\' && quote === '"') j++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '\\') j++;
      else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) break;
    }
    if (j >= src.length) throw new Incomplete(')');
    return { seg: { k: 'cmd', src: src.slice(i + 2, j), q }, end: j + 1 };
  }
  if (c === '{') {
    const close = src.indexOf('}', i + 2);
    if (close < 0) throw new Incomplete('}');
    const body = src.slice(i + 2, close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])(?:(:?[-=+?])(.*))?$/s.exec(body);
    if (!m) throw new SyntaxError_(`\${${body}}`);
    return { seg: { k: 'var', name: m[1]!, q, op: m[2], arg: m[3] }, end: close + 1 };
  }
  if (isNameStart(c)) {
    let j = i + 1;
    while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
    return { seg: { k: 'var', name: src.slice(i + 1, j), q }, end: j };
  }
  if (c !== undefined && /[0-9?$#@*!-]/.test(c)) {
    return { seg: { k: 'var', name: c, q }, end: i + 2 };
  }
  return { seg: { k: 'lit', s: '$', q }, end: i + 1 };
}

/** Splits source into words and operators, keeping quoting in the word segments. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    // An fd number directly before a redirection (`2>`, `2>&1`).
    const fd = /^(\d)(>>|>&|<&|>|<)/.exec(src.slice(i, i + 4));
    if (fd) {
      out.push({ k: 'op', op: `${fd[1]}${fd[2]}` });
      i += fd[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ k: 'op', op });
      i += op.length;
      continue;
    }
    const start = i;
    const w: Word = [];
    const lit = (s: string, q: boolean): void => {
      const last = w[w.length - 1];
      if (last?.k === 'lit' && last.q === q) last.s += s;
      else w.push({ k: 'lit', s, q });
    };
    if (c === '~' && (src[i + 1] === undefined || /[/\s;&|)]/.test(src[i + 1]!))) {
      w.push({ k: 'tilde' });
      i++;
    }
    while (i < src.length) {
      const ch = src[i]!;
      if (/[\s;&|()<>]/.test(ch)) break;
      if (ch === '\\') {
        if (i + 1 >= src.length) throw new Incomplete('escaped character');
        if (src[i + 1] !== '\n') lit(src[i + 1]!, true);
        i += 2;
      } else if (ch === "'") {
        const close = src.indexOf("'", i + 1);
        if (close < 0) throw new Incomplete("'");
        lit(src.slice(i + 1, close), true);
        if (close === i + 1) w.push({ k: 'lit', s: '', q: true });
        i = close + 1;
      } else if (ch === '"') {
        let j = i + 1;
        let empty = true;
        for (;;) {
          if (j >= src.length) throw new Incomplete('"');
          const d = src[j]!;
          if (d === '"') break;
          empty = false;
          if (d === '\\' && j + 1 < src.length && '$`"\\\n'.includes(src[j + 1]!)) {
            if (src[j + 1] !== '\n') lit(src[j + 1]!, true);
            j += 2;
          } else if (d === '$') {
            const r = readDollar(src, j, true);
            w.push(r.seg);
            j = r.end;
          } else if (d === '`') {
            const close = src.indexOf('`', j + 1);
            if (close < 0) throw new Incomplete('`');
            w.push({ k: 'cmd', src: src.slice(j + 1, close), q: true });
            j = close + 1;
          } else {
            lit(d, true);
            j++;
          }
        }
        if (empty) w.push({ k: 'lit', s: '', q: true });
        i = j + 1;
      } else if (ch === '$') {
        const r = readDollar(src, i, false);
        w.push(r.seg);
        i = r.end;
      } else if (ch === '`') {
        const close = src.indexOf('`', i + 1);
        if (close < 0) throw new Incomplete('`');
        w.push({ k: 'cmd', src: src.slice(i + 1, close), q: false });
        i = close + 1;
      } else {
        lit(ch, false);
        i++;
      }
    }
    out.push({ k: 'word', w, raw: src.slice(start, i) });
  }
  return out;
}

/** The word's text if it is one plain unquoted literal (a reserved word candidate). */
export function plain(w: Word): string | undefined {
  const [s, ...rest] = w;
  return rest.length === 0 && s?.k === 'lit' && !s.q ? s.s : undefined;
}

export function parse(src: string): List {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isOp = (t: Token | undefined, op: string): boolean => t?.k === 'op' && t.op === op;
  const isWord = (t: Token | undefined, word: string): boolean =>
    t?.k === 'word' && plain(t.w) === word;
  const skipNewlines = (): void => {
    while (isOp(peek(), '\n')) p++;
  };
  const tokenText = (t: Token | undefined): string =>
    t === undefined ? 'EOF' : t.k === 'op' ? (t.op === '\n' ? 'newline' : t.op) : t.raw;
  const expectWord = (word: string): void => {
    skipNewlines();
    const t = peek();
    if (t === undefined) throw new Incomplete(word);
    if (!isWord(t, word)) throw new SyntaxError_(tokenText(t));
    p++;
  };

  function list(stop: string[]): List {
    const items: List['items'] = [];
    for (;;) {
      while (isOp(peek(), '\n') || (items.length > 0 && isOp(peek(), ';'))) p++;
      const t = peek();
      if (t === undefined || isOp(t, ')')) break;
      if (t.k === 'word' && stop.includes(plain(t.w) ?? '')) break;
      const cmd = andOr();
      const sep = peek();
      if (isOp(sep, '&')) {
        p++;
        items.push({ cmd, background: true });
      } else {
        items.push({ cmd, background: false });
        if (isOp(sep, ';') || isOp(sep, '\n')) p++;
        else if (
          sep !== undefined &&
          !isOp(sep, ')') &&
          !(sep.k === 'word' && stop.includes(plain(sep.w) ?? ''))
        ) {
          throw new SyntaxError_(tokenText(sep));
        }
      }
    }
    return { items };
  }

  function andOr(): AndOr {
    const first = pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = peek();
      if (!isOp(t, '&&') && !isOp(t, '||')) break;
      p++;
      skipNewlines();
      if (peek() === undefined) throw new Incomplete('command');
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipeline: pipeline() });
    }
    return { first, rest };
  }

  function pipeline(): Pipeline {
    let negate = false;
    if (isWord(peek(), '!')) {
      negate = true;
      p++;
    }
    const cmds = [command()];
    while (isOp(peek(), '|')) {
      p++;
      skipNewlines();
      if (peek() === undefined) throw new Incomplete('command');
      cmds.push(command());
    }
    return { negate, cmds };
  }

  function redirects(into: Redirect[]): void {
    for (;;) {
      const r = redirect();
      if (!r) return;
      into.push(r);
    }
  }

  function redirect(): Redirect | undefined {
    const t = peek();
    if (t?.k !== 'op') return undefined;
    const m = /^(\d)?(>>|>&|<&|&>|>|<|<<)$/.exec(t.op);
    if (!m) return undefined;
    if (m[2] === '<<') throw new SyntaxError_('<< (here-documents are not supported)');
    p++;
    const target = peek();
    if (target?.k !== 'word') {
      if (target === undefined) throw new SyntaxError_('newline');
      throw new SyntaxError_(tokenText(target));
    }
    p++;
    const op = m[2] as Redirect['op'];
    const fd = m[1] !== undefined ? Number(m[1]) : op === '<' || op === '<&' ? 0 : 1;
    return { fd, op, target: target.w };
  }

  function command(): Command {
    const t = peek();
    if (t === undefined) throw new Incomplete('command');
    if (isOp(t, '(')) {
      p++;
      const body = list([]);
      if (peek() === undefined) throw new Incomplete(')');
      if (!isOp(peek(), ')')) throw new SyntaxError_(tokenText(peek()));
      p++;
      const redirs: Redirect[] = [];
      redirects(redirs);
      return { t: 'group', body, subshell: true, redirs };
    }
    if (t.k === 'op' && !/^\d?(>>|>&|<&|&>|>|<)$/.test(t.op)) throw new SyntaxError_(tokenText(t));
    const word = t.k === 'word' ? plain(t.w) : undefined;
    const compound = (c: Command): Command => {
      redirects(c.redirs);
      return c;
    };
    if (word === '{') {
      p++;
      const body = list(['}']);
      expectWord('}');
      return compound({ t: 'group', body, subshell: false, redirs: [] });
    }
    if (word === 'if') {
      p++;
      const clauses: { cond: List; body: List }[] = [];
      let otherwise: List | undefined;
      for (;;) {
        const cond = list(['then']);
        expectWord('then');
        const body = list(['elif', 'else', 'fi']);
        clauses.push({ cond, body });
        skipNewlines();
        if (isWord(peek(), 'elif')) {
          p++;
          continue;
        }
        if (isWord(peek(), 'else')) {
          p++;
          otherwise = list(['fi']);
        }
        expectWord('fi');
        break;
      }
      return compound({ t: 'if', clauses, otherwise, redirs: [] });
    }
    if (word === 'while' || word === 'until') {
      p++;
      const cond = list(['do']);
      expectWord('do');
      const body = list(['done']);
      expectWord('done');
      return compound({ t: 'loop', until: word === 'until', cond, body, redirs: [] });
    }
    if (word === 'for') {
      p++;
      const nameTok = peek();
      if (nameTok === undefined) throw new Incomplete('name');
      const name = nameTok.k === 'word' ? plain(nameTok.w) : undefined;
      if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new SyntaxError_(tokenText(nameTok));
      p++;
      let items: Word[] | undefined;
      if (isOp(peek(), ';')) p++;
      skipNewlines();
      if (isWord(peek(), 'in')) {
        p++;
        items = [];
        while (peek()?.k === 'word' && !isWord(peek(), 'do'))
          items.push((toks[p++] as { w: Word }).w);
        if (isOp(peek(), ';') || isOp(peek(), '\n')) p++;
      }
      expectWord('do');
      const body = list(['done']);
      expectWord('done');
      return compound({ t: 'for', name, items, body, redirs: [] });
    }
    if (
      word !== undefined &&
      ['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'in'].includes(word)
    ) {
      throw new SyntaxError_(word);
    }
    if (word === 'case' || word === 'esac')
      throw new SyntaxError_(`${word} (case is not supported)`);

    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      const r = redirect();
      if (r) {
        redirs.push(r);
        continue;
      }
      const w = peek();
      if (w?.k !== 'word') break;
      p++;
      const first = w.w[0];
      const eq = first?.k === 'lit' && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.s) : null;
      if (words.length === 0 && eq && first?.k === 'lit') {
        const value: Word = [{ ...first, s: first.s.slice(eq[0].length) }, ...w.w.slice(1)];
        assigns.push({ name: eq[1]!, value });
      } else words.push(w.w);
    }
    if (assigns.length === 0 && words.length === 0 && redirs.length === 0) {
      throw new SyntaxError_(tokenText(peek()));
    }
    return { t: 'simple', assigns, words, redirs };
  }

  const result = list([]);
  if (p < toks.length) throw new SyntaxError_(tokenText(toks[p]));
  return result;
}
