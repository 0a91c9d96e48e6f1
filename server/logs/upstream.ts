// One `pods/log` stream for one container, read as the user (impersonated), split into timestamped
// lines. Pausable, so a slow browser slows the API server down instead of filling the console's memory.
import type { IncomingMessage } from 'node:http';
import { toStatus, type ApiStatus } from '../../lib/contracts/status';
import type { ResumePoint } from '../../lib/contracts/logs';
import type { ClusterConnection } from '../kube/clusters';
import { kubeStream, type Identity } from '../kube/transport';
import {
  countLines,
  LineSplitter,
  resumeFilter,
  sinceTimeOf,
  splitTimestamp,
  type TimedLine,
} from './lines';

export interface UpstreamOptions {
  cluster: ClusterConnection;
  as: Identity;
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  previous: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  resume?: ResumePoint;
  onLines: (lines: TimedLine[]) => void;
  /**
   * When set, complete lines are handed on as one text (kubelet timestamps included) once the resume
   * point is passed: the one-pod view needs no merge, so no per-line work.
   */
  onText?: (text: string, lines: number) => void;
  /** Called once: `status` when the API server refused, undefined when the stream simply ended. */
  onEnd: (status: ApiStatus | undefined) => void;
}

export interface Upstream {
  pause(): void;
  resume(): void;
  stop(): void;
}

const MAX_ERROR_BODY = 64 * 1024;

async function readError(res: IncomingMessage): Promise<ApiStatus> {
  let text = '';
  for await (const c of res) {
    text += (c as Buffer).toString('utf8');
    if (text.length > MAX_ERROR_BODY) break;
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text: toStatus keeps it as the message
  }
  return toStatus(res.statusCode ?? 500, body);
}

function lostStatus(err: unknown): ApiStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: 503,
    reason: 'ServiceUnavailable',
    message: `connection to the cluster lost: ${err instanceof Error ? err.message : String(err)}`,
  };
}

export function openUpstream(o: UpstreamOptions): Upstream {
  const abort = new AbortController();
  let res: IncomingMessage | undefined;
  let paused = false;
  let ended = false;
  const end = (status: ApiStatus | undefined): void => {
    if (ended) return;
    ended = true;
    o.onEnd(status);
  };
  const keep = resumeFilter(o.resume);
  const split = new LineSplitter();
  // A line without a kubelet timestamp (never expected) sorts after the last one seen.
  let last = '1970-01-01T00:00:00.000000000Z';
  // Until the resume point is passed lines are looked at one by one; after that, whole blocks.
  let resuming = o.resume !== undefined;
  const emit = (raw: string[]): void => {
    const out: TimedLine[] = [];
    let text = '';
    for (const r of raw) {
      const line = splitTimestamp(r, last);
      last = line.time;
      if (!keep(line)) continue;
      resuming = false;
      if (o.onText) text += `${r}\n`;
      else out.push(line);
    }
    if (out.length > 0) o.onLines(out);
    if (text !== '') o.onText?.(text, countLines(text));
  };
  const onData = (chunk: string): void => {
    if (!o.onText || resuming) return emit(split.push(chunk));
    const block = split.pushBlock(chunk);
    if (block !== '') o.onText(block, countLines(block));
  };

  kubeStream(o.cluster, {
    path: `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`,
    query: {
      container: o.container,
      timestamps: true,
      follow: o.follow || undefined,
      previous: o.previous || undefined,
      tailLines: o.resume ? undefined : o.tailLines,
      sinceSeconds: o.resume ? undefined : o.sinceSeconds,
      sinceTime: o.resume ? sinceTimeOf(o.resume) : o.sinceTime,
    },
    accept: '*/*',
    as: o.as,
    signal: abort.signal,
  }).then(
    async (r) => {
      res = r;
      if ((r.statusCode ?? 0) < 200 || (r.statusCode ?? 0) >= 300) {
        end(await readError(r).catch(lostStatus));
        return;
      }
      r.setEncoding('utf8');
      if (paused) r.pause();
      r.on('data', onData);
      r.on('end', () => {
        emit(split.flush());
        end(undefined);
      });
      r.on('error', (e) => end(abort.signal.aborted ? undefined : lostStatus(e)));
      r.on('close', () => {
        if (!r.complete && !abort.signal.aborted) end(lostStatus(new Error('stream closed')));
      });
    },
    (e: unknown) => end(abort.signal.aborted ? undefined : lostStatus(e)),
  );

  return {
    pause() {
      paused = true;
      res?.pause();
    },
    resume() {
      paused = false;
      res?.resume();
    },
    stop() {
      ended = true;
      abort.abort();
      res?.destroy();
    },
  };
}
