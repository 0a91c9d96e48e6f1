// Stable line links against what a view holds: the anchor of a held line (for a link to copy), and a
// seeker that watches arriving lines for the line an anchor names (for a link being opened).
import type { LogSource } from '../../lib/contracts/logs';
import type { LineAnchor } from './line-range';
import type { LogModel } from './log-model';

/** The anchor of the line with sequence number `seq`; undefined for a marker or a dropped line. */
export function anchorAt(
  model: LogModel,
  sources: readonly LogSource[],
  seq: number,
): LineAnchor | undefined {
  const line = seq >= model.ring.first ? model.ring.at(seq) : undefined;
  const source = line ? sources[line.src] : undefined;
  if (!line || line.marker || !source) return undefined;
  let index = 0;
  // A container's lines arrive in time order: its lines with the same time are just before this one.
  for (let q = seq - 1; q >= model.ring.first; q--) {
    const l = model.ring.at(q)!;
    if (l.src !== line.src || l.marker) continue;
    if (l.time !== line.time) break;
    index++;
  }
  return { pod: source.pod, container: source.container, time: line.time, index };
}

/**
 * `sinceTime` that starts a log at the linked line: its second, as the API server reads sinceTime
 * to the second (the server's own clock, so the browser's does not matter).
 */
export function sinceTimeFor(time: string): string {
  return `${time.slice(0, 19)}Z`;
}

/** Watches the lines of one model, as they arrive, for the line an anchor names. */
export class AnchorSeeker {
  /** Sequence number of the line, once seen. */
  found: number | undefined;
  /** A later line of the container arrived first: the named line is not in this log. */
  missing = false;
  private next = 0;
  private equal = 0;

  constructor(
    readonly anchor: LineAnchor,
    readonly model: LogModel,
  ) {}

  /** Looks at the lines that arrived since the last call; true once the answer is known. */
  feed(sources: readonly LogSource[]): boolean {
    if (this.found !== undefined || this.missing) return true;
    const { ring } = this.model;
    const a = this.anchor;
    for (let q = Math.max(this.next, ring.first); q < ring.end; q++) {
      const l = ring.at(q)!;
      const s = sources[l.src];
      if (l.marker || !s || s.pod !== a.pod || s.container !== a.container || l.time < a.time)
        continue;
      if (l.time > a.time) this.missing = true;
      else if (this.equal++ === a.index) this.found = q;
      else continue;
      return true;
    }
    this.next = ring.end;
    return false;
  }
}
