// Patch engine: JSON patch (RFC 6902), merge patch (RFC 7386) and strategic merge patch over plain JSON.
import { cloneJson } from './clone';
import { StatusError } from './types';

export type JsonMap = Record<string, unknown>;

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : cloneJson(v);
}

/** JSON equality that ignores key order (decoded JSON has no other meaningful differences). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

// kube-apiserver wraps json-patch apply errors with NewGenericServerResponse(422, …): the json-patch
// reason travels as the one cause, which kubectl prints.
function unprocessable(reason: string): StatusError {
  return new StatusError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    { causes: [{ reason: 'UnexpectedServerResponse', message: reason }] },
  );
}

// ---------- RFC 6902 ----------

type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OPS: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

interface Op {
  op: OpName;
  path: string;
  from?: string;
  value?: unknown;
}

function parseOps(ops: unknown): Op[] {
  if (!Array.isArray(ops)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  return ops.map((raw, i): Op => {
    if (!isMap(raw)) throw badRequest(`json patch operation ${i} is not an object`);
    const { op, path, from } = raw;
    if (typeof op !== 'string') throw badRequest(`json patch operation ${i}: missing "op"`);
    if (!OPS.includes(op)) throw badRequest(`Unexpected kind: ${op}`);
    if (typeof path !== 'string') throw badRequest(`json patch operation ${i}: missing "path"`);
    parsePointer(path);
    if (op === 'move' || op === 'copy') {
      if (typeof from !== 'string') throw badRequest(`json patch operation ${i}: missing "from"`);
      parsePointer(from);
    }
    if ((op === 'add' || op === 'replace' || op === 'test') && !('value' in raw)) {
      throw badRequest(`json patch operation ${i}: missing "value"`);
    }
    return { op: op as OpName, path, from: from as string | undefined, value: raw.value };
  });
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw badRequest(`JSON pointer must be empty or start with "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const MISSING = Symbol('missing');

function arrayIndex(arr: unknown[], token: string, forInsert: boolean): number | undefined {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < arr.length || (forInsert && i === arr.length) ? i : undefined;
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(cur, t, false);
      if (i === undefined) return MISSING;
      cur = cur[i];
    } else if (isMap(cur) && Object.hasOwn(cur, t)) {
      cur = cur[t];
    } else {
      return MISSING;
    }
  }
  return cur;
}

/** The container holding the last token, or undefined when an intermediate step is missing. */
function parentOf(doc: unknown, tokens: string[]): unknown[] | JsonMap | undefined {
  const p = getAt(doc, tokens.slice(0, -1));
  return Array.isArray(p) || isMap(p) ? p : undefined;
}

/** Applies an RFC 6902 patch; returns a new document. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const parsed = parseOps(ops);
  // A box lets the empty pointer ("") replace the whole document like any other member.
  const box: JsonMap = { root: clone(doc) };
  const at = (p: string): string[] => ['root', ...parsePointer(p)];

  const add = (path: string, value: unknown, what: string): void => {
    const tokens = at(path);
    const parent = parentOf(box, tokens);
    const key = tokens[tokens.length - 1] ?? '';
    if (!parent)
      throw unprocessable(
        `${what} operation does not apply: doc is missing path: "${path}": missing value`,
      );
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, key, true);
      if (i === undefined)
        throw unprocessable(
          `error in ${what} for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`,
        );
      parent.splice(i, 0, value);
    } else {
      parent[key] = value;
    }
  };
  const remove = (path: string, what: string): unknown => {
    const tokens = at(path);
    const parent = parentOf(box, tokens);
    const key = tokens[tokens.length - 1] ?? '';
    const missing = `${what} operation does not apply: doc is missing path: "${path}": missing value`;
    if (!parent) throw unprocessable(missing);
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, key, false);
      if (i === undefined)
        throw unprocessable(
          `error in ${what} for path: '${path}': Unable to remove invalid index: ${key}: invalid index referenced`,
        );
      return parent.splice(i, 1)[0];
    }
    if (!Object.hasOwn(parent, key)) throw unprocessable(missing);
    const old = parent[key];
    delete parent[key];
    return old;
  };

  for (const op of parsed) {
    switch (op.op) {
      case 'add':
        add(op.path, clone(op.value), 'add');
        break;
      case 'remove':
        if (op.path === '')
          throw unprocessable('remove operation does not apply: cannot remove the whole document');
        remove(op.path, 'remove');
        break;
      case 'replace':
        if (getAt(box, at(op.path)) === MISSING) {
          throw unprocessable(
            `replace operation does not apply: doc is missing key: ${op.path}: missing value`,
          );
        }
        remove(op.path, 'replace');
        add(op.path, clone(op.value), 'replace');
        break;
      case 'move': {
        const from = op.from ?? '';
        if (getAt(box, at(from)) === MISSING) {
          throw unprocessable(
            `move operation does not apply: doc is missing from path: ${from}: missing value`,
          );
        }
        if (op.path.startsWith(`${from}/`)) {
          throw unprocessable(
            `move operation does not apply: cannot move ${from} into its own child ${op.path}`,
          );
        }
        add(op.path, remove(from, 'move'), 'move');
        break;
      }
      case 'copy': {
        const value = getAt(box, at(op.from ?? ''));
        if (value === MISSING) {
          throw unprocessable(
            `copy operation does not apply: doc is missing from path: ${op.from}: missing value`,
          );
        }
        add(op.path, clone(value), 'copy');
        break;
      }
      case 'test': {
        const value = getAt(box, at(op.path));
        if (value === MISSING) {
          throw unprocessable(
            `test operation does not apply: is missing path: ${op.path}: missing value`,
          );
        }
        if (!jsonEqual(value, op.value)) {
          throw unprocessable(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
    }
  }
  return box.root;
}

// ---------- RFC 7386 ----------

/** Applies an RFC 7386 merge patch; returns a new document. */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  return mergeInto(clone(doc), patch);
}

