// What the page and the log worker say to each other; the worker's message handling lives here, as
// plain code over a port and a socket, so it runs (and is tested) without a browser.
import type { StartFrame } from '../../lib/contracts/logs';
import { LogFeed, type FeedBatch } from './log-feed';

export type ToFeed =
  /** Opens the socket and sends `start` on it; the lines the page keeps bound what waits for it. */
  | { type: 'open'; url: string; start: StartFrame; capacity: number }
  /** The page applied the last batch and rendered: the next one may come. */
  | { type: 'ready' };

/** The part of a WebSocket the worker uses. */
export interface FeedSocket {
  onopen: ((e: Event) => void) | null;
  onmessage: ((e: MessageEvent) => void) | null;
  onclose: ((e: CloseEvent) => void) | null;
  send(text: string): void;
  close(): void;
}

export interface FeedPort {
  postMessage(batch: FeedBatch): void;
}

/** Lines waiting for the page at which the server is asked to pause (at most half the page's ring). */
const PAUSE_AT = 20_000;

/**
 * Serves one view: at most one batch in flight to the page, so a page that renders slowly gets
 * fewer, larger batches instead of a growing queue of messages; and when lines still pile up (a
 * hidden tab draws no frames), the server is asked to pause until the page has caught up, so the
 * lines wait upstream instead of being dropped here.
 */
export function serveFeed(
  port: FeedPort,
  connect: (url: string) => FeedSocket,
): (msg: ToFeed) => void {
  let feed: LogFeed | undefined;
  let socket: FeedSocket | undefined;
  let open = false;
  let ready = true;
  let paused = false;
  let pauseAt = PAUSE_AT;
  const flow = (): void => {
    if (!feed || !socket || !open) return;
    const waiting = feed.waiting;
    if (!paused && waiting >= pauseAt) {
      paused = true;
      socket.send(JSON.stringify({ type: 'pause' }));
    } else if (paused && waiting <= pauseAt / 4) {
      paused = false;
      socket.send(JSON.stringify({ type: 'resume' }));
    }
  };
  const deliver = (): void => {
    const batch = ready ? feed?.take() : undefined;
    if (batch) {
      ready = false;
      port.postMessage(batch);
    }
    flow();
  };
  return (msg) => {
    if (msg.type === 'ready') {
      ready = true;
      deliver();
      return;
    }
    if (socket) return; // one socket per worker
    const f = new LogFeed(msg.capacity, msg.start.resume);
    feed = f;
    pauseAt = Math.max(1, Math.min(PAUSE_AT, Math.floor(msg.capacity / 2)));
    const ws = connect(msg.url);
    socket = ws;
    ws.onopen = () => {
      open = true;
      ws.send(JSON.stringify(msg.start));
      f.opened();
      deliver();
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      try {
        f.receive(e.data);
      } catch {
        ws.close(); // not our server's frame: the page hears the socket closed
        return;
      }
      deliver();
    };
    ws.onclose = () => {
      open = false;
      ws.onmessage = null;
      f.closed();
      deliver();
    };
  };
}
