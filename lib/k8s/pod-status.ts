// A pod's status as kubectl shows it (printPod in k/k pkg/printers/internalversion/printers.go):
// STATUS reason, READY containers, RESTARTS; plus the tone a console colours that reason with.
import { humanDuration, parseTimestamp } from '../format/duration';

/** Any pod-shaped JSON: only `metadata.deletionTimestamp`, `spec` and `status` are read, defensively. */
export interface PodLike {
  metadata?: { deletionTimestamp?: unknown; [key: string]: unknown };
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** The parts of STATUS / READY / RESTARTS as numbers, for sorting and colouring. */
export interface PodStatusDetail {
  /** What kubectl prints in STATUS: `Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`… */
  reason: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  /** When the last restarted container last terminated (ms since the epoch), if known. */
  lastRestartAt?: number;
}

/** The three cells kubectl prints: STATUS, READY (`1/2`) and RESTARTS (`3 (2m ago)`). */
export interface PodStatusCells {
  reason: string;
  ready: string;
  restarts: string;
}

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}
function at(o: unknown, ...keys: string[]): unknown {
  let cur = o;
  for (const k of keys) cur = rec(cur)[k];
  return cur;
}
function later(a: number | undefined, b: number | undefined): number | undefined {
  return b !== undefined && (a === undefined || b > a) ? b : a;
}

/** STATUS, READY and RESTARTS of a pod as numbers; never throws on malformed input. */
export function podStatusDetail(pod: PodLike): PodStatusDetail {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const conditions = list(status.conditions).map(rec);
  const initSpecs = list(spec.initContainers).map(rec);
  // Sidecars (restartable init containers) count as containers of the pod.
  const restartable = new Set(
    initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)),
  );
  const totalContainers = list(spec.containers).length + restartable.size;
  let readyContainers = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of conditions) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses).map(rec);
  for (const [i, c] of initStatuses.entries()) {
    const finished = parseTimestamp(at(c, 'lastState', 'terminated', 'finishedAt'));
    restarts += int(c.restartCount);
    lastRestart = later(lastRestart, finished);
    const isRestartable = restartable.has(str(c.name));
    if (isRestartable) {
      restartableInitRestarts += int(c.restartCount);
      lastRestartableInitRestart = later(lastRestartableInitRestart, finished);
    }
    const terminated = at(c, 'state', 'terminated');
    const waiting = at(c, 'state', 'waiting');
    if (terminated !== undefined && int(at(terminated, 'exitCode')) === 0) continue;
    if (isRestartable && c.started === true) {
      if (c.ready === true) readyContainers++;
      continue;
    }
    if (terminated !== undefined) {
      const r = str(at(terminated, 'reason'));
      const signal = int(at(terminated, 'signal'));
      if (r !== '') reason = `Init:${r}`;
      else if (signal !== 0) reason = `Init:Signal:${signal}`;
      else reason = `Init:ExitCode:${int(at(terminated, 'exitCode'))}`;
    } else if (
      waiting !== undefined &&
      str(at(waiting, 'reason')) !== '' &&
      str(at(waiting, 'reason')) !== 'PodInitializing'
    ) {
      reason = `Init:${str(at(waiting, 'reason'))}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses).map(rec);
    // kubectl walks the containers backwards, so the first container's state wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = rec(statuses[i]);
      restarts += int(c.restartCount);
      lastRestart = later(
        lastRestart,
        parseTimestamp(at(c, 'lastState', 'terminated', 'finishedAt')),
      );
      const waitingReason = str(at(c, 'state', 'waiting', 'reason'));
      const terminated = at(c, 'state', 'terminated');
      if (waitingReason !== '') {
        reason = waitingReason;
      } else if (terminated !== undefined && str(at(terminated, 'reason')) !== '') {
        reason = str(at(terminated, 'reason'));
      } else if (terminated !== undefined) {
        const signal = int(at(terminated, 'signal'));
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(at(terminated, 'exitCode'))}`;
      } else if (c.ready === true && at(c, 'state', 'running') !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last container completed while others still run is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  const deletion = pod.metadata?.deletionTimestamp;
  const deleting = deletion !== undefined && deletion !== null;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  return {
    reason,
    readyContainers,
    totalContainers,
    restarts,
    ...(restarts !== 0 && lastRestart !== undefined ? { lastRestartAt: lastRestart } : {}),
  };
}

/** kubectl's STATUS, READY and RESTARTS cells at time `now` (ms since the epoch). */
export function podStatus(pod: PodLike, now: number): PodStatusCells {
  const d = podStatusDetail(pod);
  const restarts =
    d.lastRestartAt !== undefined
      ? `${d.restarts} (${humanDuration(now - d.lastRestartAt)} ago)`
      : String(d.restarts);
  return { reason: d.reason, ready: `${d.readyContainers}/${d.totalContainers}`, restarts };
}

/** How a console colours a STATUS reason. */
export type StatusTone = 'ok' | 'progress' | 'warning' | 'error' | 'done' | 'unknown';

const OK = new Set(['Running']);
const DONE = new Set(['Completed', 'Succeeded']);
const PROGRESS = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'Terminating',
  'SchedulingGated',
]);
const ERROR = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'OOMKilled',
  'Error',
  'Failed',
  'Evicted',
  'NodeLost',
  'ContainerStatusUnknown',
  'DeadlineExceeded',
]);

/** The tone of a STATUS reason: running is ok, back-offs and kills are errors, starting is progress. */
export function statusTone(reason: string): StatusTone {
  if (OK.has(reason)) return 'ok';
  if (DONE.has(reason)) return 'done';
  if (ERROR.has(reason)) return 'error';
  if (PROGRESS.has(reason)) return 'progress';
  if (reason.startsWith('Init:')) {
    const rest = reason.slice('Init:'.length);
    // `Init:0/2` is progress; `Init:CrashLoopBackOff`, `Init:Error`, `Init:ExitCode:1` are not.
    return /^\d+\/\d+$/.test(rest) ? 'progress' : 'error';
  }
  if (reason.startsWith('ExitCode:') || reason.startsWith('Signal:')) return 'error';
  if (reason === 'NotReady') return 'warning';
  if (reason === 'Unknown' || reason === '') return 'unknown';
  return 'warning';
}
