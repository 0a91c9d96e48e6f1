// What a log view holds and shows: lines in a ring buffer, the rows a filter keeps, the rows a search
// hits, and where each source would resume. Plain data and methods, no React, so it can be tested.
import { splitTimestamp, type ResumePoint } from '../../lib/contracts/logs';
import { stripAnsi } from './ansi';
import { RingBuffer, SeqIndex } from './ring-buffer';
import type { Matcher } from './search';

export interface LogLine {
  /** Source id (the pod/container it came from). */
  src: number;
  /** RFC 3339 nano, from the kubelet. */
  time: string;
  /** As written, escape sequences included. */
  text: string;
  /** Without escape sequences: what search, filter, copy and download use. */
  plain: string;
  /** A line of the console's own (restart, pod joined, stream ended), not of the container. */
  marker?: { kind: string; detail?: string };
}

export const DEFAULT_CAPACITY = 100_000;

export class LogModel {
  readonly ring: RingBuffer<LogLine>;
  private shown = new SeqIndex();
  private hitIndex = new SeqIndex();
  private filter: Matcher | undefined;
  private search: Matcher | undefined;
  private readonly points = new Map<number, ResumePoint>();

  constructor(capacity = DEFAULT_CAPACITY) {
    this.ring = new RingBuffer<LogLine>(capacity);
  }

  /** Adds container lines `[src, time, text]` (a `lines` frame), source ids mapped by `srcOf`. */
  append(
    lines: readonly (readonly [number, string, string])[],
    srcOf: (id: number) => number = (id) => id,
  ): void {
    for (const [id, time, text] of lines) this.addLine(srcOf(id), time, text);
    this.prune();
  }

  /** Adds the lines of a `text` frame: kubelet-stamped lines of one source, each ending in a newline. */
  appendStamped(src: number, text: string): void {
    let last = this.points.get(src)?.time ?? '';
    for (let at = 0, nl = text.indexOf('\n'); nl !== -1; at = nl + 1, nl = text.indexOf('\n', at)) {
      const line = splitTimestamp(text.slice(at, nl), last);
      last = line.time;
      this.addLine(src, line.time, line.text);
    }
    this.prune();
  }

  private addLine(src: number, time: string, text: string): void {
    const p = this.points.get(src);
    if (p && p.time === time) p.seen++;
    else this.points.set(src, { time, seen: 1 });
    this.add({ src, time, text, plain: stripAnsi(text) });
  }

  /** Adds a line of the console's own; the filter never hides it. */
  mark(src: number, time: string, kind: string, detail?: string): void {
    this.add({ src, time, text: '', plain: '', marker: { kind, detail } });
    this.prune();
  }

  private add(line: LogLine): void {
    const seq = this.ring.push(line);
    if (!this.keeps(line)) return;
    this.shown.push(seq);
    if (this.search && !line.marker && this.search.test(line.plain)) this.hitIndex.push(seq);
  }

  private keeps(line: LogLine): boolean {
    return line.marker !== undefined || !this.filter || this.filter.test(line.plain);
  }

  private prune(): void {
    this.shown.prune(this.ring.first);
    this.hitIndex.prune(this.ring.first);
  }

  setFilter(m: Matcher | undefined): void {
    this.filter = m;
    this.shown = new SeqIndex();
    for (let seq = this.ring.first; seq < this.ring.end; seq++)
      if (this.keeps(this.ring.at(seq)!)) this.shown.push(seq);
    this.setSearch(this.search);
  }

  setSearch(m: Matcher | undefined): void {
    this.search = m;
    this.hitIndex = new SeqIndex();
    if (!m) return;
    for (let i = 0; i < this.shown.length; i++) {
      const seq = this.shown.at(i)!;
      const line = this.ring.at(seq)!;
      if (!line.marker && m.test(line.plain)) this.hitIndex.push(seq);
    }
  }

  get searchMatcher(): Matcher | undefined {
    return this.search;
  }

  /** Rows the view shows (after the filter). */
  get rows(): number {
    return this.shown.length;
  }

  seqAt(row: number): number | undefined {
    return this.shown.at(row);
  }

  rowAt(row: number): LogLine | undefined {
    const seq = this.shown.at(row);
    return seq === undefined ? undefined : this.ring.at(seq);
  }

  /** Row of a sequence number, or -1 when it is not shown. */
  rowOf(seq: number): number {
    const r = this.shown.lowerBound(seq);
    return this.shown.at(r) === seq ? r : -1;
  }

  get hits(): number {
    return this.hitIndex.length;
  }

  /**
   * The row of the next search hit after `row` (or before it when `back`), wrapping around; its
   * position among the hits too. Undefined when nothing matches.
   */
  nextHit(row: number, back: boolean): { row: number; index: number } | undefined {
    const n = this.hitIndex.length;
    if (n === 0) return undefined;
    const seq = row < 0 ? -1 : (this.shown.at(row) ?? -1);
    let i: number;
    if (back) {
      i = (row < 0 ? n : this.hitIndex.lowerBound(seq)) - 1;
      if (i < 0) i = n - 1;
    } else {
      i = this.hitIndex.lowerBound(seq + 1);
      if (i >= n) i = 0;
    }
    return { row: this.rowOf(this.hitIndex.at(i)!), index: i };
  }

  /** Where every source would resume: its last timestamp and the lines seen carrying it. */
  resumePoints(key: (src: number) => string | undefined): Record<string, ResumePoint> {
    const out: Record<string, ResumePoint> = {};
    for (const [src, p] of this.points) {
      const k = key(src);
      if (k) out[k] = { ...p };
    }
    return out;
  }

  /** The shown rows as text (for download), container lines only. */
  text(format: (line: LogLine) => string): string {
    let s = '';
    for (let i = 0; i < this.shown.length; i++) {
      const line = this.rowAt(i)!;
      if (!line.marker) s += `${format(line)}\n`;
    }
    return s;
  }
}
