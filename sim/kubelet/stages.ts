// The simulated kubelet's pod lifecycle as data, kwok-style: stages of (selector → delay → status patch +
// events), each delay counted from a timestamp in the pod's status so a restarted simulator resumes.
import { isoSeconds } from '../clock';
import { qosClass } from '../registry';
import type { KubeObject } from '../types';
import {
  containerId,
  goDuration,
  imageBehaviour,
  imageId,
  imageSize,
  pullErrorMessage,
  pullMs,
  qualifiedImage,
  unitHash,
  COMPLETE_AFTER_MS,
  type ImageBehaviour,
} from './images';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt?: string;
  finishedAt: string;
  containerID?: string;
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: TerminatedState;
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  qosClass?: string;
  [key: string]: unknown;
}

export interface Probe {
  initialDelaySeconds?: number;
  periodSeconds?: number;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  readinessProbe?: Probe;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export interface PodSpec {
  nodeName?: string;
  restartPolicy?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
}

/** What a stage needs from the kubelet running it. */
export interface KubeletEnv {
  /** The node's InternalIP. */
  hostIP: string;
  /** A free pod IP from the node's range (called once, when the sandbox is created). */
  allocateIp: () => string;
  /** Whether this pod must pull the container's image (false: already present on the node). */
  pulls: (pod: KubeObject, container: ContainerSpec) => boolean;
}

export interface StageEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  fieldPath?: string;
}

/** What a stage does when its delay has passed. */
export interface Effect {
  status?: PodStatus;
  events: StageEvent[];
  /** Remove the pod (grace 0): its containers have stopped. */
  delete?: boolean;
}

export interface PodCtx {
  pod: KubeObject;
  spec: PodSpec;
  status: PodStatus;
  env: KubeletEnv;
  now: number;
}

export interface ContainerCtx extends PodCtx {
  container: ContainerSpec;
  cs: ContainerStatus;
  behaviour: ImageBehaviour;
}

/** A kwok Stage: when `selector` holds, `next` fires `delay` after the `from` timestamp. */
export interface Stage<T, R> {
  name: string;
  selector: (x: T) => boolean;
  /** The moment the delay counts from (ms), read from the object's status. */
  from: (x: T) => number;
  delay: (x: T) => number;
  next: (x: T, now: number) => R;
}

/** Time the kubelet takes to notice an exited container and act on it (PLEG relist + sync). */
export const SYNC_MS = 1000;
/** Container start when the image is already on the node. */
export const START_MS = 300;
const MAX_BACKOFF_MS = 300_000;

const time = (s: string | undefined): number => (s ? Date.parse(s) : 0);

export const fieldPathOf = (c: { name: string }): string => `spec.containers{${c.name}}`;

/** Kubelet's container restart back-off before restart number `restartCount + 1`: 10 s doubling, at most 5 min. */
export function crashBackoffMs(restartCount: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, restartCount - 1), MAX_BACKOFF_MS);
}

function pullBackoffMs(failures: number): number {
  return Math.min(10_000 * 2 ** failures, MAX_BACKOFF_MS);
}

/**
 * Times at which the pulls of a missing image fail, from the pod's start: the first after one pull,
 * then one pull after each back-off (10 s, 20 s, … 5 min) — a pure function, so nothing is kept in memory.
 */
export function pullFailures(
  startMs: number,
  pull: number,
): (t: number) => {
  last?: number;
  next: number;
} {
  return (t) => {
    let f = startMs + pull;
    let last: number | undefined;
    for (let k = 0; f <= t && k < 100_000; k++) {
      last = f;
      f += pullBackoffMs(k) + pull;
    }
    return { last, next: f };
  };
}

function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}

