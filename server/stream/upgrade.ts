// Routes the console's WebSocket upgrades by path: one entry per socket the console serves.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { auditLog } from '../audit';
import { wharf } from '../context';
import { createExecHandler, type ExecHandler } from '../exec/handler';
import { createLogsHandler, type LogsHandler } from '../logs/handler';
import { createStreamHub, type StreamHub } from './hub';
import { sessionIdentity } from './session';

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** The origins a browser socket may come from: the console's own public URL. */
export function consoleOrigins(): string[] | undefined {
  return process.env.NEXTAUTH_URL ? [process.env.NEXTAUTH_URL] : undefined;
}

let hub: StreamHub | undefined;
let exec: ExecHandler | undefined;
let logs: LogsHandler | undefined;

// Created on the first upgrade: by then server/main.ts has prepared the environment (NEXTAUTH_URL).
function streamHub(): StreamHub {
  hub ??= createStreamHub({
    ctx: wharf(),
    authenticate: sessionIdentity,
    allowedOrigins: consoleOrigins(),
  });
  return hub;
}

function execHandler(): ExecHandler {
  exec ??= createExecHandler({
    clusters: wharf().clusters,
    authenticate: sessionIdentity,
    allowedOrigins: consoleOrigins(),
    audit: (record) => auditLog().write(record),
  });
  return exec;
}

function logsHandler(): LogsHandler {
  logs ??= createLogsHandler({
    clusters: () => wharf().clusters,
    authenticate: sessionIdentity,
    allowedOrigins: consoleOrigins(),
  });
  return logs;
}

/** Path suffix → handler. Handlers are made on first use. */
const ROUTES: ReadonlyArray<readonly [string, UpgradeHandler]> = [
  ['/api/stream', (req, socket, head) => streamHub().handleUpgrade(req, socket, head)],
  ['/api/exec', (req, socket, head) => execHandler().handleUpgrade(req, socket, head)],
  ['/api/logs', (req, socket, head) => logsHandler().handleUpgrade(req, socket, head)],
];

/** Handles the upgrade if the path is ours; returns false to leave it to others (Next's HMR in dev). */
export function routeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const path = (req.url ?? '').split('?')[0]!;
  const route = ROUTES.find(([suffix]) => path.endsWith(suffix));
  return route ? route[1](req, socket, head) : false;
}
