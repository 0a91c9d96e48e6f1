// The Deployment controller (k/k pkg/controller/deployment: sync.go, rolling.go, recreate.go,
// progress.go, util/deployment_util.go): ReplicaSets per template, rollouts, status and conditions.
import { findKind } from '../../lib/k8s/resources';
import { matches } from '../../lib/k8s/selectors';
import { isoSeconds, type Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject } from '../types';
import { recordEvent } from './events';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash';
import {
  controllerOf,
  errorMessage,
  namespaceTerminating,
  newControllerRef,
  num,
  rec,
  removeCondition,
  rsD,
  selectorOf,
  setCondition,
  type Condition,
  type LabelSelector,
  type OwnerIndex,
  type PodTemplate,
} from './replicaset';
import { keyOf, runController, splitKey } from './runner';

export const deployD = findKind('apps/v1', 'Deployment')!;

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** Longest revision-history annotation (deployment controller maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;
const COMPONENT = { component: 'deployment-controller' };

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (deployment_util.go).

function specOf(o: KubeObject): DeploymentSpec {
  return rec(o.spec) as DeploymentSpec;
}

function statusOf(o: KubeObject): DeploymentStatus {
  return rec(o.status) as DeploymentStatus;
}

function replicasOf(o: KubeObject): number {
  return num(rec(o.spec).replicas, 1);
}

function rsStatus(rs: KubeObject): { replicas: number; ready: number; available: number } {
  const s = rec(rs.status);
  return {
    replicas: num(s.replicas),
    ready: num(s.readyReplicas),
    available: num(s.availableReplicas),
  };
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    return Number.isInteger(n) ? n : 0;
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** [maxSurge, maxUnavailable] for `desired` replicas; never both 0 (ResolveFenceposts). */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

function isRollingUpdate(d: KubeObject): boolean {
  return (specOf(d).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = specOf(d).strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d))[0];
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = specOf(d).strategy?.rollingUpdate ?? {};
  return Math.min(replicas, resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas)[1]);
}

export function revisionOf(o: KubeObject): number {
  const n = Number(o.metadata.annotations?.[REVISION] ?? '');
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function intAnnotation(o: KubeObject, key: string): number | undefined {
  const v = o.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

const sum = (rss: KubeObject[], f: (rs: KubeObject) => number): number =>
  rss.reduce((a, rs) => a + f(rs), 0);
const active = (rss: (KubeObject | undefined)[]): KubeObject[] =>
  rss.filter((rs): rs is KubeObject => rs !== undefined && replicasOf(rs) > 0);

/** The oldest ReplicaSet whose template equals the Deployment's, ignoring pod-template-hash. */
export function findNewReplicaSet(d: KubeObject, rss: KubeObject[]): KubeObject | undefined {
  return [...rss]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rec(rs.spec).template, specOf(d).template));
}

function hasProgressDeadline(d: KubeObject): boolean {
  const p = specOf(d).progressDeadlineSeconds;
  return p !== undefined && p !== MAX_INT32;
}

function deploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): Condition {
  const t = isoSeconds(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

function getCondition(s: DeploymentStatus, type: string): Condition | undefined {
  return s.conditions?.find((c) => c.type === type);
}

/** Sets the replicas annotations; true when they changed. */
function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

const SKIP_COPY = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  ROLLBACK_TO,
]);

