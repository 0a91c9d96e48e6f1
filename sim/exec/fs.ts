// An in-memory filesystem for one simulated container: a tree of directories and text files with
// POSIX-style errors, read-only mounts and a size cap. Pure data plus functions; no I/O.

export interface FileNode {
  kind: 'file';
  data: string;
  mtime: number;
  mode: number;
  /** Size shown by `ls -l` when `data` is a stand-in (e.g. a 40 MB jar). */
  size?: number;
  readOnly?: boolean;
}

export interface DirNode {
  kind: 'dir';
  entries: Map<string, FsNode>;
  mtime: number;
  mode: number;
  readOnly?: boolean;
}

export type FsNode = FileNode | DirNode;

export interface FakeFs {
  root: DirNode;
  /** Bytes written by users so far (image content is not counted). */
  used: number;
  capacity: number;
}

export type FsError =
  'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'EROFS' | 'ENOTEMPTY' | 'ENOSPC' | 'EINVAL';

export type FsResult<T> = { ok: true; value: T } | { ok: false; error: FsError };

/** Default cap on what exec sessions may write into one container. */
export const DEFAULT_CAPACITY = 16 * 1024 * 1024;

const ERROR_TEXT: Record<FsError, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  EROFS: 'Read-only file system',
  ENOTEMPTY: 'Directory not empty',
  ENOSPC: 'No space left on device',
  EINVAL: 'Invalid argument',
};

export function errorText(e: FsError): string {
  return ERROR_TEXT[e];
}

const ok = <T>(value: T): FsResult<T> => ({ ok: true, value });
const fail = <T>(error: FsError): FsResult<T> => ({ ok: false, error });

export function createFs(now: number, capacity = DEFAULT_CAPACITY): FakeFs {
  return { root: newDir(now), used: 0, capacity };
}

function newDir(now: number, mode = 0o755): DirNode {
  return { kind: 'dir', entries: new Map(), mtime: now, mode };
}

