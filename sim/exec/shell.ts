// The container shell: dash/ash/bash flavours of one small POSIX interpreter (expansion, pipelines,
// redirections, control flow, builtins), the interactive prompt loop, and program lookup the way the
// container runtime and the shell find executables.
import type { ContainerImage, Process, Userland } from './container';
import { errorText, readFile, resolvePath, stat, writeFile, type FakeFs, type FsError } from './fs';
import {
  Incomplete,
  parse,
  SyntaxError_,
  type Command,
  type List,
  type Redirect,
  type Word,
} from './parse';
import type { TerminalSize } from './protocol';

export const INTR = Symbol('interrupt');

/** A readable stream as programs see it: chunks, then null at end of file. */
export interface Input {
  /** Whether this is the session's terminal (stty, prompts). */
  isTty: boolean;
  read(): Promise<string | null>;
  /** One line without its newline, null at EOF, INTR after Ctrl-C at a prompt. */
  readLine(): Promise<string | null | typeof INTR>;
}

export type Output = (s: string) => void;

export interface Stdio {
  in: Input;
  out: Output;
  err: Output;
}

/** Ctrl-C reached the foreground job. */
export class Interrupt extends Error {}
/** The session ended (socket closed, pod gone): unwind without output. */
export class Killed extends Error {}
export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
class LoopSignal extends Error {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {
    super(kind);
  }
}

/** What the exec session provides: the terminal, simulated time, interruption and cancellation. */
export interface Terminal {
  tty: boolean;
  size(): TerminalSize | undefined;
  setSize(size: TerminalSize): void;
  now(): number;
  /** Simulated sleep; throws Interrupt (Ctrl-C) or Killed. */
  sleep(ms: number): Promise<void>;
  /** Yields to the event loop, waits while output is backed up, throws Interrupt/Killed. */
  checkpoint(): Promise<void>;
  /** Runs a foreground job: Ctrl-C interrupts it instead of reaching the prompt. */
  foreground<T>(fn: () => Promise<T>): Promise<T>;
  history: string[];
}

/** One container as exec sessions share it. */
export interface ContainerCtx {
  fs: FakeFs;
  image: ContainerImage;
  /** program name → absolute path in the image. */
  programs: Map<string, string>;
  hostname: string;
  podIP: string;
  kernel: string;
  /** When PID 1 started (ms, simulated). */
  startedAt: number;
  procs: Map<number, Process>;
  nextPid: () => number;
}

export interface ProgramCtx {
  c: ContainerCtx;
  term: Terminal;
  env: Map<string, string>;
  cwd: string;
  /** Runs another program the way `env`/`nice` would (PATH lookup, no shell). */
  run: (argv: string[], io: Stdio, env: Map<string, string>) => Promise<number>;
  /** The shell running this as a builtin (dash's echo interprets backslash escapes, messages differ). */
  flavor?: Flavor;
  /** Formats an error the way the calling shell prefixes it (`sh: 1: [: …`). */
  diag: (msg: string) => string;
  /** The PID this program runs as. */
  pid?: number;
  /** Every program in the image, by name (shells run the others). */
  programs: Record<string, Program>;
}

export type Program = (argv: string[], io: Stdio, ctx: ProgramCtx) => Promise<number> | number;

export type Flavor = 'bash' | 'dash' | 'ash';

export interface Shell {
  flavor: Flavor;
  arg0: string;
  interactive: boolean;
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  status: number;
  pid: number;
  line: number;
  cwd: string;
  c: ContainerCtx;
  term: Terminal;
  programs: Record<string, Program>;
  lastBg?: number;
  /** Exit status of the last command substitution (an assignment-only command returns it). */
  substStatus?: number;
}

// ---------------------------------------------------------------------------------------------
// Streams

export function emptyInput(): Input {
  return { isTty: false, read: async () => null, readLine: async () => null };
}

/** Adds line reading over a chunk reader, keeping the rest of a chunk for whoever reads next. */
export function bufferedInput(next: () => Promise<string | null>, isTty = false): Input {
  let pending = '';
  let eof = false;
  return {
    isTty,
    async read() {
      if (pending !== '') {
        const s = pending;
        pending = '';
        return s;
      }
      if (eof) return null;
      const s = await next();
      if (s === null) eof = true;
      return s;
    },
    async readLine() {
      for (;;) {
        const nl = pending.indexOf('\n');
        if (nl >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          return line;
        }
        if (eof) {
          if (pending === '') return null;
          const line = pending;
          pending = '';
          return line;
        }
        const s = await next();
        if (s === null) eof = true;
        else pending += s;
      }
    },
  };
}

export function stringInput(s: string): Input {
  let done = false;
  return bufferedInput(async () => {
    if (done) return null;
    done = true;
    return s;
  });
}

/** Most bytes a pipe holds before the writer's data is dropped (no process blocks forever on a full pipe). */
const PIPE_CAP = 8 * 1024 * 1024;