/**
 * The ReplicaSet annotations a Deployment maintains (SetNewReplicaSetAnnotations): the Deployment's
 * own annotations, the revision (bumped, never lowered) and, when an existing RS is reused by a
 * rollback, the revisions it had before in revision-history. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: number,
  exists: boolean,
): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldText = a[REVISION];
  let oldRevision = 0;
  if (oldText !== undefined) {
    oldRevision = Number(oldText);
    if (!Number.isInteger(oldRevision)) return false;
  }
  if (oldRevision < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = a[REVISION_HISTORY] ?? '';
      if (history === '') a[REVISION_HISTORY] = oldText;
      else {
        let parts = history.split(',');
        let total = history.length + oldText.length + 1;
        while (total > MAX_REV_HISTORY_CHARS && parts.length > 0) {
          total -= parts[0]!.length + 1;
          parts = parts.slice(1);
        }
        if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...parts, oldText].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

/** How many replicas the new RS may have now (NewRSNewReplicas). */
export function newRSNewReplicas(d: KubeObject, all: KubeObject[], newRS: KubeObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const surge = scaledValue(specOf(d).strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = sum(all, replicasOf);
  const maxTotal = replicas + surge;
  const cur = replicasOf(newRS);
  if (current >= maxTotal) return cur;
  return cur + Math.min(maxTotal - current, replicas - cur);
}

/** A ReplicaSet's share of a proportional scale (GetReplicaSetProportion). */
export function replicaSetProportion(
  d: KubeObject,
  rs: KubeObject,
  toAdd: number,
  added: number,
): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -replicasOf(rs);
  else {
    const maxNow = replicasOf(d) + maxSurge(d);
    let before = intAnnotation(rs, MAX_REPLICAS) ?? 0;
    if (before === 0) before = num(statusOf(d).replicas);
    // Go's math.Round: halves away from zero.
    const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));
    fraction = before === 0 ? 0 : round((replicasOf(rs) * maxNow) / before) - replicasOf(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Status fields in kube's order, zero values omitted (all are omitempty). */
function canonStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount) out.collisionCount = s.collisionCount;
  return out;
}

function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (
    num(s.updatedReplicas) === r &&
    num(s.replicas) === r &&
    num(s.availableReplicas) === r &&
    num(s.observedGeneration) >= num(d.metadata.generation)
  );
}

function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const o = statusOf(d);
  const oldOld = num(o.replicas) - num(o.updatedReplicas);
  const newOld = num(s.replicas) - num(s.updatedReplicas);
  return (
    num(s.updatedReplicas) > num(o.updatedReplicas) ||
    newOld < oldOld ||
    num(s.readyReplicas) > num(o.readyReplicas) ||
    num(s.availableReplicas) > num(o.availableReplicas)
  );
}

function deploymentTimedOut(d: KubeObject, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + num(specOf(d).progressDeadlineSeconds) * 1000 < now;
}

// ---------------------------------------------------------------------------------------------
// The controller.

export interface DeploymentControllerDeps {
  registry: Registry;
  clock: Clock;
  replicaSets: OwnerIndex;
  pods: OwnerIndex;
}

/** Keys of the Deployments a ReplicaSet event concerns. */
function deploymentKeysForRS(deps: DeploymentControllerDeps, e: StoreEvent): string[] {
  const rs = e.object;
  const ns = rs.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const o of [rs, e.old]) {
    const ref = controllerOf(o);
    if (ref?.kind === 'Deployment') keys.add(`${ns}/${ref.name}`);
  }
  if (!controllerOf(rs) && e.type !== 'DELETED' && !rs.metadata.deletionTimestamp) {
    for (const d of deps.registry.store.list('apps/deployments', ns)) {
      const sel = selectorOf(d);
      if (sel && sel.length > 0 && matches(sel, rs.metadata.labels)) keys.add(keyOf(d));
    }
  }
  return [...keys];
}

/** A deleted pod lets a Recreate rollout go on once the old pods are all gone. */
function deploymentKeysForPod(deps: DeploymentControllerDeps, e: StoreEvent): string[] {
  if (e.type !== 'DELETED') return [];
  const ref = controllerOf(e.object);
  if (ref?.kind !== 'ReplicaSet') return [];
  const ns = e.object.metadata.namespace ?? '';
  const owner = controllerOf(deps.registry.store.get('apps/replicasets', ns, ref.name));
  if (owner?.kind !== 'Deployment') return [];
  const d = deps.registry.store.get('apps/deployments', ns, owner.name);
  return d && !isRollingUpdate(d) ? [keyOf(d)] : [];
}