/** Normalizes `p` against `cwd` into an absolute path without `.`/`..`/empty parts. */
export function resolvePath(cwd: string, p: string): string {
  const parts: string[] = [];
  const src = p.startsWith('/') ? p : `${cwd}/${p}`;
  for (const part of src.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parts(abs: string): string[] {
  return abs.split('/').filter((x) => x !== '');
}

export function basename(p: string): string {
  const ps = parts(p);
  return ps[ps.length - 1] ?? '/';
}

export function dirname(abs: string): string {
  const ps = parts(abs);
  return `/${ps.slice(0, -1).join('/')}`;
}

export function stat(fs: FakeFs, abs: string): FsResult<FsNode> {
  let node: FsNode = fs.root;
  for (const part of parts(abs)) {
    if (node.kind !== 'dir') return fail('ENOTDIR');
    const next = node.entries.get(part);
    if (!next) return fail('ENOENT');
    node = next;
  }
  return ok(node);
}

function parentOf(fs: FakeFs, abs: string): FsResult<{ dir: DirNode; name: string }> {
  const ps = parts(abs);
  const name = ps.pop();
  if (name === undefined) return fail('EISDIR');
  const parent = stat(fs, `/${ps.join('/')}`);
  if (!parent.ok) return parent;
  if (parent.value.kind !== 'dir') return fail('ENOTDIR');
  return ok({ dir: parent.value, name });
}

export function readFile(fs: FakeFs, abs: string): FsResult<string> {
  const n = stat(fs, abs);
  if (!n.ok) return n;
  if (n.value.kind === 'dir') return fail('EISDIR');
  return ok(n.value.data);
}

export function readDir(fs: FakeFs, abs: string): FsResult<[string, FsNode][]> {
  const n = stat(fs, abs);
  if (!n.ok) return n;
  if (n.value.kind !== 'dir') return fail('ENOTDIR');
  return ok([...n.value.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function fileSize(n: FsNode): number {
  if (n.kind === 'dir') return 4096;
  return n.size ?? Buffer.byteLength(n.data);
}

export interface WriteOptions {
  append?: boolean;
  now: number;
}

/** Creates or overwrites (or appends to) a regular file whose parent directory exists. */
export function writeFile(fs: FakeFs, abs: string, data: string, o: WriteOptions): FsResult<void> {
  const p = parentOf(fs, abs);
  if (!p.ok) return p;
  const { dir, name } = p.value;
  const existing = dir.entries.get(name);
  if (existing?.kind === 'dir') return fail('EISDIR');
  if (existing ? existing.readOnly : dir.readOnly) return fail('EROFS');
  const added = Buffer.byteLength(data);
  const old = existing && !o.append ? Buffer.byteLength(existing.data) : 0;
  if (fs.used + added - old > fs.capacity) return fail('ENOSPC');
  fs.used += added - old;
  if (existing) {
    existing.data = o.append ? existing.data + data : data;
    existing.size = undefined;
    existing.mtime = o.now;
  } else {
    dir.entries.set(name, { kind: 'file', data, mtime: o.now, mode: 0o644 });
    dir.mtime = o.now;
  }
  return ok(undefined);
}

export function touch(fs: FakeFs, abs: string, now: number): FsResult<void> {
  const n = stat(fs, abs);
  if (n.ok) {
    if (n.value.readOnly) return fail('EROFS');
    n.value.mtime = now;
    return ok(undefined);
  }
  return writeFile(fs, abs, '', { append: true, now });
}

export function mkdir(
  fs: FakeFs,
  abs: string,
  o: { parents?: boolean; now: number },
): FsResult<void> {
  if (o.parents) {
    let dir = fs.root;
    for (const part of parts(abs)) {
      const next = dir.entries.get(part);
      if (next?.kind === 'file') return fail('ENOTDIR');
      if (next) {
        dir = next;
        continue;
      }
      if (dir.readOnly) return fail('EROFS');
      const made = newDir(o.now);
      dir.entries.set(part, made);
      dir = made;
    }
    return ok(undefined);
  }
  const p = parentOf(fs, abs);
  if (!p.ok) return p.error === 'EISDIR' ? fail('EEXIST') : p;
  const { dir, name } = p.value;
  if (dir.entries.has(name)) return fail('EEXIST');
  if (dir.readOnly) return fail('EROFS');
  dir.entries.set(name, newDir(o.now));
  dir.mtime = o.now;
  return ok(undefined);
}

function bytesOf(n: FsNode): number {
  if (n.kind === 'file') return n.size === undefined ? Buffer.byteLength(n.data) : 0;
  let total = 0;
  for (const child of n.entries.values()) total += bytesOf(child);
  return total;
}

export function remove(
  fs: FakeFs,
  abs: string,
  o: { recursive?: boolean; dirOnly?: boolean } = {},
): FsResult<void> {
  const p = parentOf(fs, abs);
  if (!p.ok) return p.error === 'EISDIR' ? fail('EINVAL') : p;
  const { dir, name } = p.value;
  const node = dir.entries.get(name);
  if (!node) return fail('ENOENT');
  if (o.dirOnly && node.kind !== 'dir') return fail('ENOTDIR');
  if (node.kind === 'dir' && !o.recursive && !o.dirOnly) return fail('EISDIR');
  if (node.kind === 'dir' && o.dirOnly && node.entries.size > 0) return fail('ENOTEMPTY');
  if (dir.readOnly || node.readOnly) return fail('EROFS');
  fs.used = Math.max(0, fs.used - bytesOf(node));
  dir.entries.delete(name);
  return ok(undefined);
}

function cloneNode(n: FsNode, now: number): FsNode {
  if (n.kind === 'file')
    return { kind: 'file', data: n.data, size: n.size, mode: n.mode, mtime: now };
  const d = newDir(now, n.mode);
  for (const [k, v] of n.entries) d.entries.set(k, cloneNode(v, now));
  return d;
}

/** Copies src to dst; dst naming an existing directory means "into it" as cp does. */
export function copy(
  fs: FakeFs,
  src: string,
  dst: string,
  o: { recursive?: boolean; now: number },
): FsResult<void> {
  const s = stat(fs, src);
  if (!s.ok) return s;
  if (s.value.kind === 'dir' && !o.recursive) return fail('EISDIR');
  const target = intoDir(fs, dst, src);
  if (target === src || target.startsWith(`${src}/`)) return fail('EINVAL');
  const p = parentOf(fs, target);
  if (!p.ok) return p;
  const existing = p.value.dir.entries.get(p.value.name);
  if (existing?.kind === 'dir' && s.value.kind === 'file') return fail('EISDIR');
  if (p.value.dir.readOnly || existing?.readOnly) return fail('EROFS');
  const copied = cloneNode(s.value, o.now);
  const added = bytesOf(copied);
  if (fs.used + added > fs.capacity) return fail('ENOSPC');
  fs.used += added;
  p.value.dir.entries.set(p.value.name, copied);
  return ok(undefined);
}

export function move(fs: FakeFs, src: string, dst: string, now: number): FsResult<void> {
  const s = parentOf(fs, src);
  if (!s.ok) return s;
  const node = s.value.dir.entries.get(s.value.name);
  if (!node) return fail('ENOENT');
  const target = intoDir(fs, dst, src);
  if (target === src) return ok(undefined);
  if (target.startsWith(`${src}/`)) return fail('EINVAL');
  const p = parentOf(fs, target);
  if (!p.ok) return p;
  if (s.value.dir.readOnly || node.readOnly || p.value.dir.readOnly) return fail('EROFS');
  const existing = p.value.dir.entries.get(p.value.name);
  if (existing?.kind === 'dir' && node.kind === 'file') return fail('EISDIR');
  s.value.dir.entries.delete(s.value.name);
  p.value.dir.entries.set(p.value.name, node);
  p.value.dir.mtime = now;
  return ok(undefined);
}

function intoDir(fs: FakeFs, dst: string, src: string): string {
  const d = stat(fs, dst);
  return d.ok && d.value.kind === 'dir' ? resolvePath(dst, basename(src)) : dst;
}

/** Image-building helper: creates parents as needed and does not count toward `used`. */
export function addFile(
  fs: FakeFs,
  abs: string,
  data: string,
  o: { now: number; mode?: number; size?: number; readOnly?: boolean },
): void {
  const ps = parts(abs);
  const name = ps.pop();
  if (name === undefined) return;
  let dir = fs.root;
  for (const part of ps) {
    let next = dir.entries.get(part);
    if (!next || next.kind !== 'dir') {
      next = newDir(o.now);
      dir.entries.set(part, next);
    }
    dir = next;
  }
  dir.entries.set(name, {
    kind: 'file',
    data,
    mtime: o.now,
    mode: o.mode ?? 0o644,
    ...(o.size !== undefined ? { size: o.size } : {}),
    ...(o.readOnly ? { readOnly: true } : {}),
  });
}

/** Image-building helper: a directory (and parents); `readOnly` marks a read-only mount. */
export function addDir(
  fs: FakeFs,
  abs: string,
  o: { now: number; mode?: number; readOnly?: boolean },
): DirNode {
  let dir = fs.root;
  for (const part of parts(abs)) {
    let next = dir.entries.get(part);
    if (!next || next.kind !== 'dir') {
      next = newDir(o.now);
      dir.entries.set(part, next);
    }
    dir = next;
  }
  if (o.mode !== undefined) dir.mode = o.mode;
  if (o.readOnly) dir.readOnly = true;
  return dir;
}
