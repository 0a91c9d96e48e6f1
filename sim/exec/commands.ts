// The programs inside simulated containers (coreutils or busybox applets, java, nginx, the shells), each
// with the output format and error messages of the real tool in that userland.
import { CORE_COMMANDS } from './container';
import {
  basename,
  copy,
  errorText,
  fileSize,
  mkdir,
  move,
  readFile,
  remove,
  resolvePath,
  stat,
  touch,
  writeFile,
  type FsError,
  type FsNode,
} from './fs';
import { shellProgram, type Input, type Program, type ProgramCtx, type Stdio } from './shell';

const BUSYBOX_BANNER = 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.';

function gnu(ctx: ProgramCtx): boolean {
  return ctx.c.image.userland === 'gnu';
}

interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
  bad?: string;
}

/**
 * getopt-style parsing: `-la` bundles, `-n 5`/`-n5` values, `--` ends options, long options mapped
 * through `long` (e.g. `--all` → `a`). Unknown options are reported in `bad`.
 */
function getopt(
  args: string[],
  known: string,
  withValue = '',
  long: Record<string, string> = {},
): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, value] = a.slice(2).split('=', 2) as [string, string | undefined];
      const short = long[name];
      if (short === undefined) return { flags, values, operands, bad: a };
      if (withValue.includes(short)) values.set(short, value ?? args[++i] ?? '');
      else flags.add(short);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (withValue.includes(f)) {
          values.set(f, a.length > j + 1 ? a.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
        if (!known.includes(f)) return { flags, values, operands, bad: f };
        flags.add(f);
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, values, operands };
}

function badOption(ctx: ProgramCtx, io: Stdio, prog: string, bad: string, code = 1): number {
  if (gnu(ctx)) {
    io.err(
      bad.startsWith('--')
        ? `${prog}: unrecognized option '${bad}'\nTry '${prog} --help' for more information.\n`
        : `${prog}: invalid option -- '${bad}'\nTry '${prog} --help' for more information.\n`,
    );
    return code;
  }
  io.err(`${prog}: unrecognized option: ${bad.replace(/^--/, '')}\n${BUSYBOX_BANNER}\n`);
  return 1;
}

/** `cat: x: No such file or directory` (GNU) / `cat: can't open 'x': …` (busybox). */
function openError(ctx: ProgramCtx, prog: string, name: string, e: FsError): string {
  return gnu(ctx)
    ? `${prog}: ${name}: ${errorText(e)}\n`
    : `${prog}: can't open '${name}': ${errorText(e)}\n`;
}

async function readAll(input: Input, ctx: ProgramCtx): Promise<string> {
  let s = '';
  for (;;) {
    const chunk = await input.read();
    if (chunk === null) return s;
    s += chunk;
    await ctx.term.checkpoint();
  }
}

/** Reads each operand (`-` or none: stdin) and hands its text on; returns 1 if any could not be read. */
async function eachInput(
  prog: string,
  operands: string[],
  io: Stdio,
  ctx: ProgramCtx,
  fn: (text: string, name: string) => void | Promise<void>,
): Promise<number> {
  let st = 0;
  for (const name of operands.length > 0 ? operands : ['-']) {
    if (name === '-') {
      await fn(await readAll(io.in, ctx), name);
      continue;
    }
    const data = readFile(ctx.c.fs, resolvePath(ctx.cwd, name));
    if (!data.ok) {
      io.err(openError(ctx, prog, name, data.error));
      st = 1;
      continue;
    }
    await fn(data.value, name);
  }
  return st;
}

function lines(text: string): string[] {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
  e: '\u001b',
  '\\': '\\',
};

/** Backslash escapes of echo -e / printf; `stop` reports `\c`. */
function unescape(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    if (n === 'c') return { text: out, stop: true };
    if (n === '0' || /[1-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(n === '0' ? i + 1 : i));
      const digits = m?.[0] ?? '';
      out += String.fromCharCode(parseInt(digits || '0', 8));
      i += digits.length - (n === '0' ? 0 : 1);
      continue;
    }
    out += ESCAPES[n] ?? `\\${n}`;
  }
  return { text: out, stop: false };
}

// ---------------------------------------------------------------------------------------------

const echo: Program = (argv, io, ctx) => {
  let args = argv.slice(1);
  let newline = true;
  const dash = ctx.flavor === 'dash';
  let escapes = dash;
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    for (const f of args[0].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
    args = args.slice(1);
    if (dash) break;
  }
  let text = args.join(' ');
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  io.out(newline ? `${text}\n` : text);
  return 0;
};