export function createPipe(): { input: Input; write: Output; close: () => void; drop: () => void } {
  const chunks: string[] = [];
  let size = 0;
  let closed = false;
  let dropped = false;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    const w = waiter;
    waiter = undefined;
    w?.();
  };
  const input = bufferedInput(async () => {
    while (chunks.length === 0 && !closed) await new Promise<void>((r) => (waiter = r));
    const s = chunks.shift();
    if (s === undefined) return null;
    size -= s.length;
    return s;
  });
  return {
    input,
    write(s) {
      if (closed || dropped || s === '' || size + s.length > PIPE_CAP) return;
      chunks.push(s);
      size += s.length;
      wake();
    },
    close() {
      closed = true;
      wake();
    },
    drop() {
      dropped = true;
      chunks.length = 0;
      size = 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Messages

export function diag(sh: Shell, msg: string): string {
  switch (sh.flavor) {
    case 'dash':
      return `${sh.arg0}: ${sh.line}: ${msg}\n`;
    case 'ash':
      return `${sh.arg0}: ${msg}\n`;
    case 'bash':
      return sh.interactive ? `bash: ${msg}\n` : `bash: line ${sh.line}: ${msg}\n`;
  }
}

function notFoundMessage(sh: Shell, name: string): string {
  return diag(sh, sh.flavor === 'bash' ? `${name}: command not found` : `${name}: not found`);
}

function syntaxMessage(sh: Shell, err: SyntaxError_ | Incomplete): string {
  if (sh.flavor === 'bash') {
    return err instanceof Incomplete
      ? diag(sh, `syntax error: unexpected end of file`)
      : diag(sh, `syntax error near unexpected token \`${err.token}'`);
  }
  if (err instanceof Incomplete) {
    return diag(
      sh,
      err.what === "'" || err.what === '"'
        ? 'Syntax error: Unterminated quoted string'
        : `Syntax error: end of file unexpected (expecting "${err.what}")`,
    );
  }
  return diag(sh, `Syntax error: "${err.token}" unexpected`);
}

// ---------------------------------------------------------------------------------------------
// Expansion

function getVar(sh: Shell, name: string): string | undefined {
  switch (name) {
    case '?':
      return String(sh.status);
    case '$':
      return String(sh.pid);
    case '#':
      return String(sh.positional.length);
    case '0':
      return sh.arg0;
    case '@':
    case '*':
      return sh.positional.join(' ');
    case '!':
      return sh.lastBg === undefined ? '' : String(sh.lastBg);
    case '-':
      return sh.interactive ? 'i' : '';
    case 'RANDOM':
      if (sh.flavor === 'bash') return String(Math.floor(Math.random() * 32768));
      break;
  }
  if (/^[1-9][0-9]*$/.test(name)) return sh.positional[Number(name) - 1];
  return sh.vars.get(name);
}

async function substitute(sh: Shell, src: string, io: Stdio): Promise<string> {
  const sub = cloneShell(sh);
  let out = '';
  try {
    await runSource(sub, src, { in: io.in, out: (s) => (out += s), err: io.err });
  } catch (e) {
    if (!(e instanceof ExitSignal)) throw e;
    sub.status = e.code;
  }
  sh.substStatus = sub.status;
  return out.replace(/\n+$/, '');
}

async function segmentValue(sh: Shell, seg: Word[number], io: Stdio): Promise<string> {
  switch (seg.k) {
    case 'lit':
      return seg.s;
    case 'tilde':
      return sh.vars.get('HOME') ?? '/root';
    case 'cmd':
      return substitute(sh, seg.src, io);
    case 'arith': {
      const r = arithmetic(seg.src, (name) => getVar(sh, name));
      if (typeof r === 'string') {
        io.err(
          diag(
            sh,
            sh.flavor === 'bash'
              ? `${seg.src.trim()}: ${r}`
              : `arithmetic expression: ${r}: "${seg.src.trim()}"`,
          ),
        );
        throw new ExitSignal(sh.flavor === 'bash' ? 1 : 2);
      }
      return String(r);
    }
    case 'var': {
      const v = getVar(sh, seg.name);
      const isNull = v === undefined || (seg.op?.startsWith(':') === true && v === '');
      switch (seg.op) {
        case ':-':
        case '-':
          return isNull ? (seg.arg ?? '') : v!;
        case ':=':
        case '=':
          if (isNull) sh.vars.set(seg.name, seg.arg ?? '');
          return isNull ? (seg.arg ?? '') : v!;
        case ':+':
        case '+':
          return isNull ? '' : (seg.arg ?? '');
        case ':?':
        case '?':
          if (isNull) {
            io.err(diag(sh, `${seg.name}: ${seg.arg || 'parameter not set'}`));
            throw new ExitSignal(sh.flavor === 'bash' ? 1 : 2);
          }
          return v!;
        default:
          return v ?? '';
      }
    }
  }
}

/**
 * `$(( … ))`: integers with + - * / % ( ), comparisons, && || and !; names and $names read variables.
 * Returns the value, or an error message.
 */
export function arithmetic(
  src: string,
  get: (name: string) => string | undefined,
): number | string {
  const toks =
    src.match(/\d+|\$?[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\}|&&|\|\||==|!=|<=|>=|[-+*/%()<>!]|\S/g) ??
    [];
  let p = 0;
  const value = (name: string): number => {
    const v = get(name.replace(/^\$\{?|\}$/g, ''));
    const n = v === undefined || v.trim() === '' ? 0 : Number(v);
    if (!Number.isInteger(n)) throw new Error('expression expected');
    return n;
  };
  const primary = (): number => {
    const t = toks[p++];
    if (t === undefined) throw new Error('expression expected');
    if (t === '(') {
      const v = or();
      if (toks[p++] !== ')') throw new Error("missing ')'");
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (/^\$?[A-Za-z_{]/.test(t)) return value(t);
    throw new Error(`syntax error: operand expected (error token is "${t}")`);
  };
  const level =
    (ops: string[], next: () => number, apply: (op: string, a: number, b: number) => number) =>
    (): number => {
      let v = next();
      while (ops.includes(toks[p] ?? '')) {
        const op = toks[p++]!;
        v = apply(op, v, next());
      }
      return v;
    };
  const mul = level(['*', '/', '%'], primary, (op, a, b) => {
    if (op !== '*' && b === 0) throw new Error('division by zero');
    return op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b;
  });
  const add = level(['+', '-'], mul, (op, a, b) => (op === '+' ? a + b : a - b));
  const cmp = level(['<', '>', '<=', '>=', '==', '!='], add, (op, a, b) =>
    Number(
      op === '<'
        ? a < b
        : op === '>'
          ? a > b
          : op === '<='
            ? a <= b
            : op === '>='
              ? a >= b
              : op === '=='
                ? a === b
                : a !== b,
    ),
  );
  const and = level(['&&'], cmp, (_op, a, b) => Number(a !== 0 && b !== 0));
  const or = level(['||'], and, (_op, a, b) => Number(a !== 0 || b !== 0));
  try {
    if (toks.length === 0) return 0;
    const v = or();
    if (p < toks.length)
      return `syntax error: invalid arithmetic operator (error token is "${toks[p]}")`;
    return v;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Pathname expansion of one pattern; no match leaves it as written. */
export function glob(fs: FakeFs, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const comps = pattern.split('/').filter((p) => p !== '');
  let found: string[] = [absolute ? '/' : ''];
  for (const comp of comps) {
    const next: string[] = [];
    for (const base of found) {
      const dirPath = resolvePath(cwd, base === '' ? '.' : base);
      const join = (name: string): string =>
        base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`;
      if (!/[*?]/.test(comp)) {
        if (stat(fs, resolvePath(dirPath, comp)).ok) next.push(join(comp));
        continue;
      }
      const dir = stat(fs, dirPath);
      if (!dir.ok || dir.value.kind !== 'dir') continue;
      const re = globToRegExp(comp);
      for (const name of [...dir.value.entries.keys()].sort()) {
        if (name.startsWith('.') && !comp.startsWith('.')) continue;
        if (re.test(name)) next.push(join(name));
      }
    }
    found = next;
    if (found.length === 0) return [pattern];
  }
  return found.length > 0 ? found : [pattern];
}

/** Expands a word into fields: parameters, command substitution, field splitting, globbing. */
export async function expandWord(sh: Shell, word: Word, io: Stdio): Promise<string[]> {
  const fields: string[] = [];
  let cur = '';
  let has = false;
  let globbable = false;
  const finish = (): void => {
    if (!has) return;
    if (globbable) fields.push(...glob(sh.c.fs, sh.cwd, cur));
    else fields.push(cur);
    cur = '';
    has = false;
    globbable = false;
  };
  for (const seg of word) {
    const value = await segmentValue(sh, seg, io);
    if (seg.k === 'lit' || seg.k === 'tilde' || seg.q) {
      cur += value;
      has = true;
      if (seg.k === 'lit' && !seg.q && /[*?]/.test(seg.s)) globbable = true;
      continue;
    }
    const parts = value.split(/[ \t\n]+/);
    parts.forEach((part, i) => {
      if (i > 0) finish();
      if (part !== '') {
        cur += part;
        has = true;
      }
    });
  }
  finish();
  return fields;
}

async function expandString(sh: Shell, word: Word, io: Stdio): Promise<string> {
  let s = '';
  for (const seg of word) s += await segmentValue(sh, seg, io);
  return s;
}

async function expandWords(sh: Shell, words: Word[], io: Stdio): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandWord(sh, w, io)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Redirections

function redirectError(sh: Shell, op: 'create' | 'open', path: string, e: FsError): string {
  if (sh.flavor === 'bash') return diag(sh, `${path}: ${errorText(e)}`);
  if (sh.flavor === 'dash') {
    const reason =
      e === 'ENOENT' ? (op === 'create' ? 'Directory nonexistent' : 'No such file') : errorText(e);
    return diag(sh, `cannot ${op} ${path}: ${reason}`);
  }
  const reason = e === 'ENOENT' && op === 'create' ? 'nonexistent directory' : errorText(e);
  return diag(sh, `can't ${op} ${path}: ${reason}`);
}

/** Applies redirections left to right; returns the new stdio or undefined after printing the error. */
async function applyRedirects(
  sh: Shell,
  redirs: Redirect[],
  io: Stdio,
): Promise<Stdio | undefined> {
  let cur: Stdio = { ...io };
  for (const r of redirs) {
    const target = await expandString(sh, r.target, io);
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') continue;
      const src = target === '1' ? cur.out : target === '2' ? cur.err : undefined;
      if (r.op === '>&' && src === undefined) {
        // `>&file` is bash's `&>file`.
        const sink = openOut(sh, target, false, cur);
        if (typeof sink === 'string') return void io.err(sink);
        cur = { ...cur, out: sink, err: sink };
        continue;
      }
      if (r.op === '<&' && target === '0') continue;
      if (!src) {
        io.err(diag(sh, `${target}: Bad file descriptor`));
        return undefined;
      }
      if (r.fd === 1) cur = { ...cur, out: src };
      else if (r.fd === 2) cur = { ...cur, err: src };
      continue;
    }
    if (r.op === '<') {
      const path = resolvePath(sh.cwd, target);
      if (path === '/dev/null') {
        cur = { ...cur, in: emptyInput() };
        continue;
      }
      if (path === '/dev/stdin' || path === '/dev/tty') continue;
      const data = readFile(sh.c.fs, path);
      if (!data.ok) {
        io.err(redirectError(sh, 'open', target, data.error));
        return undefined;
      }
      cur = { ...cur, in: stringInput(data.value) };
      continue;
    }
    const sink = openOut(sh, target, r.op === '>>', cur);
    if (typeof sink === 'string') {
      io.err(sink);
      return undefined;
    }
    if (r.op === '&>') cur = { ...cur, out: sink, err: sink };
    else if (r.fd === 1) cur = { ...cur, out: sink };
    else if (r.fd === 2) cur = { ...cur, err: sink };
  }
  return cur;
}

function openOut(sh: Shell, target: string, append: boolean, cur: Stdio): Output | string {
  const path = resolvePath(sh.cwd, target);
  if (path === '/dev/null' || path === '/dev/zero') return () => {};
  if (path === '/dev/stdout' || path === '/dev/tty') return cur.out;
  if (path === '/dev/stderr') return cur.err;
  const now = sh.term.now();
  const made = writeFile(sh.c.fs, path, '', { append: true, now });
  if (!made.ok) return redirectError(sh, 'create', target, made.error);
  if (!append) writeFile(sh.c.fs, path, '', { now });
  let failed = false;
  return (s: string) => {
    if (failed) return;
    const w = writeFile(sh.c.fs, path, s, { append: true, now: sh.term.now() });
    if (!w.ok) {
      failed = true;
      cur.err(`${sh.arg0}: write error: ${errorText(w.error)}\n`);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Execution

export function cloneShell(sh: Shell): Shell {
  return {
    ...sh,
    vars: new Map(sh.vars),
    exported: new Set(sh.exported),
    positional: [...sh.positional],
  };
}

export function exportedEnv(sh: Shell, extra?: Map<string, string>): Map<string, string> {
  const env = new Map<string, string>();
  for (const [k, v] of sh.vars) if (sh.exported.has(k)) env.set(k, v);
  for (const [k, v] of extra ?? []) {
    env.delete(k);
    env.set(k, v);
  }
  return env;
}

async function runList(sh: Shell, list: List, io: Stdio): Promise<number> {
  for (const item of list.items) {
    if (item.background) {
      const bg = cloneShell(sh);
      const pid = sh.c.nextPid();
      sh.lastBg = pid;
      if (sh.interactive) io.err(`[1] ${pid}\n`);
      void runAndOr(bg, item.cmd, { ...io, in: emptyInput() }).catch(() => {});
      sh.status = 0;
      continue;
    }
    await runAndOr(sh, item.cmd, io);
  }
  return sh.status;
}

async function runAndOr(sh: Shell, ao: List['items'][number]['cmd'], io: Stdio): Promise<number> {
  let st = await runPipeline(sh, ao.first, io);
  for (const r of ao.rest) {
    if (r.op === '&&' ? st === 0 : st !== 0) st = await runPipeline(sh, r.pipeline, io);
  }
  sh.status = st;
  return st;
}

async function runPipeline(
  sh: Shell,
  pl: List['items'][number]['cmd']['first'],
  io: Stdio,
): Promise<number> {
  let st: number;
  if (pl.cmds.length === 1) {
    st = await runCommand(sh, pl.cmds[0]!, io);
  } else {
    const pipes = pl.cmds.slice(1).map(() => createPipe());
    const runs = pl.cmds.map(async (cmd, i) => {
      const sub = cloneShell(sh);
      const input = i === 0 ? io.in : pipes[i - 1]!.input;
      const out = i === pl.cmds.length - 1 ? io.out : pipes[i]!.write;
      try {
        return await runCommand(sub, cmd, { ...io, in: input, out });
      } catch (e) {
        if (e instanceof ExitSignal) return e.code;
        throw e;
      } finally {
        pipes[i]?.close();
        // The reader is gone: whatever is still written into its pipe goes nowhere (SIGPIPE).
        pipes[i - 1]?.drop();
      }
    });
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const last = results[results.length - 1] as PromiseFulfilledResult<number>;
    st = last.value;
  }
  if (pl.negate) st = st === 0 ? 1 : 0;
  sh.status = st;
  return st;
}

async function runCommand(sh: Shell, cmd: Command, io: Stdio): Promise<number> {
  await sh.term.checkpoint();
  if (cmd.t === 'simple') return runSimple(sh, cmd, io);
  const rio = await applyRedirects(sh, cmd.redirs, io);
  if (!rio) return (sh.status = sh.flavor === 'dash' ? 2 : 1);
  switch (cmd.t) {
    case 'if': {
      for (const clause of cmd.clauses) {
        if ((await runList(sh, clause.cond, rio)) === 0) return runList(sh, clause.body, rio);
      }
      if (cmd.otherwise) return runList(sh, cmd.otherwise, rio);
      return (sh.status = 0);
    }
    case 'loop': {
      let st = 0;
      for (;;) {
        await sh.term.checkpoint();
        const c = await runList(sh, cmd.cond, rio);
        if ((c === 0) === cmd.until) break;
        try {
          st = await runList(sh, cmd.body, rio);
        } catch (e) {
          if (!(e instanceof LoopSignal)) throw e;
          if (e.levels > 1) throw new LoopSignal(e.kind, e.levels - 1);
          if (e.kind === 'break') break;
        }
      }
      return (sh.status = st);
    }
    case 'for': {
      const items = cmd.items ? await expandWords(sh, cmd.items, rio) : [...sh.positional];
      let st = 0;
      for (const item of items) {
        await sh.term.checkpoint();
        sh.vars.set(cmd.name, item);
        try {
          st = await runList(sh, cmd.body, rio);
        } catch (e) {
          if (!(e instanceof LoopSignal)) throw e;
          if (e.levels > 1) throw new LoopSignal(e.kind, e.levels - 1);
          if (e.kind === 'break') break;
        }
      }
      return (sh.status = st);
    }
    case 'group': {
      if (!cmd.subshell) return runList(sh, cmd.body, rio);
      const sub = cloneShell(sh);
      try {
        return (sh.status = await runList(sub, cmd.body, rio));
      } catch (e) {
        if (e instanceof ExitSignal) return (sh.status = e.code);
        throw e;
      }
    }
  }
}

async function runSimple(
  sh: Shell,
  cmd: Extract<Command, { t: 'simple' }>,
  io: Stdio,
): Promise<number> {
  sh.substStatus = undefined;
  const argv = await expandWords(sh, cmd.words, io);
  const assigns = new Map<string, string>();
  for (const a of cmd.assigns) assigns.set(a.name, await expandString(sh, a.value, io));
  const substStatus = sh.substStatus ?? 0;
  const rio = await applyRedirects(sh, cmd.redirs, io);
  if (!rio) return (sh.status = sh.flavor === 'dash' ? 2 : 1);
  if (argv.length === 0) {
    for (const [k, v] of assigns) sh.vars.set(k, v);
    return (sh.status = substStatus);
  }
  return (sh.status = await execute(sh, argv, rio, assigns));
}

// ---------------------------------------------------------------------------------------------
// Builtins and program lookup

type Builtin = (sh: Shell, argv: string[], io: Stdio) => Promise<number> | number;

/** Commands a shell finds in itself before PATH (`type` says "is a shell builtin"). */
const BUILTIN_PROGRAMS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', 'pwd', ':']);

function setCwd(sh: Shell, path: string): void {
  sh.vars.set('OLDPWD', sh.cwd);
  sh.exported.add('OLDPWD');
  sh.cwd = path;
  sh.vars.set('PWD', path);
  sh.exported.add('PWD');
}

const BUILTINS: Record<string, Builtin> = {
  cd(sh, argv, io) {
    let target = argv[1];
    const printTarget = target === '-';
    if (target === undefined || target === '') target = sh.vars.get('HOME') ?? '/';
    else if (target === '-') target = sh.vars.get('OLDPWD') ?? sh.cwd;
    const path = resolvePath(sh.cwd, target);
    const n = stat(sh.c.fs, path);
    const err = !n.ok ? n.error : n.value.kind !== 'dir' ? 'ENOTDIR' : undefined;
    if (err) {
      if (sh.flavor === 'dash') io.err(diag(sh, `cd: can't cd to ${target}`));
      else if (sh.flavor === 'ash')
        io.err(diag(sh, `cd: can't cd to ${target}: ${errorText(err)}`));
      else io.err(diag(sh, `cd: ${target}: ${errorText(err)}`));
      return sh.flavor === 'dash' ? 2 : 1;
    }
    setCwd(sh, path);
    if (printTarget) io.out(`${path}\n`);
    return 0;
  },
  export(sh, argv, io) {
    if (argv.length === 1 || argv[1] === '-p') {
      for (const k of [...sh.exported].sort()) {
        const v = sh.vars.get(k);
        if (v === undefined) continue;
        io.out(sh.flavor === 'bash' ? `declare -x ${k}="${v}"\n` : `export ${k}='${v}'\n`);
      }
      return 0;
    }
    for (const a of argv.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
      if (!m) {
        io.err(
          diag(
            sh,
            sh.flavor === 'bash'
              ? `export: \`${a}': not a valid identifier`
              : `export: ${a}: bad variable name`,
          ),
        );
        return sh.flavor === 'dash' ? 2 : 1;
      }
      if (m[2] !== undefined) sh.vars.set(m[1]!, m[2]);
      sh.exported.add(m[1]!);
    }
    return 0;
  },
  unset(sh, argv) {
    for (const a of argv.slice(1)) {
      if (a.startsWith('-')) continue;
      sh.vars.delete(a);
      sh.exported.delete(a);
    }
    return 0;
  },
  exit(sh, argv, io) {
    const arg = argv[1];
    let code = sh.status;
    if (arg !== undefined) {
      if (!/^-?\d+$/.test(arg)) {
        io.err(
          diag(
            sh,
            sh.flavor === 'bash'
              ? `exit: ${arg}: numeric argument required`
              : `exit: Illegal number: ${arg}`,
          ),
        );
        code = 2;
      } else code = ((Number(arg) % 256) + 256) % 256;
    }
    if (sh.interactive && sh.flavor === 'bash') io.err('exit\n');
    throw new ExitSignal(code);
  },
  async read(sh, argv, io) {
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const line = await io.in.readLine();
    if (line === null || line === INTR) return 1;
    const fields = line.trim().split(/[ \t]+/);
    const vars = names.length > 0 ? names : ['REPLY'];
    vars.forEach((name, i) => {
      const value = i === vars.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '');
      sh.vars.set(name, names.length > 0 ? value : line);
    });
    return 0;
  },
  type(sh, argv, io) {
    let st = 0;
    for (const name of argv.slice(1)) {
      const found = describe(sh, name);
      if (found === undefined) {
        if (sh.flavor === 'bash') io.err(diag(sh, `type: ${name}: not found`));
        else io.out(`${name}: not found\n`);
        st = sh.flavor === 'bash' ? 1 : 127;
      } else if (found.builtin) io.out(`${name} is a shell builtin\n`);
      else io.out(`${name} is ${found.path}\n`);
    }
    return st;
  },
  async command(sh, argv, io) {
    const flag = argv[1];
    if (flag === '-v' || flag === '-V') {
      let st = 0;
      for (const name of argv.slice(2)) {
        const found = describe(sh, name);
        if (!found) {
          if (flag === '-V')
            io.err(
              sh.flavor === 'bash'
                ? diag(sh, `command: ${name}: not found`)
                : `${name}: not found\n`,
            );
          st = 1;
        } else if (flag === '-v') io.out(`${found.builtin ? name : found.path}\n`);
        else io.out(found.builtin ? `${name} is a shell builtin\n` : `${name} is ${found.path}\n`);
      }
      return st;
    }
    const rest = argv.slice(1);
    return rest.length === 0 ? 0 : execute(sh, rest, io, new Map());
  },
  async eval(sh, argv, io) {
    return runSource(sh, argv.slice(1).join(' '), io);
  },
  async '.'(sh, argv, io) {
    const file = argv[1];
    if (file === undefined) {
      io.err(diag(sh, '.: filename argument required'));
      return 2;
    }
    const data = readFile(sh.c.fs, resolvePath(sh.cwd, file));
    if (!data.ok) {
      io.err(
        diag(
          sh,
          sh.flavor === 'bash'
            ? `${file}: ${errorText(data.error)}`
            : `.: cannot open ${file}: ${errorText(data.error)}`,
        ),
      );
      return sh.flavor === 'bash' ? 1 : 2;
    }
    return runSource(sh, data.value, io);
  },
  set(sh, argv, io) {
    if (argv.length > 1) {
      const dash = argv.indexOf('--');
      if (dash >= 0) sh.positional = argv.slice(dash + 1);
      return 0;
    }
    for (const [k, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : 1))) io.out(`${k}='${v}'\n`);
    return 0;
  },
  shift(sh, argv, io) {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!Number.isInteger(n) || n < 0 || n > sh.positional.length) {
      io.err(diag(sh, `shift: can't shift that many`));
      return sh.flavor === 'bash' ? 1 : 2;
    }
    sh.positional = sh.positional.slice(n);
    return 0;
  },
  async exec(sh, argv, io) {
    if (argv.length === 1) return 0;
    throw new ExitSignal(await execute(sh, argv.slice(1), io, new Map()));
  },
  break(_sh, argv) {
    throw new LoopSignal('break', Math.max(1, Number(argv[1] ?? 1) || 1));
  },
  continue(_sh, argv) {
    throw new LoopSignal('continue', Math.max(1, Number(argv[1] ?? 1) || 1));
  },
  history(sh, _argv, io) {
    sh.term.history.forEach((h, i) => io.out(`${String(i + 1).padStart(5)}  ${h}\n`));
    return 0;
  },
  umask(_sh, _argv, io) {
    io.out('0022\n');
    return 0;
  },
  alias: () => 0,
  unalias: () => 0,
  wait: () => 0,
  jobs: () => 0,
  return(sh, argv) {
    throw new ExitSignal(argv[1] === undefined ? sh.status : Number(argv[1]) & 255);
  },
};
BUILTINS.source = BUILTINS['.']!;

function isBuiltin(sh: Shell, name: string): boolean {
  if (name === 'history' || name === 'source') return sh.flavor === 'bash';
  return name in BUILTINS || BUILTIN_PROGRAMS.has(name);
}

function describe(sh: Shell, name: string): { builtin: boolean; path?: string } | undefined {
  if (isBuiltin(sh, name)) return { builtin: true };
  const found = lookupProgram(sh.c, sh.vars.get('PATH') ?? '', sh.cwd, name);
  return found.kind === 'program' || found.kind === 'script'
    ? { builtin: false, path: found.path }
    : undefined;
}

export type Lookup =
  | { kind: 'program'; name: string; path: string }
  | { kind: 'script'; path: string }
  | { kind: 'noexec'; path: string }
  | { kind: 'missing'; path?: string };

/** Finds an executable as execvp does: a path as given, else each PATH directory in turn. */
export function lookupProgram(c: ContainerCtx, pathVar: string, cwd: string, name: string): Lookup {
  const byPath = new Map([...c.programs].map(([prog, p]) => [p, prog]));
  const check = (abs: string): Lookup | undefined => {
    const n = stat(c.fs, abs);
    if (!n.ok || n.value.kind !== 'file') return undefined;
    const prog =
      byPath.get(abs) ??
      (abs.startsWith('/bin/') || abs.startsWith('/usr/bin/') ? byPathBase(c, abs) : undefined);
    if (prog) return { kind: 'program', name: prog, path: abs };
    if ((n.value.mode & 0o111) === 0) return { kind: 'noexec', path: abs };
    return { kind: 'script', path: abs };
  };
  if (name.includes('/')) {
    const abs = resolvePath(cwd, name);
    return check(abs) ?? { kind: 'missing', path: abs };
  }
  for (const dir of pathVar.split(':')) {
    if (dir === '') continue;
    const hit = check(resolvePath(cwd, `${dir}/${name}`));
    if (hit && hit.kind !== 'noexec') return hit;
  }
  return { kind: 'missing' };
}

/** Debian's merged /usr: /bin/ls is /usr/bin/ls. */
function byPathBase(c: ContainerCtx, abs: string): string | undefined {
  const base = abs.slice(abs.lastIndexOf('/') + 1);
  const known = c.programs.get(base);
  return known && (known === `/usr/bin/${base}` || known === `/bin/${base}`) ? base : undefined;
}

async function execute(
  sh: Shell,
  argv: string[],
  io: Stdio,
  assigns: Map<string, string>,
): Promise<number> {
  const name = argv[0]!;
  const builtin = isBuiltin(sh, name) ? BUILTINS[name] : undefined;
  if (builtin) {
    for (const [k, v] of assigns) sh.vars.set(k, v);
    return builtin(sh, argv, io);
  }
  const env = exportedEnv(sh, assigns);
  if (BUILTIN_PROGRAMS.has(name)) {
    const prog = sh.programs[name === ':' ? 'true' : name];
    if (prog) return prog(argv, io, programCtx(sh, env, undefined, true));
  }
  const found = lookupProgram(sh.c, env.get('PATH') ?? '', sh.cwd, name);
  if (found.kind === 'missing') {
    if (name.includes('/') && sh.flavor === 'bash')
      io.err(diag(sh, `${name}: No such file or directory`));
    else io.err(notFoundMessage(sh, name));
    return 127;
  }
  if (found.kind === 'noexec') {
    io.err(diag(sh, `${name}: Permission denied`));
    return 126;
  }
  const pid = sh.c.nextPid();
  sh.c.procs.set(pid, { pid, user: 'root', argv });
  try {
    if (found.kind === 'script') {
      const text = readFile(sh.c.fs, found.path);
      const sub = newShell(sh.c, sh.term, sh.programs, {
        flavor: sh.flavor,
        arg0: found.path,
        env,
        cwd: sh.cwd,
        positional: argv.slice(1),
        interactive: false,
      });
      return await runScript(sub, text.ok ? text.value : '', io);
    }
    const prog = sh.programs[found.name];
    if (!prog) {
      io.err(notFoundMessage(sh, name));
      return 127;
    }
    return await prog(argv, io, programCtx(sh, env, pid));
  } finally {
    sh.c.procs.delete(pid);
  }
}

function programCtx(
  sh: Shell,
  env: Map<string, string>,
  pid?: number,
  builtin = false,
): ProgramCtx {
  return {
    c: sh.c,
    term: sh.term,
    env,
    cwd: sh.cwd,
    flavor: builtin ? sh.flavor : undefined,
    diag: (msg) => diag(sh, msg),
    pid,
    programs: sh.programs,
    run: (argv, io, e) => runArgv(sh.c, sh.term, sh.programs, argv, io, e, sh.cwd),
  };
}

/** Runs argv without a shell (what `env cmd` and the runtime do): PATH lookup, then the program. */
export async function runArgv(
  c: ContainerCtx,
  term: Terminal,
  programs: Record<string, Program>,
  argv: string[],
  io: Stdio,
  env: Map<string, string>,
  cwd: string,
): Promise<number> {
  const sh = newShell(c, term, programs, {
    flavor: flavorOf(c.image.userland, 'sh'),
    arg0: argv[0] ?? 'sh',
    env,
    cwd,
    interactive: false,
  });
  const found = lookupProgram(c, env.get('PATH') ?? '', cwd, argv[0] ?? '');
  if (found.kind !== 'program' && found.kind !== 'script') {
    io.err(
      `${argv[0]}: ${found.kind === 'noexec' ? 'Permission denied' : 'No such file or directory'}\n`,
    );
    return found.kind === 'noexec' ? 126 : 127;
  }
  return execute(sh, argv, io, new Map());
}

// ---------------------------------------------------------------------------------------------
// Shell programs

export function flavorOf(userland: Userland, name: string): Flavor {
  if (name === 'bash') return 'bash';
  return userland === 'gnu' ? 'dash' : 'ash';
}

export function newShell(
  c: ContainerCtx,
  term: Terminal,
  programs: Record<string, Program>,
  o: {
    flavor: Flavor;
    arg0: string;
    env: Map<string, string>;
    cwd: string;
    positional?: string[];
    interactive: boolean;
    pid?: number;
  },
): Shell {
  const vars = new Map(o.env);
  const exported = new Set(o.env.keys());
  if (!vars.has('PWD')) {
    vars.set('PWD', o.cwd);
    exported.add('PWD');
  }
  if (o.flavor === 'bash') {
    vars.set('SHLVL', String(Number(vars.get('SHLVL') ?? '0') + 1));
    exported.add('SHLVL');
  }
  return {
    flavor: o.flavor,
    arg0: o.arg0,
    interactive: o.interactive,
    vars,
    exported,
    positional: o.positional ?? [],
    status: 0,
    pid: o.pid ?? c.nextPid(),
    line: 1,
    cwd: o.cwd,
    c,
    term,
    programs,
  };
}

/** Parses and runs source text; syntax errors print the shell's message and return 2. */
export async function runSource(sh: Shell, src: string, io: Stdio): Promise<number> {
  let list: List;
  try {
    list = parse(src);
  } catch (e) {
    if (e instanceof Incomplete || e instanceof SyntaxError_) {
      io.err(syntaxMessage(sh, e));
      return (sh.status = 2);
    }
    throw e;
  }
  return runList(sh, list, io);
}

/** A whole script (`sh -c`, `sh file`): `exit` ends it with its code. */
export async function runScript(sh: Shell, src: string, io: Stdio): Promise<number> {
  try {
    return await runSource(sh, src, io);
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    if (e instanceof LoopSignal) return 0;
    throw e;
  }
}

export function prompt(sh: Shell): string {
  const ps1 = sh.vars.get('PS1');
  if (ps1 !== undefined) return ps1;
  const home = sh.vars.get('HOME') ?? '/root';
  switch (sh.flavor) {
    case 'bash': {
      const dir =
        sh.cwd === home
          ? '~'
          : sh.cwd.startsWith(`${home}/`)
            ? `~${sh.cwd.slice(home.length)}`
            : sh.cwd;
      return `root@${sh.c.hostname}:${dir}# `;
    }
    case 'ash':
      return `${sh.cwd === home ? '~' : sh.cwd} # `;
    case 'dash':
      return '# ';
  }
}

/**
 * Reads commands from `io.in` until EOF or `exit`: an interactive shell prompts (PS1/PS2), keeps history,
 * and survives Ctrl-C; a shell fed by a pipe just runs each complete command as it arrives.
 */
export async function repl(sh: Shell, io: Stdio): Promise<number> {
  let buffer = '';
  for (;;) {
    if (sh.interactive) io.err(buffer === '' ? prompt(sh) : '> ');
    const line = await io.in.readLine();
    if (line === INTR) {
      buffer = '';
      sh.status = 130;
      io.err('\n');
      continue;
    }
    if (line === null) {
      if (buffer !== '') {
        io.err(syntaxMessage(sh, new Incomplete('command')));
        return 2;
      }
      if (sh.interactive && sh.flavor === 'bash') io.err('exit\n');
      else if (sh.interactive) io.err('\n');
      return sh.status;
    }
    buffer += `${line}\n`;
    let list: List;
    try {
      list = parse(buffer);
    } catch (e) {
      if (e instanceof Incomplete) continue;
      if (e instanceof SyntaxError_) {
        io.err(syntaxMessage(sh, e));
        sh.status = 2;
        buffer = '';
        sh.line++;
        continue;
      }
      throw e;
    }
    const src = buffer.replace(/\n$/, '');
    buffer = '';
    if (sh.interactive && src.trim() !== '') sh.term.history.push(src);
    try {
      await sh.term.foreground(() => runList(sh, list, io));
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof Interrupt && sh.interactive) {
        io.err('\n');
        sh.status = 130;
      } else if (e instanceof LoopSignal) sh.status = 0;
      else throw e;
    } finally {
      sh.line++;
    }
  }
}

/** `sh`/`bash`/`dash`/`ash` as programs: `-c script`, a script file, or commands from stdin. */
export function shellProgram(name: 'sh' | 'bash' | 'dash' | 'ash'): Program {
  return async (argv, io, ctx) => {
    const programs = ctx.programs;
    const flavor = flavorOf(ctx.c.image.userland, name);
    let i = 1;
    let command: string | undefined;
    let forceInteractive = false;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-c') {
        command = argv[++i];
        if (command === undefined) {
          io.err(`${argv[0]}: -c: option requires an argument\n`);
          return 2;
        }
        i++;
        break;
      }
      if (a === '-i') forceInteractive = true;
      else if (a === '--') {
        i++;
        break;
      } else if (!/^[-+][a-zA-Z]+$/.test(a) && a !== '--login') break;
    }
    const rest = argv.slice(i);
    const base = (arg0: string, positional: string[], interactive: boolean): Shell =>
      newShell(ctx.c, ctx.term, programs, {
        flavor,
        arg0,
        env: ctx.env,
        cwd: ctx.cwd,
        positional,
        interactive,
        pid: ctx.pid,
      });
    if (command !== undefined) {
      const sh = base(rest[0] ?? argv[0]!, rest.slice(1), false);
      return runScript(sh, command, io);
    }
    if (rest.length > 0) {
      const file = rest[0]!;
      const data = readFile(ctx.c.fs, resolvePath(ctx.cwd, file));
      if (!data.ok) {
        const msg =
          flavor === 'bash'
            ? `${argv[0]}: ${file}: ${errorText(data.error)}\n`
            : flavor === 'dash'
              ? `${argv[0]}: 0: cannot open ${file}: No such file\n`
              : `${argv[0]}: can't open '${file}': ${errorText(data.error)}\n`;
        io.err(msg);
        return flavor === 'dash' ? 2 : 127;
      }
      return runScript(base(file, rest.slice(1), false), data.value, io);
    }
    const interactive = forceInteractive || io.in.isTty;
    const sh = base(argv[0]!, [], interactive);
    return repl(sh, io);
  };
}
