// The worker's half of a log view: parses the server's frames off the main thread into batches the
// page applies once per animation frame. Lines are split, their timestamps and escape-free text worked
// out here; resume points are counted here over every line received, shown or not. While the page has
// not taken the last batch (a busy or hidden tab), lines wait here, never more than the page keeps:
// older ones are dropped and counted, exactly as the page's ring would have dropped them.
import {
  sourceKey,
  splitTimestamp,
  type ResumePoint,
  type ServerFrame,
} from '../../lib/contracts/logs';
import { stripAnsi } from './ansi';

/**
 * Container lines as posted to the page: a few large values rather than strings by the thousand, so
 * that copying them between threads costs little.
 */
export interface LineBatch {
  /** Source ids as the server numbers them on this socket. */
  src: Int32Array;
  /** Timestamps, joined by newlines. */
  times: string;
  /** Texts as written, joined by newlines (no line holds one). */
  texts: string;
  /** The text without escape sequences of the lines that have any, by index. */
  plain: Record<number, string>;
}

/** Calls `fn` for every line of a batch. */
export function readLines(
  b: LineBatch,
  fn: (src: number, time: string, text: string, plain: string) => void,
): void {
  if (b.src.length === 0) return;
  const times = b.times.split('\n');
  const texts = b.texts.split('\n');
  for (let i = 0; i < b.src.length; i++) {
    const text = texts[i] ?? '';
    fn(b.src[i]!, times[i] ?? '', text, b.plain[i] ?? text);
  }
}

/** Lines while they wait in the worker. */
interface LineList {
  src: number[];
  time: string[];
  text: string[];
  plain: (string | undefined)[];
}

/** Takes the first `n` lines out of `l` for posting. */
function pack(l: LineList, n: number): LineBatch {
  const src = l.src.splice(0, n);
  const time = l.time.splice(0, n);
  const text = l.text.splice(0, n);
  const plain: Record<number, string> = {};
  l.plain.splice(0, n).forEach((p, i) => {
    if (p !== undefined) plain[i] = p;
  });
  return { src: Int32Array.from(src), times: time.join('\n'), texts: text.join('\n'), plain };
}

/** Lines per batch to the page, unless a backlog asks for more. */
export const BATCH_LINES = 2_000;

/** A line of a `lines` frame kept to one line (they are split on newlines already; this makes sure). */
const oneLine = (s: string): string => (s.includes('\n') ? s.replace(/\n/g, ' ') : s);

type Waiting = Exclude<FeedOp, { kind: 'lines' }> | { kind: 'lines'; lines: LineList };

export type FeedOp =
  | { kind: 'lines'; lines: LineBatch }
  /** Lines received but dropped before the page took them (older than what the page keeps). */
  | { kind: 'skip'; n: number }
  | { kind: 'frame'; frame: Exclude<ServerFrame, { type: 'lines' | 'text' }> }
  /** The socket opened (and `start` went out). */
  | { kind: 'opened' }
  /** The socket closed. */
  | { kind: 'closed' };

export interface FeedBatch {
  ops: FeedOp[];
  /** Where each source (by pod/container key) would resume, as of the last line received. */
  points: Record<string, ResumePoint>;
}

const emptyLines = (): LineList => ({ src: [], time: [], text: [], plain: [] });

export class LogFeed {
  private ops: Waiting[] = [];
  private pending = 0;
  private readonly keys = new Map<number, string>();
  /** By source key, carried over from the socket before (resume) so that `seen` keeps counting. */
  private readonly points = new Map<string, ResumePoint>();
  private readonly lastTime = new Map<number, string>();
  private changed = false;

  /** `capacity`: the most lines the page keeps, so the most worth holding for it. */
  constructor(
    private readonly capacity: number,
    resume: Record<string, ResumePoint> = {},
  ) {
    for (const [k, p] of Object.entries(resume)) this.points.set(k, { ...p });
  }

  /** Lines waiting for the page. */
  get waiting(): number {
    return this.pending;
  }

