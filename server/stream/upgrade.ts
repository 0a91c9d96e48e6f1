// Routes the console's WebSocket upgrades (`/api/stream`, later `/api/exec`).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { wharf } from '../context';
import { createStreamHub, type StreamHub } from './hub';
import { sessionIdentity } from './session';

let hub: StreamHub | undefined;

// Created on the first upgrade: by then server/main.ts has prepared the environment (NEXTAUTH_URL).
function streamHub(): StreamHub {
  hub ??= createStreamHub({
    ctx: wharf(),
    authenticate: sessionIdentity,
    allowedOrigins: process.env.NEXTAUTH_URL ? [process.env.NEXTAUTH_URL] : undefined,
  });
  return hub;
}

/** Handles the upgrade if the path is ours; returns false to leave it to others (Next's HMR in dev). */
export function routeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  if (!(req.url ?? '').split('?')[0]!.endsWith('/api/stream')) return false;
  return streamHub().handleUpgrade(req, socket, head);
}