/** Runs the Deployment controller; returns its stop function. */
export function startDeploymentController(deps: DeploymentControllerDeps): () => void {
  const { registry, clock, replicaSets, pods } = deps;
  const store = registry.store;

  const writeRS = (rs: KubeObject): KubeObject => {
    const ns = rs.metadata.namespace ?? '';
    const out = registry.update(
      rsD,
      ns,
      rs.metadata.name!,
      { ...rs, metadata: { ...rs.metadata, resourceVersion: undefined } },
      SYSTEM_CTX,
    );
    replicaSets.touch(ns, rs.metadata.name!);
    return out;
  };

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const cur = store.get('apps/deployments', ns, name);
    if (!cur) return;
    // Our working copy: status and annotations change on it and are written as we go.
    const d = structuredClone(cur);
    const uid = d.metadata.uid ?? '';
    const spec = specOf(d);
    const replicas = replicasOf(d);
    const now = clock.now();
    let retry = false;

    const event = (type: 'Normal' | 'Warning', reason: string, message: string): void =>
      recordEvent(registry, clock, COMPONENT, d, type, reason, message);
    const save = (): void => {
      const out = registry.update(
        deployD,
        ns,
        name,
        { ...d, metadata: { ...d.metadata, resourceVersion: undefined } },
        SYSTEM_CTX,
      );
      d.metadata.resourceVersion = out.metadata.resourceVersion;
    };
    const status = (): DeploymentStatus => (d.status ??= {}) as DeploymentStatus;
    const setDeployCondition = (c: Condition): void => {
      status().conditions = setCondition(status().conditions ?? [], c);
    };
    const setRevision = (revision: string): boolean => {
      const a = (d.metadata.annotations ??= {});
      if (a[REVISION] === revision) return false;
      a[REVISION] = revision;
      return true;
    };

    // The ReplicaSets this Deployment controls, adopting orphans and releasing strays (ClaimReplicaSets).
    const sel = selectorOf(d) ?? [];
    for (const rs of replicaSets.owned(uid)) {
      if (matches(sel, rs.metadata.labels) || rs.metadata.deletionTimestamp) continue;
      const next = structuredClone(rs);
      next.metadata.ownerReferences = next.metadata.ownerReferences?.filter((r) => r.uid !== uid);
      if (next.metadata.ownerReferences?.length === 0) delete next.metadata.ownerReferences;
      writeRS(next);
    }
    if (sel.length > 0 && !d.metadata.deletionTimestamp) {
      for (const rs of replicaSets.orphans(ns)) {
        if (rs.kind !== 'ReplicaSet' || rs.metadata.deletionTimestamp) continue;
        if (!matches(sel, rs.metadata.labels)) continue;
        const next = structuredClone(rs);
        next.metadata.ownerReferences = [
          ...(next.metadata.ownerReferences ?? []),
          newControllerRef(d),
        ];
        writeRS(next);
      }
    }
    const owned = (): KubeObject[] => replicaSets.owned(uid);

    const scaleRS = (
      rs: KubeObject,
      newScale: number,
      op: 'up' | 'down' | '',
    ): [boolean, KubeObject] => {
      const sizeNeeds = replicasOf(rs) !== newScale;
      const max = replicas + maxSurge(d);
      if (!sizeNeeds && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return [false, rs];
      const oldScale = replicasOf(rs);
      const next = structuredClone(rs);
      (next.spec as Record<string, unknown>).replicas = newScale;
      setReplicasAnnotations(next, replicas, max);
      const out = writeRS(next);
      if (sizeNeeds) {
        event(
          'Normal',
          'ScalingReplicaSet',
          `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
        );
      }
      return [sizeNeeds, out];
    };
    const scaleAndRecord = (rs: KubeObject, newScale: number): [boolean, KubeObject] => {
      if (replicasOf(rs) === newScale) return [false, rs];
      return scaleRS(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
    };

    /** getAllReplicaSetsAndSyncRevision: the new RS (created if asked) and all the old ones. */
    const getAll = (create: boolean): { newRS?: KubeObject; oldRSs: KubeObject[] } => {
      const rss = owned();
      const existing = findNewReplicaSet(d, rss);
      const oldRSs = rss.filter((rs) => rs !== existing);
      const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
      if (existing) {
        const copy = structuredClone(existing);
        const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
        const rsSpec = copy.spec as Record<string, unknown>;
        if (annotationsChanged || num(rsSpec.minReadySeconds) !== num(spec.minReadySeconds)) {
          if (spec.minReadySeconds !== undefined) rsSpec.minReadySeconds = spec.minReadySeconds;
          else delete rsSpec.minReadySeconds;
          return { newRS: writeRS(copy), oldRSs };
        }
        let needsUpdate = setRevision(copy.metadata.annotations?.[REVISION] ?? '');
        if (hasProgressDeadline(d) && !getCondition(status(), 'Progressing')) {
          setDeployCondition(
            deploymentCondition(
              'Progressing',
              'True',
              'FoundNewReplicaSet',
              `Found new replica set "${copy.metadata.name}"`,
              now,
            ),
          );
          needsUpdate = true;
        }
        if (needsUpdate) save();
        return { newRS: existing, oldRSs };
      }
      if (!create) return { oldRSs };
      const template = structuredClone(spec.template ?? {});
      const hash = computeHash(spec.template ?? {}, status().collisionCount);
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
      };
      const selector = structuredClone(spec.selector ?? {});
      selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
      const rsName = `${name}-${hash}`;
      const newRS: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          labels: { ...template.metadata.labels },
          ownerReferences: [newControllerRef(d)],
        },
        spec: {
          replicas: 0,
          ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
          selector,
          template,
        },
      };
      const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
      (newRS.spec as Record<string, unknown>).replicas = count;
      setNewReplicaSetAnnotations(d, newRS, newRevision, false);
      let created: KubeObject;
      let alreadyExists = false;
      try {
        created = registry.create(rsD, ns, newRS, SYSTEM_CTX);
        replicaSets.touch(ns, rsName);
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'AlreadyExists') {
          const found = store.get('apps/replicasets', ns, rsName);
          if (
            found &&
            controllerOf(found)?.uid === uid &&
            equalIgnoreHash(spec.template, rec(found.spec).template)
          ) {
            created = found;
            alreadyExists = true;
          } else {
            // A hash collision: bump collisionCount so the next try hashes differently.
            status().collisionCount = num(status().collisionCount) + 1;
            save();
            retry = true;
            return { oldRSs };
          }
        } else if (namespaceTerminating(err)) {
          return { oldRSs };
        } else {
          const msg = `Failed to create new replica set "${rsName}": ${errorMessage(err)}`;
          if (hasProgressDeadline(d)) {
            setDeployCondition(
              deploymentCondition('Progressing', 'False', 'ReplicaSetCreateError', msg, now),
            );
            save();
          }
          event('Warning', 'ReplicaSetCreateError', msg);
          retry = true;
          return { oldRSs };
        }
      }
      if (!alreadyExists && count > 0) {
        event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${count}`);
      }
      let needsUpdate = setRevision(String(newRevision));
      if (!alreadyExists && hasProgressDeadline(d)) {
        setDeployCondition(
          deploymentCondition(
            'Progressing',
            'True',
            'NewReplicaSetCreated',
            `Created new replica set "${rsName}"`,
            now,
          ),
        );
        needsUpdate = true;
      }
      if (needsUpdate) save();
      return { newRS: created, oldRSs };
    };

    const calculateStatus = (): { status: DeploymentStatus; newRS?: KubeObject } => {
      const all = owned();
      const newRS = findNewReplicaSet(d, all);
      const available = sum(all, (rs) => rsStatus(rs).available);
      const total = sum(all, replicasOf);
      const s: DeploymentStatus = {
        observedGeneration: d.metadata.generation,
        replicas: sum(all, (rs) => rsStatus(rs).replicas),
        updatedReplicas: newRS ? rsStatus(newRS).replicas : 0,
        readyReplicas: sum(all, (rs) => rsStatus(rs).ready),
        availableReplicas: available,
        unavailableReplicas: Math.max(0, total - available),
        conditions: [...(status().conditions ?? [])],
        collisionCount: status().collisionCount,
      };
      const ok = available >= replicas - maxUnavailable(d);
      s.conditions = setCondition(
        s.conditions ?? [],
        ok
          ? deploymentCondition(
              'Available',
              'True',
              'MinimumReplicasAvailable',
              'Deployment has minimum availability.',
              now,
            )
          : deploymentCondition(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
              now,
            ),
      );
      return { status: s, newRS };
    };

    const writeStatus = (s: DeploymentStatus): void => {
      const next = canonStatus(s);
      if (JSON.stringify(next) === JSON.stringify(canonStatus(status()))) return;
      d.status = next;
      save();
    };

    /** Wakes the Deployment when its progress deadline would pass (requeueStuckDeployment). */
    const requeueStuck = (s: DeploymentStatus): void => {
      const c = getCondition(statusOf(d), 'Progressing');
      if (!hasProgressDeadline(d) || !c) return;
      if (deploymentComplete(d, s) || c.reason === 'ProgressDeadlineExceeded') return;
      const from = Date.parse(c.lastUpdateTime ?? '');
      if (!Number.isFinite(from)) return;
      const after = from + num(spec.progressDeadlineSeconds) * 1000 - now;
      ctl.requeueAfter(key, Math.max(1000, after + 1000));
    };

    const syncDeploymentStatus = (): void => writeStatus(calculateStatus().status);

    const syncRolloutStatus = (): void => {
      const { status: s, newRS } = calculateStatus();
      if (!hasProgressDeadline(d))
        s.conditions = removeCondition(s.conditions ?? [], 'Progressing');
      const currentCond = getCondition(statusOf(d), 'Progressing');
      const complete =
        num(s.replicas) === num(s.updatedReplicas) &&
        currentCond?.reason === 'NewReplicaSetAvailable';
      if (hasProgressDeadline(d) && !complete) {
        const rsName = newRS?.metadata.name;
        if (deploymentComplete(d, s)) {
          const msg = rsName
            ? `ReplicaSet "${rsName}" has successfully progressed.`
            : `Deployment "${name}" has successfully progressed.`;
          s.conditions = setCondition(
            s.conditions ?? [],
            deploymentCondition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now),
          );
        } else if (deploymentProgressing(d, s)) {
          const msg = rsName
            ? `ReplicaSet "${rsName}" is progressing.`
            : `Deployment "${name}" is progressing.`;
          const c = deploymentCondition('Progressing', 'True', 'ReplicaSetUpdated', msg, now);
          if (currentCond) {
            if (currentCond.status === 'True' && currentCond.lastTransitionTime)
              c.lastTransitionTime = currentCond.lastTransitionTime;
            s.conditions = removeCondition(s.conditions ?? [], 'Progressing');
          }
          s.conditions = setCondition(s.conditions ?? [], c);
        } else if (deploymentTimedOut(d, s, now)) {
          const msg = rsName
            ? `ReplicaSet "${rsName}" has timed out progressing.`
            : `Deployment "${name}" has timed out progressing.`;
          s.conditions = setCondition(
            s.conditions ?? [],
            deploymentCondition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, now),
          );
        }
      }
      // The ReplicaSets' failures (quota!) show on the Deployment, the new RS's first.
      const all = owned();
      const failures = [newRS, ...all.filter((rs) => rs !== newRS)]
        .filter((rs): rs is KubeObject => rs !== undefined)
        .flatMap((rs) =>
          ((rec(rs.status).conditions ?? []) as Condition[]).filter(
            (c) => c.type === 'ReplicaFailure',
          ),
        );
      const failure = failures[0];
      if (failure) {
        s.conditions = setCondition(s.conditions ?? [], {
          type: failure.type,
          status: failure.status,
          lastUpdateTime: failure.lastTransitionTime,
          lastTransitionTime: failure.lastTransitionTime,
          reason: failure.reason,
          message: failure.message,
        });
      } else s.conditions = removeCondition(s.conditions ?? [], 'ReplicaFailure');
      writeStatus(s);
      requeueStuck(s);
    };

    /** Deletes old ReplicaSets at 0 replicas beyond revisionHistoryLimit, oldest revision first. */
    const cleanup = (oldRSs: KubeObject[]): void => {
      const limit = spec.revisionHistoryLimit;
      if (limit === undefined) return;
      const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
      const diff = cleanable.length - limit;
      if (diff <= 0) return;
      cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
      for (const rs of cleanable.slice(0, diff)) {
        const st = rec(rs.status);
        if (num(st.replicas) !== 0 || replicasOf(rs) !== 0) continue;
        if (num(rs.metadata.generation) > num(st.observedGeneration)) continue;
        try {
          registry.delete(rsD, ns, rs.metadata.name!, {}, SYSTEM_CTX);
          replicaSets.touch(ns, rs.metadata.name!);
        } catch (err) {
          if (!(err instanceof StatusError && err.code === 404)) throw err;
        }
      }
    };

    /** Scales the ReplicaSets proportionally when only spec.replicas changed (sync.go scale). */
    const scale = (newRS: KubeObject | undefined, oldRSs: KubeObject[]): void => {
      const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
      if (newRS || olds.length > 0) {
        const act = active([...olds, newRS]);
        const only = act.length === 1 ? act[0] : act.length === 0 ? (newRS ?? olds[0]) : undefined;
        if (only) {
          if (replicasOf(only) !== replicas) scaleAndRecord(only, replicas);
          return;
        }
      }
      const saturated =
        newRS !== undefined &&
        intAnnotation(newRS, DESIRED_REPLICAS) === replicas &&
        rsStatus(newRS).available === replicas &&
        replicasOf(newRS) === replicas;
      if (saturated) {
        for (const old of active(oldRSs)) scaleAndRecord(old, 0);
        return;
      }
      if (!isRollingUpdate(d)) return;
      const all = active([...oldRSs, newRS]);
      const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
      const toAdd = allowed - sum(all, replicasOf);
      let op: 'up' | 'down' | '' = '';
      if (toAdd > 0) {
        // Larger first; among equals the newer ones grow first.
        all.sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(b, a));
        op = 'up';
      } else if (toAdd < 0) {
        // Larger first; among equals the older ones shrink first.
        all.sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(a, b));
        op = 'down';
      }
      let added = 0;
      const sizes = new Map<string, number>();
      for (const rs of all) {
        if (toAdd !== 0) {
          const p = replicaSetProportion(d, rs, toAdd, added);
          sizes.set(rs.metadata.name!, replicasOf(rs) + p);
          added += p;
        } else sizes.set(rs.metadata.name!, replicasOf(rs));
      }
      all.forEach((rs, i) => {
        if (i === 0 && toAdd !== 0) {
          sizes.set(rs.metadata.name!, Math.max(0, sizes.get(rs.metadata.name!)! + toAdd - added));
        }
        scaleRS(rs, sizes.get(rs.metadata.name!)!, op);
      });
    };

    const syncScaleOnly = (): void => {
      const { newRS, oldRSs } = getAll(false);
      scale(newRS, oldRSs);
      if (spec.paused && !d.metadata.annotations?.[ROLLBACK_TO]) cleanup(oldRSs);
      syncDeploymentStatus();
    };

    const rolloutRolling = (): void => {
      const { newRS, oldRSs } = getAll(true);
      if (!newRS) return;
      // Scale up the new ReplicaSet, if we can.
      if (replicasOf(newRS) !== replicas) {
        const target =
          replicasOf(newRS) > replicas ? replicas : newRSNewReplicas(d, [...oldRSs, newRS], newRS);
        if (scaleAndRecord(newRS, target)[0]) return syncRolloutStatus();
      }
      // Scale down old ReplicaSets, if we can: unhealthy pods first, then within maxUnavailable.
      if (reconcileOld(oldRSs, newRS)) return syncRolloutStatus();
      if (deploymentComplete(d, statusOf(d))) cleanup(oldRSs);
      syncRolloutStatus();
    };

    const reconcileOld = (oldRSs: KubeObject[], newRS: KubeObject): boolean => {
      const olds = oldRSs.filter((rs) => replicasOf(rs) > 0).sort(byCreation);
      const oldPods = sum(olds, replicasOf);
      if (oldPods === 0) return false;
      const allPods = oldPods + replicasOf(newRS);
      const minAvailable = replicas - maxUnavailable(d);
      const newUnavailable = replicasOf(newRS) - rsStatus(newRS).available;
      const maxScaledDown = allPods - minAvailable - newUnavailable;
      if (maxScaledDown <= 0) return false;
      let cleaned = 0;
      for (let i = 0; i < olds.length; i++) {
        const rs = olds[i]!;
        if (cleaned >= maxScaledDown) break;
        const unhealthy = replicasOf(rs) - rsStatus(rs).available;
        if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
        const n = Math.min(maxScaledDown - cleaned, unhealthy);
        olds[i] = scaleAndRecord(rs, replicasOf(rs) - n)[1];
        cleaned += n;
      }
      // Then the healthy ones, as far as maxUnavailable allows.
      const availableNow = sum([...olds, newRS], (rs) => rsStatus(rs).available);
      let scaledDown = 0;
      if (availableNow > minAvailable) {
        const total = availableNow - minAvailable;
        for (const rs of olds) {
          if (scaledDown >= total) break;
          if (replicasOf(rs) === 0) continue;
          const n = Math.min(replicasOf(rs), total - scaledDown);
          scaleAndRecord(rs, replicasOf(rs) - n);
          scaledDown += n;
        }
      }
      return cleaned + scaledDown > 0;
    };

    const rolloutRecreate = (): void => {
      let { newRS, oldRSs } = getAll(false);
      let scaledDown = false;
      for (const rs of active(oldRSs)) if (scaleAndRecord(rs, 0)[0]) scaledDown = true;
      if (scaledDown) return syncRolloutStatus();
      // Wait until every old pod is gone (terminating ones included).
      const oldRunning =
        sum(oldRSs, (rs) => rsStatus(rs).replicas) > 0 ||
        owned().some(
          (rs) =>
            rs.metadata.uid !== newRS?.metadata.uid &&
            pods.owned(rs.metadata.uid ?? '').some((p) => {
              const phase = rec(p.status).phase;
              return phase !== 'Failed' && phase !== 'Succeeded';
            }),
        );
      if (oldRunning) return syncRolloutStatus();
      if (!newRS) {
        ({ newRS, oldRSs } = getAll(true));
        if (!newRS) return;
      }
      scaleAndRecord(newRS, replicas);
      if (deploymentComplete(d, statusOf(d))) cleanup(oldRSs);
      syncRolloutStatus();
    };

    /** Progressing=Unknown with DeploymentPaused / DeploymentResumed (checkPausedConditions). */
    const checkPaused = (): void => {
      if (!hasProgressDeadline(d)) return;
      const c = getCondition(status(), 'Progressing');
      if (c?.reason === 'ProgressDeadlineExceeded') return;
      const pausedCond = c?.reason === 'DeploymentPaused';
      if (spec.paused && !pausedCond) {
        setDeployCondition(
          deploymentCondition(
            'Progressing',
            'Unknown',
            'DeploymentPaused',
            'Deployment is paused',
            now,
          ),
        );
      } else if (!spec.paused && pausedCond) {
        setDeployCondition(
          deploymentCondition(
            'Progressing',
            'Unknown',
            'DeploymentResumed',
            'Deployment is resumed',
            now,
          ),
        );
      } else return;
      save();
    };

    const isScalingEvent = (): boolean => {
      const { newRS, oldRSs } = getAll(false);
      return active([...oldRSs, newRS]).some((rs) => {
        const desired = intAnnotation(rs, DESIRED_REPLICAS);
        return desired !== undefined && desired !== replicas;
      });
    };

    const everything =
      Object.keys(spec.selector?.matchLabels ?? {}).length === 0 &&
      (spec.selector?.matchExpressions ?? []).length === 0;
    if (everything) {
      event(
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if (num(status().observedGeneration) < num(d.metadata.generation)) {
        status().observedGeneration = d.metadata.generation;
        save();
      }
      return;
    }
    if (d.metadata.deletionTimestamp) return syncDeploymentStatus();
    checkPaused();
    if (spec.paused) syncScaleOnly();
    else if (isScalingEvent()) syncScaleOnly();
    else if (isRollingUpdate(d)) rolloutRolling();
    else rolloutRecreate();
    if (retry) ctl.requeueAfter(key, 1000);
  };

  const ctl = runController(store, clock, {
    name: 'deployment',
    watches: [
      {
        resource: 'apps/deployments',
        keys: (e) => (e.type === 'DELETED' ? [] : [keyOf(e.object)]),
      },
      { resource: 'apps/replicasets', keys: (e) => deploymentKeysForRS(deps, e) },
      { resource: '/pods', keys: (e) => deploymentKeysForPod(deps, e) },
    ],
    sync,
    initialKeys: () => store.list('apps/deployments').map(keyOf),
  });
  return ctl.stop;
}
