// The browser's one /api/stream WebSocket per tab: multiplexed subscriptions, reconnect with backoff and
// jitter, resubscribe after reconnect, client-side heartbeat, and the connection state for the UI.
import {
  STREAM_PATH,
  ServerFrameSchema,
  type StreamError,
  type StreamObject,
  type SubscriptionRequest,
  type WatchEvent,
} from '../../lib/contracts/stream';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface SubscriptionHandlers {
  snapshot(items: StreamObject[], resourceVersion: string): void;
  events(events: WatchEvent[]): void;
  error(err: StreamError): void;
  /** Events were lost on the server's side; a snapshot follows. */
  resync(): void;
}

/** The part of the browser's WebSocket this client uses (the `ws` package's fits too, for tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface StreamClientOptions {
  /** The socket's URL, read at each (re)connect. */
  url: () => string;
  /** Opens a socket; the browser's WebSocket by default. */
  connect?: (url: string) => SocketLike;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** The client pings this often and reconnects when nothing comes back within pongTimeoutMs. */
  pingMs?: number;
  pongTimeoutMs?: number;
  /** With no subscriptions left, the socket closes after this long (a navigation resubscribes at once). */
  idleCloseMs?: number;
  /** Errors for the whole socket (no subscription id). */
  onSocketError?: (err: StreamError) => void;
}

export interface StreamClient {
  /** Subscribes to a collection; returns the unsubscribe function. */
  subscribe(req: SubscriptionRequest, handlers: SubscriptionHandlers): () => void;
  state(): ConnectionState;
  /** Calls fn whenever state() changes; returns the unsubscribe function. */
  onStateChange(fn: () => void): () => void;
  close(): void;
}

const OPEN = 1;

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with half of it jittered. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** `ws(s)://<this host><basePath>/api/stream`, from the page's own location (no absolute URLs in code). */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>, basePath = ''): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${basePath.replace(/\/+$/, '')}${STREAM_PATH}`;
}

export function createStreamClient(opts: StreamClientOptions): StreamClient {
  const open =
    opts.connect ?? ((url: string): SocketLike => new WebSocket(url) as unknown as SocketLike);
  const baseMs = opts.baseDelayMs ?? 500;
  const maxMs = opts.maxDelayMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const pingMs = opts.pingMs ?? 25_000;
  const pongTimeoutMs = opts.pongTimeoutMs ?? 10_000;
  const idleCloseMs = opts.idleCloseMs ?? 5_000;

  const subs = new Map<string, { req: SubscriptionRequest; handlers: SubscriptionHandlers }>();
  const stateListeners = new Set<() => void>();
  let seq = 0;
  let socket: SocketLike | undefined;
  let state: ConnectionState = 'connecting';
  let everOpened = false;
  let attempt = 0;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const fn of [...stateListeners]) fn();
  }

  function send(frame: object): void {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  }

  function subscribeFrame(id: string, req: SubscriptionRequest): object {
    return { type: 'subscribe', id, ...req };
  }

  function stopTimers(): void {
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    pingTimer = undefined;
    pongTimer = undefined;
  }

  /** Forgets the current socket without waiting for its close handshake (it may be half-open). */
  function drop(): void {
    stopTimers();
    const s = socket;
    socket = undefined;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = null;
    // Keep an error handler: closing a socket that is still connecting reports an error.
    s.onerror = () => {};
    try {
      s.close(4000, 'client reconnecting');
    } catch {
      // already closed
    }
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || subs.size === 0) return;
    const delay = backoffDelay(attempt, baseMs, maxMs, random());
    attempt++;
    setState(everOpened ? 'reconnecting' : 'connecting');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  }

  function onFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = ServerFrameSchema.safeParse(value);
    if (!parsed.success) return;
    // A frame proves the connection works: the next failure starts the backoff afresh.
    attempt = 0;
    clearTimeout(pongTimer);
    pongTimer = undefined;
    const frame = parsed.data;
    if (frame.type === 'pong') return;
    if (frame.type === 'error' && frame.id === undefined) {
      opts.onSocketError?.({ code: frame.code, reason: frame.reason, message: frame.message });
      return;
    }
    const sub = frame.id !== undefined ? subs.get(frame.id) : undefined;
    if (!sub) return;
    if (frame.type === 'snapshot') sub.handlers.snapshot(frame.items, frame.resourceVersion);
    else if (frame.type === 'events') sub.handlers.events(frame.events);
    else if (frame.type === 'resync') sub.handlers.resync();
    else sub.handlers.error({ code: frame.code, reason: frame.reason, message: frame.message });
  }

  function connect(): void {
    if (closed || socket) return;
    setState(everOpened ? 'reconnecting' : 'connecting');
    let s: SocketLike;
    try {
      s = open(opts.url());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      everOpened = true;
      setState('open');
      for (const [id, sub] of subs) send(subscribeFrame(id, sub.req));
      pingTimer = setInterval(() => {
        send({ type: 'ping' });
        pongTimer ??= setTimeout(() => {
          drop();
          scheduleReconnect();
        }, pongTimeoutMs);
      }, pingMs);
    };
    s.onmessage = (ev) => onFrame(ev.data);
    s.onerror = () => {
      // 'close' follows.
    };
    s.onclose = () => {
      if (socket !== s) return;
      stopTimers();
      socket = undefined;
      if (subs.size > 0) scheduleReconnect();
      else everOpened = false;
    };
  }

  return {
    subscribe(req, handlers) {
      const id = `s${++seq}`;
      subs.set(id, { req, handlers });
      clearTimeout(idleTimer);
      idleTimer = undefined;
      if (socket?.readyState === OPEN) send(subscribeFrame(id, req));
      else if (!socket && !reconnectTimer) connect();
      return () => {
        if (!subs.delete(id)) return;
        send({ type: 'unsubscribe', id });
        if (subs.size === 0) {
          clearTimeout(idleTimer);
          idleTimer = setTimeout(() => {
            if (subs.size > 0) return;
            clearTimeout(reconnectTimer);
            reconnectTimer = undefined;
            drop();
            everOpened = false;
            attempt = 0;
            setState('connecting');
          }, idleCloseMs);
        }
      };
    },
    state: () => state,
    onStateChange(fn) {
      stateListeners.add(fn);
      return () => stateListeners.delete(fn);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      clearTimeout(idleTimer);
      subs.clear();
      drop();
    },
  };
}

let shared: StreamClient | undefined;

/**
 * The tab's one stream client. Creating it opens nothing: the socket opens with the first
 * subscription (from an effect, so never during server rendering).
 */
export function sharedStreamClient(basePath = ''): StreamClient {
  shared ??= createStreamClient({ url: () => streamUrl(window.location, basePath) });
  return shared;
}