/** printf with %s %d %i %x %o %c %f %% and escapes; the format repeats while arguments remain. */
const printf: Program = (argv, io, ctx) => {
  const format = argv[1];
  if (format === undefined) {
    io.err(gnu(ctx) ? 'printf: missing operand\n' : `Usage: printf FORMAT [ARG]...\n`);
    return 1;
  }
  const args = argv.slice(2);
  let st = 0;
  let out = '';
  let used = 0;
  do {
    const start = used;
    out += format.replace(
      /%([-+ 0#]*\d*(?:\.\d+)?)([sdixXocfeg%b])|\\(?:[0-7]{1,3}|.)/g,
      (m, spec: string, conv: string) => {
        if (m.startsWith('\\')) return unescape(m).text;
        if (conv === '%') return '%';
        const arg = args[used++] ?? '';
        let s: string;
        switch (conv) {
          case 's':
            s = arg;
            break;
          case 'b':
            s = unescape(arg).text;
            break;
          case 'c':
            s = arg.slice(0, 1);
            break;
          case 'd':
          case 'i':
          case 'x':
          case 'X':
          case 'o': {
            const n = arg === '' ? 0 : Number(arg);
            if (!Number.isFinite(n)) {
              io.err(
                gnu(ctx)
                  ? `printf: '${arg}': expected a numeric value\n`
                  : `printf: invalid number '${arg}'\n`,
              );
              st = 1;
            }
            const v = Math.trunc(Number.isFinite(n) ? n : 0);
            s =
              conv === 'x'
                ? v.toString(16)
                : conv === 'X'
                  ? v.toString(16).toUpperCase()
                  : conv === 'o'
                    ? v.toString(8)
                    : String(v);
            break;
          }
          default: {
            const n = Number(arg || 0);
            const prec = /\.(\d+)/.exec(spec)?.[1];
            s = (Number.isFinite(n) ? n : 0).toFixed(prec === undefined ? 6 : Number(prec));
          }
        }
        const width = /(\d+)/.exec(spec.replace(/\.\d+/, ''))?.[1];
        if (width !== undefined) {
          const w = Number(width);
          s = spec.includes('-')
            ? s.padEnd(w)
            : s.padStart(w, spec.startsWith('0') && conv !== 's' ? '0' : ' ');
        }
        return s;
      },
    );
    if (used === start) break;
  } while (used < args.length);
  io.out(out);
  return st;
};

const cat: Program = async (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'unAEvT', '', {});
  if (p.bad) return badOption(ctx, io, 'cat', p.bad);
  const files = p.operands.length > 0 ? p.operands : ['-'];
  let st = 0;
  for (const name of files) {
    if (name === '-') {
      for (;;) {
        const chunk = await io.in.read();
        if (chunk === null) break;
        io.out(chunk);
        await ctx.term.checkpoint();
      }
      continue;
    }
    const n = stat(ctx.c.fs, resolvePath(ctx.cwd, name));
    if (!n.ok) {
      io.err(openError(ctx, 'cat', name, n.error));
      st = 1;
    } else if (n.value.kind === 'dir') {
      io.err(gnu(ctx) ? `cat: ${name}: Is a directory\n` : 'cat: read error: Is a directory\n');
      st = 1;
    } else {
      const data = p.flags.has('n')
        ? lines(n.value.data)
            .map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`)
            .join('')
        : n.value.data;
      for (let i = 0; i < data.length; i += 64 * 1024) {
        io.out(data.slice(i, i + 64 * 1024));
        await ctx.term.checkpoint();
      }
    }
  }
  return st;
};

// ---------------------------------------------------------------------------------------------
// ls

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function modeString(n: FsNode): string {
  const bits = n.mode;
  const rwx = (v: number): string => `${v & 4 ? 'r' : '-'}${v & 2 ? 'w' : '-'}${v & 1 ? 'x' : '-'}`;
  let s = `${n.kind === 'dir' ? 'd' : '-'}${rwx(bits >> 6)}${rwx(bits >> 3)}${rwx(bits)}`;
  if (bits & 0o1000) s = `${s.slice(0, 9)}${s[9] === 'x' ? 't' : 'T'}`;
  return s;
}

function lsTime(mtime: number, now: number): string {
  const d = new Date(mtime);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = Math.abs(now - mtime) < 182 * 24 * 3600 * 1000;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : Math.ceil(v)}${units[u]}`;
}

/** Column-major layout like ls on a terminal, two spaces between columns. */
function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  for (let cols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      widths.push(Math.max(0, ...col.map((n) => n.length)));
    }
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total > width && cols > 1) continue;
    let out = '';
    for (let r = 0; r < rows; r++) {
      const row: string[] = [];
      for (let c = 0; c < cols; c++) {
        const name = names[c * rows + r];
        if (name === undefined) continue;
        const last = c === cols - 1 || names[(c + 1) * rows + r] === undefined;
        row.push(last ? name : name.padEnd(widths[c]! + 2));
      }
      out += `${row.join('')}\n`;
    }
    return out;
  }
  return `${names.join('\n')}\n`;
}

const ls: Program = (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'laA1hdFRrtS', '', {
    all: 'a',
    'almost-all': 'A',
    'human-readable': 'h',
    directory: 'd',
    color: 'F',
  });
  if (p.bad) return badOption(ctx, io, 'ls', p.bad, 2);
  const f = p.flags;
  const isTty = ctx.term.tty && io.in.isTty;
  const width = ctx.term.size()?.width ?? 80;
  const now = ctx.term.now();
  const operands = p.operands.length > 0 ? p.operands : ['.'];
  let st = 0;
  const files: [string, FsNode][] = [];
  const dirs: [string, FsNode][] = [];
  for (const name of operands) {
    const n = stat(ctx.c.fs, resolvePath(ctx.cwd, name));
    if (!n.ok) {
      io.err(
        gnu(ctx)
          ? `ls: cannot access '${name}': ${errorText(n.error)}\n`
          : `ls: ${name}: ${errorText(n.error)}\n`,
      );
      st = gnu(ctx) ? 2 : 1;
    } else if (n.value.kind === 'dir' && !f.has('d')) dirs.push([name, n.value]);
    else files.push([name, n.value]);
  }
  const suffix = (name: string, n: FsNode): string =>
    f.has('F') ? `${name}${n.kind === 'dir' ? '/' : n.mode & 0o111 ? '*' : ''}` : name;
  const render = (entries: [string, FsNode][], withTotal: boolean): string => {
    if (f.has('t')) entries.sort((a, b) => b[1].mtime - a[1].mtime);
    if (f.has('S')) entries.sort((a, b) => fileSize(b[1]) - fileSize(a[1]));
    if (f.has('r')) entries.reverse();
    if (!f.has('l')) {
      const names = entries.map(([name, n]) => suffix(name, n));
      return isTty && !f.has('1') ? columns(names, width) : names.map((n) => `${n}\n`).join('');
    }
    const size = (n: FsNode): string => (f.has('h') ? human(fileSize(n)) : String(fileSize(n)));
    const links = (n: FsNode): string =>
      String(
        n.kind === 'dir' ? 2 + [...n.entries.values()].filter((e) => e.kind === 'dir').length : 1,
      );
    const owner = (): string => 'root';
    const lw = Math.max(...entries.map(([, n]) => links(n).length), 1);
    const sw = Math.max(...entries.map(([, n]) => size(n).length), 1);
    let out = '';
    if (withTotal) {
      const blocks = entries.reduce((t, [, n]) => t + Math.ceil(fileSize(n) / 4096) * 4, 0);
      out += `total ${f.has('h') ? human(blocks * 1024) : blocks}\n`;
    }
    for (const [name, n] of entries) {
      out += gnu(ctx)
        ? `${modeString(n)} ${links(n).padStart(lw)} ${owner()} ${owner()} ${size(n).padStart(sw)} ${lsTime(n.mtime, now)} ${suffix(name, n)}\n`
        : `${modeString(n)} ${links(n).padStart(4)} ${owner().padEnd(8)} ${owner().padEnd(8)} ${size(n).padStart(9)} ${lsTime(n.mtime, now)} ${suffix(name, n)}\n`;
    }
    return out;
  };
  let out = render(files, false);
  dirs.forEach(([name, dir], i) => {
    const d = dir as Extract<FsNode, { kind: 'dir' }>;
    let entries = [...d.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!f.has('a') && !f.has('A')) entries = entries.filter(([e]) => !e.startsWith('.'));
    if (f.has('a')) entries = [['.', d], ['..', d], ...entries];
    if (operands.length > 1) out += `${out !== '' || i > 0 ? '\n' : ''}${name}:\n`;
    out += render(entries, true);
  });
  io.out(out);
  return st;
};

