// Search and filter: plain text (case-insensitive) or a regular expression, compiled once, with the
// ranges a line matches for highlighting. A regex that does not compile is reported, not thrown.
import type { Segment } from './ansi';

export interface Matcher {
  test(text: string): boolean;
  /** [start, end) ranges of every match, in order, non-overlapping. */
  ranges(text: string): [number, number][];
}

export type CompileResult =
  { ok: true; matcher: Matcher | undefined } | { ok: false; error: string };

const MAX_RANGES = 200;

/** Compiles `query`; an empty query gives no matcher (everything passes, nothing is highlighted). */
export function compileMatcher(query: string, regex: boolean): CompileResult {
  if (query === '') return { ok: true, matcher: undefined };
  if (!regex) {
    const needle = query.toLowerCase();
    return {
      ok: true,
      matcher: {
        test: (text) => text.toLowerCase().includes(needle),
        ranges(text) {
          const hay = text.toLowerCase();
          const out: [number, number][] = [];
          for (let i = hay.indexOf(needle); i >= 0 && out.length < MAX_RANGES;) {
            out.push([i, i + needle.length]);
            i = hay.indexOf(needle, i + needle.length);
          }
          return out;
        },
      },
    };
  }
  let re: RegExp;
  try {
    re = new RegExp(query, 'i');
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const global = new RegExp(re.source, 'gi');
  return {
    ok: true,
    matcher: {
      test: (text) => re.test(text),
      ranges(text) {
        const out: [number, number][] = [];
        global.lastIndex = 0;
        for (let m = global.exec(text); m && out.length < MAX_RANGES; m = global.exec(text)) {
          if (m[0] === '') {
            global.lastIndex++; // an empty match highlights nothing and must not loop forever
            continue;
          }
          out.push([m.index, m.index + m[0].length]);
        }
        return out;
      },
    },
  };
}

/** A piece of a line to render: an ANSI-styled run, marked when a search hit covers it. */
export interface Piece extends Segment {
  hit: boolean;
}

/**
 * Cuts styled segments at the hit ranges (offsets into the text without escapes), so highlights and
 * colours combine.
 */
export function markSegments(
  segments: readonly Segment[],
  ranges: readonly [number, number][],
): Piece[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, hit: false }));
  const out: Piece[] = [];
  let offset = 0;
  let r = 0;
  for (const seg of segments) {
    const end = offset + seg.text.length;
    let at = offset;
    while (at < end) {
      while (r < ranges.length && ranges[r]![1] <= at) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ text: seg.text.slice(at - offset), style: seg.style, hit: false });
        break;
      }
      if (range[0] > at) {
        out.push({
          text: seg.text.slice(at - offset, range[0] - offset),
          style: seg.style,
          hit: false,
        });
        at = range[0];
      }
      const stop = Math.min(end, range[1]);
      out.push({ text: seg.text.slice(at - offset, stop - offset), style: seg.style, hit: true });
      at = stop;
    }
    offset = end;
  }
  return out;
}