// `doc` is already a private copy, so it is safe to mutate.
function mergeInto(doc: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return clone(patch);
  const out: JsonMap = isMap(doc) ? doc : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}

// ---------- strategic merge patch ----------

const NAME_KEYED = new Set([
  'containers',
  'initContainers',
  'ephemeralContainers',
  'volumes',
  'env',
  'imagePullSecrets',
]);
const OTHER_KEYS: Record<string, string> = {
  volumeMounts: 'mountPath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
};
/** Lists of primitives that merge as sets (patchStrategy "merge" without a key). */
export const SET_LISTS: ReadonlySet<string> = new Set(['finalizers']);

/**
 * The patchMergeKey kube's Go structs declare for a list field, or undefined for atomic lists.
 * `ports` is containerPort in pod specs and port in services; the items tell which one we have.
 */
export function mergeKeyFor(field: string, items: readonly unknown[]): string | undefined {
  if (NAME_KEYED.has(field)) return 'name';
  if (field === 'ports') {
    return items.some((i) => isMap(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  }
  return OTHER_KEYS[field];
}

const DELETE = Symbol('delete');
type Merged = unknown;

function directive(v: unknown): 'replace' | 'delete' | 'merge' | undefined {
  if (v === undefined || v === 'replace' || v === 'delete' || v === 'merge') return v;
  throw badRequest(`Unknown patch type: ${String(v)}`);
}

function smpValue(orig: unknown, patch: unknown, field: string): Merged {
  if (patch === null) return DELETE;
  if (Array.isArray(patch)) return smpList(field, Array.isArray(orig) ? orig : [], patch);
  if (isMap(patch)) return smpMap(isMap(orig) ? orig : {}, patch);
  return patch;
}

function smpMap(orig: JsonMap, patch: JsonMap): Merged {
  const how = directive(patch.$patch);
  if (how === 'delete') return DELETE;
  const out: JsonMap = how === 'replace' ? {} : { ...orig };
  const orders: [string, unknown[]][] = [];
  // Directives first, so a field's merge below sees the deletions already made.
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/')) {
      if (!Array.isArray(v)) throw badRequest(`invalid patch: ${k} must be a list`);
      orders.push([k.slice('$setElementOrder/'.length), v]);
    } else if (k.startsWith('$deleteFromPrimitiveList/')) {
      if (!Array.isArray(v)) throw badRequest(`invalid patch: ${k} must be a list`);
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[f];
      if (Array.isArray(cur)) out[f] = cur.filter((x) => !v.some((d) => jsonEqual(d, x)));
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const r = smpValue(out[k], v, k);
    if (r === DELETE) delete out[k];
    else out[k] = r;
  }
  if (patch.$retainKeys !== undefined) {
    const retain = patch.$retainKeys;
    if (!Array.isArray(retain)) throw badRequest('invalid patch: $retainKeys must be a list');
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  for (const [f, order] of orders) {
    const cur = out[f];
    if (Array.isArray(cur)) out[f] = reorder(f, cur, order);
  }
  return out;
}

function isReplaceMarker(item: unknown): boolean {
  return isMap(item) && item.$patch === 'replace' && Object.keys(item).length === 1;
}

function smpList(field: string, orig: unknown[], patch: unknown[]): unknown[] {
  const replaceAll = patch.some(isReplaceMarker);
  const items = patch.filter((i) => !isReplaceMarker(i));
  if (SET_LISTS.has(field) && items.every((i) => !isMap(i) && !Array.isArray(i))) {
    const base = replaceAll ? [] : [...orig];
    for (const i of items) if (!base.some((o) => jsonEqual(o, i))) base.push(i);
    return base;
  }
  const key = mergeKeyFor(field, [...orig, ...items]);
  if (!key || !items.every(isMap)) {
    return items.flatMap((i) => {
      const r = i === null ? null : smpValue(undefined, i, '');
      return r === DELETE ? [] : [r];
    });
  }
  const out = replaceAll ? [] : [...orig];
  for (const item of items as JsonMap[]) {
    const how = directive(item.$patch);
    const id = item[key];
    if (id === undefined) {
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    }
    const idx = out.findIndex((o) => isMap(o) && jsonEqual(o[key], id));
    if (how === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    const base = idx >= 0 ? out[idx] : undefined;
    const merged = smpMap(isMap(base) ? base : {}, item);
    if (idx >= 0) out[idx] = merged;
    else out.push(merged);
  }
  return out;
}

// $setElementOrder lists the patched items' final order; items the patch did not mention keep
// their relative order after them.
function reorder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyFor(field, list);
  const idOf = (x: unknown): unknown => (key && isMap(x) ? x[key] : x);
  const ids: unknown[] = [];
  for (const o of order) if (!ids.some((i) => jsonEqual(i, idOf(o)))) ids.push(idOf(o));
  const picked = ids.flatMap((id) => list.filter((x) => jsonEqual(idOf(x), id)));
  const rest = list.filter((x) => !ids.some((id) => jsonEqual(idOf(x), id)));
  return [...picked, ...rest];
}

/** Applies a strategic merge patch (kube's list-merging dialect); returns a new document. */
export function applyStrategicMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isMap(patch)) {
    throw badRequest('json: cannot unmarshal into Go value of type map[string]interface {}');
  }
  const r = smpMap(isMap(doc) ? doc : {}, patch);
  return r === DELETE ? {} : clone(r);
}