// ---------------------------------------------------------------------------------------------
// Environment and identity

const env: Program = async (argv, io, ctx) => {
  let i = 1;
  let e = new Map(ctx.env);
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-i' || a === '-') e = new Map();
    else if (a === '-u') e.delete(argv[++i] ?? '');
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const eq = a.indexOf('=');
      e.delete(a.slice(0, eq));
      e.set(a.slice(0, eq), a.slice(eq + 1));
    } else break;
  }
  if (i >= argv.length) {
    io.out([...e].map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  return ctx.run(argv.slice(i), io, e);
};

const printenv: Program = (argv, io, ctx) => {
  const names = argv.slice(1);
  if (names.length === 0) {
    io.out([...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let st = 0;
  for (const n of names) {
    const v = ctx.env.get(n);
    if (v === undefined) st = 1;
    else io.out(`${v}\n`);
  }
  return st;
};

const id: Program = (argv, io) => {
  const f = argv.slice(1).join('');
  if (/u/.test(f)) io.out(/n/.test(f) ? 'root\n' : '0\n');
  else if (/g/.test(f)) io.out(/n/.test(f) ? 'root\n' : '0\n');
  else io.out('uid=0(root) gid=0(root) groups=0(root)\n');
  return 0;
};

const hostname: Program = (argv, io, ctx) => {
  const a = argv[1];
  if (a === '-i' || a === '-I') io.out(`${ctx.c.podIP}${a === '-I' ? ' ' : ''}\n`);
  else if (a !== undefined && !a.startsWith('-')) {
    io.err(
      gnu(ctx)
        ? 'hostname: you must be root to change the host name\n'
        : 'hostname: sethostname: Operation not permitted\n',
    );
    return 1;
  } else io.out(`${ctx.c.hostname}\n`);
  return 0;
};

const KERNEL_VERSION = '#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024';

const uname: Program = (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'asnrvmpio', '', {
    all: 'a',
    'kernel-name': 's',
    nodename: 'n',
    'kernel-release': 'r',
    'kernel-version': 'v',
    machine: 'm',
    'operating-system': 'o',
  });
  if (p.bad) return badOption(ctx, io, 'uname', p.bad);
  const f = p.flags;
  const os = gnu(ctx) ? 'GNU/Linux' : 'Linux';
  if (f.has('a')) {
    io.out(`Linux ${ctx.c.hostname} ${ctx.c.kernel} ${KERNEL_VERSION} x86_64 ${os}\n`);
    return 0;
  }
  const parts: string[] = [];
  if (f.has('s') || f.size === 0) parts.push('Linux');
  if (f.has('n')) parts.push(ctx.c.hostname);
  if (f.has('r')) parts.push(ctx.c.kernel);
  if (f.has('v')) parts.push(KERNEL_VERSION);
  if (f.has('m')) parts.push('x86_64');
  if (f.has('p') && gnu(ctx)) parts.push('unknown');
  if (f.has('i') && gnu(ctx)) parts.push('unknown');
  if (f.has('o')) parts.push(os);
  io.out(`${parts.join(' ')}\n`);
  return 0;
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** strftime subset for `date +FORMAT`. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getUTCFullYear());
      case 'y':
        return pad2(d.getUTCFullYear() % 100);
      case 'm':
        return pad2(d.getUTCMonth() + 1);
      case 'd':
        return pad2(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2);
      case 'H':
        return pad2(d.getUTCHours());
      case 'M':
        return pad2(d.getUTCMinutes());
      case 'S':
        return pad2(d.getUTCSeconds());
      case 's':
        return String(Math.floor(ms / 1000));
      case 'N':
        return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case 'a':
        return DAYS[d.getUTCDay()]!;
      case 'b':
      case 'h':
        return MONTHS[d.getUTCMonth()]!;
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'j':
        return String(
          Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
        ).padStart(3, '0');
      case 'F':
        return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
      case 'T':
        return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
      case 'D':
        return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${pad2(d.getUTCFullYear() % 100)}`;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return m;
    }
  });
}

const date: Program = (argv, io, ctx) => {
  const now = ctx.term.now();
  for (const a of argv.slice(1)) {
    if (a.startsWith('+')) {
      io.out(`${formatDate(now, a.slice(1))}\n`);
      return 0;
    }
    if (a === '-I' || a === '--iso-8601') {
      io.out(`${formatDate(now, '%F')}\n`);
      return 0;
    }
    if (a === '-R' || a === '--rfc-email') {
      io.out(`${formatDate(now, '%a, %d %b %Y %T +0000')}\n`);
      return 0;
    }
    if (a !== '-u' && a !== '--utc') {
      io.err(gnu(ctx) ? `date: invalid date '${a}'\n` : `date: invalid date '${a}'\n`);
      return 1;
    }
  }
  io.out(`${formatDate(now, '%a %b %e %H:%M:%S %Z %Y')}\n`);
  return 0;
};

const uptime: Program = (_argv, io, ctx) => {
  const now = ctx.term.now();
  const up = Math.max(0, Math.floor((now - ctx.c.startedAt) / 60_000) + 3 * 24 * 60 + 131);
  const days = Math.floor(up / 1440);
  const hm = `${Math.floor((up % 1440) / 60)}:${pad2(up % 60)}`;
  io.out(
    ` ${formatDate(now, '%T')} up ${days} days, ${hm.padStart(5)},  0 users,  load average: 0.08, 0.12, 0.10\n`,
  );
  return 0;
};

const ps: Program = (argv, io, ctx) => {
  const procs = [...ctx.c.procs.values()].sort((a, b) => a.pid - b.pid);
  // A registered ps is already in the table; a builtin-less direct call is not.
  const all =
    ctx.pid !== undefined && ctx.c.procs.has(ctx.pid)
      ? procs
      : [...procs, { pid: ctx.c.nextPid(), user: 'root', argv }];
  const cmdline = (p: { argv: string[]; title?: string }): string => p.title ?? p.argv.join(' ');
  const tty = (p: { pid: number }): string =>
    p.pid === 1 || p.pid < 40 ? '?' : ctx.term.tty ? 'pts/0' : '?';
  const start = formatDate(ctx.c.startedAt, '%H:%M');
  if (!gnu(ctx)) {
    io.out(
      `PID   USER     TIME  COMMAND\n${all.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} ${' 0:00'} ${cmdline(p)}`).join('\n')}\n`,
    );
    return 0;
  }
  const args = argv.slice(1).join(' ');
  if (/(^|\s)-?[a-z]*u/.test(args) && /x/.test(args)) {
    io.out(
      `USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n${all
        .map((p) => {
          const main = p.pid === 1;
          const cpu = main ? '1.2' : '0.0';
          const mem = main ? '4.1' : '0.0';
          const vsz = main ? '5623412' : '4188';
          const rss = main ? '342116' : '3328';
          return `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${cpu.padStart(4)} ${mem.padStart(4)} ${vsz.padStart(6)} ${rss.padStart(5)} ${tty(p).padEnd(8)} ${(main ? 'Ssl' : 'Ss').padEnd(4)} ${start}   ${main ? '1:23' : '0:00'} ${cmdline(p)}`;
        })
        .join('\n')}\n`,
    );
    return 0;
  }
  if (/(^|\s)-[a-zA-Z]*[ef]/.test(args)) {
    io.out(
      `UID          PID    PPID  C STIME TTY          TIME CMD\n${all
        .map(
          (p) =>
            `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.pid === 1 ? 0 : 1).padStart(7)}  0 ${start} ${tty(p).padEnd(8)} 00:00:00 ${cmdline(p)}`,
        )
        .join('\n')}\n`,
    );
    return 0;
  }
  io.out(
    `    PID TTY          TIME CMD\n${all
      .map(
        (p) =>
          `${String(p.pid).padStart(7)} ${tty(p).padEnd(8)} 00:00:00 ${(p.argv[0] ?? '').split('/').pop()}`,
      )
      .join('\n')}\n`,
  );
  return 0;
};

