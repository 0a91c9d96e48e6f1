// The /api/logs WebSocket protocol: one log view per socket. The browser sends `start` once (and may
// send `resume` options again after an end); the server answers with the sources it follows, batches
// of lines merged by timestamp, markers (restart, join, leave) and the reason a stream ended.
import { z } from 'zod';
import { StatusSchema } from './status';

/** The WebSocket's path under the console's base path. */
export const LOGS_PATH = '/api/logs';

/** Largest client frame the server reads. */
export const MAX_LOG_CLIENT_FRAME_BYTES = 16 * 1024;

/** Pods an app view follows unless the server or the browser says fewer. */
export const DEFAULT_MAX_PODS = 10;
export const MAX_PODS_LIMIT = 50;

// RFC 1123 label (namespace, container) and subdomain (pod, app) as Kubernetes checks names.
const Label = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');
const Subdomain = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain');

/** RFC 3339 with optional fraction, UTC, as the kubelet prefixes lines with `timestamps=true`. */
const Rfc3339 = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/, 'must be an RFC 3339 UTC time');

/** Where to continue one source from: its last timestamp and how many lines carried exactly it. */
export const ResumePointSchema = z.object({
  time: Rfc3339,
  seen: z.number().int().min(0).max(1_000_000),
});
export type ResumePoint = z.infer<typeof ResumePointSchema>;

export const LogTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pod'), pod: Subdomain, container: Label.optional() }),
  z.object({ kind: z.literal('app'), app: Subdomain, container: Label.optional() }),
]);
export type LogTarget = z.infer<typeof LogTargetSchema>;

export const StartFrameSchema = z
  .object({
    type: z.literal('start'),
    cluster: Label,
    namespace: Label,
    target: LogTargetSchema,
    /** The previous instance of the container (after a crash); no follow then. */
    previous: z.boolean().default(false),
    sinceSeconds: z
      .number()
      .int()
      .min(1)
      .max(60 * 60 * 24 * 366)
      .optional(),
    /** Lines from this time on (a link to lines opens the log just before them). */
    sinceTime: Rfc3339.optional(),
    tailLines: z.number().int().min(0).max(1_000_000).optional(),
    maxPods: z.number().int().min(1).max(MAX_PODS_LIMIT).optional(),
    /** Per source key (`pod/container`): continue after what the browser already holds. */
    resume: z.record(z.string().max(320), ResumePointSchema).optional(),
  })
  .refine((f) => !(f.resume && Object.keys(f.resume).length > MAX_PODS_LIMIT), {
    message: 'too many resume points',
    path: ['resume'],
  })
  // The API server's own rule for pods/log.
  .refine((f) => f.sinceSeconds === undefined || f.sinceTime === undefined, {
    message: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
    path: ['sinceTime'],
  });
export type StartFrame = z.infer<typeof StartFrameSchema>;

/** A source of lines: one container of one pod. */
export interface LogSource {
  /** Index used by `lines` frames. */
  id: number;
  pod: string;
  container: string;
}

/** Why one source (or the whole view) stopped. */
export type EndReason =
  | 'completed' // a finite read (previous, or not following) delivered everything
  | 'exited' // the container instance terminated (a restart continues the view)
  | 'waiting' // the container has not started yet (the view continues once it runs)
  | 'deleted' // the pod is gone
  | 'forbidden' // the API server refused (also when access was revoked)
  | 'notFound'
  | 'invalid' // the API server rejected the options (unknown container, …)
  | 'lost' // the upstream connection failed
  | 'error';

export type ServerFrame =
  | {
      type: 'sources';
      sources: LogSource[];
      /** Pods of the app that match; `sources` follow at most `maxPods` of them. */
      totalPods: number;
      maxPods: number;
    }
  /** `[source id, RFC 3339 nano timestamp, text]`, merged by timestamp. */
  | { type: 'lines'; lines: [number, string, string][] }
  /** The one-pod view: lines of one source as the kubelet wrote them (`<time> <text>\n` each). */
  | { type: 'text'; source: number; text: string }
  | {
      type: 'marker';
      source: number;
      kind: 'started' | 'restarted' | 'joined' | 'left';
      detail?: string;
      time: string;
    }
  | { type: 'sourceEnd'; source: number; reason: EndReason; message: string }
  | { type: 'end'; reason: EndReason; message: string; status?: z.infer<typeof StatusSchema> };

/**
 * After `start`, the browser's flow control: `pause` when lines wait unrendered (a busy or hidden
 * tab), `resume` once it has caught up. The server holds the upstream reads meanwhile.
 */
export const FlowFrameSchema = z.object({ type: z.enum(['pause', 'resume']) });
export type FlowFrame = z.infer<typeof FlowFrameSchema>;

export type ClientFrameResult<T> = { ok: true; frame: T } | { ok: false; message: string };

function parseFrame<T>(text: string, schema: z.ZodType<T>): ClientFrameResult<T> {
  if (text.length > MAX_LOG_CLIENT_FRAME_BYTES)
    return { ok: false, message: `frame larger than ${MAX_LOG_CLIENT_FRAME_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not JSON' };
  }
  const r = schema.safeParse(json);
  if (!r.success)
    return {
      ok: false,
      message: r.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; '),
    };
  return { ok: true, frame: r.data };
}

/** Parses the browser's first frame; a bad one gets a message naming what was wrong. */
export function parseStartFrame(text: string): ClientFrameResult<StartFrame> {
  return parseFrame(text, StartFrameSchema);
}

/** Parses a later frame of the browser (flow control). */
export function parseFlowFrame(text: string): ClientFrameResult<FlowFrame> {
  return parseFrame(text, FlowFrameSchema);
}

/** A line of a `timestamps=true` log: the kubelet's time and the container's text. */
export interface TimedLine {
  /** RFC 3339 nano, UTC (the kubelet's fixed width makes string order time order). */
  time: string;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) /;

/** Splits the kubelet's timestamp prefix off; a line without one keeps `fallback` as its time. */
export function splitTimestamp(line: string, fallback: string): TimedLine {
  // Fast path: the kubelet's own fixed-width RFC3339Nano prefix (30 characters and a space).
  if (line.charCodeAt(30) === 32 && line.charCodeAt(29) === 90 && line.charCodeAt(19) === 46) {
    const text = line.endsWith('\r') ? line.slice(31, -1) : line.slice(31);
    return { time: line.slice(0, 30), text };
  }
  const m = STAMP.exec(line);
  if (!m) return { time: fallback, text: line.replace(/\r$/, '') };
  return { time: normalizeNano(m[1]!), text: line.slice(m[0].length).replace(/\r$/, '') };
}

/** RFC 3339 with exactly nine fraction digits, so that string comparison orders by time. */
export function normalizeNano(time: string): string {
  const dot = time.indexOf('.');
  const base = dot < 0 ? time.slice(0, -1) : time.slice(0, dot);
  const frac = dot < 0 ? '' : time.slice(dot + 1, -1);
  return `${base}.${frac.padEnd(9, '0')}Z`;
}

/** The key of a source in resume points. */
export function sourceKey(pod: string, container: string): string {
  return `${pod}/${container}`;
}
