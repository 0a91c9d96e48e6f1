// The StatefulSet controller (k/k pkg/controller/statefulset, stateful_set_control.go), minimal:
// ordinal pods, OrderedReady and Parallel, scale-down in reverse, RollingUpdate from the highest
// ordinal down to the partition, OnDelete, and status with current/update revisions.
import { findKind } from '../../lib/k8s/resources';
import { matches } from '../../lib/k8s/selectors';
import type { Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject } from '../types';
import { recordEvent } from './events';
import { computeHash } from './pod-template-hash';
import {
  availableAt,
  controllerCtx,
  controllerOf,
  errorMessage,
  isPodAvailable,
  isPodReady,
  namespaceTerminating,
  newControllerRef,
  num,
  podD,
  podFromTemplate,
  podStatus,
  rec,
  selectorOf,
  type OwnerIndex,
  type PodTemplate,
} from './replicaset';
import { keyOf, runController, splitKey } from './runner';

export const stsD = findKind('apps/v1', 'StatefulSet')!;
export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const COMPONENT = { component: 'statefulset-controller' };

interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  minReadySeconds?: number;
  ordinals?: { start?: number };
  template?: PodTemplate;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  volumeClaimTemplates?: { metadata?: { name?: string } }[];
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount: number;
  availableReplicas: number;
}

/** `<sts>-<hash>` of a template, as a ControllerRevision is named. */
export function revisionName(sts: KubeObject): string {
  const spec = rec(sts.spec) as StatefulSetSpec;
  return `${sts.metadata.name}-${computeHash(spec.template ?? {}, num(rec(sts.status).collisionCount) || undefined)}`;
}

/** The ordinal in `<sts>-<n>`, or undefined for pods not named that way. */
export function ordinalOf(sts: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

function runningAndReady(pod: KubeObject): boolean {
  return podStatus(pod).phase === 'Running' && isPodReady(pod);
}

function failedOrSucceeded(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === 'Failed' || phase === 'Succeeded';
}

function revisionOfPod(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}

function stsKeysForPod(store: Registry['store'], e: StoreEvent): string[] {
  const ns = e.object.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const o of [e.object, e.old]) {
    const ref = controllerOf(o);
    if (ref?.kind === 'StatefulSet') keys.add(`${ns}/${ref.name}`);
  }
  if (!controllerOf(e.object) && e.type !== 'DELETED') {
    for (const sts of store.list('apps/statefulsets', ns)) {
      const sel = selectorOf(sts);
      if (sel && sel.length > 0 && matches(sel, e.object.metadata.labels)) keys.add(keyOf(sts));
    }
  }
  return [...keys];
}

