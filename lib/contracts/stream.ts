// The /api/stream WebSocket protocol: the frames each way as zod schemas, and parsing of client frames.
import { z } from 'zod';
import type { ApiStatus } from './status';

/** The WebSocket's path under the console's base path. */
export const STREAM_PATH = '/api/stream';

/** Largest client frame the server reads; anything bigger is answered with a 413 error frame. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

const SubscriptionId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only');

// RFC 1123 label, as Kubernetes checks namespace names.
const Namespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');

// '' is the core group; otherwise a DNS subdomain (apps, networking.k8s.io).
const Group = z
  .string()
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, 'must be empty or a DNS subdomain');

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  return LABEL_PREFIX.test(key.slice(0, slash)) && LABEL_NAME.test(key.slice(slash + 1));
}

const validValue = (v: string): boolean => v === '' || LABEL_NAME.test(v);

/**
 * A label selector in canonical form (requirements sorted, no spaces, `in` values sorted), or
 * undefined when it is not one kube-apiserver would accept. Canonical spelling keeps one upstream
 * watch per selector however the browser spelled it; rejecting here keeps a bad selector from
 * starting an upstream watch that fails forever.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function canonicalLabelSelector(selector: string): string | undefined {
  const parts: string[] = [];
  // Split on commas outside parentheses.
  let depth = 0;
  let start = 0;
  const raw: string[] = [];
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      raw.push(selector.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) return undefined;
  }
  if (depth !== 0) return undefined;
  raw.push(selector.slice(start));
  if (raw.length === 1 && raw[0]!.trim() === '') return '';
  for (const r of raw) {
    const req = r.trim();
    let m: RegExpMatchArray | null;
    if ((m = req.match(/^(!?)\s*([^\s!=(),]+)$/))) {
      if (!validKey(m[2]!)) return undefined;
      parts.push(`${m[1]}${m[2]}`);
    } else if ((m = req.match(/^([^\s!=(),]+)\s*(==|!=|=)\s*([^\s!=(),]*)$/))) {
      if (!validKey(m[1]!) || !validValue(m[3]!)) return undefined;
      parts.push(`${m[1]}${m[2] === '==' ? '=' : m[2]}${m[3]}`);
    } else if ((m = req.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
      const values = m[3]!.split(',').map((v) => v.trim());
      if (!validKey(m[1]!) || !values.every(validValue)) return undefined;
      parts.push(`${m[1]} ${m[2]} (${[...new Set(values)].sort().join(',')})`);
    } else {
      return undefined;
    }
  }
  return parts.sort().join(',');
}

const LabelSelector = z
  .string()
  .max(1024)
  .transform((s, ctx) => {
    const canonical = canonicalLabelSelector(s);
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not a valid label selector' });
      return z.NEVER;
    }
    return canonical;
  });

export const SubscribeFrameSchema = z.object({
  type: z.literal('subscribe'),
  id: SubscriptionId,
  cluster: z.string().min(1).max(253),
  group: Group,
  version: z.string().regex(/^v\d+((alpha|beta)\d+)?$/, 'must look like v1 or v1beta1'),
  /** The resource's plural name: `pods`, `deployments`. */
  resource: z.string().regex(/^[a-z][a-z0-9]{0,62}$/, 'must be a lowercase plural resource name'),
  namespace: Namespace.optional(),
  labelSelector: LabelSelector.optional(),
});

export const UnsubscribeFrameSchema = z.object({
  type: z.literal('unsubscribe'),
  id: SubscriptionId,
});
export const PingFrameSchema = z.object({ type: z.literal('ping') });

export const ClientFrameSchema = z.discriminatedUnion('type', [
  SubscribeFrameSchema,
  UnsubscribeFrameSchema,
  PingFrameSchema,
]);

export type SubscribeFrame = z.infer<typeof SubscribeFrameSchema>;
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
/** What a subscription asks for: a subscribe frame without its framing. */
export type SubscriptionRequest = Omit<z.input<typeof SubscribeFrameSchema>, 'type' | 'id'>;

/** Any Kubernetes object; only the identifying metadata is checked. */
export const StreamObjectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({
    name: z.string().optional(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
});
export type StreamObject = z.infer<typeof StreamObjectSchema>;

export const WatchEventSchema = z.object({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED']),
  object: StreamObjectSchema,
});
export type WatchEvent = z.infer<typeof WatchEventSchema>;

export const SnapshotFrameSchema = z.object({
  type: z.literal('snapshot'),
  id: z.string(),
  resourceVersion: z.string(),
  items: z.array(StreamObjectSchema),
});

export const EventsFrameSchema = z.object({
  type: z.literal('events'),
  id: z.string(),
  events: z.array(WatchEventSchema),
});

/**
 * A Status-like error, for one subscription (`id`) or for the socket. Errors the server answers to
 * a subscribe frame (403, 404, 400, 429) and 4xx from the API server end the subscription; 5xx
 * while the upstream watch retries do not (a snapshot follows when it recovers).
 */
export const ErrorFrameSchema = z.object({
  type: z.literal('error'),
  id: z.string().optional(),
  code: z.number().int(),
  reason: z.string().optional(),
  message: z.string(),
});

/** The server dropped events for this subscription (the socket was backed up): a snapshot follows. */
export const ResyncFrameSchema = z.object({ type: z.literal('resync'), id: z.string() });
export const PongFrameSchema = z.object({ type: z.literal('pong') });

export const ServerFrameSchema = z.discriminatedUnion('type', [
  SnapshotFrameSchema,
  EventsFrameSchema,
  ErrorFrameSchema,
  ResyncFrameSchema,
  PongFrameSchema,
]);

export type SnapshotFrame = z.infer<typeof SnapshotFrameSchema>;
export type EventsFrame = z.infer<typeof EventsFrameSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The Status-like part of an error frame. */
export type StreamError = Pick<ApiStatus, 'code' | 'reason'> & { message: string };

export type ParsedClientFrame =
  { ok: true; frame: ClientFrame } | { ok: false; id?: string; error: StreamError };

const CLIENT_TYPES = new Set(['subscribe', 'unsubscribe', 'ping']);

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
  const parsed = SubscriptionId.safeParse(value.id);
  return parsed.success ? parsed.data : undefined;
}

/** Parses one text frame from a browser; every failure is a Status-like error, never a throw. */
export function parseClientFrame(
  text: string,
  maxBytes: number = MAX_CLIENT_FRAME_BYTES,
): ParsedClientFrame {
  // Cheap bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  const size = text.length * 3 <= maxBytes ? text.length : new TextEncoder().encode(text).length;
  if (size > maxBytes)
    return {
      ok: false,
      error: {
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: `frame of ${size} bytes exceeds the limit of ${maxBytes} bytes`,
      },
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 400,
        reason: 'BadRequest',
        message: `frame is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      },
    };
  }
  const type =
    typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  if (typeof type !== 'string' || !CLIENT_TYPES.has(type))
    return {
      ok: false,
      id: idOf(value),
      error: {
        code: 400,
        reason: 'BadRequest',
        message:
          typeof type === 'string'
            ? `unknown frame type ${JSON.stringify(type.slice(0, 64))}: expected subscribe, unsubscribe or ping`
            : 'frame must be a JSON object with a "type": subscribe, unsubscribe or ping',
      },
    };
  const parsed = ClientFrameSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      id: idOf(value),
      error: {
        code: 400,
        reason: 'BadRequest',
        message: `invalid ${type} frame: ${parsed.error.issues
          .map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`)
          .join('; ')}`,
      },
    };
  return { ok: true, frame: parsed.data };
}
