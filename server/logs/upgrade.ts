// The process's /api/logs handler, made on the first upgrade (server/main.ts has prepared the
// environment by then) and plugged into server/stream/upgrade.ts's routing table.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { wharf } from '../context';
import { sessionIdentity } from '../stream/session';
import { consoleOrigins } from '../stream/upgrade';
import { createLogsHandler, type LogsHandler } from './handler';

let handler: LogsHandler | undefined;

export function logsUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  handler ??= createLogsHandler({
    clusters: () => wharf().clusters,
    authenticate: sessionIdentity,
    allowedOrigins: consoleOrigins(),
  });
  return handler.handleUpgrade(req, socket, head);
}