// ---------------------------------------------------------------------------------------------
// Terminal and time

/** `sleep 1`, `0.5`, `2m`, `1h`, `infinity`; several operands add up (GNU). */
export function parseDuration(arg: string): number | undefined {
  if (arg === 'inf' || arg === 'infinity') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!]!;
  return Number(m[1]) * unit * 1000;
}

const sleep: Program = async (argv, io, ctx) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    io.err(
      gnu(ctx)
        ? "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n\nUsage: sleep [N]...\n`,
    );
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = parseDuration(a);
    if (ms === undefined) {
      io.err(
        gnu(ctx)
          ? `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`
          : `sleep: invalid number '${a}'\n`,
      );
      return 1;
    }
    total += ms;
  }
  // An "infinite" sleep wakes every day of simulated time; Ctrl-C or the end of the session stop it.
  while (total > 0) {
    const step = Math.min(total, 86_400_000);
    await ctx.term.sleep(step);
    if (Number.isFinite(total)) total -= step;
  }
  return 0;
};

const stty: Program = (argv, io, ctx) => {
  if (!ctx.term.tty || !io.in.isTty) {
    io.err(
      gnu(ctx)
        ? "stty: 'standard input': Inappropriate ioctl for device\n"
        : 'stty: standard input: Not a tty\n',
    );
    return 1;
  }
  const size = ctx.term.size() ?? { width: 80, height: 24 };
  const args = argv.slice(1);
  if (args.length === 0 || args[0] === '-a' || args[0] === '--all') {
    io.out(
      args.length === 0
        ? 'speed 38400 baud; line = 0;\n-brkint -imaxbel iutf8\n'
        : `speed 38400 baud; rows ${size.height}; columns ${size.width}; line = 0;\nintr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>; eol2 = <undef>;\n-parenb -parodd cs8 -hupcl -cstopb cread -clocal -crtscts\nicrnl ixon -ixoff iutf8\nopost onlcr\nisig icanon iexten echo echoe echok -echonl -noflsh\n`,
    );
    return 0;
  }
  if (args[0] === 'size') {
    io.out(`${size.height} ${size.width}\n`);
    return 0;
  }
  let next = { ...size };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'rows' || a === 'cols' || a === 'columns') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0 || n > 10_000) {
        io.err(`stty: invalid integer argument: '${args[i] ?? ''}'\n`);
        return 1;
      }
      next = a === 'rows' ? { ...next, height: n } : { ...next, width: n };
    } else if (!/^-?(echo|icanon|raw|sane|cooked|isig|onlcr|opost)$/.test(a)) {
      io.err(`stty: invalid argument '${a}'\nTry 'stty --help' for more information.\n`);
      return 1;
    }
  }
  ctx.term.setSize(next);
  return 0;
};

const clear: Program = (_argv, io, ctx) => {
  if (!ctx.env.get('TERM') && gnu(ctx)) {
    io.err('TERM environment variable not set.\n');
    return 1;
  }
  io.out('\u001b[H\u001b[2J\u001b[3J');
  return 0;
};

// ---------------------------------------------------------------------------------------------
// Files

const pwd: Program = (_argv, io, ctx) => {
  io.out(`${ctx.cwd}\n`);
  return 0;
};

