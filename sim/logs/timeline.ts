// Which log lines a container instance has written by a given time: instance selection from pod status
// (the kubelet's rules), the log rate, and the index ↔ timestamp mapping.
import { StatusError, type KubeObject } from '../types';
import {
  appNameOf,
  failureOf,
  hashString,
  makeGenerator,
  portOf,
  projectOf,
  rand,
  styleOf,
  type LogGenerator,
} from './generators';

/** Pod annotation: log lines per second of every container in the pod. */
export const LOG_RATE_ANNOTATION = 'sim.wharf.io/log-rate';
export const DEFAULT_LOG_RATE = 1;
/** Lines per second a pod may ask for: one follow stream delivered 520-615k/s unthrottled over HTTPS on
 * the 2-core dev machine (bench.ts), so 200k leaves headroom for the client and other streams. */
export const MAX_LOG_RATE = 200_000;
const MIN_LOG_RATE = 0.001;
/**
 * A new instance writes its first lines in a burst (startup, warm-up traffic) this far apart at
 * most, so that even a container that just started has a history worth reading.
 */
export const BURST_LINES = 1000;
const BURST_SPACING_MS = 2;
/** A crashing process writes its few lines this far apart, then exits. */
const CRASH_SPACING_MS = 40;
/** The kubelet rotates logs at 10 MiB; older lines are gone (about this many lines). */
export const RETAINED_LINES = 50_000;

/** `sim.wharf.io/log-rate`, default 1/s, clamped to what a stream sustains. */
export function logRateOf(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[LOG_RATE_ANNOTATION];
  if (raw === undefined) return DEFAULT_LOG_RATE;
  const r = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(r) || r < 0) return DEFAULT_LOG_RATE;
  return Math.min(MAX_LOG_RATE, Math.max(MIN_LOG_RATE, r));
}

/** One run of a container: what `state.running`/`state.terminated`/`lastState.terminated` describe. */
export interface Instance {
  container: string;
  startedAt: string;
  startMs: number;
  /** finishedAt of a terminated instance; undefined while it runs. */
  endMs?: number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
const arr = (v: unknown): Rec[] =>
  Array.isArray(v) ? v.map(rec).filter((x): x is Rec => x !== undefined) : [];
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Every container of the pod in the order kube lists them: init, regular, ephemeral. */
export function containersOf(pod: KubeObject): Rec[] {
  const spec = rec(pod.spec) ?? {};
  return [...arr(spec.initContainers), ...arr(spec.containers), ...arr(spec.ephemeralContainers)];
}

/**
 * kube-apiserver's container choice (pkg/registry/core/pod/strategy.go validateContainer):
 * the only container when none is named; 400 for a missing or unknown name.
 */
export function chooseContainer(pod: KubeObject, requested: string): string {
  const name = pod.metadata.name ?? '';
  const all = containersOf(pod).map((c) => String(c.name ?? ''));
  if (requested === '') {
    const regular = arr(rec(pod.spec)?.containers);
    if (regular.length === 1) return String(regular[0]!.name ?? '');
    if (regular.length === 0)
      throw new StatusError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}`,
      );
    throw new StatusError(
      400,
      'BadRequest',
      `a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`,
    );
  }
  if (!all.includes(requested))
    throw new StatusError(400, 'BadRequest', `container ${requested} is not valid for pod ${name}`);
  return requested;
}

function kubeletError(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

function terminatedInstance(container: string, t: Rec): Instance | undefined {
  const startedAt = str(t.startedAt);
  const startMs = startedAt ? Date.parse(startedAt) : NaN;
  if (!startedAt || Number.isNaN(startMs)) return undefined;
  const finished = Date.parse(str(t.finishedAt) ?? '');
  return {
    container,
    startedAt,
    startMs,
    endMs: Number.isNaN(finished) ? startMs : Math.max(startMs, finished),
  };
}

/**
 * The instance whose log a request reads, or the kubelet's 400 (validateContainerLogStatus in
 * k/k pkg/kubelet/kubelet_pods.go). A crash-looping container (waiting, with a lastState)
 * serves its last terminated run.
 */
export function selectInstance(pod: KubeObject, container: string, previous: boolean): Instance {
  const podName = pod.metadata.name ?? '';
  const status = rec(pod.status) ?? {};
  const cs = [
    ...arr(status.containerStatuses),
    ...arr(status.initContainerStatuses),
    ...arr(status.ephemeralContainerStatuses),
  ].find((s) => s.name === container);
  const where = `container "${container}" in pod "${podName}"`;
  if (!cs) throw kubeletError(`${where} is waiting to start - no logs yet`);
  const state = rec(cs.state) ?? {};
  const last = rec(rec(cs.lastState)?.terminated);
  const waiting = rec(state.waiting);
  const running = rec(state.running);
  const terminated = rec(state.terminated);
  if (previous) {
    const inst = last && terminatedInstance(container, last);
    if (!inst) throw kubeletError(`previous terminated ${where} not found`);
    return inst;
  }
  if (running) {
    const startedAt =
      str(running.startedAt) ?? str(status.startTime) ?? pod.metadata.creationTimestamp ?? '';
    const startMs = Date.parse(startedAt);
    if (Number.isNaN(startMs)) throw kubeletError(`${where} is waiting to start - no logs yet`);
    return { container, startedAt, startMs };
  }
  if (terminated) {
    const inst =
      terminatedInstance(container, terminated) ?? (last && terminatedInstance(container, last));
    if (!inst) throw kubeletError(`${where} is terminated`);
    return inst;
  }
  if (last) {
    const inst = terminatedInstance(container, last);
    if (!inst) throw kubeletError(`${where} is terminated`);
    return inst;
  }
  if (waiting) {
    const reason = str(waiting.reason) ?? '';
    if (reason === 'ErrImagePull')
      throw kubeletError(`${where} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw kubeletError(`${where} is waiting to start: trying and failing to pull image`);
    throw kubeletError(`${where} is waiting to start: ${reason}`);
  }
  throw kubeletError(`${where} is waiting to start - no logs yet`);
}

