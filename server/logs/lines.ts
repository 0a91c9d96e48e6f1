// Turning a `pods/log?timestamps=true` byte stream into timestamped lines, and continuing one without
// repeating what the browser already has.
import { normalizeNano, type ResumePoint, type TimedLine } from '../../lib/contracts/logs';

export { splitTimestamp, normalizeNano, type TimedLine } from '../../lib/contracts/logs';

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
    for (let i = 0; i < parts.length; i++)
      if (parts[i]!.length > MAX_LINE_CHARS) parts[i] = parts[i]!.slice(0, MAX_LINE_CHARS);
    return parts;
  }

  /**
   * The complete lines of tail + chunk as one text (each ending in a newline), or '' when no line
   * ended; for streams passed on whole, without a string per line.
   */
  pushBlock(chunk: string): string {
    const text = this.tail + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.tail = text.length > MAX_LINE_CHARS ? '' : text;
      return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}\n` : '';
    }
    this.tail = text.slice(end + 1);
    if (this.tail.length > MAX_LINE_CHARS) {
      const cut = `${this.tail.slice(0, MAX_LINE_CHARS)}\n`;
      this.tail = '';
      return text.slice(0, end + 1) + cut;
    }
    return text.slice(0, end + 1);
  }

  /** What is left when the stream ends (a last line without newline). */
  flush(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest === '' ? [] : [rest];
  }
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

/** Lines in a block (newlines counted natively, without splitting). */
export function countLines(block: string): number {
  let n = 0;
  for (let k = block.indexOf('\n'); k !== -1; k = block.indexOf('\n', k + 1)) n++;
  return n;
}

/** `sinceTime` for the upstream request: the resume time cut to whole seconds (kube's precision). */
export function sinceTimeOf(point: ResumePoint): string {
  return `${point.time.slice(0, 19)}Z`;
}
