// Search and filter: plain text (case-insensitive) or a regular expression, compiled once, with the
// ranges a line matches for highlighting. A regex that does not compile is reported, not thrown.

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

/** Cuts `text` at the ranges: alternating [text, hit] pieces for rendering highlights. */
export function splitByRanges(
  text: string,
  ranges: readonly [number, number][],
): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) out.push({ text: text.slice(at, a), hit: false });
    out.push({ text: text.slice(a, b), hit: true });
    at = b;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), hit: false });
  return out;
}