/** The lines of one instance laid out in time. */
export interface Timeline {
  readonly instance: Instance;
  /** Lines the instance ever writes (Infinity while a server runs). */
  readonly count: number;
  readonly gen: LogGenerator;
  /** When line i was written (ms since the epoch, fractional). */
  time(i: number): number;
  /** How many lines were written at or before `t` (all of them up to the instance's end). */
  countAt(t: number): number;
  /** Index of the first line written at or after `t`. */
  firstAtOrAfter(t: number): number;
  /** Line i's text, as generated. */
  line(i: number): string;
}

const JITTER = 0.8 / 4294967296;

/** Lays out the instance's generator: a burst of BURST_LINES, then `rate` lines a second. */
export function makeTimeline(pod: KubeObject, inst: Instance, rate = logRateOf(pod)): Timeline {
  const c = containersOf(pod).find((x) => x.name === inst.container) ?? {};
  const image = String(c.image ?? '');
  const seed = hashString(
    `${pod.metadata.uid ?? pod.metadata.name ?? ''}/${inst.container}/${inst.startedAt}`,
  );
  const gen = makeGenerator({
    seed,
    style: styleOf(c, image),
    failure: failureOf(image),
    app: appNameOf(pod),
    project: projectOf(pod),
    port: portOf(c, 8080),
    image,
  });
  const start = inst.startMs;
  const count = gen.count;
  let burst: number; // lines in the burst
  let bs: number; // spacing inside the burst
  let iv: number; // spacing afterwards
  if (Number.isFinite(count)) {
    // A crashing process: all of its lines, squeezed into its lifetime once that is known.
    const life = inst.endMs !== undefined ? inst.endMs - start : Infinity;
    bs = iv = Math.min(CRASH_SPACING_MS, life / Math.max(1, count));
    burst = count;
  } else {
    iv = 1000 / rate;
    bs = Math.min(iv, BURST_SPACING_MS);
    burst = BURST_LINES;
  }
  const burstEnd = start + burst * bs;
  const base = (i: number): number => (i < burst ? start + i * bs : burstEnd + (i - burst) * iv);
  const spacing = (i: number): number => (i < burst ? bs : iv);
  const time = (i: number): number => base(i) + rand(seed, i, 99) * JITTER * spacing(i);
  const end = inst.endMs;
  // Finite logs always appear whole: the process wrote them before it exited.
  const limit = (t: number): number =>
    end !== undefined && !Number.isFinite(count) ? Math.min(t, end) : t;

  /** Lines with time < t (strict) or ≤ t. */
  const countBefore = (t0: number, inclusive: boolean): number => {
    const t = limit(t0);
    if (t < start) return 0;
    // A process that lived no time at all wrote everything at its start.
    if (bs === 0) return inclusive || t > start ? count : 0;
    const est = Math.floor(t < burstEnd ? (t - start) / bs : burst + (t - burstEnd) / iv);
    // The estimate can be one off where float rounding meets the jitter: settle it on the real times.
    const ok = (i: number): boolean => (inclusive ? time(i) <= t : time(i) < t);
    let n = Math.max(0, Math.min(count, est));
    while (n < count && ok(n)) n++;
    while (n > 0 && !ok(n - 1)) n--;
    return n;
  };

  return {
    instance: inst,
    count,
    gen,
    time,
    countAt: (t) => countBefore(t, true),
    firstAtOrAfter: (t) => countBefore(t, false),
    line: (i) => gen.line(i, time(i)),
  };
}
