// One exec session: the channel protocol on an open WebSocket, the terminal (line discipline, echo,
// Ctrl-C, resize), stdin with half-close and caps, and the program's exit status on channel 3.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Clock } from '../clock';
import {
  CLOSE,
  ERROR,
  exitCodeStatus,
  failureStatus,
  frame,
  initialFrame,
  internalErrorStatus,
  parseResize,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
  successStatus,
  V5,
  type ChannelProtocol,
  type ExecStatus,
  type TerminalSize,
} from './protocol';
import {
  bufferedInput,
  emptyInput,
  INTR,
  Interrupt,
  Killed,
  lookupProgram,
  type ContainerCtx,
  type Input,
  type Program,
  type ProgramCtx,
  type Stdio,
  type Terminal,
  newShell,
  runArgv,
  flavorOf,
  runScript,
} from './shell';
import { readFile } from './fs';

/** One stdin frame larger than this ends the session (kubectl sends at most 32 KiB per frame). */
export const MAX_STDIN_FRAME = 1024 * 1024;
/** Stdin the program has not read yet, at most. */
export const MAX_STDIN_BUFFERED = 4 * 1024 * 1024;
/** Output frames are cut to this size. */
const OUTPUT_CHUNK = 32 * 1024;
/** Above this much unsent output, programs wait at their next checkpoint. */
const HIGH_WATER = 1024 * 1024;
/** kubelet's default --streaming-connection-idle-timeout. */
const IDLE_TIMEOUT_MS = 4 * 3600 * 1000;
/** How long a tty session waits for the client's first size before starting the program. */
const FIRST_SIZE_WAIT_MS = 150;

export interface Streams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface SessionOptions {
  ws: WebSocket;
  protocol: ChannelProtocol;
  streams: Streams;
  command: string[];
  container: ContainerCtx;
  /** The process environment (TERM already added for a tty). */
  env: Map<string, string>;
  cwd: string;
  clock: Clock;
  programs: Record<string, Program>;
  onEnd?: () => void;
}

export interface Session {
  /** Ends the session as if the process were killed (container stopped): exit code 137. */
  terminate: (code: number) => void;
  /** Drops the session without a status (server shutting down). */
  kill: () => void;
  done: Promise<void>;
}

type TtyEvent = { t: 'data'; s: string } | { t: 'eof' } | { t: 'intr' };

/**
 * The tty's canonical mode as a shell prompt and cooked programs see it: echo, backspace, Ctrl-U/W,
 * Ctrl-C (interrupt), Ctrl-D (EOF on an empty line), arrow-key history; complete lines are emitted.
 */
export function createLineDiscipline(o: {
  echo: (s: string) => void;
  emit: (e: TtyEvent) => void;
  interrupt: () => void;
  history: () => string[];
}): { feed: (s: string) => void } {
  let line: string[] = [];
  let esc: string | undefined;
  let lastCR = false;
  let hist = -1;
  const erase = (n: number): void => {
    if (n > 0) o.echo('\b \b'.repeat(n));
  };
  const replace = (text: string): void => {
    erase(line.length);
    line = [...text];
    o.echo(text);
  };
  return {
    feed(s) {
      for (const ch of s) {
        if (esc !== undefined) {
          esc += ch;
          const csi = esc.startsWith('[') || esc.startsWith('O');
          if (!csi || (esc.length > 1 && /[@-~]/.test(ch))) {
            const h = o.history();
            if (esc === '[A' || esc === 'OA') {
              if (h.length > 0) {
                hist = hist < 0 ? h.length - 1 : Math.max(0, hist - 1);
                replace(h[hist] ?? '');
              }
            } else if ((esc === '[B' || esc === 'OB') && hist >= 0) {
              hist++;
              replace(hist < h.length ? (h[hist] ?? '') : '');
              if (hist >= h.length) hist = -1;
            }
            esc = undefined;
          }
          continue;
        }
        if (ch === '\n' && lastCR) {
          lastCR = false;
          continue;
        }
        lastCR = ch === '\r';
        if (ch === '\r' || ch === '\n') {
          o.echo('\r\n');
          o.emit({ t: 'data', s: `${line.join('')}\n` });
          line = [];
          hist = -1;
        } else if (ch === '\u007f' || ch === '\b') {
          if (line.length > 0) {
            line.pop();
            erase(1);
          }
        } else if (ch === '\u0003') {
          o.echo('^C');
          line = [];
          hist = -1;
          o.interrupt();
        } else if (ch === '\u0004') {
          if (line.length === 0) o.emit({ t: 'eof' });
          else {
            o.emit({ t: 'data', s: line.join('') });
            line = [];
          }
        } else if (ch === '\u0015') {
          erase(line.length);
          line = [];
        } else if (ch === '\u0017') {
          let n = 0;
          while (line.length > 0 && line[line.length - 1] === ' ') {
            line.pop();
            n++;
          }
          while (line.length > 0 && line[line.length - 1] !== ' ') {
            line.pop();
            n++;
          }
          erase(n);
        } else if (ch === '\u001b') esc = '';
        else if (ch >= ' ' || ch === '\t') {
          if (ch === '\t') continue;
          line.push(ch);
          o.echo(ch);
        }
      }
    },
  };
}

