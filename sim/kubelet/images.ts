// What a simulated container runtime does with an image: whether it pulls, how it behaves when run,
// and the deterministic IDs, sizes and durations containerd would report.
import crypto from 'node:crypto';

/**
 * How a container from an image behaves, decided by the image reference:
 * - `does-not-exist` anywhere in it: the pull fails (ErrImagePull → ImagePullBackOff);
 * - `crash` in the tag: runs a few seconds, then exits 1 (CrashLoopBackOff under restartPolicy Always);
 * - `oom` in the tag: OOMKilled (exit 137) shortly after start;
 * - `complete` or `job` anywhere in it: exits 0 after a few seconds (so does every container of a
 *   pod owned by a Job, see `runsToCompletion`);
 * - `slow` in the tag: ready only 30 s after start;
 * - anything else runs until stopped.
 */
export interface ImageBehaviour {
  pullFails: boolean;
  /** How the container ends on its own, if it does. */
  exit?: { afterMs: number; exitCode: number; reason: 'Error' | 'OOMKilled' | 'Completed' };
  /** Minimum time from start to ready. */
  readyAfterMs: number;
}

export const CRASH_AFTER_MS = 4000;
export const OOM_AFTER_MS = 2000;
export const COMPLETE_AFTER_MS = 5000;
export const SLOW_READY_MS = 30_000;

export interface ImageRef {
  /** `docker.io/library/nginx` */
  repository: string;
  /** `1.27.3`, `latest`, or undefined for a digest reference */
  tag?: string;
  digest?: string;
}

/** Normalizes a reference the way containerd does (`nginx` → `docker.io/library/nginx:latest`). */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && parts.length === 1) repository = `docker.io/library/${rest}`;
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest };
}

/** The fully qualified reference containerd reports in `containerStatuses[].image`. */
export function qualifiedImage(image: string): string {
  const r = parseImage(image);
  return `${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** `docker.io/library/nginx@sha256:…`, stable per image. */
export function imageId(image: string): string {
  const r = parseImage(image);
  const digest = r.digest ?? `sha256:${sha256(`image/${qualifiedImage(image)}`)}`;
  return `${r.repository}@${digest}`;
}

/** `containerd://<64 hex>`, stable per pod, container and restart. */
export function containerId(podUid: string, container: string, restartCount: number): string {
  return `containerd://${sha256(`container/${podUid}/${container}/${restartCount}`)}`;
}

/** A small stable hash in [0, 1) for jitter. */
export function unitHash(s: string): number {
  return crypto.createHash('sha1').update(s).digest().readUInt32BE(0) / 2 ** 32;
}

/** Image size in bytes as the pull event reports it (20 MB – 420 MB). */
export function imageSize(image: string): number {
  return 20_000_000 + Math.floor(unitHash(`size/${qualifiedImage(image)}`) * 400_000_000);
}

/** How long a pull takes (0.6 s – 3 s). */
export function pullMs(image: string): number {
  return 600 + Math.floor(unitHash(`pull/${qualifiedImage(image)}`) * 2400);
}

export function imageBehaviour(image: string): ImageBehaviour {
  const ref = parseImage(image);
  const tag = (ref.tag ?? '').toLowerCase();
  const whole = image.toLowerCase();
  const b: ImageBehaviour = { pullFails: whole.includes('does-not-exist'), readyAfterMs: 0 };
  if (tag.includes('crash')) b.exit = { afterMs: CRASH_AFTER_MS, exitCode: 1, reason: 'Error' };
  else if (tag.includes('oom'))
    b.exit = { afterMs: OOM_AFTER_MS, exitCode: 137, reason: 'OOMKilled' };
  else if (whole.includes('complete') || whole.includes('job'))
    b.exit = { afterMs: COMPLETE_AFTER_MS, exitCode: 0, reason: 'Completed' };
  if (tag.includes('slow')) b.readyAfterMs = SLOW_READY_MS;
  return b;
}

/** The message containerd gives for a reference that does not resolve. */
export function pullErrorMessage(image: string): string {
  const q = qualifiedImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${q}": failed to resolve reference "${q}": ${q}: not found`;
}

/** Go's time.Duration String() of a duration truncated to milliseconds ("834ms", "1.2s", "1m3.5s"). */
export function goDuration(ms: number): string {
  const m = Math.max(0, Math.floor(ms));
  if (m === 0) return '0s';
  if (m < 1000) return `${m}ms`;
  const h = Math.floor(m / 3_600_000);
  const min = Math.floor((m % 3_600_000) / 60_000);
  const sec = (m % 60_000) / 1000;
  const secStr = `${String(sec.toFixed(3)).replace(/\.?0+$/, '')}s`;
  if (h > 0) return `${h}h${min}m${secStr}`;
  if (min > 0) return `${min}m${secStr}`;
  return secStr;
}