const mkdirP: Program = (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'pv', 'm', { parents: 'p' });
  if (p.bad) return badOption(ctx, io, 'mkdir', p.bad);
  if (p.operands.length === 0) {
    io.err(
      gnu(ctx)
        ? "mkdir: missing operand\nTry 'mkdir --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n`,
    );
    return 1;
  }
  let st = 0;
  for (const name of p.operands) {
    const r = mkdir(ctx.c.fs, resolvePath(ctx.cwd, name), {
      parents: p.flags.has('p'),
      now: ctx.term.now(),
    });
    if (!r.ok) {
      io.err(
        gnu(ctx)
          ? `mkdir: cannot create directory '${name}': ${errorText(r.error)}\n`
          : `mkdir: can't create directory '${name}': ${errorText(r.error)}\n`,
      );
      st = 1;
    }
  }
  return st;
};

const rmdir: Program = (argv, io, ctx) => {
  let st = 0;
  for (const name of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const r = remove(ctx.c.fs, resolvePath(ctx.cwd, name), { dirOnly: true });
    if (!r.ok) {
      io.err(
        gnu(ctx)
          ? `rmdir: failed to remove '${name}': ${errorText(r.error)}\n`
          : `rmdir: '${name}': ${errorText(r.error)}\n`,
      );
      st = 1;
    }
  }
  return st;
};

const touchP: Program = (argv, io, ctx) => {
  const names = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (names.length === 0) {
    io.err(
      gnu(ctx)
        ? "touch: missing file operand\nTry 'touch --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n`,
    );
    return 1;
  }
  let st = 0;
  for (const name of names) {
    const r = touch(ctx.c.fs, resolvePath(ctx.cwd, name), ctx.term.now());
    if (!r.ok) {
      io.err(
        gnu(ctx)
          ? `touch: cannot touch '${name}': ${errorText(r.error)}\n`
          : `touch: ${name}: ${errorText(r.error)}\n`,
      );
      st = 1;
    }
  }
  return st;
};

const rm: Program = (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'rRfiv', '', { recursive: 'r', force: 'f' });
  if (p.bad) return badOption(ctx, io, 'rm', p.bad);
  const recursive = p.flags.has('r') || p.flags.has('R');
  const force = p.flags.has('f');
  if (p.operands.length === 0 && !force) {
    io.err(
      gnu(ctx)
        ? "rm: missing operand\nTry 'rm --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n`,
    );
    return 1;
  }
  let st = 0;
  for (const name of p.operands) {
    const r = remove(ctx.c.fs, resolvePath(ctx.cwd, name), { recursive });
    if (r.ok || (force && r.error === 'ENOENT')) continue;
    st = 1;
    if (r.error === 'EISDIR')
      io.err(
        gnu(ctx)
          ? `rm: cannot remove '${name}': Is a directory\n`
          : `rm: '${name}' is a directory\n`,
      );
    else
      io.err(
        gnu(ctx)
          ? `rm: cannot remove '${name}': ${errorText(r.error)}\n`
          : `rm: can't remove '${name}': ${errorText(r.error)}\n`,
      );
  }
  return st;
};

function copyLike(kind: 'cp' | 'mv'): Program {
  return (argv, io, ctx) => {
    const p = getopt(argv.slice(1), 'rRafpvinT', '', { recursive: 'r', archive: 'a', force: 'f' });
    if (p.bad) return badOption(ctx, io, kind, p.bad);
    const ops = p.operands;
    if (ops.length < 2) {
      io.err(
        gnu(ctx)
          ? ops.length === 0
            ? `${kind}: missing file operand\nTry '${kind} --help' for more information.\n`
            : `${kind}: missing destination file operand after '${ops[0]}'\nTry '${kind} --help' for more information.\n`
          : `${BUSYBOX_BANNER}\n`,
      );
      return 1;
    }
    const dest = ops[ops.length - 1]!;
    const destAbs = resolvePath(ctx.cwd, dest);
    const destNode = stat(ctx.c.fs, destAbs);
    if (ops.length > 2 && !(destNode.ok && destNode.value.kind === 'dir')) {
      io.err(
        gnu(ctx)
          ? `${kind}: target '${dest}': Not a directory\n`
          : `${kind}: '${dest}' is not a directory\n`,
      );
      return 1;
    }
    const recursive = kind === 'mv' || p.flags.has('r') || p.flags.has('R') || p.flags.has('a');
    let st = 0;
    for (const src of ops.slice(0, -1)) {
      const srcAbs = resolvePath(ctx.cwd, src);
      const s = stat(ctx.c.fs, srcAbs);
      if (!s.ok) {
        io.err(
          gnu(ctx)
            ? `${kind}: cannot stat '${src}': ${errorText(s.error)}\n`
            : kind === 'cp'
              ? `cp: can't stat '${src}': ${errorText(s.error)}\n`
              : `mv: can't rename '${src}': ${errorText(s.error)}\n`,
        );
        st = 1;
        continue;
      }
      if (s.value.kind === 'dir' && !recursive) {
        io.err(
          gnu(ctx)
            ? `cp: -r not specified; omitting directory '${src}'\n`
            : `cp: omitting directory '${src}'\n`,
        );
        st = 1;
        continue;
      }
      const r =
        kind === 'cp'
          ? copy(ctx.c.fs, srcAbs, destAbs, { recursive, now: ctx.term.now() })
          : move(ctx.c.fs, srcAbs, destAbs, ctx.term.now());
      if (!r.ok) {
        const msg =
          r.error === 'EINVAL'
            ? `cannot ${kind === 'cp' ? 'copy' : 'move'} '${src}' to a subdirectory of itself, '${dest}'`
            : `cannot ${kind === 'cp' ? 'create regular file' : 'move'} '${dest}': ${errorText(r.error)}`;
        io.err(`${kind}: ${gnu(ctx) ? msg : msg.replace('cannot', "can't")}\n`);
        st = 1;
      }
    }
    return st;
  };
}

