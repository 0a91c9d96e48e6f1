// Copying and de-duplicating stored objects: the copies share their strings, so 10,000 similar pods
// (and every version of each) hold one "IfNotPresent", not one each.

/**
 * A deep copy of JSON-like data (plain objects, arrays, primitives), as `structuredClone` makes it
 * but sharing string values with the source: strings are immutable, and structuredClone's fresh copies
 * of them were most of the simulator's heap. Anything else (Date, Map, class instances) is left to
 * structuredClone.
 */
export function cloneJson<T>(v: T): T {
  return copy(v) as T;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k]);
  return out;
}

/** Strings longer than this are rarely repeated (messages, JSON, certificates): not worth a lookup. */
const MAX_INTERNED = 128;
/** Entries per generation; two generations bound the table at twice this. */
const GENERATION = 50_000;

/**
 * A bounded string-interning table. Values that repeat across objects and versions (timestamps of
 * the same second, node names, images, reasons) are built afresh by every controller write; `intern`
 * replaces them with one shared copy. Two generations: a string not seen for a whole generation is
 * forgotten, so unique values (uids, names of deleted pods) do not accumulate.
 */
export interface Interner {
  /** Replaces, in place, every string value and array element of `obj` by its shared copy. */
  internObject(obj: unknown): void;
  intern(s: string): string;
  /** Entries held (tests). */
  size(): number;
  has(s: string): boolean;
}

export function createInterner(generation = GENERATION): Interner {
  let current = new Map<string, string>();
  let previous = new Map<string, string>();
  const intern = (s: string): string => {
    if (s.length > MAX_INTERNED) return s;
    let found = current.get(s);
    if (found !== undefined) return found;
    found = previous.get(s) ?? s;
    if (current.size >= generation) {
      previous = current;
      current = new Map();
    }
    current.set(found, found);
    return found;
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') v[i] = intern(x);
        else if (typeof x === 'object' && x !== null) walk(x);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      // (Equal strings compare equal whichever copy they are: always store the shared one.)
      if (typeof x === 'string') o[k] = intern(x);
      else if (typeof x === 'object' && x !== null) walk(x);
    }
  };
  return {
    intern,
    size: () => current.size + previous.size,
    has: (s) => current.has(s) || previous.has(s),
    internObject(obj) {
      if (typeof obj === 'object' && obj !== null) walk(obj);
    },
  };
}
