// The Job controller (k/k pkg/controller/job, 1.32 behaviour): pods up to parallelism until
// completions succeed, pod failure back-off, backoffLimit and activeDeadlineSeconds, finalizer-based
// pod tracking, and the SuccessCriteriaMet/Complete and FailureTarget/Failed condition pairs.
import { findKind } from '../../lib/k8s/resources';
import { isoSeconds, type Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject } from '../types';
import { recordEvent } from './events';
import {
  controllerCtx,
  controllerOf,
  errorMessage,
  isPodReady,
  namespaceTerminating,
  num,
  podD,
  podFromTemplate,
  podStatus,
  rec,
  type Condition,
  type OwnerIndex,
  type PodTemplate,
} from './replicaset';
import { keyOf, runController, splitKey } from './runner';

export const jobD = findKind('batch/v1', 'Job')!;
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const COMPONENT = { component: 'job-controller' };
/** Pod failure back-off: 10 s doubling up to 6 min (job controller DefaultJobPodFailureBackOff). */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;
const MAX_PODS_PER_SYNC = 500;

interface JobSpec {
  parallelism?: number;
  completions?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
  template?: PodTemplate;
}

export interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  uncountedTerminatedPods?: Record<string, never>;
  ready?: number;
}

export const BACKOFF_MESSAGE = 'Job has reached the specified backoff limit';
export const DEADLINE_MESSAGE = 'Job was active longer than specified deadline';
export const COMPLETIONS_MESSAGE = 'Reached expected number of succeeded pods';

function condition(type: string, reason: string, message: string, now: number): Condition {
  const t = isoSeconds(now);
  return { type, status: 'True', lastProbeTime: t, lastTransitionTime: t, reason, message };
}

