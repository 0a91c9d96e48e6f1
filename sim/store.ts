// The simulator's versioned object store: in memory, made durable by a write-ahead log with group commit,
// and the event history that watches resume from.
import fs from 'node:fs';
import path from 'node:path';
import { createInterner } from './clone';
import type { KubeObject } from './types';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change. `resource` is `<group>/<plural>` (`/pods`, `apps/deployments`). */
export interface StoreEvent {
  type: EventType;
  resource: string;
  object: KubeObject;
  /** The version this event replaced (MODIFIED only): watches with selectors need it. */
  old?: KubeObject;
  rv: number;
}

type Listener = (e: StoreEvent) => void;

/**
 * What history keeps of an event: the objects as JSON text, several times smaller than live objects,
 * parsed again only when a watch resumes from an older resourceVersion.
 */
interface HistoryEntry {
  type: EventType;
  resource: string;
  ns: string;
  name: string;
  rv: number;
  json: string;
  oldJson?: string;
}

/**
 * One table for every store in the process: both clusters' objects repeat the same strings. Bounded
 * (see createInterner), so it holds a few MB at most.
 */
const interner = createInterner();

/**
 * JSON text of recently written object versions (stored objects are immutable, so a version's text
 * never changes). A write serializes its object once, for the log, the history and every watcher; the
 * text stays cached while the write is in the history, which holds that text anyway, and is dropped
 * when the history forgets the write. Caching every object's text for good made the text of 10,000
 * pods and their 40,000 events (60 MB) live for as long as the objects.
 */
const serialized = new WeakMap<object, string>();

/** The JSON text of a stored object: cached if it was written recently, else serialized now. */
export function objectJson(o: object): string {
  return serialized.get(o) ?? JSON.stringify(o);
}

/** objectJson that also caches the text (the store's write path). */
function cachedJson(o: object): string {
  let s = serialized.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    serialized.set(o, s);
  }
  return s;
}

interface WalRecord {
  rv: number;
  op: 'put' | 'del';
  resource: string;
  ns: string;
  name: string;
  obj?: KubeObject;
}

/** Compact the log into a snapshot once it holds this many records. */
const COMPACT_AFTER = 50_000;
const SNAPSHOT_CHUNK = 1 << 20;

/**
 * Durability: a write is applied in memory at once, appended to `wal.jsonl`, and acknowledged
 * (flush() resolves, watchers see it) only after the batch it belongs to is fdatasync'ed.
 * Snapshots are written to a temp file, fsync'ed and renamed, so a crash at any point leaves
 * either the old or the new snapshot plus a log that replays idempotently (records at or below
 * the snapshot's resourceVersion are skipped; a torn last line is dropped).
 */
