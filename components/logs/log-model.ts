// What a log view holds and shows: lines in a ring buffer, the rows a filter keeps, the rows a search
// hits, and where each source would resume. Plain data and methods, no React, so it can be tested.
import type { ResumePoint } from '../../lib/contracts/logs';
import { readLines, type LineBatch } from './log-feed';
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
  private points: Record<string, ResumePoint> = {};

  constructor(capacity = DEFAULT_CAPACITY) {
    this.ring = new RingBuffer<LogLine>(capacity);
  }

  /** Adds container lines (parsed by the log worker), source ids mapped by `srcOf`. */
  append(lines: LineBatch, srcOf: (id: number) => number = (id) => id): void {
    readLines(lines, (src, time, text, plain) => this.add({ src: srcOf(src), time, text, plain }));
    this.prune();
  }

  /** Counts lines that were received but dropped before they got here (as the ring would have). */
  skip(n: number): void {
    this.ring.skip(n);
    this.prune();
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
    for (let seq = this.ring.first; seq < this.ring.end; seq++) {
      const line = this.ring.at(seq);
      if (line && this.keeps(line)) this.shown.push(seq);
    }
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

  /** Where every source (by pod/container key) would resume, as the log worker last counted. */
  setResumePoints(points: Record<string, ResumePoint>): void {
    this.points = points;
  }

  resumePoints(): Record<string, ResumePoint> {
    return structuredClone(this.points);
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