/** Runs the StatefulSet controller; returns its stop function. */
export function startStatefulSetController(
  registry: Registry,
  clock: Clock,
  pods: OwnerIndex,
): () => void {
  const store = registry.store;
  const podCtx = controllerCtx('statefulset-controller');
  const failures = new Map<string, number>();

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const sts = store.get('apps/statefulsets', ns, name);
    if (!sts) {
      failures.delete(key);
      return;
    }
    const spec = rec(sts.spec) as StatefulSetSpec;
    const uid = sts.metadata.uid ?? '';
    const replicas = num(spec.replicas, 1);
    const start = num(spec.ordinals?.start);
    const monotonic = spec.podManagementPolicy !== 'Parallel';
    const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
    const partition = num(spec.updateStrategy?.rollingUpdate?.partition);
    const minReady = num(spec.minReadySeconds);
    const updateRevision = revisionName(sts);
    const oldStatus = rec(sts.status) as Partial<StatefulSetStatus>;
    const currentRevision = oldStatus.currentRevision || updateRevision;
    const event = (type: 'Normal' | 'Warning', reason: string, msg: string): void =>
      recordEvent(registry, clock, COMPONENT, sts, type, reason, msg);
    let failed: Error | undefined;

    // Adopt orphans named like our pods and matching the selector; release the ones that stopped matching.
    const sel = selectorOf(sts) ?? [];
    if (sel.length > 0 && !sts.metadata.deletionTimestamp) {
      for (const pod of pods.orphans(ns)) {
        if (pod.metadata.deletionTimestamp || !matches(sel, pod.metadata.labels)) continue;
        if (ordinalOf(sts, pod) === undefined) continue;
        const next = structuredClone(pod);
        next.metadata.ownerReferences = [
          ...(next.metadata.ownerReferences ?? []),
          newControllerRef(sts),
        ];
        next.metadata.resourceVersion = undefined;
        registry.update(podD, ns, pod.metadata.name!, next, SYSTEM_CTX);
        pods.touch(ns, pod.metadata.name!);
      }
    }

    const byOrdinal = new Map<number, KubeObject>();
    for (const pod of pods.owned(uid)) {
      const ord = ordinalOf(sts, pod);
      if (ord !== undefined) byOrdinal.set(ord, pod);
    }

    const create = (ord: number): boolean => {
      const podName = `${name}-${ord}`;
      // Pods below the partition keep the current revision: take their template from a sibling of it.
      const wantCurrent =
        strategy === 'RollingUpdate' &&
        ord < start + partition &&
        currentRevision !== updateRevision;
      const sibling = wantCurrent
        ? [...byOrdinal.values()].find((p) => revisionOfPod(p) === currentRevision)
        : undefined;
      const revision = sibling ? currentRevision : updateRevision;
      const template: PodTemplate = sibling
        ? {
            metadata: {
              labels: sibling.metadata.labels,
              annotations: sibling.metadata.annotations,
            },
            spec: rec(sibling.spec),
          }
        : (spec.template ?? {});
      const pod = podFromTemplate(template, sts, {
        name: podName,
        labels: {
          [REVISION_LABEL]: revision,
          [POD_NAME_LABEL]: podName,
          [POD_INDEX_LABEL]: String(ord),
        },
      });
      const podSpec = pod.spec as Record<string, unknown>;
      delete podSpec.nodeName;
      podSpec.hostname = podName;
      if (spec.serviceName) podSpec.subdomain = spec.serviceName;
      else delete podSpec.subdomain;
      const claims = (spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? '');
      if (claims.length > 0) {
        const volumes = ((podSpec.volumes ?? []) as { name: string }[]).filter(
          (v) => !claims.includes(v.name),
        );
        for (const c of claims) {
          volumes.push({
            name: c,
            persistentVolumeClaim: { claimName: `${c}-${podName}` },
          } as { name: string });
        }
        podSpec.volumes = volumes;
      }
      try {
        const created = registry.create(podD, ns, pod, podCtx);
        pods.touch(ns, podName);
        byOrdinal.set(ord, created);
        event(
          'Normal',
          'SuccessfulCreate',
          `create Pod ${podName} in StatefulSet ${name} successful`,
        );
        return true;
      } catch (err) {
        if (!namespaceTerminating(err)) {
          event(
            'Warning',
            'FailedCreate',
            `create Pod ${podName} in StatefulSet ${name} failed error: ${errorMessage(err)}`,
          );
          failed ??= err instanceof Error ? err : new Error(String(err));
        }
        return false;
      }
    };
    const remove = (pod: KubeObject): void => {
      const podName = pod.metadata.name!;
      try {
        registry.delete(podD, ns, podName, {}, podCtx);
        pods.touch(ns, podName);
        const cur = store.get('/pods', ns, podName);
        if (cur) byOrdinal.set(ordinalOf(sts, cur)!, cur);
        else byOrdinal.delete(ordinalOf(sts, pod)!);
        event(
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${podName} in StatefulSet ${name} successful`,
        );
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return;
        event(
          'Warning',
          'FailedDelete',
          `delete Pod ${podName} in StatefulSet ${name} failed error: ${errorMessage(err)}`,
        );
        failed ??= err instanceof Error ? err : new Error(String(err));
      }
    };

    const reconcile = (): void => {
      if (sts.metadata.deletionTimestamp) return;
      const end = start + replicas;
      // Bring up (or replace) pods in ordinal order; OrderedReady waits for each to be Running and Ready.
      for (let ord = start; ord < end; ord++) {
        let pod = byOrdinal.get(ord);
        if (pod && failedOrSucceeded(pod) && !pod.metadata.deletionTimestamp) {
          event(
            'Warning',
            'RecreatingFailedPod',
            `StatefulSet ${ns}/${name} is recreating failed Pod ${pod.metadata.name}`,
          );
          remove(pod);
          pod = byOrdinal.get(ord);
          if (monotonic) return;
        }
        if (!pod) {
          if (!create(ord) || monotonic) return;
          continue;
        }
        if (!monotonic) continue;
        if (pod.metadata.deletionTimestamp) return;
        if (!runningAndReady(pod) || !isPodAvailable(pod, minReady, clock.now())) return;
      }
      // Scale down from the highest ordinal; OrderedReady one at a time and only when all are healthy.
      const condemned = [...byOrdinal.entries()]
        .filter(([ord]) => ord < start || ord >= end)
        .sort((a, b) => b[0] - a[0]);
      for (const [, pod] of condemned) {
        if (pod.metadata.deletionTimestamp) {
          if (monotonic) return;
          continue;
        }
        const unhealthy = [...byOrdinal.values()].find(
          (p) => !runningAndReady(p) || p.metadata.deletionTimestamp,
        );
        if (monotonic && unhealthy && unhealthy !== pod) return;
        remove(pod);
        if (monotonic) return;
      }
      if (strategy !== 'RollingUpdate') return;
      // Rolling update: replace pods of older revisions from the highest ordinal down to the partition.
      for (let ord = end - 1; ord >= start + partition; ord--) {
        const pod = byOrdinal.get(ord);
        if (!pod) return;
        if (revisionOfPod(pod) !== updateRevision && !pod.metadata.deletionTimestamp) {
          remove(pod);
          return;
        }
        if (!runningAndReady(pod) || pod.metadata.deletionTimestamp) return;
      }
    };
    reconcile();

    const now = clock.now();
    const status: StatefulSetStatus = {
      observedGeneration: sts.metadata.generation,
      replicas: 0,
      collisionCount: num(oldStatus.collisionCount),
      availableReplicas: 0,
    };
    let ready = 0;
    let current = 0;
    let updated = 0;
    let nextAvailable = Infinity;
    for (const pod of pods.owned(uid)) {
      if (ordinalOf(sts, pod) === undefined) continue;
      status.replicas++;
      if (runningAndReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) status.availableReplicas++;
        else nextAvailable = Math.min(nextAvailable, availableAt(pod, minReady) ?? Infinity);
      }
      if (pod.metadata.deletionTimestamp) continue;
      if (revisionOfPod(pod) === currentRevision) current++;
      if (revisionOfPod(pod) === updateRevision) updated++;
    }
    let currentRev = currentRevision;
    if (strategy === 'RollingUpdate' && updated === status.replicas && ready === status.replicas) {
      current = updated;
      currentRev = updateRevision;
    }
    const out: StatefulSetStatus = {
      ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
      replicas: status.replicas,
      ...(ready ? { readyReplicas: ready } : {}),
      ...(current ? { currentReplicas: current } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      currentRevision: currentRev,
      updateRevision,
      collisionCount: status.collisionCount,
      availableReplicas: status.availableReplicas,
    };
    if (JSON.stringify(out) !== JSON.stringify(sts.status ?? {})) {
      registry.update(
        stsD,
        ns,
        name,
        { ...sts, metadata: { ...sts.metadata, resourceVersion: undefined }, status: out },
        SYSTEM_CTX,
        'status',
      );
    }
    if (failed) {
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      ctl.requeueAfter(key, Math.min(300_000, 1000 * 2 ** (n - 1)));
    } else {
      failures.delete(key);
      if (nextAvailable !== Infinity) ctl.requeueAfter(key, Math.max(0, nextAvailable - now) + 1);
    }
  };

  const ctl = runController(store, clock, {
    name: 'statefulset',
    watches: [
      {
        resource: 'apps/statefulsets',
        keys: (e) => (e.type === 'DELETED' ? [] : [keyOf(e.object)]),
      },
      { resource: '/pods', keys: (e) => stsKeysForPod(store, e) },
    ],
    sync,
    initialKeys: () => store.list('apps/statefulsets').map(keyOf),
  });
  return ctl.stop;
}
