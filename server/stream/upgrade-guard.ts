// What every console WebSocket checks before it accepts an upgrade: the Origin (a page of the console,
// never another site), and how it refuses (a plain HTTP answer with a Kubernetes Status body).
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

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
