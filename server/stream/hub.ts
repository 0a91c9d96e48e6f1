// The /api/stream WebSocket hub: upgrades checked for Origin and session, subscriptions authorized per user
// and served from the shared watch cache, events batched, backpressure by resync, heartbeats and limits.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  MAX_CLIENT_FRAME_BYTES,
  STREAM_PATH,
  parseClientFrame,
  type SubscribeFrame,
  type StreamError,
} from '../../lib/contracts/stream';
import { findResource, qualifiedResource, verbsOf } from '../../lib/k8s/resources';
import type { CacheEvent, Subscriber, WatchKey } from '../kube/watch-cache';
import type { Identity } from '../kube/transport';
import { gatedUpgrade, type Authenticate } from './upgrade-guard';
import { authorizeCollection, type AccessChecker, type CollectionAttributes } from './authorize';
import { createBatcher, type Batcher } from './batcher';

export interface StreamLimits {
  /** Frames above this get a 413 error frame. */
  maxFrameBytes: number;
  /** Frames above this close the socket (1009) before they are buffered whole. */
  maxPayloadBytes: number;
  maxSubscriptions: number;
  /** Events of a subscription go out at most once per interval. */
  batchMs: number;
  /** Above this many bytes waiting in the socket, events are dropped and a resync follows. */
  highWaterBytes: number;
  /** The resync is sent once the socket has drained below this. */
  lowWaterBytes: number;
  heartbeatMs: number;
  /** A socket with no subscriptions and no frames for this long is closed. */
  idleMs: number;
  /** Live subscriptions are re-authorized this often (and soon after any RBAC change). */
  recheckMs: number;
  /** More malformed frames than this within badFrameWindowMs close the socket with 1008. */
  maxBadFrames: number;
  badFrameWindowMs: number;
  /** Token bucket for client frames: burst size and refill per second; overflow closes with 1008. */
  frameBurst: number;
  framesPerSecond: number;
  /** An access check that failed (not a denial) is tried again after this long. */
  accessRetryMs: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  maxFrameBytes: MAX_CLIENT_FRAME_BYTES,
  maxPayloadBytes: 1024 * 1024,
  maxSubscriptions: 100,
  batchMs: 150,
  highWaterBytes: 4 * 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  heartbeatMs: 20_000,
  idleMs: 10 * 60_000,
  recheckMs: 30_000,
  maxBadFrames: 20,
  badFrameWindowMs: 10_000,
  frameBurst: 200,
  framesPerSecond: 50,
  accessRetryMs: 2_000,
};

/** What the hub needs of the process context (server/context.ts's WharfContext fits). */
export interface StreamContext {
  clusters: ReadonlyMap<string, unknown>;
  cache: { subscribe(key: WatchKey, fn: Subscriber): () => void };
  access: AccessChecker & { invalidate(): void };
}

export interface StreamHubOptions {
  ctx: StreamContext;
  authenticate: Authenticate;
  /** Origins (the console's public URL) allowed to open the socket; absent → same origin as Host. */
  allowedOrigins?: string[];
  /** The console's base path (`/wharf`), '' by default. */
  basePath?: string;
  limits?: Partial<StreamLimits>;
  /** Watch RBAC objects to re-authorize at once when they change (default true). */
  watchRbac?: boolean;
  log?: (message: string) => void;
  now?: () => number;
}

export interface StreamStats {
  sockets: number;
  subscriptions: number;
  congestedSockets: number;
  /** Bytes waiting in all sockets now, and the most ever seen in one socket. */
  bufferedBytes: number;
  peakBufferedBytes: number;
  pendingBytes: number;
  resyncs: number;
  refusedUpgrades: number;
}

export interface StreamHub {
  /** Takes the upgrade if it is for the stream path (returns true), else leaves it alone. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): StreamStats;
  close(): void;
}

interface Sub {
  id: string;
  key: WatchKey;
  attrs: CollectionAttributes;
  state: 'authorizing' | 'live' | 'ended';
  /** Events were dropped for it; a resync and snapshot are owed. */
  stale: boolean;
  rechecking: boolean;
  stop?: () => void;
  /** The next access check, after one that failed. */
  retry?: ReturnType<typeof setTimeout>;
}

interface Conn {
  ws: WebSocket;
  identity: Identity;
  subs: Map<string, Sub>;
  batcher: Batcher;
  alive: boolean;
  lastActive: number;
  badFrames: number[];
  tokens: number;
  tokensAt: number;
  congested: boolean;
}

const RBAC_KINDS = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];

