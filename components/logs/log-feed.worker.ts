// The log worker: one per log socket (see feed-protocol.ts).
import type { FeedBatch } from './log-feed';
import { serveFeed, type ToFeed } from './feed-protocol';

// A dedicated worker's global scope (the DOM typings describe a window's).
const scope = self as unknown as {
  postMessage(batch: FeedBatch): void;
  onmessage: ((e: MessageEvent<ToFeed>) => void) | null;
};
const handle = serveFeed(scope, (url) => new WebSocket(url));
scope.onmessage = (e) => handle(e.data);
