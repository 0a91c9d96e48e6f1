// Field ownership: metadata.managedFields (FieldsV1) for updates and server-side apply.
import { SET_LISTS, clone, isMap, jsonEqual, mergeKeyFor, type JsonMap } from './patch';
import { StatusError, type KubeObject, type ManagedFieldsEntry } from './types';

/** A FieldsV1 path: `f:<field>`, `k:<json key>` (keyed list item), `v:<json>` (set member), `.` (the node itself). */
type Path = string[];
/** Every owned-able path of an object, keyed by JSON.stringify(path), with a comparable value. */
type Leaves = Map<string, { path: Path; value: string }>;

interface Owner {
  entry: ManagedFieldsEntry;
  fields: Set<string>;
}

// Server-set or identity fields the field manager never tracks [apiserver fieldmanager stripmeta.go].
const IGNORED_META = new Set([
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'generation',
  'managedFields',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);
// Without schemas we tell maps (granular, recorded with `.`) from structs by field name.
const MAP_FIELDS = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'nodeSelector',
  'data',
  'stringData',
  'binaryData',
  'limits',
  'requests',
]);

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function isMapField(field: string, v: JsonMap): boolean {
  return (
    MAP_FIELDS.has(field) ||
    (field === 'selector' && Object.values(v).every((x) => typeof x === 'string'))
  );
}

/** The merge key when every item is a map carrying it; otherwise the list is atomic. */
function listKey(field: string, items: readonly unknown[]): string | undefined {
  const key = mergeKeyFor(field, items);
  return key && items.every((i) => isMap(i) && i[key] !== undefined) ? key : undefined;
}

function itemElem(key: string, item: JsonMap): string {
  return `k:${JSON.stringify({ [key]: item[key] })}`;
}

function leaves(obj: JsonMap, includeStatus: boolean): Leaves {
  const out: Leaves = new Map();
  const add = (path: Path, value: string): void => {
    out.set(JSON.stringify(path), { path, value });
  };
  const walk = (v: unknown, field: string, path: Path): void => {
    if (isMap(v)) {
      if (isMapField(field, v)) add([...path, '.'], '');
      else if (Object.keys(v).length === 0) return add(path, '{}');
      for (const [k, c] of Object.entries(v)) walk(c, k, [...path, `f:${k}`]);
    } else if (Array.isArray(v)) {
      const key = listKey(field, v);
      if (key) {
        for (const item of v as JsonMap[]) {
          const p = [...path, itemElem(key, item)];
          add([...p, '.'], '');
          for (const [k, c] of Object.entries(item)) walk(c, k, [...p, `f:${k}`]);
        }
      } else if (SET_LISTS.has(field) && v.every((x) => !isMap(x) && !Array.isArray(x))) {
        for (const x of v) add([...path, `v:${JSON.stringify(x)}`], '');
      } else {
        add(path, stableJson(v));
      }
    } else {
      add(path, stableJson(v));
    }
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || (k === 'status' && !includeStatus)) continue;
    if (k === 'metadata' && isMap(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!IGNORED_META.has(mk)) walk(mv, mk, ['f:metadata', `f:${mk}`]);
      }
    } else {
      walk(v, k, [`f:${k}`]);
    }
  }
  return out;
}

/** Encodes paths as a FieldsV1 tree (`{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`). */
export function toFieldsV1(paths: Iterable<Path>): JsonMap {
  const root: JsonMap = {};
  const sorted = [...paths].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  for (const p of sorted) {
    let cur = root;
    for (const e of p) {
      const next = cur[e];
      const node: JsonMap = isMap(next) ? next : {};
      cur[e] = node;
      cur = node;
    }
  }
  return root;
}

/** Decodes a FieldsV1 tree into the member paths it lists (leaves and `.` markers). */
export function fromFieldsV1(tree: unknown, prefix: Path = []): Path[] {
  if (!isMap(tree)) return [];
  return Object.entries(tree).flatMap(([k, c]) => {
    const p = [...prefix, k];
    return k === '.' || !isMap(c) || Object.keys(c).length === 0 ? [p] : fromFieldsV1(c, p);
  });
}

function parseOwners(entries: unknown): Owner[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e): e is ManagedFieldsEntry => isMap(e) && typeof e.manager === 'string')
    .map((entry) => ({
      entry,
      fields: new Set(fromFieldsV1(entry.fieldsV1).map((p) => JSON.stringify(p))),
    }));
}

