// The shared watch cache: one upstream LIST+WATCH per cluster × resource × namespace × selector, however
// many subscribers look; resumed from the last resourceVersion, re-listed on 410, bookmarks on.
import type { IncomingMessage } from 'node:http';
import type { ClusterConnection } from './clusters';
import { KubeError, kubeJson, kubeStream } from './transport';

export interface WatchKey {
  cluster: string;
  /** API path prefix of the collection without namespace: `/api/v1` + `pods`, `/apis/apps/v1` + `deployments`. */
  apiPath: string;
  plural: string;
  namespace?: string;
  labelSelector?: string;
}

export interface CachedObject {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
  [key: string]: unknown;
}

export type CacheEvent =
  | { type: 'SNAPSHOT'; items: CachedObject[]; resourceVersion: string }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: CachedObject }
  | { type: 'ERROR'; message: string; code?: number };

export type Subscriber = (e: CacheEvent) => void;

const INACTIVITY_MS = 90_000;
const RETRY_MS = [250, 500, 1000, 2000, 5000];

export function watchKeyId(k: WatchKey): string {
  return [k.cluster, k.apiPath, k.plural, k.namespace ?? '', k.labelSelector ?? ''].join('|');
}

function collectionPath(k: WatchKey): string {
  return k.namespace
    ? `${k.apiPath}/namespaces/${k.namespace}/${k.plural}`
    : `${k.apiPath}/${k.plural}`;
}

