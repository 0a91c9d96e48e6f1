// The /api/exec WebSocket: one terminal per socket. Checks Origin and session, validates the target and
// every frame, relays stdin/stdout to a v5 exec upstream opened as the user, pauses the upstream when the
// browser falls behind, keeps idle sessions alive with pings both ways, and audits start and end.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  EXEC_PATH,
  ExecTargetSchema,
  MAX_CONTROL_FRAME_BYTES,
  MAX_STDIN_FRAME_BYTES,
  parseClientControl,
  type ExecTarget,
  type ServerControl,
} from '../../lib/contracts/exec';
import type { AuditRecord } from '../audit';
import type { ClusterConnection } from '../kube/clusters';
import { KubeError, type Identity } from '../kube/transport';
import { gatedUpgrade, type Authenticate } from '../stream/upgrade-guard';
import { podContainers } from './containers';
import {
  CHANNEL,
  channelFrame,
  exitOutcome,
  openUpstreamExec,
  resizeFrame,
  type ExitOutcome,
} from './upstream';

/** The best shell the container has: bash if present, else sh (PRODUCT §7). */
export const SHELL_COMMAND = [
  'sh',
  '-c',
  'command -v bash >/dev/null 2>&1 && exec bash || exec sh',
] as const;

export interface ExecLimits {
  /** Stdin frames above this end the session with 1009. */
  maxStdinFrameBytes: number;
  /** Above this many bytes waiting for the browser, the upstream is paused. */
  highWaterBytes: number;
  /** The upstream resumes once the browser's socket has drained below this. */
  lowWaterBytes: number;
  /** Both sockets are pinged this often; one missed pong ends the session. */
  heartbeatMs: number;
  /** Stdin typed before the upstream is open is kept up to this many bytes. */
  maxPendingBytes: number;
  /** Open terminals per user; one more is refused with 429. */
  maxSessionsPerUser: number;
}

export const DEFAULT_EXEC_LIMITS: ExecLimits = {
  maxStdinFrameBytes: MAX_STDIN_FRAME_BYTES,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 64 * 1024,
  heartbeatMs: 25_000,
  maxPendingBytes: 64 * 1024,
  maxSessionsPerUser: 20,
};

export interface ExecHandlerOptions {
  clusters: ReadonlyMap<string, ClusterConnection>;
  authenticate: Authenticate;
  /** Origins (the console's public URL) allowed to open the socket; absent → same origin as Host. */
  allowedOrigins?: string[];
  basePath?: string;
  audit: (record: AuditRecord) => void;
  limits?: Partial<ExecLimits>;
  now?: () => Date;
}

export interface ExecStats {
  sessions: number;
  /** Sessions whose upstream is paused because the browser is not reading. */
  paused: number;
  /** The most bytes ever waiting in one browser socket. */
  peakBufferedBytes: number;
}

