// Links to a range of lines of a log view, as the URL's hash. Stable links name each end by what
// identifies a line across reloads: `#L=<pod>/<container>/<time>/<k>[,<pod>/<container>/<time>/<k>]`,
// the kubelet's RFC 3339 nano timestamp and the line's index among the lines of that container carrying
// exactly that timestamp. Older links name positions in the view: `#L12` or `#L12-L40` (1-based).
import { normalizeNano } from '../../lib/contracts/logs';

export interface LineRange {
  from: number;
  to: number;
}

/** One line of one container, named so that a reload (or another browser) finds it again. */
export interface LineAnchor {
  pod: string;
  container: string;
  /** RFC 3339 with nine fraction digits, UTC. */
  time: string;
  /** How many lines of the container carry the same timestamp before this one. */
  index: number;
}

export type LineLink =
  { kind: 'position'; range: LineRange } | { kind: 'anchors'; from: LineAnchor; to: LineAnchor };

const POD = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const CONTAINER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const INDEX = /^\d{1,6}$/;

/** The range in a hash, or undefined when it names none (or nonsense). */
export function parseLineRange(hash: string): LineRange | undefined {
  const m = /^#L(\d{1,9})(?:-L(\d{1,9}))?$/.exec(hash);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || b < 1) return undefined;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

export function formatLineRange(r: LineRange): string {
  return r.from === r.to ? `#L${r.from}` : `#L${r.from}-L${r.to}`;
}

function parseAnchor(text: string): LineAnchor | undefined {
  const parts = text.split('/');
  if (parts.length !== 4) return undefined;
  const [pod, container, time, index] = parts as [string, string, string, string];
  if (pod.length > 253 || !POD.test(pod)) return undefined;
  if (container.length > 63 || !CONTAINER.test(container)) return undefined;
  if (!TIME.test(time) || Number.isNaN(Date.parse(time)) || !INDEX.test(index)) return undefined;
  return { pod, container, time: normalizeNano(time), index: Number(index) };
}

const before = (a: LineAnchor, b: LineAnchor): boolean =>
  a.time < b.time || (a.time === b.time && a.index < b.index);

/** A stable or a position link in a hash; undefined for any other hash (or a malformed one). */
export function parseLineLink(hash: string): LineLink | undefined {
  if (!hash.startsWith('#L=')) {
    const range = parseLineRange(hash);
    return range ? { kind: 'position', range } : undefined;
  }
  const ends = hash.slice(3).split(',');
  if (ends.length > 2) return undefined;
  const from = parseAnchor(ends[0]!);
  const to = ends.length === 2 ? parseAnchor(ends[1]!) : from;
  if (!from || !to) return undefined;
  return before(to, from) ? { kind: 'anchors', from: to, to: from } : { kind: 'anchors', from, to };
}

const anchorText = (a: LineAnchor): string => `${a.pod}/${a.container}/${a.time}/${a.index}`;

export function formatLineLink(from: LineAnchor, to: LineAnchor): string {
  const same = anchorText(from) === anchorText(to);
  return `#L=${anchorText(from)}${same ? '' : `,${anchorText(to)}`}`;
}