function objKey(o: CachedObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** One upstream LIST+WATCH and its subscribers. */
class Reflector {
  readonly objects = new Map<string, CachedObject>();
  readonly subscribers = new Set<Subscriber>();
  resourceVersion = '';
  synced = false;
  private stopped = false;
  private current: IncomingMessage | undefined;
  private failures = 0;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: WatchKey,
    private readonly cluster: ClusterConnection,
    private readonly onIdle: () => void,
    readonly stats: { lists: number; watches: number },
  ) {
    void this.run();
  }

  // One snapshot object while nothing changes: the stream hub serializes it once for every
  // subscriber (10,000 pods are 20 MB of JSON), instead of once per subscription.
  private snapshot: Extract<CacheEvent, { type: 'SNAPSHOT' }> | undefined;

  private currentSnapshot(): Extract<CacheEvent, { type: 'SNAPSHOT' }> {
    this.snapshot ??= {
      type: 'SNAPSHOT',
      items: [...this.objects.values()],
      resourceVersion: this.resourceVersion,
    };
    return this.snapshot;
  }

  subscribe(fn: Subscriber): () => void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.subscribers.add(fn);
    if (this.synced) fn(this.currentSnapshot());
    return () => {
      this.subscribers.delete(fn);
      // Keep the watch a little while: a page navigation often resubscribes at once.
      if (this.subscribers.size === 0) this.lingerTimer = setTimeout(() => this.stop(), 30_000);
    };
  }

  stop(): void {
    this.stopped = true;
    this.current?.destroy();
    this.onIdle();
  }

  private emit(e: CacheEvent): void {
    for (const fn of this.subscribers) fn(e);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.synced) await this.list();
        await this.watch();
        this.failures = 0;
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof KubeError && err.code === 410) {
          this.synced = false;
          continue;
        }
        this.failures++;
        // Subscribers learn the cluster is unreachable (the UI says "reconnecting"), then get a fresh snapshot.
        this.emit({
          type: 'ERROR',
          message: err instanceof Error ? err.message : String(err),
          code: err instanceof KubeError ? err.code : 503,
        });
        const delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]!;
        await new Promise((r) => setTimeout(r, delay));
        // After a connection failure the server may have restarted with a new history: relist.
        this.synced = false;
      }
    }
  }

  private async list(): Promise<void> {
    this.stats.lists++;
    const list = await kubeJson<{ items: CachedObject[]; metadata: { resourceVersion: string } }>(
      this.cluster,
      {
        path: collectionPath(this.key),
        query: { labelSelector: this.key.labelSelector },
      },
    );
    this.objects.clear();
    for (const o of list.items) this.objects.set(objKey(o), o);
    this.resourceVersion = list.metadata.resourceVersion;
    this.synced = true;
    this.snapshot = undefined;
    this.emit(this.currentSnapshot());
  }

  private async watch(): Promise<void> {
    this.stats.watches++;
    const res = await kubeStream(this.cluster, {
      path: collectionPath(this.key),
      query: {
        watch: 1,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.key.labelSelector,
      },
    });
    this.current = res;
    if (res.statusCode !== 200) {
      let text = '';
      for await (const c of res) text += String(c);
      throw new KubeError({ code: res.statusCode ?? 0, message: text });
    }
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      let timer = setTimeout(() => res.destroy(), INACTIVITY_MS);
      res.on('data', (chunk: Buffer) => {
        clearTimeout(timer);
        timer = setTimeout(() => res.destroy(), INACTIVITY_MS);
        buf += chunk.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim() === '') continue;
          try {
            this.apply(
              JSON.parse(line) as {
                type: string;
                object: CachedObject & { code?: number; message?: string };
              },
            );
          } catch (e) {
            clearTimeout(timer);
            res.destroy();
            reject(e);
            return;
          }
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private apply(ev: {
    type: string;
    object: CachedObject & { code?: number; message?: string };
  }): void {
    const o = ev.object;
    if (ev.type === 'ERROR') {
      throw new KubeError({
        code: o.code ?? 500,
        message: o.message ?? 'watch error',
        reason: o.code === 410 ? 'Expired' : undefined,
      });
    }
    if (o.metadata?.resourceVersion) this.resourceVersion = o.metadata.resourceVersion;
    this.snapshot = undefined;
    if (ev.type === 'BOOKMARK') return;
    if (ev.type === 'DELETED') this.objects.delete(objKey(o));
    else this.objects.set(objKey(o), o);
    this.emit({ type: ev.type as 'ADDED' | 'MODIFIED' | 'DELETED', object: o });
  }
}

/** All reflectors of this process, keyed by WatchKey. */
export class WatchCache {
  private readonly reflectors = new Map<string, Reflector>();
  readonly stats = { lists: 0, watches: 0 };

  constructor(private readonly clusters: ReadonlyMap<string, ClusterConnection>) {}

  /** Subscribes to a collection: a SNAPSHOT first (once synced), then events. */
  subscribe(key: WatchKey, fn: Subscriber): () => void {
    const cluster = this.clusters.get(key.cluster);
    if (!cluster) throw new Error(`unknown cluster ${key.cluster}`);
    const id = watchKeyId(key);
    let r = this.reflectors.get(id);
    if (!r) {
      r = new Reflector(key, cluster, () => this.reflectors.delete(id), this.stats);
      this.reflectors.set(id, r);
    }
    return r.subscribe(fn);
  }

  /** The collection's objects once synced (starting the watch if needed; it lingers for later readers). */
  list(key: WatchKey, timeoutMs = 10_000): Promise<CachedObject[]> {
    const ready = this.peek(key);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      let stop = (): void => {};
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out listing ${watchKeyId(key)}`));
      }, timeoutMs);
      stop = this.subscribe(key, (e) => {
        if (e.type !== 'SNAPSHOT') return;
        clearTimeout(timer);
        queueMicrotask(() => stop());
        resolve(e.items);
      });
    });
  }

  /** Current cached objects of a collection, if it is being watched and synced. */
  peek(key: WatchKey): CachedObject[] | undefined {
    const r = this.reflectors.get(watchKeyId(key));
    return r?.synced ? [...r.objects.values()] : undefined;
  }

  size(): number {
    return this.reflectors.size;
  }

  close(): void {
    for (const r of [...this.reflectors.values()]) r.stop();
  }
}