function hasCondition(s: JobStatus, type: string): boolean {
  return (s.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** When a pod stopped: its containers' finish time, else when it stopped being ready, else its creation. */
function finishedAt(pod: KubeObject): number {
  const statuses = (rec(pod.status).containerStatuses ?? []) as {
    state?: { terminated?: { finishedAt?: string } };
  }[];
  const times = statuses
    .map((c) => Date.parse(c.state?.terminated?.finishedAt ?? ''))
    .filter(Number.isFinite);
  if (times.length > 0) return Math.max(...times);
  const ready = podStatus(pod).conditions?.find((c) => c.type === 'Ready');
  const t = Date.parse(ready?.lastTransitionTime ?? pod.metadata.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : 0;
}

function restarts(pod: KubeObject): number {
  const s = podStatus(pod);
  return [...(s.containerStatuses ?? []), ...(s.initContainerStatuses ?? [])].reduce(
    (a, c) => a + num(c.restartCount),
    0,
  );
}

function isJobPodFinished(pod: KubeObject): 'succeeded' | 'failed' | undefined {
  const phase = podStatus(pod).phase;
  if (phase === 'Succeeded') return 'succeeded';
  // Deleted pods count as failed: they may never get to report a phase (podReplacementPolicy TerminatingOrFailed).
  if (phase === 'Failed' || pod.metadata.deletionTimestamp) return 'failed';
  return undefined;
}

function jobKeysForPod(store: Registry['store'], e: StoreEvent): string[] {
  const ns = e.object.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const o of [e.object, e.old]) {
    const ref = controllerOf(o);
    if (ref?.kind === 'Job') keys.add(`${ns}/${ref.name}`);
  }
  // A tracked pod whose Job is gone still needs its finalizer removed.
  const pod = e.object;
  const ref = controllerOf(pod);
  if (e.type !== 'DELETED' && pod.metadata.finalizers?.includes(TRACKING_FINALIZER)) {
    const job = ref ? store.get('batch/jobs', ns, ref.name) : undefined;
    if (!job || job.metadata.uid !== ref?.uid) keys.add(`pod:${keyOf(pod)}`);
  }
  return [...keys];
}

/** Runs the Job controller; returns its stop function. */
export function startJobController(registry: Registry, clock: Clock, pods: OwnerIndex): () => void {
  const store = registry.store;
  const podCtx = controllerCtx('job-controller');

  const dropFinalizer = (pod: KubeObject): void => {
    const ns = pod.metadata.namespace ?? '';
    const next = structuredClone(pod);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
      (f) => f !== TRACKING_FINALIZER,
    );
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    next.metadata.resourceVersion = undefined;
    try {
      registry.update(podD, ns, pod.metadata.name!, next, SYSTEM_CTX);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    pods.touch(ns, pod.metadata.name!);
  };

  const syncOrphanPod = (key: string): void => {
    const [ns, name] = splitKey(key);
    const pod = store.get('/pods', ns, name);
    if (!pod?.metadata.finalizers?.includes(TRACKING_FINALIZER)) return;
    const ref = controllerOf(pod);
    const job = ref ? store.get('batch/jobs', ns, ref.name) : undefined;
    if (job && job.metadata.uid === ref?.uid) return;
    dropFinalizer(pod);
  };

  const sync = (key: string): void => {
    if (key.startsWith('pod:')) return syncOrphanPod(key.slice(4));
    const [ns, name] = splitKey(key);
    const job = store.get('batch/jobs', ns, name);
    if (!job) return;
    const spec = rec(job.spec) as JobSpec;
    const old = rec(job.status) as JobStatus;
    const uid = job.metadata.uid ?? '';
    const now = clock.now();
    const event = (type: 'Normal' | 'Warning', reason: string, msg: string): void =>
      recordEvent(registry, clock, COMPONENT, job, type, reason, msg);
    const status: JobStatus = structuredClone(old);
    let conditions = status.conditions ?? [];
    const addCondition = (c: Condition): void => {
      if (!conditions.some((x) => x.type === c.type && x.status === c.status))
        conditions = [...conditions.filter((x) => x.type !== c.type), c];
    };
    const finished = hasCondition(old, 'Complete') || hasCondition(old, 'Failed');

    // Count finished pods once and let them go (finalizer-based tracking).
    let succeeded = num(old.succeeded);
    let failed = num(old.failed);
    for (const pod of pods.owned(uid)) {
      if (!pod.metadata.finalizers?.includes(TRACKING_FINALIZER)) continue;
      const outcome = isJobPodFinished(pod);
      if (!outcome && !finished && !job.metadata.deletionTimestamp) continue;
      if (outcome === 'succeeded') succeeded++;
      else if (outcome === 'failed') {
        failed++;
      }
      dropFinalizer(pod);
    }
    const all = pods.owned(uid);
    const activePods = all.filter((p) => !p.metadata.deletionTimestamp && !isJobPodFinished(p));

    const deletePods = (victims: KubeObject[]): void => {
      for (const pod of victims) {
        try {
          registry.delete(podD, ns, pod.metadata.name!, {}, podCtx);
          pods.touch(ns, pod.metadata.name!);
          event('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          if (err instanceof StatusError && err.code === 404) continue;
          event('Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
        }
      }
    };

    let active = activePods.length;
    let requeueMs: number | undefined;
    if (!finished && !job.metadata.deletionTimestamp) {
      if (!spec.suspend && !status.startTime) status.startTime = isoSeconds(now);
      const backoffLimit = num(spec.backoffLimit, 6);
      const onFailure = rec(spec.template?.spec).restartPolicy === 'OnFailure';
      const restartSum = activePods
        .filter((p) => ['Running', 'Pending'].includes(podStatus(p).phase ?? 'Pending'))
        .reduce((a, p) => a + restarts(p), 0);
      const pastBackoffOnFailure =
        onFailure && (backoffLimit === 0 ? restartSum > 0 : restartSum >= backoffLimit);
      const started = Date.parse(status.startTime ?? '');
      const deadline = spec.activeDeadlineSeconds;
      const pastDeadline =
        deadline !== undefined && Number.isFinite(started) && started + deadline * 1000 <= now;
      const completions = spec.completions;
      const complete =
        completions !== undefined && completions !== null
          ? succeeded >= completions && active === 0
          : succeeded > 0 && active === 0;
      const stillTerminating = (): number =>
        pods
          .owned(uid)
          .filter(
            (p) =>
              p.metadata.deletionTimestamp &&
              !['Failed', 'Succeeded'].includes(podStatus(p).phase ?? ''),
          ).length;
      let failure = conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True');
      if (!failure && !complete) {
        let reason: string | undefined;
        let message = '';
        if (failed > backoffLimit || pastBackoffOnFailure) {
          reason = 'BackoffLimitExceeded';
          message = BACKOFF_MESSAGE;
        } else if (pastDeadline) {
          reason = 'DeadlineExceeded';
          message = DEADLINE_MESSAGE;
        }
        if (reason) {
          failure = condition('FailureTarget', reason, message, now);
          addCondition(failure);
          event('Warning', reason, message);
        }
      }
      if (failure) {
        // Failing: stop every pod, then declare the Job Failed once none is left terminating.
        deletePods(activePods);
        active = 0;
        if (stillTerminating() === 0)
          addCondition(condition('Failed', failure.reason ?? '', failure.message ?? '', now));
      } else if (complete) {
        addCondition(
          condition('SuccessCriteriaMet', 'CompletionsReached', COMPLETIONS_MESSAGE, now),
        );
        if (stillTerminating() === 0) {
          addCondition(condition('Complete', 'CompletionsReached', COMPLETIONS_MESSAGE, now));
          status.completionTime = isoSeconds(now);
          event('Normal', 'Completed', 'Job completed');
        }
      } else if (spec.suspend) {
        deletePods(activePods);
        active = 0;
        if (!hasCondition(status, 'Suspended')) {
          conditions = [
            ...conditions.filter((c) => c.type !== 'Suspended'),
            condition('Suspended', 'JobSuspended', 'Job suspended', now),
          ];
          event('Normal', 'Suspended', 'Job suspended');
        }
      } else {
        if (hasCondition(status, 'Suspended')) {
          const t = isoSeconds(now);
          conditions = conditions.map((c) =>
            c.type === 'Suspended'
              ? {
                  ...c,
                  status: 'False',
                  reason: 'JobResumed',
                  message: 'Job resumed',
                  lastTransitionTime: t,
                  lastProbeTime: t,
                }
              : c,
          );
          event('Normal', 'Resumed', 'Job resumed');
        }
        const parallelism = num(spec.parallelism, 1);
        // Without completions, the first success stops new pods; the running ones finish on their own.
        const want =
          completions !== undefined && completions !== null
            ? Math.max(0, Math.min(parallelism, completions - succeeded))
            : succeeded > 0
              ? active
              : parallelism;
        if (active > want) {
          // Newest first, as kube's ActivePods ordering puts them.
          const victims = [...activePods]
            .sort((a, b) =>
              (b.metadata.creationTimestamp ?? '').localeCompare(
                a.metadata.creationTimestamp ?? '',
              ),
            )
            .slice(0, active - want);
          deletePods(victims);
          active -= victims.length;
        } else if (active < want) {
          // After failures, new pods wait out an exponential back-off from the last failure.
          const failedPods = all.filter((p) => podStatus(p).phase === 'Failed');
          const lastFailure = failedPods.length > 0 ? Math.max(...failedPods.map(finishedAt)) : 0;
          const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failed - 1));
          const wait = failed > 0 && lastFailure > 0 ? lastFailure + delay - now : 0;
          if (wait > 0) requeueMs = wait;
          else {
            for (let i = 0; i < Math.min(want - active, MAX_PODS_PER_SYNC); i++) {
              const pod = podFromTemplate(spec.template ?? {}, job, { generateName: `${name}-` });
              pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), TRACKING_FINALIZER];
              try {
                const created = registry.create(podD, ns, pod, podCtx);
                pods.touch(ns, created.metadata.name!);
                active++;
                event('Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
              } catch (err) {
                if (!namespaceTerminating(err)) {
                  event('Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
                  requeueMs = 5000;
                }
                break;
              }
            }
          }
        }
      }
      if (deadline !== undefined && Number.isFinite(started) && !pastDeadline) {
        const left = started + deadline * 1000 - now;
        requeueMs = Math.min(requeueMs ?? Infinity, left + 1);
      }
    }

    const fresh = pods.owned(uid);
    const out: JobStatus = {
      ...(conditions.length > 0 ? { conditions } : {}),
      ...(status.startTime ? { startTime: status.startTime } : {}),
      ...(status.completionTime ? { completionTime: status.completionTime } : {}),
      ...(active > 0 ? { active } : {}),
      ...(succeeded > 0 ? { succeeded } : {}),
      ...(failed > 0 ? { failed } : {}),
      terminating: fresh.filter(
        (p) =>
          p.metadata.deletionTimestamp &&
          !['Failed', 'Succeeded'].includes(podStatus(p).phase ?? ''),
      ).length,
      uncountedTerminatedPods: {},
      ready: fresh.filter(
        (p) => !p.metadata.deletionTimestamp && !isJobPodFinished(p) && isPodReady(p),
      ).length,
    };
    if (JSON.stringify(out) !== JSON.stringify(job.status ?? {})) {
      registry.update(
        jobD,
        ns,
        name,
        { ...job, metadata: { ...job.metadata, resourceVersion: undefined }, status: out },
        SYSTEM_CTX,
        'status',
      );
    }
    if (requeueMs !== undefined && requeueMs !== Infinity)
      ctl.requeueAfter(key, Math.max(1, requeueMs));
  };

  const ctl = runController(store, clock, {
    name: 'job',
    watches: [
      { resource: 'batch/jobs', keys: (e) => (e.type === 'DELETED' ? [] : [keyOf(e.object)]) },
      { resource: '/pods', keys: (e) => jobKeysForPod(store, e) },
    ],
    sync,
    initialKeys: () => [
      ...store.list('batch/jobs').map(keyOf),
      ...store
        .list('/pods')
        .filter((p) => p.metadata.finalizers?.includes(TRACKING_FINALIZER))
        .map((p) => `pod:${keyOf(p)}`),
    ],
  });
  return ctl.stop;
}
