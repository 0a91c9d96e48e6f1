// The /api/exec WebSocket protocol between the browser and the BFF: which container the socket opens
// (query), stdin/stdout as binary frames, and JSON text frames for control (resize, start, exit, error).
import { z } from 'zod';

/** The WebSocket's path under the console's base path; one socket per terminal. */
export const EXEC_PATH = '/api/exec';

/** Largest stdin frame the BFF relays; a bigger one ends the session (xterm sends keystrokes and pastes). */
export const MAX_STDIN_FRAME_BYTES = 64 * 1024;

/** Largest text (control) frame; control frames are tiny. */
export const MAX_CONTROL_FRAME_BYTES = 1024;

/** Terminal sizes outside 1..1000 are refused as nonsense. */
export const MAX_TERMINAL_DIMENSION = 1000;

// RFC 1123 label (namespaces, container names) and subdomain (pods, clusters in kubeconfig).
const DnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');
const DnsSubdomain = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain');

/** Which container a terminal opens: the socket's query string. Container defaults to the first. */
export const ExecTargetSchema = z.strictObject({
  cluster: DnsSubdomain,
  namespace: DnsLabel,
  pod: DnsSubdomain,
  container: DnsLabel.optional(),
});
export type ExecTarget = z.infer<typeof ExecTargetSchema>;

/** The socket URL's path and query for a target (relative: the console may live under a base path). */
export function execQuery(target: ExecTarget): string {
  const q = new URLSearchParams({
    cluster: target.cluster,
    namespace: target.namespace,
    pod: target.pod,
  });
  if (target.container) q.set('container', target.container);
  return q.toString();
}

const Dimension = z.number().int().min(1).max(MAX_TERMINAL_DIMENSION);

/** Browser → BFF text frames. Stdin goes as binary frames. */
export const ClientControlSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resize'), cols: Dimension, rows: Dimension }),
]);
export type ClientControl = z.infer<typeof ClientControlSchema>;

/** BFF → browser text frames. Stdout and stderr go as binary frames. */
export const ServerControlSchema = z.discriminatedUnion('type', [
  /** The upstream exec is open: what the banner shows. */
  z.object({
    type: z.literal('started'),
    cluster: z.string(),
    namespace: z.string(),
    pod: z.string(),
    container: z.string(),
    user: z.string(),
    /** ISO 8601 time the session started. */
    startedAt: z.string(),
  }),
  /** The process ended; `code` is its exit code, `message` the API server's words when not 0. */
  z.object({
    type: z.literal('exit'),
    code: z.number().int(),
    message: z.string().optional(),
  }),
  /** The session could not start or was ended by an error: HTTP-style code and the reason in words. */
  z.object({
    type: z.literal('error'),
    code: z.number().int(),
    reason: z.string(),
    message: z.string(),
  }),
]);
export type ServerControl = z.infer<typeof ServerControlSchema>;

export type ParsedClientControl =
  { ok: true; frame: ClientControl } | { ok: false; message: string };

/** Parses a browser control frame; the message says what was wrong in words. */
export function parseClientControl(text: string): ParsedClientControl {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'control frame is not JSON' };
  }
  const parsed = ClientControlSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `bad control frame: ${where}${issue?.message ?? 'invalid'}` };
}