const chmod: Program = (argv, io, ctx) => {
  const [mode, ...files] = argv.slice(1).filter((a) => a !== '-R');
  if (mode === undefined || files.length === 0) {
    io.err(
      gnu(ctx)
        ? "chmod: missing operand\nTry 'chmod --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n`,
    );
    return 1;
  }
  let st = 0;
  for (const name of files) {
    const n = stat(ctx.c.fs, resolvePath(ctx.cwd, name));
    if (!n.ok) {
      io.err(
        gnu(ctx)
          ? `chmod: cannot access '${name}': ${errorText(n.error)}\n`
          : `chmod: ${name}: ${errorText(n.error)}\n`,
      );
      st = 1;
      continue;
    }
    if (n.value.readOnly) {
      io.err(`chmod: changing permissions of '${name}': Read-only file system\n`);
      st = 1;
      continue;
    }
    if (/^[0-7]{3,4}$/.test(mode)) n.value.mode = parseInt(mode, 8);
    else {
      const m = /^([ugoa]*)([+-=])([rwx]*)$/.exec(mode);
      if (!m) {
        io.err(`chmod: invalid mode: '${mode}'\n`);
        return 1;
      }
      const who =
        m[1] === '' || m[1]!.includes('a')
          ? 0o777
          : (m[1]!.includes('u') ? 0o700 : 0) |
            (m[1]!.includes('g') ? 0o070 : 0) |
            (m[1]!.includes('o') ? 0o007 : 0);
      const perm =
        (m[3]!.includes('r') ? 0o444 : 0) |
        (m[3]!.includes('w') ? 0o222 : 0) |
        (m[3]!.includes('x') ? 0o111 : 0);
      const bits = who & perm;
      n.value.mode =
        m[2] === '+'
          ? n.value.mode | bits
          : m[2] === '-'
            ? n.value.mode & ~bits
            : (n.value.mode & ~who) | bits;
    }
  }
  return st;
};

// ---------------------------------------------------------------------------------------------
// Text

const wc: Program = async (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'lwcmL', '', { lines: 'l', words: 'w', bytes: 'c', chars: 'm' });
  if (p.bad) return badOption(ctx, io, 'wc', p.bad);
  const want =
    p.flags.size === 0 ? ['l', 'w', 'c'] : ['l', 'w', 'm', 'c'].filter((f) => p.flags.has(f));
  const rows: { counts: number[]; name: string }[] = [];
  const st = await eachInput('wc', p.operands, io, ctx, (text, name) => {
    const count: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter((w) => w !== '').length,
      c: Buffer.byteLength(text),
      m: [...text].length,
    };
    rows.push({ counts: want.map((f) => count[f]!), name: name === '-' ? '' : name });
  });
  if (rows.length > 1)
    rows.push({
      counts: want.map((_, i) => rows.reduce((t, r) => t + r.counts[i]!, 0)),
      name: 'total',
    });
  const fromStdin = rows.length === 1 && rows[0]!.name === '';
  const width = fromStdin
    ? want.length === 1
      ? 0
      : gnu(ctx)
        ? 7
        : 9
    : Math.max(...rows.flatMap((r) => r.counts.map((c) => String(c).length)));
  for (const r of rows) {
    const nums = r.counts.map((c) => String(c).padStart(width)).join(' ');
    io.out(`${nums}${r.name ? ` ${r.name}` : ''}\n`);
  }
  return st;
};