  /** Takes one frame from the socket. Throws on a frame that is not JSON. */
  receive(data: string): void {
    const f = JSON.parse(data) as ServerFrame;
    switch (f.type) {
      case 'sources':
        for (const s of f.sources) this.keys.set(s.id, sourceKey(s.pod, s.container));
        this.push({ kind: 'frame', frame: f });
        return;
      case 'lines': {
        const out = this.linesOp();
        for (const [src, time, text] of f.lines) this.line(out, src, oneLine(time), oneLine(text));
        break;
      }
      case 'text': {
        const out = this.linesOp();
        const { text } = f;
        let last = this.lastTime.get(f.source) ?? '';
        for (
          let at = 0, nl = text.indexOf('\n');
          nl !== -1;
          at = nl + 1, nl = text.indexOf('\n', at)
        ) {
          const line = splitTimestamp(text.slice(at, nl), last);
          last = line.time;
          this.line(out, f.source, line.time, line.text);
        }
        break;
      }
      default:
        this.push({ kind: 'frame', frame: f });
        return;
    }
    // Trimming in large steps keeps the splicing rare; take() trims exactly.
    this.trim(Math.min(this.capacity, 10_000));
  }

  opened(): void {
    this.push({ kind: 'opened' });
  }

  closed(): void {
    this.push({ kind: 'closed' });
  }

  /**
   * The next batch, or undefined when nothing happened: at most BATCH_LINES lines, or a quarter of a
   * larger backlog, so that a burst is spread over a few frames and a backlog still drains.
   */
  take(): FeedBatch | undefined {
    if (this.ops.length === 0 && !this.changed) return undefined;
    this.trim(0);
    let budget = Math.max(BATCH_LINES, Math.ceil(this.pending / 4));
    const ops: FeedOp[] = [];
    while (this.ops.length > 0) {
      const op = this.ops[0]!;
      if (op.kind !== 'lines') {
        ops.push(op);
        this.ops.shift();
        continue;
      }
      if (budget === 0) break;
      const n = Math.min(budget, op.lines.src.length);
      ops.push({ kind: 'lines', lines: pack(op.lines, n) });
      if (op.lines.src.length === 0) this.ops.shift();
      budget -= n;
      this.pending -= n;
    }
    this.changed = false;
    // The points may run ahead of the lines still waiting; resuming is offered only after the
    // socket closed, and the closing op comes after every line.
    return { ops, points: Object.fromEntries(this.points) };
  }

  private push(op: Waiting): void {
    this.ops.push(op);
  }

  /** The lines op at the end of the queue (consecutive frames' lines go into one). */
  private linesOp(): LineList {
    const last = this.ops[this.ops.length - 1];
    if (last?.kind === 'lines') return last.lines;
    const lines = emptyLines();
    this.ops.push({ kind: 'lines', lines });
    return lines;
  }

  private line(out: LineList, src: number, time: string, text: string): void {
    this.lastTime.set(src, time);
    const key = this.keys.get(src);
    if (key !== undefined) {
      const p = this.points.get(key);
      if (p && p.time === time) p.seen++;
      else this.points.set(key, { time, seen: 1 });
      this.changed = true;
    }
    const plain = stripAnsi(text);
    out.src.push(src);
    out.time.push(time);
    out.text.push(text);
    out.plain.push(plain === text ? undefined : plain);
    this.pending++;
  }

  /** Drops the oldest waiting lines beyond what the page keeps; a skip op counts them in place. */
  private trim(slack: number): void {
    if (this.pending <= this.capacity + slack) return;
    let excess = this.pending - this.capacity;
    for (let i = 0; i < this.ops.length && excess > 0; i++) {
      const op = this.ops[i]!;
      if (op.kind !== 'lines') continue;
      const n = Math.min(excess, op.lines.src.length);
      const l = op.lines;
      l.src.splice(0, n);
      l.time.splice(0, n);
      l.text.splice(0, n);
      l.plain.splice(0, n);
      excess -= n;
      this.pending -= n;
      const prev = this.ops[i - 1];
      if (prev?.kind === 'skip') prev.n += n;
      else {
        this.ops.splice(i, 0, { kind: 'skip', n });
        i++;
      }
      if (l.src.length === 0) {
        this.ops.splice(i, 1);
        i--;
      }
    }
  }
}
