import { describe, expect, it } from 'vitest';
import { cloneJson, createInterner } from './clone';

describe('cloneJson', () => {
  it('copies objects and arrays deeply, keeping key order and undefined values', () => {
    const src = {
      b: 1,
      a: [{ x: 'y' }, { x: null }],
      c: { d: undefined, e: -0 },
      s: 'text',
      n: [null, 2, true],
    };
    const out = cloneJson(src);
    expect(out).toStrictEqual(src);
    expect(Object.keys(out)).toEqual(['b', 'a', 'c', 's', 'n']);
    expect('d' in out.c).toBe(true);
    expect(Object.is(out.c.e, -0)).toBe(true);
    out.a[0]!.x = 'changed';
    (out.c as Record<string, unknown>).f = 1;
    expect(src.a[0]!.x).toBe('y');
    expect('f' in src.c).toBe(false);
    expect(out.a).not.toBe(src.a);
  });

  it('passes primitives through and leaves non-plain objects to structuredClone', () => {
    expect(cloneJson('s')).toBe('s');
    expect(cloneJson(3)).toBe(3);
    expect(cloneJson(null)).toBeNull();
    expect(cloneJson(undefined)).toBeUndefined();
    const when = new Date(0);
    const out = cloneJson({ when, bare: Object.assign(Object.create(null) as object, { k: 1 }) });
    expect(out.when).toBeInstanceOf(Date);
    expect(out.when).not.toBe(when);
    expect(out.when.getTime()).toBe(0);
    expect(out.bare).toEqual({ k: 1 });
    expect(() => cloneJson({ m: new Map([[1, () => 0]]) })).toThrow();
  });
});

describe('createInterner', () => {
  it('keeps values equal while walking nested objects and arrays', () => {
    const i = createInterner();
    const obj = { a: 'x', b: ['y', { c: 'z', n: 1, t: null }], long: 'q'.repeat(500) };
    const before = structuredClone(obj);
    i.internObject(obj);
    expect(obj).toEqual(before);
    expect(i.intern('x')).toBe('x');
    i.internObject(null);
    i.internObject('not an object');
  });

  it('stays bounded: unique strings fall out after two generations, long ones never enter', () => {
    const i = createInterner(100);
    for (let n = 0; n < 1000; n++) i.intern(`unique-${n}`);
    expect(i.size()).toBeLessThanOrEqual(200);
    const j = createInterner(100);
    j.intern('z'.repeat(129));
    expect(j.size()).toBe(0);
    j.intern('z'.repeat(128));
    expect(j.size()).toBe(1);
  });

  it('keeps a string that keeps being seen across generations', () => {
    const i = createInterner(10);
    i.intern('common');
    for (let n = 0; n < 100; n++) {
      i.intern(`u${n}`);
      expect(i.has('common')).toBe(true);
      i.intern('common');
    }
    expect(i.has('u0')).toBe(false);
  });
});