function headTail(kind: 'head' | 'tail'): Program {
  return async (argv, io, ctx) => {
    const args = argv.slice(1).map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const p = getopt(args, 'fqvF', 'nc', { lines: 'n', bytes: 'c', follow: 'f' });
    if (p.bad) return badOption(ctx, io, kind, p.bad);
    const spec = p.values.get('n') ?? '10';
    const fromStart = kind === 'tail' && spec.startsWith('+');
    const n = Number(spec.replace(/^[+-]/, ''));
    if (!Number.isInteger(n) || n < 0) {
      io.err(
        gnu(ctx)
          ? `${kind}: invalid number of lines: '${spec}'\n`
          : `${kind}: invalid number '${spec}'\n`,
      );
      return 1;
    }
    const bytes = p.values.get('c');
    const many = p.operands.length > 1;
    let first = true;
    const st = await eachInput(kind, p.operands, io, ctx, (text, name) => {
      if (many) io.out(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
      first = false;
      if (bytes !== undefined) {
        const b = Number(bytes);
        io.out(kind === 'head' ? text.slice(0, b) : text.slice(-b));
        return;
      }
      const ls = lines(text);
      const picked =
        kind === 'head'
          ? ls.slice(0, n)
          : fromStart
            ? ls.slice(Math.max(0, n - 1))
            : n === 0
              ? []
              : ls.slice(-n);
      const trailing =
        picked.length > 0 &&
        (kind === 'head' ? picked.length < ls.length || text.endsWith('\n') : text.endsWith('\n'));
      io.out(picked.join('\n') + (trailing ? '\n' : ''));
    });
    if (kind === 'tail' && p.flags.has('f') && p.operands.length > 0) {
      // Follow: report what gets appended (by other exec sessions) once a simulated second.
      const path = resolvePath(ctx.cwd, p.operands[p.operands.length - 1]!);
      let seen = readFile(ctx.c.fs, path);
      for (;;) {
        await ctx.term.sleep(1000);
        const now = readFile(ctx.c.fs, path);
        if (
          now.ok &&
          seen.ok &&
          now.value.length > seen.value.length &&
          now.value.startsWith(seen.value)
        ) {
          io.out(now.value.slice(seen.value.length));
        } else if (now.ok && seen.ok && now.value !== seen.value) {
          io.err(`tail: ${p.operands[p.operands.length - 1]}: file truncated\n`);
          io.out(now.value);
        }
        seen = now;
      }
    }
    return st;
  };
}

/** POSIX basic regular expression to JavaScript: `\(` `\|` `\{` are the operators, bare ones literal. */
export function breToRegExp(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else if ('(){}|+?'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

const grep: Program = async (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'ivncqlEFowhHrsx', 'em', {
    'ignore-case': 'i',
    'invert-match': 'v',
    'line-number': 'n',
    count: 'c',
    quiet: 'q',
    'files-with-matches': 'l',
    'extended-regexp': 'E',
    'fixed-strings': 'F',
    'only-matching': 'o',
    'word-regexp': 'w',
  });
  if (p.bad) return badOption(ctx, io, 'grep', p.bad, 2);
  const f = p.flags;
  const ops = [...p.operands];
  const pattern = p.values.get('e') ?? ops.shift();
  if (pattern === undefined) {
    io.err(
      gnu(ctx)
        ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
        : `${BUSYBOX_BANNER}\n`,
    );
    return 2;
  }
  let source = f.has('F')
    ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    : f.has('E')
      ? pattern
      : breToRegExp(pattern);
  if (f.has('w')) source = `\\b(?:${source})\\b`;
  if (f.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, f.has('i') ? 'gi' : 'g');
  } catch {
    io.err(gnu(ctx) ? 'grep: Unmatched ( or \\(\n' : `grep: bad regex '${pattern}'\n`);
    return 2;
  }
  const max = p.values.has('m') ? Number(p.values.get('m')) : Number.POSITIVE_INFINITY;
  const showName = (ops.length > 1 || f.has('H')) && !f.has('h');
  let matched = false;
  let out = '';
  const st = await eachInput('grep', ops, io, ctx, (text, name) => {
    const label = name === '-' ? '(standard input)' : name;
    let count = 0;
    for (const [i, line] of lines(text).entries()) {
      if (count >= max) break;
      re.lastIndex = 0;
      const hits = [...line.matchAll(re)].filter((m) => m[0] !== '' || !f.has('o'));
      const ok = f.has('v') ? hits.length === 0 : re.test(line) || hits.length > 0;
      if (!ok) continue;
      count++;
      matched = true;
      if (f.has('q') || f.has('l') || f.has('c')) continue;
      const prefix = `${showName ? `${label}:` : ''}${f.has('n') ? `${i + 1}:` : ''}`;
      if (f.has('o') && !f.has('v')) for (const m of hits) out += `${prefix}${m[0]}\n`;
      else out += `${prefix}${line}\n`;
    }
    if (f.has('c')) out += `${showName ? `${label}:` : ''}${count}\n`;
    if (f.has('l') && count > 0) out += `${label}\n`;
  });
  if (!f.has('q')) io.out(out);
  if (st !== 0 && !(f.has('q') && matched)) return 2;
  return matched ? 0 : 1;
};

const sort: Program = async (argv, io, ctx) => {
  const p = getopt(argv.slice(1), 'rnuf', '', { reverse: 'r', 'numeric-sort': 'n', unique: 'u' });
  if (p.bad) return badOption(ctx, io, 'sort', p.bad, 2);
  const all: string[] = [];
  const st = await eachInput('sort', p.operands, io, ctx, (text) => void all.push(...lines(text)));
  const key = (s: string): string => (p.flags.has('f') ? s.toLowerCase() : s);
  all.sort(
    p.flags.has('n')
      ? (a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0)
      : (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
  if (p.flags.has('r')) all.reverse();
  const result = p.flags.has('u') ? all.filter((l, i) => i === 0 || l !== all[i - 1]) : all;
  io.out(result.map((l) => `${l}\n`).join(''));
  return st === 0 ? 0 : 2;
};

const tee: Program = async (argv, io, ctx) => {
  const append = argv.includes('-a');
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  let st = 0;
  const paths = files.filter((name) => {
    const r = writeFile(ctx.c.fs, resolvePath(ctx.cwd, name), '', {
      append: true,
      now: ctx.term.now(),
    });
    if (!r.ok) {
      io.err(`tee: ${name}: ${errorText(r.error)}\n`);
      st = 1;
      return false;
    }
    if (!append) writeFile(ctx.c.fs, resolvePath(ctx.cwd, name), '', { now: ctx.term.now() });
    return true;
  });
  for (;;) {
    const chunk = await io.in.read();
    if (chunk === null) break;
    io.out(chunk);
    for (const name of paths)
      writeFile(ctx.c.fs, resolvePath(ctx.cwd, name), chunk, { append: true, now: ctx.term.now() });
    await ctx.term.checkpoint();
  }
  return st;
};

const seq: Program = (argv, io, ctx) => {
  const nums = argv.slice(1).map(Number);
  if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
    const bad = argv.slice(1).find((a) => !Number.isFinite(Number(a)));
    io.err(
      gnu(ctx)
        ? bad !== undefined
          ? `seq: invalid floating point argument: '${bad}'\n`
          : 'seq: missing operand\n'
        : `${BUSYBOX_BANNER}\n`,
    );
    return 1;
  }
  const [first, step, last] =
    nums.length === 1
      ? [1, 1, nums[0]!]
      : nums.length === 2
        ? [nums[0]!, 1, nums[1]!]
        : [nums[0]!, nums[1]!, nums[2]!];
  if (step === 0) return 1;
  let out = '';
  let count = 0;
  for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
    out += `${v}\n`;
    // A bounded buffer: seq is for small ranges in a simulated shell.
    if (++count >= 100_000) break;
  }
  io.out(out);
  return 0;
};

const basenameP: Program = (argv, io) => {
  const [p, suffix] = argv.slice(1);
  if (p === undefined) return 1;
  let b = basename(p);
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  io.out(`${b}\n`);
  return 0;
};

const dirnameP: Program = (argv, io) => {
  const p = argv[1];
  if (p === undefined) return 1;
  const trimmed = p.replace(/\/+$/, '') || '/';
  const i = trimmed.lastIndexOf('/');
  io.out(`${i < 0 ? '.' : i === 0 ? '/' : trimmed.slice(0, i)}\n`);
  return 0;
};

const which: Program = (argv, io, ctx) => {
  let st = 0;
  for (const name of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const path = (ctx.env.get('PATH') ?? '')
      .split(':')
      .map((d) => `${d}/${name}`)
      .find((p) => {
        const n = stat(ctx.c.fs, p);
        return n.ok && n.value.kind === 'file' && (n.value.mode & 0o111) !== 0;
      });
    if (path) io.out(`${path}\n`);
    else st = 1;
  }
  return st;
};

// ---------------------------------------------------------------------------------------------
// test / [

/** test(1): returns 0 true, 1 false, 2 error (message already written). */
function testExpr(args: string[], io: Stdio, ctx: ProgramCtx, prog: string): number {
  const bash = ctx.flavor === 'bash';
  const fail = (msg: string): number => {
    io.err(ctx.flavor ? ctx.diag(`${prog}: ${msg}`) : `${prog}: ${msg}\n`);
    return 2;
  };
  const int = (s: string): number | undefined => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : undefined);
  const fileTest = (op: string, name: string): boolean => {
    const n = stat(ctx.c.fs, resolvePath(ctx.cwd, name));
    if (!n.ok) return false;
    switch (op) {
      case '-e':
      case '-r':
      case '-w':
        return op !== '-w' || !n.value.readOnly;
      case '-f':
        return n.value.kind === 'file';
      case '-d':
        return n.value.kind === 'dir';
      case '-s':
        return fileSize(n.value) > 0;
      case '-x':
        return (n.value.mode & 0o111) !== 0;
      default:
        return false;
    }
  };
  const unary = (op: string, a: string): boolean | string => {
    if (op === '-z') return a === '';
    if (op === '-n') return a !== '';
    if (['-e', '-f', '-d', '-s', '-r', '-w', '-x'].includes(op)) return fileTest(op, a);
    if (op === '-L' || op === '-h') return false;
    return `${op}: unary operator expected`;
  };
  const binary = (a: string, op: string, b: string): boolean | string => {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
    }
    if (['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op)) {
      const x = int(a);
      const y = int(b);
      if (x === undefined || y === undefined) {
        const bad = x === undefined ? a : b;
        return bash ? `${bad}: integer expression expected` : `Illegal number: ${bad}`;
      }
      return {
        '-eq': x === y,
        '-ne': x !== y,
        '-lt': x < y,
        '-le': x <= y,
        '-gt': x > y,
        '-ge': x >= y,
      }[op]!;
    }
    return `${op}: binary operator expected`;
  };
  const evalSimple = (a: string[]): boolean | string => {
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return a[0] !== '';
      case 2:
        return a[0] === '!' ? !(evalSimple(a.slice(1)) === true) : unary(a[0]!, a[1]!);
      case 3:
        return a[0] === '!' ? !(evalSimple(a.slice(1)) === true) : binary(a[0]!, a[1]!, a[2]!);
      default: {
        if (a[0] === '!') {
          const r = evalSimple(a.slice(1));
          return typeof r === 'string' ? r : !r;
        }
        const or = a.indexOf('-o');
        if (or > 0) {
          const l = evalSimple(a.slice(0, or));
          const r = evalSimple(a.slice(or + 1));
          return typeof l === 'string' ? l : typeof r === 'string' ? r : l || r;
        }
        const and = a.indexOf('-a');
        if (and > 0) {
          const l = evalSimple(a.slice(0, and));
          const r = evalSimple(a.slice(and + 1));
          return typeof l === 'string' ? l : typeof r === 'string' ? r : l && r;
        }
        return bash ? 'too many arguments' : `${a[3]}: unexpected operator`;
      }
    }
  };
  const r = evalSimple(args);
  if (typeof r === 'string') return fail(r);
  return r ? 0 : 1;
}

