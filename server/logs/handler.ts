// The /api/logs WebSocket: Origin and session checked at the upgrade, one `start` frame validated
// with zod, then one log session for the signed-in user (impersonated) until either side ends it;
// meanwhile the browser may say `pause` and `resume` (its flow control), and nothing else.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  LOGS_PATH,
  MAX_LOG_CLIENT_FRAME_BYTES,
  parseFlowFrame,
  parseStartFrame,
  type ServerFrame,
} from '../../lib/contracts/logs';
import type { ClusterConnection } from '../kube/clusters';
import type { Identity } from '../kube/transport';
import { gatedUpgrade } from '../stream/upgrade-guard';
import { startLogSession, type LogSession, type SessionLimits } from './session';

export interface LogsHandlerOptions {
  clusters: () => ReadonlyMap<string, ClusterConnection>;
  authenticate: (req: IncomingMessage) => Promise<Identity | null>;
  /** Origins allowed to open the socket; absent → same origin as Host. */
  allowedOrigins?: string[];
  basePath?: string;
  limits?: Partial<SessionLimits>;
  /** A socket that sends no valid `start` within this time is closed. */
  startTimeoutMs?: number;
  /** Pings go out this often; a socket that did not answer the last one is dropped. */
  heartbeatMs?: number;
}

export interface LogsHandler {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open sessions (for tests). */
  sessions(): LogSession[];
}

/** Reads the server's cap on pods per app view from WHARF_LOG_MAX_PODS. */
export function maxPodsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env.WHARF_LOG_MAX_PODS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function createLogsHandler(opts: LogsHandlerOptions): LogsHandler {
  const path = `${(opts.basePath ?? '').replace(/\/+$/, '')}${LOGS_PATH}`;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_LOG_CLIENT_FRAME_BYTES * 4,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const open = new Set<LogSession>();
  const envMax = maxPodsFromEnv();
  const limits: Partial<SessionLimits> = { ...(envMax ? { maxPods: envMax } : {}), ...opts.limits };

  function accept(ws: WebSocket, identity: Identity): void {
    const bye = (f: ServerFrame & { type: 'end' }): void => {
      ws.send(JSON.stringify(f));
      ws.close(f.reason === 'invalid' ? 1008 : 1000);
    };
    const timer = setTimeout(
      () => bye({ type: 'end', reason: 'invalid', message: 'no start frame received' }),
      opts.startTimeoutMs ?? 10_000,
    );
    let session: LogSession | undefined;
    // A browser that vanished without closing would hold a paused upstream forever: ping it.
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, opts.heartbeatMs ?? 30_000);
    heartbeat.unref?.();
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      if (session) {
        // One view per socket: after `start` only flow control.
        const flow = parseFlowFrame(text);
        if (!flow.ok) {
          session.stop();
          return bye({ type: 'end', reason: 'invalid', message: flow.message });
        }
        session.hold(flow.frame.type === 'pause');
        return;
      }
      clearTimeout(timer);
      const parsed = parseStartFrame(text);
      if (!parsed.ok) return bye({ type: 'end', reason: 'invalid', message: parsed.message });
      const cluster = opts.clusters().get(parsed.frame.cluster);
      if (!cluster)
        return bye({
          type: 'end',
          reason: 'notFound',
          message: `no cluster ${parsed.frame.cluster}`,
        });
      const s = startLogSession({
        cluster,
        identity,
        frame: parsed.frame,
        limits,
        io: {
          send: (t) => ws.send(t),
          bufferedAmount: () => ws.bufferedAmount,
          close: () => {
            open.delete(s);
            ws.close(1000);
          },
        },
      });
      session = s;
      open.add(s);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      clearInterval(heartbeat);
      if (session) {
        session.stop();
        open.delete(session);
      }
    });
    ws.on('error', () => ws.terminate());
  }

  return {
    handleUpgrade: gatedUpgrade(
      wss,
      {
        path,
        allowedOrigins: opts.allowedOrigins,
        authenticate: opts.authenticate,
        purpose: 'read logs',
      },
      (ws, identity) => accept(ws, identity),
    ),
    sessions: () => [...open],
  };
}
