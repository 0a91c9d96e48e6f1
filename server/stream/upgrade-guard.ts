// What every console WebSocket checks before it accepts an upgrade: the Origin (a page of the console,
// never another site), and how it refuses (a plain HTTP answer with a Kubernetes Status body).
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Identity } from '../kube/transport';

/** Answers an upgrade with a plain HTTP error carrying a Status body. */
export function refuse(socket: Duplex, code: number, reason: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
  });
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function normalizeOrigin(o: string): string | undefined {
  try {
    return new URL(o).origin;
  } catch {
    return undefined;
  }
}

/**
 * The Origin check of an upgrade: one of `allowed` (the console's public URL), or with none
 * configured the same origin as the Host header. A missing Origin is refused: browsers always send it.
 */
export function originCheck(
  allowed: readonly string[] | undefined,
): (req: IncomingMessage) => boolean {
  const origins = allowed?.map(normalizeOrigin).filter((o): o is string => o !== undefined);
  return (req) => {
    const origin = req.headers.origin ? normalizeOrigin(req.headers.origin) : undefined;
    if (!origin) return false;
    if (origins && origins.length > 0) return origins.includes(origin);
    const host = req.headers.host;
    return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
  };
}

/** The signed-in user behind an upgrade request, or null without a valid session. */
export type Authenticate = (req: IncomingMessage) => Promise<Identity | null>;

export interface UpgradeGate {
  /** The socket's path (with the base path). */
  path: string;
  allowedOrigins?: readonly string[];
  authenticate: Authenticate;
  /** What a 401 says the user must sign in for: "open a terminal". */
  purpose: string;
  /** Counts refusals (the stream hub reports them). */
  onRefused?: () => void;
  log?: (message: string) => void;
}

/**
 * An upgrade handler that takes only its own path, refuses foreign Origins (403) and requests without
 * a session (401) with a Status, and hands the accepted socket and its user to `accept`.
 */
export function gatedUpgrade(
  wss: WebSocketServer,
  gate: UpgradeGate,
  accept: (ws: WebSocket, identity: Identity, url: URL) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean {
  const originAllowed = originCheck(gate.allowedOrigins);
  return (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return false;
    }
    if (url.pathname !== gate.path) return false;
    // Until ws owns the socket, a reset by the peer must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    if (!originAllowed(req)) {
      gate.onRefused?.();
      refuse(
        socket,
        403,
        'Forbidden',
        `origin ${JSON.stringify(req.headers.origin ?? '')} may not open ${gate.path}`,
      );
      return true;
    }
    gate.authenticate(req).then(
      (identity) => {
        if (socket.destroyed) return;
        if (!identity) {
          gate.onRefused?.();
          return refuse(socket, 401, 'Unauthorized', `sign in to ${gate.purpose}`);
        }
        wss.handleUpgrade(req, socket, head, (ws) => accept(ws, identity, url));
      },
      (err: unknown) => {
        gate.log?.(`wharf: ${gate.path}: session check failed: ${String(err)}`);
        refuse(socket, 500, 'InternalError', 'could not check the session');
      },
    );
    return true;
  };
}
