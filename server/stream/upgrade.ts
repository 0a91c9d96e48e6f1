// Routes the console's WebSocket upgrades (`/api/stream`, later `/api/exec`).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Handles the upgrade if the path is ours; returns false to leave it to others (Next's HMR in dev). */
export function routeUpgrade(_req: IncomingMessage, _socket: Duplex, _head: Buffer): boolean {
  return false;
}