export class Store {
  private readonly objects = new Map<string, Map<string, Map<string, KubeObject>>>();
  private rvCounter = 0;
  private readonly history: HistoryEntry[] = [];
  private historyStart = 0; // index into history of the oldest retained event
  private readonly listeners = new Map<string, Set<Listener>>();
  private pending: { line: string; event: StoreEvent }[] = [];
  private readonly waiters: { seq: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private queuedSeq = 0;
  private flushedSeq = 0;
  private flushing = false;
  private walFd: number | undefined;
  private walRecords = 0;
  /** The lowest resourceVersion a watch may start from (everything after it is in history). */
  private oldestRv = 0;

  /**
   * @param dir where state lives; undefined keeps everything in memory.
   * @param historySize how many past events watches can resume from; older resourceVersions get 410 Expired.
   */
  constructor(
    private readonly dir: string | undefined,
    private readonly historySize = 10_000,
  ) {}

  /** Loads the snapshot and replays the log. Returns whether any state existed. */
  load(): boolean {
    if (!this.dir) return false;
    fs.mkdirSync(this.dir, { recursive: true });
    const snapPath = path.join(this.dir, 'snapshot.json');
    const walPath = path.join(this.dir, 'wal.jsonl');
    let existed = false;
    if (fs.existsSync(snapPath)) {
      const snap = JSON.parse(fs.readFileSync(snapPath, 'utf8')) as {
        rv: number;
        objects: { resource: string; obj: KubeObject }[];
      };
      for (const { resource, obj } of snap.objects) this.put(resource, obj);
      this.rvCounter = snap.rv;
      existed = true;
    }
    if (fs.existsSync(walPath)) {
      const text = fs.readFileSync(walPath, 'utf8');
      let validBytes = 0;
      for (const line of text.split('\n')) {
        if (line === '') {
          validBytes += 1;
          continue;
        }
        let rec: WalRecord;
        try {
          rec = JSON.parse(line) as WalRecord;
        } catch {
          break; // a torn tail from a crash mid-append: everything before it is intact
        }
        validBytes += Buffer.byteLength(line) + 1;
        existed = true;
        if (rec.rv <= this.rvCounter) continue;
        this.rvCounter = rec.rv;
        if (rec.op === 'put' && rec.obj) this.put(rec.resource, rec.obj);
        else this.remove(rec.resource, rec.ns, rec.name);
      }
      if (validBytes < Buffer.byteLength(text))
        fs.truncateSync(walPath, Math.max(0, validBytes - 1));
    }
    this.oldestRv = this.rvCounter;
    this.compact();
    return existed;
  }

  get resourceVersion(): number {
    return this.rvCounter;
  }

  get(resource: string, ns: string, name: string): KubeObject | undefined {
    return this.objects.get(resource)?.get(ns)?.get(name);
  }

  /** Objects of a resource, in one namespace or ('' for cluster-scoped, undefined for all) across all. */
  list(resource: string, ns?: string): KubeObject[] {
    const byNs = this.objects.get(resource);
    if (!byNs) return [];
    if (ns !== undefined) return [...(byNs.get(ns)?.values() ?? [])];
    const out: KubeObject[] = [];
    for (const m of byNs.values()) for (const o of m.values()) out.push(o);
    return out;
  }

  count(resource: string, ns?: string): number {
    const byNs = this.objects.get(resource);
    if (!byNs) return 0;
    if (ns !== undefined) return byNs.get(ns)?.size ?? 0;
    let n = 0;
    for (const m of byNs.values()) n += m.size;
    return n;
  }

  /** Stores a new version, stamping the next resourceVersion. The caller owns `obj` from now on. */
  write(resource: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject {
    const ns = obj.metadata.namespace ?? '';
    const old = type === 'MODIFIED' ? this.get(resource, ns, obj.metadata.name!) : undefined;
    const rv = ++this.rvCounter;
    obj.metadata.resourceVersion = String(rv);
    this.put(resource, obj);
    this.enqueue(
      { rv, op: 'put', resource, ns, name: obj.metadata.name! },
      { type, resource, object: obj, old, rv },
    );
    return obj;
  }

  /** Removes an object; the DELETED event carries its last state with a new resourceVersion. */
  delete(resource: string, ns: string, name: string): KubeObject | undefined {
    const old = this.get(resource, ns, name);
    if (!old) return undefined;
    const rv = ++this.rvCounter;
    const last = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.remove(resource, ns, name);
    this.enqueue(
      { rv, op: 'del', resource, ns, name },
      { type: 'DELETED', resource, object: last, rv },
    );
    return last;
  }

  /** Resolves once every write made so far is on disk and delivered to watchers. */
  flush(): Promise<void> {
    const seq = this.queuedSeq;
    if (this.flushedSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Calls `fn` for every committed event of `resource` with rv > fromRv (history first, then live).
   * Throws 'expired' when fromRv is older than the retained history.
   */
  watch(resource: string, fromRv: number, fn: Listener): () => void {
    if (fromRv < this.oldestRv) throw new ExpiredError(fromRv, this.oldestRv);
    for (let i = this.historyStart; i < this.history.length; i++) {
      const h = this.history[i]!;
      if (h.rv <= fromRv || h.resource !== resource) continue;
      const object = JSON.parse(h.json) as KubeObject;
      const old = h.oldJson === undefined ? undefined : (JSON.parse(h.oldJson) as KubeObject);
      fn({ type: h.type, resource: h.resource, rv: h.rv, object, old });
    }
    let set = this.listeners.get(resource);
    if (!set) this.listeners.set(resource, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  close(): void {
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
    this.walFd = undefined;
  }

  private put(resource: string, obj: KubeObject): void {
    interner.internObject(obj);
    let byNs = this.objects.get(resource);
    if (!byNs) this.objects.set(resource, (byNs = new Map()));
    const ns = obj.metadata.namespace ?? '';
    let m = byNs.get(ns);
    if (!m) byNs.set(ns, (m = new Map()));
    m.set(obj.metadata.name!, obj);
  }

  private remove(resource: string, ns: string, name: string): void {
    const m = this.objects.get(resource)?.get(ns);
    m?.delete(name);
    if (m?.size === 0) this.objects.get(resource)!.delete(ns);
  }

  private enqueue(rec: WalRecord, event: StoreEvent): void {
    const head = JSON.stringify(rec);
    const line = this.dir
      ? event.type === 'DELETED'
        ? head
        : `${head.slice(0, -1)},"obj":${cachedJson(event.object)}}`
      : '';
    this.pending.push({ line, event });
    this.queuedSeq++;
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flushLoop());
    }
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const upTo = this.flushedSeq + batch.length;
        if (this.dir) {
          const fd = this.openWal();
          const buf = Buffer.from(batch.map((b) => b.line).join('\n') + '\n');
          await writeAll(fd, buf);
          await new Promise<void>((res, rej) =>
            fs.fdatasync(fd, (err) => (err ? rej(err) : res())),
          );
          this.walRecords += batch.length;
        }
        this.flushedSeq = upTo;
        for (const { event } of batch) this.publish(event);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const w = this.waiters[i]!;
          if (w.seq <= this.flushedSeq) {
            this.waiters.splice(i, 1);
            w.resolve();
          }
        }
        if (this.walRecords >= COMPACT_AFTER) this.compact();
      }
    } catch (err) {
      // A failing disk must not be acknowledged as durable.
      for (const w of this.waiters.splice(0)) w.reject(err as Error);
      console.error('sim store: write-ahead log failed:', err);
    } finally {
      this.flushing = false;
    }
  }

  private publish(event: StoreEvent): void {
    this.history.push({
      type: event.type,
      resource: event.resource,
      ns: event.object.metadata.namespace ?? '',
      name: event.object.metadata.name ?? '',
      rv: event.rv,
      json: cachedJson(event.object),
      oldJson: event.old === undefined ? undefined : cachedJson(event.old),
    });
    if (this.history.length - this.historyStart > this.historySize) {
      const gone = this.history[this.historyStart]!;
      this.oldestRv = gone.rv;
      this.historyStart++;
      const cur = this.get(gone.resource, gone.ns, gone.name);
      if (cur?.metadata.resourceVersion === String(gone.rv)) serialized.delete(cur);
      if (this.historyStart > this.historySize) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    const set = this.listeners.get(event.resource);
    if (set) for (const fn of set) fn(event);
  }

  private openWal(): number {
    if (this.walFd === undefined) this.walFd = fs.openSync(path.join(this.dir!, 'wal.jsonl'), 'a');
    return this.walFd;
  }

  /** Writes a snapshot of everything durable so far and starts an empty log. */
  private compact(): void {
    if (!this.dir || this.pending.length > 0) return;
    const snapPath = path.join(this.dir, 'snapshot.json');
    const tmp = `${snapPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    // Written in pieces of about 1 MB: one JSON.stringify of 50,000 objects was a 60 MB string at once.
    let chunk = `{"rv":${this.rvCounter},"objects":[`;
    let first = true;
    for (const [resource, byNs] of this.objects) {
      const head = `{"resource":${JSON.stringify(resource)},"obj":`;
      for (const m of byNs.values()) {
        for (const obj of m.values()) {
          chunk += `${first ? '' : ','}${head}${objectJson(obj)}}`;
          first = false;
          if (chunk.length > SNAPSHOT_CHUNK) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        }
      }
    }
    fs.writeSync(fd, `${chunk}]}`);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, snapPath);
    const dirFd = fs.openSync(this.dir, 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
    this.close();
    fs.writeFileSync(path.join(this.dir, 'wal.jsonl'), '');
    this.walRecords = 0;
  }
}

export class ExpiredError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (off: number): void => {
      fs.write(fd, buf, off, buf.length - off, null, (err, n) => {
        if (err) return reject(err);
        if (off + n < buf.length) step(off + n);
        else resolve();
      });
    };
    step(0);
  });
}
