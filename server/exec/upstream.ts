// The BFF's side of `pods/exec` upstream: a v5.channel.k8s.io WebSocket to the API server with the user
// impersonated (KUBE-PROTOCOL §4), its channel frames, and the exit status read from channel 3.
import { z } from 'zod';
import WebSocket from 'ws';
import { toStatus } from '../../lib/contracts/status';
import type { ClusterConnection } from '../kube/clusters';
import { impersonationHeaders, KubeError, type Identity } from '../kube/transport';

export const V5_PROTOCOL = 'v5.channel.k8s.io';

export const CHANNEL = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  /** v5 only, client → server: `[255, channel]` half-closes that channel. */
  close: 255,
} as const;

export interface UpstreamExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: readonly string[];
  tty: boolean;
  as: Identity;
}

function execUrl(cluster: ClusterConnection, req: UpstreamExecRequest): URL {
  const u = new URL(
    `${cluster.server}/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/exec`,
  );
  u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
  for (const c of req.command) u.searchParams.append('command', c);
  if (req.container) u.searchParams.set('container', req.container);
  u.searchParams.set('stdin', 'true');
  u.searchParams.set('stdout', 'true');
  // With a tty the server merges stderr into stdout and kubectl asks for none (KUBE-PROTOCOL §4).
  u.searchParams.set('stderr', req.tty ? 'false' : 'true');
  u.searchParams.set('tty', String(req.tty));
  return u;
}

/**
 * Opens the exec WebSocket as the user. Resolves once the handshake succeeded; a refused handshake
 * rejects with a KubeError carrying the API server's Status (403 for a user without pods/exec).
 */
export async function openUpstreamExec(
  cluster: ClusterConnection,
  req: UpstreamExecRequest,
): Promise<WebSocket> {
  const base = await cluster.httpsOptions();
  const ws = new WebSocket(execUrl(cluster, req), [V5_PROTOCOL], {
    ca: base.ca,
    cert: base.cert,
    key: base.key,
    rejectUnauthorized: base.rejectUnauthorized,
    // `ws` sends an array value as one header line per item: every group on its own line (§6).
    headers: {
      ...(base.headers as Record<string, string>),
      ...impersonationHeaders(req.as),
    } as Record<string, string>,
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    maxPayload: 4 * 1024 * 1024,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      if (ws.protocol !== V5_PROTOCOL) {
        ws.terminate();
        reject(new KubeError(toStatus(500, `the API server spoke "${ws.protocol}", not v5`)));
        return;
      }
      ws.removeAllListeners('error');
      resolve(ws);
    });
    ws.once('unexpected-response', (_r, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the text is the message
        }
        reject(new KubeError(toStatus(res.statusCode ?? 502, body)));
        ws.terminate();
      });
      res.on('error', () => reject(new KubeError(toStatus(502, 'exec handshake failed'))));
    });
    ws.once('error', (err) => reject(new KubeError(toStatus(502, err.message))));
  });
}

/** A frame on a channel. */
export function channelFrame(channel: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([Buffer.of(channel), body]);
}

/** The resize frame kubectl sends on channel 4. */
export function resizeFrame(cols: number, rows: number): Buffer {
  return channelFrame(CHANNEL.resize, JSON.stringify({ Width: cols, Height: rows }));
}

// The exit status on channel 3 is a metav1.Status without `code` (kubelet remotecommand/exec.go).
const ExitStatusSchema = z.object({
  status: z.enum(['Success', 'Failure']).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  details: z
    .object({
      causes: z
        .array(z.object({ reason: z.string().optional(), message: z.string().optional() }))
        .optional(),
    })
    .optional(),
});

export type ExitOutcome = { code: number; message?: string };

/**
 * The process's exit from the channel 3 payload, as kubectl reads it: Success is 0, a
 * NonZeroExitCode cause carries the code (client-go remotecommand/v4.go). Any other Failure is
 * not an exit code: it has no code of its own, so it becomes 1 with the server's message.
 */
export function exitOutcome(payload: Buffer): ExitOutcome {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return {
      code: 1,
      message: `unreadable exit status: ${payload.toString('utf8').slice(0, 200)}`,
    };
  }
  const parsed = ExitStatusSchema.safeParse(json);
  if (!parsed.success) return { code: 1, message: 'unreadable exit status' };
  const s = parsed.data;
  if (s.status === 'Success') return { code: 0 };
  const cause = s.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number(cause.message) : NaN;
  if (s.reason === 'NonZeroExitCode' && Number.isInteger(code) && code >= 0 && code <= 255) {
    return { code, message: s.message };
  }
  return { code: 1, message: s.message ?? 'the command failed' };
}