const test: Program = (argv, io, ctx) => testExpr(argv.slice(1), io, ctx, 'test');
const bracket: Program = (argv, io, ctx) => {
  if (argv[argv.length - 1] !== ']') {
    const msg =
      ctx.flavor === 'ash'
        ? 'missing ]'
        : ctx.flavor === 'dash'
          ? '[: missing ]'
          : "[: missing `]'";
    io.err(ctx.flavor ? ctx.diag(msg) : `[: ${msg}\n`);
    return 2;
  }
  return testExpr(argv.slice(1, -1), io, ctx, '[');
};

// ---------------------------------------------------------------------------------------------
// Image programs

const java: Program = (argv, io) => {
  if (argv[1] === '-version' || argv[1] === '--version') {
    io.err(
      'openjdk version "21.0.5" 2024-10-15 LTS\nOpenJDK Runtime Environment Temurin-21.0.5+11 (build 21.0.5+11-LTS)\nOpenJDK 64-Bit Server VM Temurin-21.0.5+11 (build 21.0.5+11-LTS, mixed mode, sharing)\n',
    );
    return 0;
  }
  io.err(
    'Usage: java [options] <mainclass> [args...]\n           (to execute a class)\n   or  java [options] -jar <jarfile> [args...]\n           (to execute a jar file)\n',
  );
  return 1;
};

const nginx: Program = (argv, io, ctx) => {
  const version = ctx.c.image.nginxVersion ?? '1.27.3';
  const a = argv[1];
  if (a === '-v' || a === '-V') {
    io.err(`nginx version: nginx/${version}\n`);
    if (a === '-V')
      io.err(
        'built by gcc 12.2.0 (Debian 12.2.0-14)\nbuilt with OpenSSL 3.0.15 3 Sep 2024\nTLS SNI support enabled\n',
      );
    return 0;
  }
  if (a === '-t' || a === '-T') {
    io.err(
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
    );
    return 0;
  }
  if (a === '-s') {
    io.err(
      `${formatDate(ctx.term.now(), '%Y/%m/%d %T')} [notice] ${ctx.c.nextPid()}#${ctx.c.nextPid() - 1}: signal process started\n`,
    );
    return 0;
  }
  io.err(
    `${formatDate(ctx.term.now(), '%Y/%m/%d %T')} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n`,
  );
  return 1;
};

const truthy: Program = () => 0;
const falsy: Program = () => 1;

/** Every program, by name; which of them an image has is decided by `programPaths`. */
export const PROGRAMS: Record<string, Program> = {
  basename: basenameP,
  cat,
  chmod,
  clear,
  cp: copyLike('cp'),
  date,
  dirname: dirnameP,
  echo,
  env,
  false: falsy,
  grep,
  head: headTail('head'),
  hostname,
  id,
  ls,
  mkdir: mkdirP,
  mv: copyLike('mv'),
  printenv,
  printf,
  ps,
  pwd,
  rm,
  rmdir,
  seq,
  sleep,
  sort,
  stty,
  tail: headTail('tail'),
  tee,
  test,
  '[': bracket,
  touch: touchP,
  true: truthy,
  uname,
  uptime,
  wc,
  which,
  whoami: (_argv, io) => {
    io.out('root\n');
    return 0;
  },
  java,
  nginx,
  sh: shellProgram('sh'),
  bash: shellProgram('bash'),
  dash: shellProgram('dash'),
  ash: shellProgram('ash'),
};

/** Programs the container model lists but nobody implemented (a test keeps this empty). */
export function missingPrograms(): string[] {
  return CORE_COMMANDS.filter((c) => !(c in PROGRAMS));
}