export interface ExecHandler {
  /** Takes the upgrade if it is for the exec path (returns true), else leaves it alone. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): ExecStats;
  close(): void;
}

interface Session {
  user: string;
  browser: WebSocket;
  upstream?: WebSocket;
  paused: boolean;
  ended: boolean;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function reasonOf(code: number): string {
  if (code === 400) return 'BadRequest';
  if (code === 403) return 'Forbidden';
  if (code === 404) return 'NotFound';
  if (code === 413) return 'RequestEntityTooLarge';
  if (code === 429) return 'TooManyRequests';
  return code >= 500 ? 'InternalError' : 'BadRequest';
}

/** The target from the upgrade URL's query, or the first problem in words. */
function parseTarget(url: URL): { ok: true; target: ExecTarget } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in raw) return { ok: false, message: `query parameter "${k}" given twice` };
    raw[k] = v;
  }
  const parsed = ExecTargetSchema.safeParse(raw);
  if (parsed.success) return { ok: true, target: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? 'invalid target'}` };
}

/** The container the browser named, else the pod's default one (read as the user). */
async function resolveContainer(
  cluster: ClusterConnection,
  target: ExecTarget,
  as: Identity,
): Promise<string> {
  if (target.container) return target.container;
  const { defaultContainer } = await podContainers(cluster, target.namespace, target.pod, as);
  return defaultContainer;
}

export function createExecHandler(opts: ExecHandlerOptions): ExecHandler {
  const limits: ExecLimits = { ...DEFAULT_EXEC_LIMITS, ...opts.limits };
  const now = opts.now ?? (() => new Date());
  const path = `${(opts.basePath ?? '').replace(/\/+$/, '')}${EXEC_PATH}`;
  // Stdin frames are checked against the smaller limit; anything far beyond it is cut off by ws.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxStdinFrameBytes * 4,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const sessions = new Set<Session>();
  let peakBufferedBytes = 0;

  const handleUpgrade = gatedUpgrade(
    wss,
    {
      path,
      allowedOrigins: opts.allowedOrigins,
      authenticate: opts.authenticate,
      purpose: 'open a terminal',
    },
    accept,
  );

  function sendControl(ws: WebSocket, frame: ServerControl): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  function accept(browser: WebSocket, identity: Identity, url: URL): void {
    const session: Session = { user: identity.username, browser, paused: false, ended: false };
    const open = [...sessions].filter((s) => s.user === identity.username).length;
    sessions.add(session);
    const parsed = parseTarget(url);
    const cluster = parsed.ok ? opts.clusters.get(parsed.target.cluster) : undefined;
    const base: Omit<AuditRecord, 'time' | 'outcome' | 'code'> = {
      user: identity.username,
      groups: identity.groups,
      verb: 'exec',
      resource: 'pods/exec',
      ...(parsed.ok
        ? {
            cluster: parsed.target.cluster,
            namespace: parsed.target.namespace,
            name: parsed.target.pod,
            container: parsed.target.container,
          }
        : {}),
    };
    const audit = (
      code: number,
      outcome: AuditRecord['outcome'],
      extra: Partial<AuditRecord> = {},
    ) => opts.audit({ time: now().toISOString(), ...base, outcome, code, ...extra });

    let alive = true;
    let upstreamAlive = true;
    let exit: ExitOutcome | undefined;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let resize: Buffer | undefined;
    let startedAt: Date | undefined;

    const heartbeat = setInterval(() => {
      if (!alive || !upstreamAlive) {
        end(
          { code: 1001, reason: 'heartbeat lost' },
          {
            type: 'error',
            code: 504,
            reason: 'Timeout',
            message: 'the connection stopped answering',
          },
        );
        return;
      }
      alive = false;
      browser.ping();
      // A paused upstream cannot read its pong; the browser's heartbeat covers that time.
      if (session.upstream && !session.paused) {
        upstreamAlive = false;
        session.upstream.ping();
      }
    }, limits.heartbeatMs);
    heartbeat.unref();
    browser.on('pong', () => (alive = true));

    /** Ends the session once: tells the browser why, closes both sockets, audits the end. */
    function end(close: { code: number; reason: string }, frame?: ServerControl): void {
      if (session.ended) return;
      session.ended = true;
      clearInterval(heartbeat);
      sessions.delete(session);
      if (frame) sendControl(browser, frame);
      if (browser.readyState === WebSocket.OPEN) browser.close(close.code, close.reason);
      const up = session.upstream;
      if (up && up.readyState === WebSocket.OPEN) {
        // Half-close stdin first so the shell sees EOF, then the socket (v5; servers never answer 255).
        up.send(Buffer.of(CHANNEL.close, CHANNEL.stdin));
        up.close(1000);
      } else if (up && up.readyState === WebSocket.CONNECTING) up.terminate();
      if (startedAt) {
        audit(101, 'allowed', {
          verb: 'exec.end',
          ...(exit ? { exitCode: exit.code } : {}),
        });
      }
    }

    function fail(code: number, message: string, wsCode = 1008): void {
      end(
        { code: wsCode, reason: reasonOf(code) },
        { type: 'error', code, reason: reasonOf(code), message },
      );
    }

    browser.on('message', (data, isBinary) => {
      const buf = toBuffer(data);
      if (isBinary) {
        if (buf.length > limits.maxStdinFrameBytes) {
          fail(
            413,
            `stdin frame of ${buf.length} bytes is over the ${limits.maxStdinFrameBytes}-byte limit`,
            1009,
          );
          return;
        }
        const up = session.upstream;
        if (up) up.send(channelFrame(CHANNEL.stdin, buf));
        else if (pendingBytes + buf.length <= limits.maxPendingBytes) {
          pending.push(buf);
          pendingBytes += buf.length;
        }
        return;
      }
      if (buf.length > MAX_CONTROL_FRAME_BYTES) {
        fail(
          413,
          `control frame of ${buf.length} bytes is over the ${MAX_CONTROL_FRAME_BYTES}-byte limit`,
          1009,
        );
        return;
      }
      const control = parseClientControl(buf.toString('utf8'));
      if (!control.ok) {
        fail(400, control.message);
        return;
      }
      const frame = resizeFrame(control.frame.cols, control.frame.rows);
      if (session.upstream) session.upstream.send(frame);
      else resize = frame;
    });
    browser.on('error', () => {
      // 'close' follows (ws closes with 1009 on an oversize frame itself).
    });
    browser.on('close', () => end({ code: 1000, reason: 'closed' }));

    if (!parsed.ok) {
      fail(400, parsed.message);
      return;
    }
    if (open >= limits.maxSessionsPerUser) {
      audit(429, 'error');
      fail(429, `you have ${open} terminals open; close one to open another`, 1013);
      return;
    }
    if (!cluster) {
      audit(404, 'error');
      fail(404, `no cluster named "${parsed.target.cluster}"`, 1000);
      return;
    }
    const target = parsed.target;
    resolveContainer(cluster, target, identity)
      .then((container) => {
        target.container = container;
        base.container = container;
        return openUpstreamExec(cluster, {
          namespace: target.namespace,
          pod: target.pod,
          container,
          command: SHELL_COMMAND,
          tty: true,
          as: identity,
        });
      })
      .then(
        (up) => {
          if (session.ended) {
            up.terminate();
            return;
          }
          session.upstream = up;
          startedAt = now();
          audit(101, 'allowed');
          sendControl(browser, {
            type: 'started',
            cluster: target.cluster,
            namespace: target.namespace,
            pod: target.pod,
            container: target.container ?? '',
            user: identity.username,
            startedAt: startedAt.toISOString(),
          });
          if (resize) up.send(resize);
          for (const b of pending) up.send(channelFrame(CHANNEL.stdin, b));
          pending = [];
          up.on('pong', () => (upstreamAlive = true));
          up.on('message', (data) => relayOutput(toBuffer(data)));
          up.on('error', () => {
            // 'close' follows
          });
          up.on('close', () => {
            if (exit) {
              end(
                { code: 1000, reason: 'exited' },
                {
                  type: 'exit',
                  code: exit.code,
                  ...(exit.message ? { message: exit.message } : {}),
                },
              );
            } else {
              end(
                { code: 1000, reason: 'upstream closed' },
                {
                  type: 'error',
                  code: 502,
                  reason: 'ConnectionLost',
                  message: 'the connection to the container ended without an exit status',
                },
              );
            }
          });
        },
        (err: unknown) => {
          const status =
            err instanceof KubeError
              ? err.status
              : { code: 502, message: err instanceof Error ? err.message : String(err) };
          audit(status.code, status.code === 401 || status.code === 403 ? 'denied' : 'error');
          end(
            { code: 1000, reason: 'refused' },
            {
              type: 'error',
              code: status.code,
              reason: ('reason' in status && status.reason) || reasonOf(status.code),
              message: status.message ?? `exec failed with HTTP ${status.code}`,
            },
          );
        },
      );

    function relayOutput(buf: Buffer): void {
      const channel = buf[0];
      const payload = buf.subarray(1);
      if (channel === CHANNEL.stdout || channel === CHANNEL.stderr) {
        if (payload.length === 0 || browser.readyState !== WebSocket.OPEN) return;
        browser.send(payload, { binary: true }, () => maybeResume());
        const buffered = browser.bufferedAmount;
        if (buffered > peakBufferedBytes) peakBufferedBytes = buffered;
        if (buffered > limits.highWaterBytes && !session.paused) {
          session.paused = true;
          session.upstream?.pause();
        }
      } else if (channel === CHANNEL.error) {
        exit = exitOutcome(payload);
      }
    }

    function maybeResume(): void {
      if (!session.paused || browser.bufferedAmount > limits.lowWaterBytes) return;
      session.paused = false;
      session.upstream?.resume();
    }
  }

  return {
    handleUpgrade,
    stats: () => ({
      sessions: sessions.size,
      paused: [...sessions].filter((s) => s.paused).length,
      peakBufferedBytes,
    }),
    close() {
      for (const s of [...sessions]) {
        s.browser.close(1001, 'server shutting down');
        s.upstream?.terminate();
      }
      wss.close();
    },
  };
}
