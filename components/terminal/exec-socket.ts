// The browser's side of /api/exec: one socket per terminal, keystrokes as binary stdin frames (cut to the
// server's frame limit), resizes as JSON, and the server's output and control frames handed to callbacks.
import {
  EXEC_PATH,
  execQuery,
  MAX_STDIN_FRAME_BYTES,
  MAX_TERMINAL_DIMENSION,
  ServerControlSchema,
  type ExecTarget,
  type ServerControl,
} from '../../lib/contracts/exec';

/** What the client needs of a WebSocket (the browser's, or a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;

export interface ExecSocketHandlers {
  onOutput(data: Uint8Array): void;
  onControl(frame: ServerControl): void;
  /** The socket closed; `code` is the WebSocket close code. */
  onClose(code: number, reason: string): void;
}

export interface ExecSocket {
  /** Sends typed or pasted text as stdin. */
  input(text: string): void;
  /** Tells the container the terminal's size (sent once the socket is open; repeats are skipped). */
  resize(cols: number, rows: number): void;
  close(): void;
}

/** `ws(s)://<this host><basePath>/api/exec?<target>`, from the page's own location. */
export function execSocketUrl(
  location: Pick<Location, 'protocol' | 'host'>,
  target: ExecTarget,
  basePath = '',
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${basePath.replace(/\/+$/, '')}${EXEC_PATH}?${execQuery(target)}`;
}

/** Cuts UTF-8 bytes into frames the server accepts. */
export function stdinFrames(bytes: Uint8Array, max = MAX_STDIN_FRAME_BYTES): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += max) out.push(bytes.subarray(i, i + max));
  return out;
}

const clamp = (n: number) => Math.min(MAX_TERMINAL_DIMENSION, Math.max(1, Math.round(n)));

export function openExecSocket(
  url: string,
  handlers: ExecSocketHandlers,
  connect: (url: string) => SocketLike = (u) => new WebSocket(u) as unknown as SocketLike,
): ExecSocket {
  const ws = connect(url);
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  let size: { cols: number; rows: number } | undefined;
  let sentSize = '';
  // Typed before the socket opened; capped like every buffer (a frame's worth is plenty of typing).
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;

  function sendSize(): void {
    if (!size || ws.readyState !== OPEN) return;
    const text = JSON.stringify({ type: 'resize', cols: size.cols, rows: size.rows });
    if (text === sentSize) return;
    sentSize = text;
    ws.send(text);
  }

  ws.onopen = () => {
    sendSize();
    for (const f of pending) ws.send(f);
    pending = [];
    pendingBytes = 0;
  };
  ws.onmessage = (ev) => {
    if (typeof ev.data !== 'string') {
      handlers.onOutput(new Uint8Array(ev.data as ArrayBuffer));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(ev.data);
    } catch {
      json = undefined;
    }
    const parsed = ServerControlSchema.safeParse(json);
    handlers.onControl(
      parsed.success
        ? parsed.data
        : {
            type: 'error',
            code: 502,
            reason: 'BadFrame',
            message: 'unreadable frame from the server',
          },
    );
  };
  ws.onclose = (ev) => handlers.onClose(ev.code, ev.reason);
  ws.onerror = () => {
    // onclose follows with the code
  };

  return {
    input(text) {
      for (const f of stdinFrames(encoder.encode(text))) {
        if (ws.readyState === OPEN) ws.send(f);
        else if (pendingBytes + f.length <= MAX_STDIN_FRAME_BYTES) {
          pending.push(f);
          pendingBytes += f.length;
        }
      }
    },
    resize(cols, rows) {
      size = { cols: clamp(cols), rows: clamp(rows) };
      sendSize();
    },
    close() {
      ws.onclose = null;
      ws.close(1000, 'closed');
    },
  };
}
