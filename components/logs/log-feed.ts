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

/** Container lines in parallel arrays (cheap to post between threads). */
export interface LineBatch {
  /** Source ids as the server numbers them on this socket. */
  src: number[];
  time: string[];
  text: string[];
  /** The text without escape sequences; undefined where it equals `text`. */
  plain: (string | undefined)[];
}

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

const emptyLines = (): LineBatch => ({ src: [], time: [], text: [], plain: [] });

export class LogFeed {
  private ops: FeedOp[] = [];
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
        for (const [src, time, text] of f.lines) this.line(out, src, time, text);
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

  /** Everything since the last take, or undefined when nothing happened. */
  take(): FeedBatch | undefined {
    if (this.ops.length === 0 && !this.changed) return undefined;
    this.trim(0);
    const batch: FeedBatch = { ops: this.ops, points: Object.fromEntries(this.points) };
    this.ops = [];
    this.pending = 0;
    this.changed = false;
    return batch;
  }

  private push(op: FeedOp): void {
    this.ops.push(op);
  }

  /** The lines op at the end of the queue (consecutive frames' lines go into one). */
  private linesOp(): LineBatch {
    const last = this.ops[this.ops.length - 1];
    if (last?.kind === 'lines') return last.lines;
    const lines = emptyLines();
    this.ops.push({ kind: 'lines', lines });
    return lines;
  }

  private line(out: LineBatch, src: number, time: string, text: string): void {
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