// Every subscriber of a collection gets the same event object: serialize it once for all sockets.
const serialized = new WeakMap<CacheEvent, string>();

function eventJson(e: Extract<CacheEvent, { object: unknown }>): string {
  let s = serialized.get(e);
  if (s === undefined) {
    s = JSON.stringify({ type: e.type, object: e.object });
    serialized.set(e, s);
  }
  return s;
}

function snapshotFrame(id: string, e: Extract<CacheEvent, { type: 'SNAPSHOT' }>): string {
  let items = serialized.get(e);
  if (items === undefined) {
    items = JSON.stringify(e.items);
    serialized.set(e, items);
  }
  return `{"type":"snapshot","id":${JSON.stringify(id)},"resourceVersion":${JSON.stringify(e.resourceVersion)},"items":${items}}`;
}

function reasonFor(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    429: 'TooManyRequests',
    503: 'ServiceUnavailable',
  };
  return reasons[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export function createStreamHub(opts: StreamHubOptions): StreamHub {
  const limits: StreamLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((m: string) => console.error(m));
  const { ctx } = opts;
  const path = `${(opts.basePath ?? '').replace(/\/+$/, '')}${STREAM_PATH}`;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const conns = new Set<Conn>();
  const counters = { resyncs: 0, peakBufferedBytes: 0, refusedUpgrades: 0 };
  const cleanups: (() => void)[] = [];

  const handleUpgrade = gatedUpgrade(
    wss,
    {
      path,
      allowedOrigins: opts.allowedOrigins,
      authenticate: opts.authenticate,
      purpose: 'open the live stream',
      onRefused: () => counters.refusedUpgrades++,
      log,
    },
    (ws, identity) => accept(ws, identity),
  );

  function accept(ws: WebSocket, identity: Identity): void {
    const conn: Conn = {
      ws,
      identity,
      subs: new Map(),
      batcher: createBatcher({
        intervalMs: limits.batchMs,
        maxPendingBytes: limits.highWaterBytes,
        deliver: (id, events) => deliverEvents(conn, id, events),
        onOverflow: () => congest(conn),
      }),
      alive: true,
      lastActive: now(),
      badFrames: [],
      tokens: limits.frameBurst,
      tokensAt: now(),
      congested: false,
    };
    conns.add(conn);
    ws.on('message', (data, isBinary) => onMessage(conn, data, isBinary));
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', () => {
      // 'close' follows; nothing to add.
    });
    ws.on('close', () => teardown(conn));
  }

  function send(conn: Conn, text: string): void {
    const { ws } = conn;
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(text, () => {
      if (conn.congested) maybeRecover(conn);
    });
    const buffered = ws.bufferedAmount;
    if (buffered > counters.peakBufferedBytes) counters.peakBufferedBytes = buffered;
  }

  function sendError(conn: Conn, err: StreamError, id?: string): void {
    send(
      conn,
      JSON.stringify({
        type: 'error',
        ...(id !== undefined ? { id } : {}),
        code: err.code,
        reason: err.reason ?? reasonFor(err.code),
        message: err.message,
      }),
    );
  }

  // Backpressure: stop queueing, remember who lost events, resync them once the socket drains.
  function congest(conn: Conn): void {
    if (conn.congested) return;
    conn.congested = true;
    conn.batcher.dropAll();
    for (const sub of conn.subs.values()) if (sub.state === 'live') sub.stale = true;
    setImmediate(() => maybeRecover(conn));
  }

  function maybeRecover(conn: Conn): void {
    if (!conn.congested || conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.ws.bufferedAmount > limits.lowWaterBytes) return;
    conn.congested = false;
    for (const sub of [...conn.subs.values()]) {
      if (sub.state !== 'live' || !sub.stale) continue;
      sub.stale = false;
      counters.resyncs++;
      send(conn, JSON.stringify({ type: 'resync', id: sub.id }));
      // Re-subscribing to the cache hands back a fresh snapshot without touching the upstream watch.
      startCache(conn, sub);
    }
  }

  function deliverEvents(conn: Conn, id: string, events: string[]): void {
    const sub = conn.subs.get(id);
    if (!sub || sub.state !== 'live' || sub.stale || conn.congested) return;
    if (conn.ws.bufferedAmount > limits.highWaterBytes) return congest(conn);
    send(conn, `{"type":"events","id":${JSON.stringify(id)},"events":[${events.join(',')}]}`);
  }

  function onCacheEvent(conn: Conn, sub: Sub, e: CacheEvent): void {
    if (sub.state !== 'live') return;
    if (e.type === 'SNAPSHOT') {
      conn.batcher.drop(sub.id);
      if (conn.congested) {
        sub.stale = true;
        return;
      }
      sub.stale = false;
      send(conn, snapshotFrame(sub.id, e));
      return;
    }
    if (e.type === 'ERROR') {
      const code = e.code ?? 503;
      sendError(conn, { code, reason: reasonFor(code), message: e.message }, sub.id);
      // A 4xx will not heal by retrying (the upstream watch keeps trying for others, then lingers out).
      if (code >= 400 && code < 500 && code !== 408 && code !== 429) endSub(conn, sub);
      return;
    }
    if (conn.congested || sub.stale) return;
    if (conn.ws.bufferedAmount > limits.highWaterBytes) return congest(conn);
    conn.batcher.push(sub.id, eventJson(e));
  }

  function startCache(conn: Conn, sub: Sub): void {
    sub.stop?.();
    sub.stop = undefined;
    const stop = ctx.cache.subscribe(sub.key, (e) => onCacheEvent(conn, sub, e));
    // The cache may answer (and we may end the subscription) before subscribe() returns.
    if (sub.state === 'live') sub.stop = stop;
    else stop();
  }

  function endSub(conn: Conn, sub: Sub): void {
    sub.state = 'ended';
    clearTimeout(sub.retry);
    sub.stop?.();
    sub.stop = undefined;
    conn.batcher.drop(sub.id);
    if (conn.subs.get(sub.id) === sub) conn.subs.delete(sub.id);
  }

  function teardown(conn: Conn): void {
    if (!conns.delete(conn)) return;
    for (const sub of [...conn.subs.values()]) endSub(conn, sub);
    conn.batcher.close();
  }

  function takeToken(conn: Conn): boolean {
    const t = now();
    conn.tokens = Math.min(
      limits.frameBurst,
      conn.tokens + ((t - conn.tokensAt) / 1000) * limits.framesPerSecond,
    );
    conn.tokensAt = t;
    if (conn.tokens < 1) return false;
    conn.tokens -= 1;
    return true;
  }

  function badFrame(conn: Conn, err: StreamError, id?: string): void {
    const t = now();
    conn.badFrames = conn.badFrames.filter((x) => t - x < limits.badFrameWindowMs);
    conn.badFrames.push(t);
    if (conn.badFrames.length > limits.maxBadFrames) {
      conn.ws.close(1008, 'too many malformed frames');
      return;
    }
    sendError(conn, err, id);
  }

  function onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    conn.alive = true;
    conn.lastActive = now();
    if (!takeToken(conn)) {
      conn.ws.close(1008, 'too many frames');
      return;
    }
    if (isBinary)
      return badFrame(conn, {
        code: 400,
        reason: 'BadRequest',
        message: 'binary frames are not supported: send JSON text frames',
      });
    const buf = toBuffer(data);
    if (buf.length > limits.maxFrameBytes)
      return badFrame(conn, {
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: `frame of ${buf.length} bytes exceeds the limit of ${limits.maxFrameBytes} bytes`,
      });
    const parsed = parseClientFrame(buf.toString('utf8'), limits.maxFrameBytes);
    if (!parsed.ok) return badFrame(conn, parsed.error, parsed.id);
    const frame = parsed.frame;
    if (frame.type === 'ping') return send(conn, '{"type":"pong"}');
    if (frame.type === 'unsubscribe') {
      const sub = conn.subs.get(frame.id);
      if (sub) endSub(conn, sub);
      return;
    }
    subscribe(conn, frame);
  }

  function subscribe(conn: Conn, f: SubscribeFrame): void {
    const fail = (code: number, message: string): void =>
      sendError(conn, { code, reason: reasonFor(code), message }, f.id);
    if (conn.subs.has(f.id)) return fail(409, `subscription "${f.id}" already exists`);
    if (conn.subs.size >= limits.maxSubscriptions)
      return fail(429, `at most ${limits.maxSubscriptions} subscriptions per connection`);
    if (!ctx.clusters.has(f.cluster)) return fail(404, `cluster "${f.cluster}" not found`);
    const d = findResource(f.group, f.resource);
    const verbs = d ? verbsOf(d) : [];
    if (!d || d.version !== f.version || !verbs.includes('list') || !verbs.includes('watch'))
      return fail(
        404,
        `the server could not find the requested resource: ${qualifiedResource({ group: f.group, plural: f.resource })} ${f.group ? `${f.group}/` : ''}${f.version} cannot be listed and watched`,
      );
    if (!d.namespaced && f.namespace)
      return fail(400, `${qualifiedResource(d)} is not namespaced: subscribe without a namespace`);
    const attrs: CollectionAttributes = {
      group: d.group,
      resource: d.plural,
      namespace: f.namespace,
    };
    const sub: Sub = {
      id: f.id,
      key: {
        cluster: f.cluster,
        apiPath: d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`,
        plural: d.plural,
        namespace: f.namespace,
        labelSelector: f.labelSelector || undefined,
      },
      attrs,
      state: 'authorizing',
      stale: false,
      rechecking: false,
    };
    conn.subs.set(f.id, sub);
    authorize(conn, sub);
  }

  /**
   * Nothing from the cache reaches the socket until the API server says this user may list and
   * watch. A check that fails is no answer: the browser hears a 503 (as for an upstream outage, the
   * subscription stays) and the check runs again until it answers.
   */
  function authorize(conn: Conn, sub: Sub): void {
    sub.retry = undefined;
    authorizeCollection(ctx.access, sub.key.cluster, conn.identity, sub.attrs).then(
      (denied) => {
        if (sub.state !== 'authorizing') return;
        if (denied) {
          endSub(conn, sub);
          return sendError(conn, denied, sub.id);
        }
        sub.state = 'live';
        startCache(conn, sub);
      },
      (err: unknown) => {
        if (sub.state !== 'authorizing') return;
        const message = `could not check access: ${err instanceof Error ? err.message : String(err)}`;
        sendError(conn, { code: 503, reason: reasonFor(503), message }, sub.id);
        sub.retry = setTimeout(() => authorize(conn, sub), limits.accessRetryMs);
      },
    );
  }

  function recheck(cluster?: string): void {
    for (const conn of conns) {
      for (const sub of conn.subs.values()) {
        if (sub.state !== 'live' || sub.rechecking) continue;
        if (cluster !== undefined && sub.key.cluster !== cluster) continue;
        sub.rechecking = true;
        authorizeCollection(ctx.access, sub.key.cluster, conn.identity, sub.attrs).then(
          (denied) => {
            sub.rechecking = false;
            if (!denied || sub.state !== 'live') return;
            endSub(conn, sub);
            sendError(conn, denied, sub.id);
          },
          () => {
            // A failed review is not a denial: the next check decides.
            sub.rechecking = false;
          },
        );
      }
    }
  }

  function heartbeat(): void {
    const t = now();
    for (const conn of conns) {
      if (!conn.alive) {
        conn.ws.terminate();
        teardown(conn);
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
      if (conn.subs.size === 0 && t - conn.lastActive > limits.idleMs)
        conn.ws.close(1000, 'idle: no subscriptions');
    }
  }

  const heartbeatTimer = setInterval(heartbeat, limits.heartbeatMs);
  heartbeatTimer.unref();
  const recheckTimer = setInterval(() => recheck(), limits.recheckMs);
  recheckTimer.unref();
  cleanups.push(
    () => clearInterval(heartbeatTimer),
    () => clearInterval(recheckTimer),
  );

  if (opts.watchRbac !== false) {
    for (const cluster of ctx.clusters.keys()) {
      let debounce: NodeJS.Timeout | undefined;
      for (const plural of RBAC_KINDS) {
        const stop = ctx.cache.subscribe(
          { cluster, apiPath: '/apis/rbac.authorization.k8s.io/v1', plural },
          (e) => {
            if (e.type === 'ERROR') return;
            ctx.access.invalidate();
            // Several RBAC objects usually change together: check once they settle.
            if (debounce) clearTimeout(debounce);
            debounce = setTimeout(() => recheck(cluster), 250);
            debounce.unref();
          },
        );
        cleanups.push(stop, () => clearTimeout(debounce));
      }
    }
  }

  return {
    handleUpgrade,
    stats() {
      let subscriptions = 0;
      let congestedSockets = 0;
      let bufferedBytes = 0;
      let pendingBytes = 0;
      for (const c of conns) {
        for (const s of c.subs.values()) if (s.state === 'live') subscriptions++;
        if (c.congested) congestedSockets++;
        bufferedBytes += c.ws.bufferedAmount;
        pendingBytes += c.batcher.pendingBytes();
      }
      return {
        sockets: conns.size,
        subscriptions,
        congestedSockets,
        bufferedBytes,
        pendingBytes,
        ...counters,
      };
    },
    close() {
      for (const c of cleanups.splice(0)) c();
      for (const conn of [...conns]) {
        conn.ws.close(1001, 'server shutting down');
        teardown(conn);
      }
      wss.close();
    },
  };
}
