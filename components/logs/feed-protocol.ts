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

/**
 * Serves one view: at most one batch in flight to the page, so a page that renders slowly gets
 * fewer, larger batches instead of a growing queue of messages.
 */
export function serveFeed(
  port: FeedPort,
  connect: (url: string) => FeedSocket,
): (msg: ToFeed) => void {
  let feed: LogFeed | undefined;
  let socket: FeedSocket | undefined;
  let ready = true;
  const deliver = (): void => {
    if (!ready || !feed) return;
    const batch = feed.take();
    if (!batch) return;
    ready = false;
    port.postMessage(batch);
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
    const ws = connect(msg.url);
    socket = ws;
    ws.onopen = () => {
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
      ws.onmessage = null;
      f.closed();
      deliver();
    };
  };
}
