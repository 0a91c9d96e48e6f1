// Wharf's own audit trail: one JSON line per mutating call, to stdout (for the cluster's log pipeline)
// and appended to `<state dir>/audit.log`, rotated by size keeping one old file.
import fs from 'node:fs';
import path from 'node:path';

export type AuditOutcome = 'allowed' | 'denied' | 'error';

/** One audited call: who did what to which object, and how it ended. */
export interface AuditRecord {
  /** ISO 8601, UTC. */
  time: string;
  user: string;
  groups: string[];
  cluster?: string;
  namespace?: string;
  verb: string;
  resource: string;
  name?: string;
  /** Exec sessions: the container, and the exit code once the process ended. */
  container?: string;
  exitCode?: number;
  outcome: AuditOutcome;
  /** The HTTP status answered to the browser. */
  code: number;
}

export interface AuditLogOptions {
  /** Directory of `audit.log` (created if missing); undefined writes no file. */
  dir?: string;
  /** Rotate when the file would grow past this many bytes. */
  maxBytes?: number;
  /** Where the stdout copy goes; tests pass a collector. */
  stdout?: (line: string) => void;
}

export interface AuditLog {
  write(record: AuditRecord): void;
  /** The file written to, if any. */
  readonly file: string | undefined;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** 401 and 403 are refusals; other 4xx/5xx are errors; anything else went through. */
export function outcomeOf(code: number): AuditOutcome {
  if (code === 401 || code === 403) return 'denied';
  if (code >= 400) return 'error';
  return 'allowed';
}

/** An audit log writing synchronously, so lines of concurrent calls never interleave. */
export function createAuditLog(opts: AuditLogOptions = {}): AuditLog {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const stdout = opts.stdout ?? ((line: string) => process.stdout.write(line));
  const file = opts.dir ? path.join(opts.dir, 'audit.log') : undefined;
  let size: number | undefined;
  let warned = false;

  function append(line: string): void {
    if (!file) return;
    try {
      if (size === undefined) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        // rename replaces the previous `.1`: one old file is kept
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += bytes;
    } catch (e) {
      // The stdout copy still reaches the log pipeline; a full disk must not fail the user's call.
      size = undefined;
      if (!warned) console.error(`wharf: cannot write audit log ${file}:`, e);
      warned = true;
    }
  }

  return {
    file,
    write(record) {
      const line = `${JSON.stringify({ type: 'wharf.audit', ...record })}\n`;
      stdout(line);
      append(line);
    },
  };
}

const KEY = Symbol.for('wharf.audit');
type Holder = { [KEY]?: AuditLog };

/** The process's audit log in `WHARF_STATE_DIR` (default `.wharf`), shared across Next's bundles. */
export function auditLog(): AuditLog {
  const holder = globalThis as Holder;
  // turbopackIgnore: a run-time directory, not a source path for the build to trace
  holder[KEY] ??= createAuditLog({
    dir: path.resolve(/* turbopackIgnore: true */ process.env.WHARF_STATE_DIR ?? '.wharf'),
  });
  return holder[KEY];
}
