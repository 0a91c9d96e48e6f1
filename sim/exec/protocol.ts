// The remotecommand channel protocol over WebSocket (v5/v4.channel.k8s.io): frames, exit statuses, resize
// decoding (KUBE-PROTOCOL §4.1; apimachinery pkg/util/remotecommand/constants.go).

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';
/** What the simulator speaks, best first (the apiserver's translator speaks only v5; client-node also v4). */
export const SUPPORTED_PROTOCOLS = [V5, V4] as const;
export type ChannelProtocol = (typeof SUPPORTED_PROTOCOLS)[number];

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
/** v5 only, client→server: `[255, channel]` half-closes that channel. The server never sends it. */
export const CLOSE = 255;

/** Largest terminal dimension accepted from a resize frame (the wire type is uint16; anything beyond is nonsense). */
export const MAX_TERMINAL_DIMENSION = 10_000;

/** The subprotocol to answer with, or undefined when the client offers none we speak. */
export function negotiateProtocol(offered: Iterable<string>): ChannelProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return SUPPORTED_PROTOCOLS.find((p) => set.has(p));
}

/** Splits a `Sec-WebSocket-Protocol` header into its offers. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function frame(channel: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = channel;
  body.copy(out, 1);
  return out;
}

/** The empty frame apiserver sends right after the handshake, on the lowest open output channel. */
export function initialFrame(streams: { stdout: boolean; stderr: boolean }): Buffer {
  return frame(streams.stdout ? STDOUT : streams.stderr ? STDERR : ERROR);
}

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export function successStatus(): ExecStatus {
  return { metadata: {}, status: 'Success' };
}

/** kubectl reads causes[].reason=="ExitCode" as a uint8 and exits with it (client-go remotecommand/v4.go). */
export function exitCodeStatus(command: readonly string[], code: number): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** apierrors.NewInternalError as the stream translator writes it on channel 3. */
export function internalErrorStatus(message: string): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** A Failure that is neither an exit code nor an internal error (e.g. a stream limit). */
export function failureStatus(message: string, reason: string, code: number): ExecStatus {
  return { metadata: {}, status: 'Failure', message, reason, code };
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface ResizeResult {
  sizes: TerminalSize[];
  /** Why objects were skipped (not JSON, not an object, bad or missing dimensions). */
  errors: string[];
  /** An unfinished object at the end, to prepend to the next frame. */
  rest: string;
}

/** Longest unfinished resize object kept between frames. */
const MAX_RESIZE_REST = 4096;

/**
 * Decodes a resize payload: one or more JSON objects, possibly concatenated or separated by whitespace,
 * field names case-insensitive as Go's encoding/json matches them (`{"Width":80,"Height":24}` from kubectl,
 * `{"height":24,"width":80}` from client-node). Invalid objects are reported and skipped, never thrown.
 */
export function parseResize(payload: string, carried = ''): ResizeResult {
  const text = carried + payload;
  const sizes: TerminalSize[] = [];
  const errors: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c !== '{') {
      // Skip garbage up to the next object so one bad byte does not poison the stream.
      const next = text.indexOf('{', i);
      errors.push(
        `invalid resize data: ${JSON.stringify(text.slice(i, next < 0 ? i + 40 : next))}`,
      );
      if (next < 0) return { sizes, errors, rest: '' };
      i = next;
      continue;
    }
    const end = objectEnd(text, i);
    if (end < 0) {
      const rest = text.slice(i);
      if (rest.length > MAX_RESIZE_REST) {
        errors.push('invalid resize data: object too long');
        return { sizes, errors, rest: '' };
      }
      return { sizes, errors, rest };
    }
    const src = text.slice(i, end);
    i = end;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch {
      errors.push(`invalid resize data: ${src.slice(0, 80)}`);
      continue;
    }
    const size = toSize(value);
    if (typeof size === 'string') errors.push(size);
    else sizes.push(size);
  }
  return { sizes, errors, rest: '' };
}

/** Index just past the object starting at `start`, or -1 when it is not closed yet. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function toSize(value: unknown): TerminalSize | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'invalid resize data: not an object';
  }
  let width: unknown;
  let height: unknown;
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (key === 'width') width = v;
    else if (key === 'height') height = v;
  }
  const ok = (n: unknown): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_TERMINAL_DIMENSION;
  if (!ok(width) || !ok(height)) {
    return `invalid terminal size: width ${JSON.stringify(width)}, height ${JSON.stringify(height)}`;
  }
  return { width, height };
}