/** Drops fields that no longer exist and owners left with nothing. */
function encodeOwners(owners: Owner[], obj: JsonMap): ManagedFieldsEntry[] {
  const present = leaves(obj, true);
  return owners.flatMap(({ entry, fields }) => {
    const kept = [...fields].filter((k) => present.has(k)).map((k) => JSON.parse(k) as Path);
    return kept.length ? [{ ...entry, fieldsV1: toFieldsV1(kept) }] : [];
  });
}

function withManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): KubeObject {
  const out = clone(obj);
  if (entries.length) out.metadata.managedFields = entries;
  else delete out.metadata.managedFields;
  return out;
}

function newEntry(
  opts: { manager: string; apiVersion: string; time: string; subresource?: string },
  operation: 'Apply' | 'Update',
): ManagedFieldsEntry {
  return {
    manager: opts.manager,
    operation,
    apiVersion: opts.apiVersion,
    time: opts.time,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
}

/**
 * Records a create/update/patch by `manager` (operation Update): it takes over every field whose
 * value it changed or added. Returns a copy of newObj with metadata.managedFields set.
 */
export function recordUpdate(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  opts: { manager: string; apiVersion: string; time: string; subresource?: string },
): KubeObject {
  const includeStatus = opts.subresource === 'status';
  const before: Leaves = oldObj ? leaves(oldObj, includeStatus) : new Map();
  const changed = [...leaves(newObj, includeStatus)]
    .filter(([k, l]) => before.get(k)?.value !== l.value)
    .map(([k]) => k);
  const owners = parseOwners(
    oldObj ? oldObj.metadata.managedFields : newObj.metadata.managedFields,
  );
  if (changed.length) {
    for (const o of owners) for (const k of changed) o.fields.delete(k);
    const sub = opts.subresource ?? '';
    let own = owners.find(
      (o) =>
        o.entry.manager === opts.manager &&
        o.entry.operation === 'Update' &&
        (o.entry.subresource ?? '') === sub,
    );
    if (!own) {
      own = { entry: newEntry(opts, 'Update'), fields: new Set() };
      owners.push(own);
    }
    own.entry = { ...own.entry, apiVersion: opts.apiVersion, time: opts.time };
    for (const k of changed) own.fields.add(k);
  }
  return withManagedFields(newObj, encodeOwners(owners, newObj));
}

/** Renders a path as kube prints it in conflicts: `.spec.containers[name="app"].image`. */
export function pathString(path: Path): string {
  return path
    .map((e) => {
      if (e === '.') return '';
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('v:')) return `[=${e.slice(2)}]`;
      const key = JSON.parse(e.slice(2)) as JsonMap;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

// Mirrors apiserver fieldmanager/internal/conflict.go: Update managers are named with their
// apiVersion, Apply managers by name alone.
function managerName(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

function conflictError(conflicts: { owner: Owner; path: Path }[]): StatusError {
  const rows = conflicts
    .map((c) => ({ who: managerName(c.owner.entry), field: pathString(c.path) }))
    .sort((a, b) => (a.who + a.field < b.who + b.field ? -1 : 1));
  let detail: string;
  if (rows.length === 1) {
    detail = `conflict with ${rows[0]?.who}: ${rows[0]?.field}`;
  } else {
    const lines: string[] = [];
    for (const who of [...new Set(rows.map((r) => r.who))]) {
      lines.push(`conflicts with ${who}:`);
      for (const r of rows) if (r.who === who) lines.push(`- ${r.field}`);
    }
    detail = lines.join('\n');
  }
  const n = rows.length;
  return new StatusError(
    409,
    'Conflict',
    `Apply failed with ${n} conflict${n > 1 ? 's' : ''}: ${detail}`,
    {
      causes: rows.map((r) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${r.who}`,
        field: r.field,
      })),
    },
  );
}

// A null in an apply configuration means "I do not set this"; dropping it lets a previously
// applied value be removed like any other omitted field.
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, c] of Object.entries(v)) if (c !== null) out[k] = stripNulls(c);
  return out;
}

function ssaMerge(base: unknown, applied: unknown, field: string): unknown {
  if (isMap(applied)) {
    const out: JsonMap = isMap(base) ? { ...base } : {};
    for (const [k, v] of Object.entries(applied)) out[k] = ssaMerge(out[k], v, k);
    return out;
  }
  if (!Array.isArray(applied)) return clone(applied);
  const old = Array.isArray(base) ? base : [];
  if (SET_LISTS.has(field)) {
    return [...old, ...applied.filter((a) => !old.some((o) => jsonEqual(o, a)))];
  }
  const key = listKey(field, [...old, ...applied]);
  if (!key) return clone(applied);
  const out = [...old] as JsonMap[];
  for (const item of applied as JsonMap[]) {
    const i = out.findIndex((o) => jsonEqual(o[key], item[key]));
    if (i >= 0) out[i] = ssaMerge(out[i], item, '') as JsonMap;
    else out.push(clone(item));
  }
  return out;
}

function elemMatches(e: string, item: unknown): boolean {
  if (e.startsWith('v:')) return jsonEqual(JSON.parse(e.slice(2)), item);
  const key = JSON.parse(e.slice(2)) as JsonMap;
  return isMap(item) && Object.entries(key).every(([k, v]) => jsonEqual(item[k], v));
}

/** Removes the node a path names (a `.`-terminated path is handled by the caller). */
function removeAt(obj: JsonMap, path: Path): void {
  let cur: unknown = obj;
  for (const [i, e] of path.entries()) {
    const last = i === path.length - 1;
    if (e.startsWith('f:') && isMap(cur)) {
      if (last) delete cur[e.slice(2)];
      cur = cur[e.slice(2)];
    } else if (Array.isArray(cur)) {
      const idx = cur.findIndex((x) => elemMatches(e, x));
      if (idx < 0) return;
      if (last) cur.splice(idx, 1);
      cur = cur[idx];
    } else {
      return;
    }
  }
}

/**
 * Server-side apply by `manager`: merges `applied` into `existing` (or creates it), removes fields
 * this manager applied before and omits now, and records its Apply entry. Throws 409 Conflict when
 * the apply would change a field another manager owns, unless `force` moves the ownership.
 */
export function serverSideApply(
  existing: KubeObject | undefined,
  applied: KubeObject,
  opts: { manager: string; force: boolean; apiVersion: string; time: string },
): KubeObject {
  const cfg = stripNulls(applied) as JsonMap;
  // Status goes through the status subresource; the main resource's strategy resets it.
  delete cfg.status;
  if (isMap(cfg.metadata)) delete cfg.metadata.managedFields;
  const mine = leaves(cfg, false);
  const before: Leaves = existing ? leaves(existing, false) : new Map();
  const owners = parseOwners(existing?.metadata.managedFields);
  const self = owners.find(
    (o) => o.entry.manager === opts.manager && o.entry.operation === 'Apply',
  );
  const others = owners.filter((o) => o !== self);

  const conflicts: { owner: Owner; path: Path }[] = [];
  for (const [k, l] of mine) {
    const cur = before.get(k);
    if (!cur || cur.value === l.value) continue;
    for (const o of others) if (o.fields.has(k)) conflicts.push({ owner: o, path: l.path });
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts);
  for (const c of conflicts) c.owner.fields.delete(JSON.stringify(c.path));

  const merged = ssaMerge(existing ? clone(existing) : {}, cfg, '') as KubeObject;
  if (!isMap(merged.metadata)) merged.metadata = {};
  const ownedByOthers = (k: string): boolean => others.some((o) => o.fields.has(k));
  const dropped = [...(self?.fields ?? [])]
    .filter((k) => !mine.has(k) && !ownedByOthers(k))
    .map((k) => JSON.parse(k) as Path);
  // A dropped `.` means the map or list item itself: remove it (before its leaves, while its key
  // still identifies it) only if nobody owns anything inside.
  const owned = [...mine.keys(), ...others.flatMap((o) => [...o.fields])];
  for (const p of dropped) {
    if (p[p.length - 1] !== '.') continue;
    const inside = JSON.stringify(p.slice(0, -1)).slice(0, -1) + ',';
    if (!owned.some((k) => k.startsWith(inside))) removeAt(merged, p.slice(0, -1));
  }
  for (const p of dropped) if (p[p.length - 1] !== '.') removeAt(merged, p);

  const own: Owner = { entry: newEntry(opts, 'Apply'), fields: new Set(mine.keys()) };
  const next = self ? owners.map((o) => (o === self ? own : o)) : [...owners, own];
  return withManagedFields(merged, encodeOwners(next, merged));
}
