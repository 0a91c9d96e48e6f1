// Links to a range of lines of a log view, as the URL's hash: `#L12` or `#L12-L40` (1-based).

export interface LineRange {
  from: number;
  to: number;
}

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