function podRef(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** How the container ends on its own: by image, or because the pod belongs to a Job. */
export function exitOf(ctx: ContainerCtx): ImageBehaviour['exit'] {
  if (ctx.behaviour.exit) return ctx.behaviour.exit;
  if (ctx.pod.metadata.ownerReferences?.some((r) => r.kind === 'Job'))
    return { afterMs: COMPLETE_AFTER_MS, exitCode: 0, reason: 'Completed' };
  return undefined;
}

/** When the readiness probe first succeeds after start: its first tick at or after initialDelaySeconds. */
export function readyDelayMs(ctx: ContainerCtx): number {
  const probe = ctx.container.readinessProbe;
  let probeMs = 0;
  if (probe) {
    const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
    const initial = Math.max(0, probe.initialDelaySeconds ?? 0) * 1000;
    // The prober's worker starts at a random offset within one period (kubelet prober/worker.go).
    const jitter = Math.floor(
      unitHash(`probe/${ctx.pod.metadata.uid}/${ctx.container.name}`) * period,
    );
    probeMs = jitter + Math.max(0, Math.ceil((initial - jitter) / period)) * period;
  }
  return Math.max(probeMs, ctx.behaviour.readyAfterMs);
}

function started(ctx: ContainerCtx, now: number): ContainerStatus {
  const restartCount =
    ctx.cs.state.waiting?.reason === 'ContainerCreating' ? 0 : ctx.cs.restartCount + 1;
  const image = ctx.container.image ?? '';
  return {
    ...ctx.cs,
    state: { running: { startedAt: isoSeconds(now) } },
    lastState: ctx.cs.state.terminated ? { terminated: ctx.cs.state.terminated } : ctx.cs.lastState,
    ready: !ctx.container.readinessProbe && ctx.behaviour.readyAfterMs === 0,
    restartCount,
    image: qualifiedImage(image),
    imageID: imageId(image),
    containerID: containerId(String(ctx.pod.metadata.uid), ctx.container.name, restartCount),
    started: true,
  };
}

function startEvents(ctx: ContainerCtx, pulledMs: number | undefined): StageEvent[] {
  const image = ctx.container.image ?? '';
  const name = ctx.container.name;
  const pulled =
    pulledMs === undefined
      ? `Container image "${image}" already present on machine`
      : `Successfully pulled image "${image}" in ${goDuration(pulledMs)} (${goDuration(pulledMs)} including waiting). Image size: ${imageSize(image)} bytes.`;
  return [
    { type: 'Normal', reason: 'Pulled', message: pulled },
    { type: 'Normal', reason: 'Created', message: `Created container: ${name}` },
    { type: 'Normal', reason: 'Started', message: `Started container ${name}` },
  ];
}

function failuresOf(ctx: ContainerCtx): ReturnType<typeof pullFailures> {
  return pullFailures(time(ctx.status.startTime), pullMs(ctx.container.image ?? ''));
}

const waitingReason = (cs: ContainerStatus): string | undefined => cs.state.waiting?.reason;

/** Per-container stages; of those whose selector holds, the one due first fires. */
export const CONTAINER_STAGES: readonly Stage<
  ContainerCtx,
  { cs: ContainerStatus; events: StageEvent[] }
>[] = [
  {
    name: 'container-start',
    selector: (c) => waitingReason(c.cs) === 'ContainerCreating' && !c.behaviour.pullFails,
    from: (c) => time(c.status.startTime),
    delay: (c) => (c.env.pulls(c.pod, c.container) ? pullMs(c.container.image ?? '') : START_MS),
    next: (c, now) => {
      const pulls = c.env.pulls(c.pod, c.container);
      return {
        cs: started(c, now),
        events: startEvents(c, pulls ? pullMs(c.container.image ?? '') : undefined),
      };
    },
  },
  {
    name: 'container-pull-failed',
    selector: (c) =>
      c.behaviour.pullFails &&
      (waitingReason(c.cs) === 'ContainerCreating' || waitingReason(c.cs) === 'ImagePullBackOff'),
    from: (c) => time(c.status.startTime),
    delay: (c) => {
      const f = failuresOf(c);
      // In ImagePullBackOff since (failure + SYNC_MS): the failure before that is the one backed off from.
      const due =
        waitingReason(c.cs) === 'ContainerCreating' ? f(-Infinity).next : f(c.now - SYNC_MS).next;
      return due - time(c.status.startTime);
    },
    next: (c) => {
      const image = c.container.image ?? '';
      const message = pullErrorMessage(image);
      const retry = waitingReason(c.cs) === 'ImagePullBackOff';
      return {
        cs: { ...c.cs, state: { waiting: { reason: 'ErrImagePull', message } } },
        events: [
          ...(retry
            ? [{ type: 'Normal' as const, reason: 'Pulling', message: `Pulling image "${image}"` }]
            : []),
          {
            type: 'Warning',
            reason: 'Failed',
            message: `Failed to pull image "${image}": ${message}`,
          },
          { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' },
        ],
      };
    },
  },
  {
    name: 'container-pull-backoff',
    selector: (c) => waitingReason(c.cs) === 'ErrImagePull',
    from: (c) => failuresOf(c)(c.now).last ?? time(c.status.startTime),
    delay: () => SYNC_MS,
    next: (c) => {
      const message = `Back-off pulling image "${c.container.image ?? ''}"`;
      return {
        cs: { ...c.cs, state: { waiting: { reason: 'ImagePullBackOff', message } } },
        events: [
          { type: 'Normal', reason: 'BackOff', message },
          { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' },
        ],
      };
    },
  },
  {
    name: 'container-ready',
    selector: (c) => Boolean(c.cs.state.running) && !c.cs.ready,
    from: (c) => time(c.cs.state.running?.startedAt),
    delay: (c) => readyDelayMs(c),
    next: (c) => ({ cs: { ...c.cs, ready: true }, events: [] }),
  },
  {
    name: 'container-exit',
    selector: (c) => Boolean(c.cs.state.running) && exitOf(c) !== undefined,
    from: (c) => time(c.cs.state.running?.startedAt),
    delay: (c) => exitOf(c)!.afterMs,
    next: (c, now) => {
      const exit = exitOf(c)!;
      return {
        cs: {
          ...c.cs,
          state: {
            terminated: {
              exitCode: exit.exitCode,
              reason: exit.reason,
              startedAt: c.cs.state.running!.startedAt,
              finishedAt: isoSeconds(now),
              containerID: c.cs.containerID,
            },
          },
          ready: false,
          started: false,
        },
        events: [],
      };
    },
  },
  {
    // The first restart after an exit is immediate; later ones wait out the back-off (kuberuntime doBackOff).
    name: 'container-restart',
    selector: (c) =>
      Boolean(c.cs.state.terminated) &&
      shouldRestart(c.spec.restartPolicy, c.cs.state.terminated!.exitCode) &&
      c.cs.restartCount === 0,
    from: (c) => time(c.cs.state.terminated?.finishedAt),
    delay: () => SYNC_MS,
    next: (c, now) => ({ cs: started(c, now), events: startEvents(c, undefined) }),
  },
  {
    name: 'container-crash-loop',
    selector: (c) =>
      Boolean(c.cs.state.terminated) &&
      shouldRestart(c.spec.restartPolicy, c.cs.state.terminated!.exitCode) &&
      c.cs.restartCount > 0,
    from: (c) => time(c.cs.state.terminated?.finishedAt),
    delay: () => SYNC_MS,
    next: (c) => {
      const name = c.container.name;
      const backoff = goDuration(crashBackoffMs(c.cs.restartCount));
      return {
        cs: {
          ...c.cs,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${backoff} restarting failed container=${name} pod=${podRef(c.pod)}`,
            },
          },
          lastState: { terminated: c.cs.state.terminated! },
        },
        events: [
          {
            type: 'Warning',
            reason: 'BackOff',
            message: `Back-off restarting failed container ${name} in pod ${podRef(c.pod)}`,
          },
        ],
      };
    },
  },
  {
    name: 'container-back-off-restart',
    selector: (c) => waitingReason(c.cs) === 'CrashLoopBackOff',
    from: (c) => time(c.cs.lastState.terminated?.finishedAt),
    delay: (c) => crashBackoffMs(c.cs.restartCount),
    next: (c, now) => ({ cs: started(c, now), events: startEvents(c, undefined) }),
  },
];

const isTerminal = (status: PodStatus): boolean =>
  status.phase === 'Succeeded' || status.phase === 'Failed';

function containersOf(spec: PodSpec): ContainerSpec[] {
  return spec.containers ?? [];
}

function statusesOf(ctx: PodCtx): ContainerStatus[] {
  return containersOf(ctx.spec).map(
    (c) =>
      ctx.status.containerStatuses?.find((s) => s.name === c.name) ??
      waitingStatus(c, 'ContainerCreating'),
  );
}

function waitingStatus(c: ContainerSpec, reason: string): ContainerStatus {
  return {
    name: c.name,
    state: { waiting: { reason } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: c.image ?? '',
    imageID: '',
    started: false,
  };
}

function setCondition(
  old: PodCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  now: number,
  reason?: string,
  message?: string,
): PodCondition {
  const prev = old?.find((c) => c.type === type);
  return {
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    lastProbeTime: null,
    lastTransitionTime:
      prev && prev.status === status && prev.lastTransitionTime
        ? prev.lastTransitionTime
        : isoSeconds(now),
  };
}

/** Phase and conditions follow from the containers, as kubelet's generateAPIPodStatus derives them. */
export function derivePodStatus(
  ctx: PodCtx,
  statuses: ContainerStatus[],
  now: number,
  base: PodStatus = ctx.status,
): PodStatus {
  const policy = ctx.spec.restartPolicy ?? 'Always';
  const allTerminated = statuses.length > 0 && statuses.every((s) => s.state.terminated);
  const allZero = statuses.every((s) => s.state.terminated?.exitCode === 0);
  let phase: string;
  if (allTerminated && policy === 'Never') phase = allZero ? 'Succeeded' : 'Failed';
  else if (allTerminated && policy === 'OnFailure' && allZero) phase = 'Succeeded';
  else if (
    statuses.some(
      (s) => s.state.running || s.state.terminated || s.restartCount > 0 || s.lastState.terminated,
    )
  )
    phase = 'Running';
  else phase = 'Pending';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const ready = !terminal && unready.length === 0 && statuses.length > 0;
  const old = base.conditions;
  const notReady = terminal
    ? { reason: 'PodCompleted', message: undefined }
    : {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${unready.join(' ')}]`,
      };
  const conditions: PodCondition[] = [
    setCondition(old, 'PodReadyToStartContainers', terminal ? 'False' : 'True', now),
    setCondition(old, 'Initialized', 'True', now),
    ready
      ? setCondition(old, 'Ready', 'True', now)
      : setCondition(old, 'Ready', 'False', now, notReady.reason, notReady.message),
    ready
      ? setCondition(old, 'ContainersReady', 'True', now)
      : setCondition(old, 'ContainersReady', 'False', now, notReady.reason, notReady.message),
    setCondition(old, 'PodScheduled', 'True', now),
  ];
  return { ...base, phase, conditions, containerStatuses: statuses };
}

function anyRunning(ctx: PodCtx): boolean {
  return (ctx.status.containerStatuses ?? []).some((s) => s.state.running);
}

/** Pod-level stages, in priority order: the first whose selector holds is the pod's next stage. */
export const POD_STAGES: readonly Stage<PodCtx, Effect>[] = [
  {
    // Containers stopped: the kubelet removes the pod (grace 0) — at most a second after they stopped.
    name: 'pod-delete',
    selector: (p) => Boolean(p.pod.metadata.deletionTimestamp) && !anyRunning(p),
    from: (p) =>
      Math.max(
        0,
        ...(p.status.containerStatuses ?? []).map((s) => time(s.state.terminated?.finishedAt)),
      ),
    delay: (p) =>
      Math.min(1000, Math.max(0, p.pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000),
    next: () => ({ events: [], delete: true }),
  },
  {
    name: 'pod-kill',
    selector: (p) => Boolean(p.pod.metadata.deletionTimestamp) && anyRunning(p),
    from: () => 0,
    delay: () => 0,
    next: (p, now) => {
      const events: StageEvent[] = [];
      const statuses = statusesOf(p).map((s): ContainerStatus => {
        if (!s.state.running) return s;
        events.push({
          type: 'Normal',
          reason: 'Killing',
          message: `Stopping container ${s.name}`,
          fieldPath: fieldPathOf(s),
        });
        return {
          ...s,
          state: {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: s.state.running.startedAt,
              finishedAt: isoSeconds(now),
              containerID: s.containerID,
            },
          },
          ready: false,
          started: false,
        };
      });
      const derived = derivePodStatus(p, statuses, now);
      // A pod being deleted keeps its phase until it is gone.
      return { status: { ...derived, phase: p.status.phase }, events };
    },
  },
  {
    // The sandbox: IP, start time, containers waiting in ContainerCreating, image pulls begin.
    name: 'pod-create',
    selector: (p) => !p.status.startTime,
    from: () => 0,
    delay: () => 0,
    next: (p, now) => {
      const ip = p.env.allocateIp();
      const base: PodStatus = {
        ...p.status,
        qosClass: p.status.qosClass ?? qosClass(p.pod),
        hostIP: p.env.hostIP,
        hostIPs: [{ ip: p.env.hostIP }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: isoSeconds(now),
      };
      const init = p.spec.initContainers ?? [];
      if (init.length > 0) {
        base.initContainerStatuses = init.map((c) => ({
          ...waitingStatus(c, ''),
          state: {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: isoSeconds(now),
              finishedAt: isoSeconds(now),
              containerID: containerId(String(p.pod.metadata.uid), c.name, 0),
            },
          },
          ready: true,
          image: qualifiedImage(c.image ?? ''),
          imageID: imageId(c.image ?? ''),
          containerID: containerId(String(p.pod.metadata.uid), c.name, 0),
        }));
      }
      const statuses = containersOf(p.spec).map((c) => waitingStatus(c, 'ContainerCreating'));
      const events: StageEvent[] = containersOf(p.spec)
        .filter((c) => p.env.pulls(p.pod, c) || imageBehaviour(c.image ?? '').pullFails)
        .map((c) => ({
          type: 'Normal',
          reason: 'Pulling',
          message: `Pulling image "${c.image ?? ''}"`,
          fieldPath: fieldPathOf(c),
        }));
      return { status: derivePodStatus(p, statuses, now, base), events };
    },
  },
];

/**
 * When a stage fires. A timestamp ahead of `now` means simulated time went back (a restarted simulator
 * with a faster clock): the delay then counts from now instead of waiting for the old clock to return.
 */
function dueOf<T>(stage: Stage<T, unknown>, x: T, now: number): number {
  return Math.min(stage.from(x), now) + stage.delay(x);
}

/** The pod's next step: an effect due now, or the time the next stage is due. */
export interface Plan {
  stage?: string;
  effect?: Effect;
  due?: number;
}

/**
 * Runs the lifecycle one step: the first pod stage that applies, else every container stage that is
 * due (with the pod's phase and conditions re-derived). Pure given `env` and `now`.
 */
export function step(pod: KubeObject, env: KubeletEnv, now: number): Plan {
  const spec = (pod.spec ?? {}) as PodSpec;
  const status = (pod.status ?? {}) as PodStatus;
  const ctx: PodCtx = { pod, spec, status, env, now };
  if (isTerminal(status) && !pod.metadata.deletionTimestamp) return {};
  for (const stage of POD_STAGES) {
    if (!stage.selector(ctx)) continue;
    const due = dueOf(stage, ctx, now);
    if (due > now) return { stage: stage.name, due };
    return { stage: stage.name, effect: stage.next(ctx, Math.max(now, due)) };
  }
  if (isTerminal(status)) return {};
  const statuses = statusesOf(ctx);
  const events: StageEvent[] = [];
  const fired: string[] = [];
  let nextDue = Infinity;
  const out = statuses.map((cs, i) => {
    const container = containersOf(spec)[i]!;
    const cctx: ContainerCtx = {
      ...ctx,
      container,
      cs,
      behaviour: imageBehaviour(container.image ?? ''),
    };
    let best: { stage: (typeof CONTAINER_STAGES)[number]; due: number } | undefined;
    for (const stage of CONTAINER_STAGES) {
      if (!stage.selector(cctx)) continue;
      const due = dueOf(stage, cctx, now);
      if (!best || due < best.due) best = { stage, due };
    }
    if (!best) return cs;
    if (best.due > now) {
      nextDue = Math.min(nextDue, best.due);
      return cs;
    }
    const r = best.stage.next(cctx, Math.max(now, best.due));
    fired.push(best.stage.name);
    events.push(
      ...r.events.map((e) => ({ ...e, fieldPath: e.fieldPath ?? fieldPathOf(container) })),
    );
    return r.cs;
  });
  if (fired.length > 0) {
    return {
      stage: fired.join(','),
      effect: { status: derivePodStatus(ctx, out, now), events },
    };
  }
  return nextDue === Infinity ? {} : { due: nextDue };
}