/** containerd's message when the runtime cannot start the exec'd binary (runc `exec:` errors). */
export function execFailure(argv0: string, kind: 'missing' | 'noexec'): string {
  const id = randomBytes(32).toString('hex');
  const cause =
    kind === 'noexec'
      ? `exec: "${argv0}": permission denied`
      : argv0.includes('/')
        ? `exec: "${argv0}": stat ${argv0}: no such file or directory`
        : `exec: "${argv0}": executable file not found in $PATH`;
  // The kubelet wraps it in an InternalError; the apiserver's stream translator wraps that once more.
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: ${cause}: unknown`;
}

export function startSession(o: SessionOptions): Session {
  const { ws, streams, clock, container: c } = o;
  const killed = new AbortController();
  const jobs: AbortController[] = [];
  let ended = false;
  let size: TerminalSize | undefined;
  let resizeRest = '';
  let atPrompt = false;
  let stdinBuffered = 0;
  let stdinClosed = !streams.stdin;
  const history: string[] = [];
  const events: TtyEvent[] = [];
  let wake: (() => void) | undefined;
  let firstSize: (() => void) | undefined;

  const send = (channel: number, data: string | Buffer): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let i = 0; i < buf.length; i += OUTPUT_CHUNK) {
      ws.send(frame(channel, buf.subarray(i, i + OUTPUT_CHUNK)), { binary: true });
    }
  };
  // The tty turns \n into \r\n (onlcr) and carries stderr on stdout.
  const onlcr = (s: string): string => s.replace(/\n/g, '\r\n');
  const out = (s: string): void => {
    if (s === '' || !streams.stdout) return;
    send(STDOUT, streams.tty ? onlcr(s) : s);
  };
  const err = (s: string): void => {
    if (s === '') return;
    if (streams.tty) {
      if (streams.stdout) send(STDOUT, onlcr(s));
    } else if (streams.stderr) send(STDERR, s);
  };

  const push = (e: TtyEvent): void => {
    events.push(e);
    const w = wake;
    wake = undefined;
    w?.();
  };
  const discipline = createLineDiscipline({
    echo: (s) => {
      if (streams.stdout) send(STDOUT, s);
    },
    emit: push,
    interrupt: () => {
      const job = jobs[jobs.length - 1];
      if (atPrompt || !job) push({ t: 'intr' });
      else job.abort();
    },
    history: () => history,
  });

  /** Waits for the next stdin event; throws Killed, or Interrupt when the foreground job is interrupted. */
  const nextEvent = async (): Promise<TtyEvent> => {
    const job = jobs[jobs.length - 1]?.signal;
    for (;;) {
      if (killed.signal.aborted) throw new Killed();
      if (job?.aborted && !atPrompt) throw new Interrupt();
      const e = events.shift();
      if (e) {
        if (e.t === 'data') stdinBuffered -= e.s.length;
        return e;
      }
      if (stdinClosed && events.length === 0 && !streams.tty) return { t: 'eof' };
      await new Promise<void>((resolve) => {
        wake = resolve;
        const stop = (): void => resolve();
        killed.signal.addEventListener('abort', stop, { once: true });
        job?.addEventListener('abort', stop, { once: true });
      });
    }
  };

  const stdin: Input = !streams.stdin
    ? emptyInput()
    : streams.tty
      ? {
          isTty: true,
          async read() {
            const e = await nextEvent();
            if (e.t === 'intr') throw new Interrupt();
            return e.t === 'eof' ? null : e.s;
          },
          async readLine() {
            atPrompt = true;
            try {
              const e = await nextEvent();
              if (e.t === 'intr') return INTR;
              return e.t === 'eof' ? null : e.s.replace(/\n$/, '');
            } finally {
              atPrompt = false;
            }
          },
        }
      : bufferedInput(async () => {
          const e = await nextEvent();
          return e.t === 'data' ? e.s : null;
        });

  const throwIfStopped = (): void => {
    if (killed.signal.aborted) throw new Killed();
    if (jobs[jobs.length - 1]?.signal.aborted) throw new Interrupt();
  };

  const term: Terminal = {
    tty: streams.tty,
    size: () => size,
    setSize: (s) => {
      size = s;
    },
    now: () => clock.now(),
    sleep(ms) {
      const job = jobs[jobs.length - 1]?.signal;
      return new Promise<void>((resolve, reject) => {
        if (killed.signal.aborted) return reject(new Killed());
        if (job?.aborted) return reject(new Interrupt());
        const cleanup = (): void => {
          cancel();
          killed.signal.removeEventListener('abort', onKill);
          job?.removeEventListener('abort', onIntr);
        };
        const onKill = (): void => {
          cleanup();
          reject(new Killed());
        };
        const onIntr = (): void => {
          cleanup();
          reject(new Interrupt());
        };
        const cancel = clock.after(ms, () => {
          cleanup();
          resolve();
        });
        killed.signal.addEventListener('abort', onKill, { once: true });
        job?.addEventListener('abort', onIntr, { once: true });
      });
    },
    async checkpoint() {
      await new Promise<void>((r) => setImmediate(r));
      throwIfStopped();
      while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > HIGH_WATER) {
        await new Promise<void>((r) => setTimeout(r, 10));
        throwIfStopped();
      }
    },
    async foreground(fn) {
      const job = new AbortController();
      jobs.push(job);
      try {
        return await fn();
      } finally {
        const i = jobs.lastIndexOf(job);
        if (i >= 0) jobs.splice(i, 1);
      }
    },
    history,
  };

  const finish = (status: ExecStatus | undefined, closeCode = 1000, reason = ''): void => {
    if (ended) return;
    ended = true;
    if (status && ws.readyState === WebSocket.OPEN) {
      send(ERROR, JSON.stringify(status));
      ws.close(closeCode, reason);
    } else if (ws.readyState === WebSocket.OPEN) ws.close(closeCode, reason);
    killed.abort();
    clearInterval(heartbeat);
    clearTimeout(idle);
    o.onEnd?.();
  };

  // Idle timeout and heartbeat are network matters, so they run on wall time.
  let idle = setTimeout(
    () => finish(failureStatus('idle timeout', 'Timeout', 504)),
    IDLE_TIMEOUT_MS,
  );
  idle.unref?.();
  const touchIdle = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => finish(failureStatus('idle timeout', 'Timeout', 504)), IDLE_TIMEOUT_MS);
    idle.unref?.();
  };
  let alive = true;
  const heartbeat = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    if (ws.readyState === WebSocket.OPEN) ws.ping();
  }, 30_000);
  heartbeat.unref?.();
  ws.on('pong', () => (alive = true));
  ws.on('ping', () => {
    alive = true;
    touchIdle();
  });

  ws.on('message', (data: WebSocket.RawData) => {
    touchIdle();
    alive = true;
    const buf = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    if (buf.length === 0 || ended) return;
    const channel = buf[0]!;
    const payload = buf.subarray(1);
    switch (channel) {
      case STDIN: {
        if (!streams.stdin || stdinClosed) return;
        if (payload.length > MAX_STDIN_FRAME) {
          finish(
            failureStatus(
              `stdin frame of ${payload.length} bytes exceeds the limit of ${MAX_STDIN_FRAME} bytes`,
              'RequestEntityTooLarge',
              413,
            ),
            1009,
            'stdin frame too large',
          );
          return;
        }
        const text = payload.toString('utf8');
        stdinBuffered += text.length;
        if (stdinBuffered > MAX_STDIN_BUFFERED) {
          finish(
            failureStatus(
              `more than ${MAX_STDIN_BUFFERED} bytes of stdin are waiting to be read`,
              'RequestEntityTooLarge',
              413,
            ),
            1009,
            'stdin buffer full',
          );
          return;
        }
        if (streams.tty) discipline.feed(text);
        else if (text !== '') push({ t: 'data', s: text });
        return;
      }
      case RESIZE: {
        if (!streams.tty) return;
        const r = parseResize(payload.toString('utf8'), resizeRest);
        resizeRest = r.rest;
        const last = r.sizes[r.sizes.length - 1];
        if (last) {
          size = last;
          firstSize?.();
        }
        return;
      }
      case CLOSE: {
        // v5 only: [255, channel]; half-closing stdin is end of file for the program.
        if (o.protocol !== V5 || payload[0] !== STDIN || stdinClosed) return;
        stdinClosed = true;
        push({ t: 'eof' });
        return;
      }
      default:
        return;
    }
  });
  ws.on('close', () => {
    if (!ended) {
      ended = true;
      killed.abort();
      clearInterval(heartbeat);
      clearTimeout(idle);
      o.onEnd?.();
    }
  });
  ws.on('error', () => ws.terminate());

  if (ws.readyState === WebSocket.OPEN) {
    ws.send(initialFrame({ stdout: streams.stdout, stderr: streams.stderr && !streams.tty }), {
      binary: true,
    });
  }

  const run = async (): Promise<void> => {
    if (streams.tty && size === undefined) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, FIRST_SIZE_WAIT_MS);
        firstSize = () => {
          clearTimeout(t);
          firstSize = undefined;
          resolve();
        };
      });
    }
    const argv = o.command;
    const found = lookupProgram(c, o.env.get('PATH') ?? '', o.cwd, argv[0]!);
    if (found.kind === 'missing' || found.kind === 'noexec') {
      finish(internalErrorStatus(execFailure(argv[0]!, found.kind)));
      return;
    }
    if (ended) return;
    const pid = c.nextPid();
    c.procs.set(pid, { pid, user: 'root', argv });
    const io: Stdio = { in: stdin, out, err };
    const ctx: ProgramCtx = {
      c,
      term,
      env: o.env,
      cwd: o.cwd,
      pid,
      programs: o.programs,
      diag: (msg) => `${argv[0]}: ${msg}\n`,
      run: (a, sio, env) => runArgv(c, term, o.programs, a, sio, env, o.cwd),
    };
    try {
      const code = await term.foreground(async () => {
        if (found.kind === 'script') {
          const sh = newShell(c, term, o.programs, {
            flavor: flavorOf(c.image.userland, 'sh'),
            arg0: found.path,
            env: o.env,
            cwd: o.cwd,
            positional: argv.slice(1),
            interactive: false,
            pid,
          });
          const text = readFile(c.fs, found.path);
          return runScript(sh, text.ok ? text.value : '', io);
        }
        const prog = o.programs[found.name];
        if (!prog) {
          err(`${argv[0]}: not found\n`);
          return 127;
        }
        return prog(argv, io, ctx);
      });
      finish(code === 0 ? successStatus() : exitCodeStatus(argv, code));
    } catch (e) {
      if (e instanceof Killed) return;
      if (e instanceof Interrupt) {
        finish(exitCodeStatus(argv, 130));
        return;
      }
      console.error('sim exec: program failed:', e);
      finish(internalErrorStatus(`error executing command in container: ${String(e)}`));
    } finally {
      c.procs.delete(pid);
    }
  };
  // Deferred so the caller has the Session before the program can end it.
  const done = Promise.resolve().then(run);

  return {
    terminate(code) {
      if (ended) return;
      finish(exitCodeStatus(o.command, code));
    },
    kill() {
      if (ended) return;
      ended = true;
      killed.abort();
      clearInterval(heartbeat);
      clearTimeout(idle);
      ws.terminate();
      o.onEnd?.();
    },
    done,
  };
}
