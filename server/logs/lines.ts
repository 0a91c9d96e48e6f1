// Turning a `pods/log?timestamps=true` byte stream into timestamped lines, and continuing one without
// repeating what the browser already has.
import type { ResumePoint } from '../../lib/contracts/logs';

export interface TimedLine {
  /** RFC 3339 nano, UTC (the kubelet's fixed width makes string order time order). */
  time: string;
  text: string;
}

/** Longest line kept whole; longer ones are cut (a log line of megabytes would stall every client). */
export const MAX_LINE_CHARS = 64 * 1024;

/** Splits chunks into lines, holding the unfinished tail; the tail is bounded by MAX_LINE_CHARS. */
export class LineSplitter {
  private tail = '';

  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';
    if (this.tail.length > MAX_LINE_CHARS) {
      parts.push(this.tail.slice(0, MAX_LINE_CHARS));
      this.tail = '';
    }
    return parts.map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
  }

  /** What is left when the stream ends (a last line without newline). */
  flush(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest === '' ? [] : [rest];
  }
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) /;

/** Splits the kubelet's timestamp prefix off; a line without one keeps `fallback` as its time. */
export function splitTimestamp(line: string, fallback: string): TimedLine {
  // Fast path: the kubelet's own fixed-width RFC3339Nano prefix (30 characters and a space).
  if (line.charCodeAt(30) === 32 && line.charCodeAt(29) === 90 && line.charCodeAt(19) === 46) {
    const text = line.endsWith('\r') ? line.slice(31, -1) : line.slice(31);
    return { time: line.slice(0, 30), text };
  }
  const m = STAMP.exec(line);
  if (!m) return { time: fallback, text: line.replace(/\r$/, '') };
  return { time: normalizeNano(m[1]!), text: line.slice(m[0].length).replace(/\r$/, '') };
}

/** RFC 3339 with exactly nine fraction digits, so that string comparison orders by time. */
export function normalizeNano(time: string): string {
  const dot = time.indexOf('.');
  const base = dot < 0 ? time.slice(0, -1) : time.slice(0, dot);
  const frac = dot < 0 ? '' : time.slice(dot + 1, -1);
  return `${base}.${frac.padEnd(9, '0')}Z`;
}

/**
 * Drops what came before a resume point: lines older than its time, and the first `seen` lines
 * carrying exactly its time (those the browser already shows). Upstream `sinceTime` has second
 * precision at best, so both checks are needed. Returns a stateful filter.
 */
export function resumeFilter(point: ResumePoint | undefined): (line: TimedLine) => boolean {
  if (!point) return () => true;
  const from = normalizeNano(point.time);
  let skip = point.seen;
  let done = false;
  return (line) => {
    if (done) return true;
    if (line.time < from) return false;
    if (line.time === from && skip > 0) {
      skip--;
      return false;
    }
    done = true;
    return true;
  };
}

/** `sinceTime` for the upstream request: the resume time cut to whole seconds (kube's precision). */
export function sinceTimeOf(point: ResumePoint): string {
  return `${point.time.slice(0, 19)}Z`;
}
