// REST semantics over the store, as kube-apiserver's generic registry has them: create/update/patch/delete
// with resourceVersion preconditions, generateName, defaulting, validation, admission, finalizers and GC.
import crypto from 'node:crypto';
import {
  findKind,
  groupVersion,
  qualifiedResource,
  RESOURCES,
  type ResourceDescriptor,
} from '../lib/k8s/resources';
import {
  matches,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  type FieldRequirement,
  type Requirement,
} from '../lib/k8s/selectors';
import { cloneJson } from './clone';
import { applyDefaults } from './defaults';
import { recordUpdate, serverSideApply } from './managed-fields';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch';
import { strictDecodingError, unknownFields } from './schema';
import { Store } from './store';
import { StatusError, type KubeObject, type UserInfo } from './types';
import { invalidError, validateObject } from './validation';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What a write knows about its caller. */
export interface WriteContext {
  user: UserInfo;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  dryRun?: boolean;
  /** Controllers and the seed write status together with spec. */
  system?: boolean;
  /** Warnings to send back (`Warning:` headers), e.g. unknown fields with fieldValidation=Warn. */
  warnings?: string[];
}

/** Controllers and the seed: may write status together with spec. */
export const SYSTEM_CTX: WriteContext = {
  user: { username: 'system:apiserver', groups: ['system:masters'] },
  system: true,
};

export type AdmissionOp = 'CREATE' | 'UPDATE' | 'DELETE';

/** A mutating/validating admission step (LimitRanger, ResourceQuota, …); throws StatusError to refuse. */
export type AdmissionPlugin = (
  op: AdmissionOp,
  d: ResourceDescriptor,
  obj: KubeObject,
  old: KubeObject | undefined,
  ctx: WriteContext,
) => void;

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Kinds whose spec changes bump metadata.generation (the ones with a controller reading spec). */
const GENERATION_KINDS = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'networking.k8s.io/ingresses',
  'autoscaling/horizontalpodautoscalers',
]);

/** Extra field selectors per resource beyond metadata.name/namespace (k/k pkg/apis/core/v1/conversion.go and friends). */
const FIELD_LABELS: Record<string, Record<string, (o: KubeObject) => string | undefined>> = {
  '/pods': {
    'spec.nodeName': (o) => str(o, 'spec', 'nodeName'),
    'spec.restartPolicy': (o) => str(o, 'spec', 'restartPolicy'),
    'spec.schedulerName': (o) => str(o, 'spec', 'schedulerName'),
    'spec.serviceAccountName': (o) => str(o, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(Boolean(get(o, 'spec', 'hostNetwork'))),
    'status.phase': (o) => str(o, 'status', 'phase'),
    'status.podIP': (o) => str(o, 'status', 'podIP'),
    'status.podIPs': (o) => str(o, 'status', 'podIP'),
    'status.nominatedNodeName': (o) => str(o, 'status', 'nominatedNodeName'),
  },
  '/events': {
    'involvedObject.kind': (o) => str(o, 'involvedObject', 'kind'),
    'involvedObject.namespace': (o) => str(o, 'involvedObject', 'namespace'),
    'involvedObject.name': (o) => str(o, 'involvedObject', 'name'),
    'involvedObject.uid': (o) => str(o, 'involvedObject', 'uid'),
    'involvedObject.apiVersion': (o) => str(o, 'involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': (o) => str(o, 'involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': (o) => str(o, 'involvedObject', 'fieldPath'),
    reason: (o) => str(o, 'reason'),
    reportingComponent: (o) => str(o, 'reportingComponent'),
    source: (o) => str(o, 'source', 'component'),
    type: (o) => str(o, 'type'),
  },
  '/namespaces': { 'status.phase': (o) => str(o, 'status', 'phase') },
  '/secrets': { type: (o) => str(o, 'type') },
  '/nodes': { 'spec.unschedulable': (o) => String(Boolean(get(o, 'spec', 'unschedulable'))) },
  'apps/replicasets': { 'status.replicas': (o) => String(get(o, 'status', 'replicas') ?? 0) },
  'batch/jobs': { 'status.successful': (o) => String(get(o, 'status', 'successful') ?? 0) },
};

function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function str(o: unknown, ...path: string[]): string | undefined {
  const v = get(o, ...path);
  return v === undefined || v === null ? undefined : String(v);
}

export function resourceKey(d: Pick<ResourceDescriptor, 'group' | 'plural'>): string {
  return `${d.group}/${d.plural}`;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters as apiserver's names.SimpleNameGenerator appends to generateName. */
export function randomSuffix(n = 5): string {
  const bytes = crypto.randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALPHANUMS[b % ALPHANUMS.length];
  return s;
}

export function notFound(d: ResourceDescriptor, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(d)} "${name}" not found`, {
    name,
    group: d.group || undefined,
    kind: d.plural,
  });
}

function conflict(d: ResourceDescriptor, name: string, why: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(d)} "${name}": ${why}`,
    {
      name,
      group: d.group || undefined,
      kind: d.plural,
    },
  );
}

const MODIFIED_MSG =
  'the object has been modified; please apply your changes to the latest version and try again';

function clone<T>(v: T): T {
  return cloneJson(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The parts of an object that are not metadata or status: a change here bumps generation. */
function specOf(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

export class Registry {
  readonly admission: AdmissionPlugin[] = [];
  private readonly serviceIps = new Set<string>();

  constructor(readonly store: Store) {
    for (const svc of store.list('/services')) {
      const ip = str(svc, 'spec', 'clusterIP');
      if (ip) this.serviceIps.add(ip);
    }
  }

  get(d: ResourceDescriptor, ns: string, name: string): KubeObject {
    const obj = this.store.get(resourceKey(d), d.namespaced ? ns : '', name);
    if (!obj) throw notFound(d, name);
    return obj;
  }

  /** Label/field selector matcher for list and watch; throws 400 on bad syntax or unsupported fields. */
  selector(
    d: ResourceDescriptor,
    opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>,
  ): (o: KubeObject) => boolean {
    let labels: Requirement[] = [];
    let fields: FieldRequirement[] = [];
    try {
      if (opts.labelSelector) labels = parseLabelSelector(opts.labelSelector);
      if (opts.fieldSelector) fields = parseFieldSelector(opts.fieldSelector);
    } catch (e) {
      if (e instanceof SelectorError) throw new StatusError(400, 'BadRequest', e.message);
      throw e;
    }
    const extra = FIELD_LABELS[resourceKey(d)] ?? {};
    const getters = fields.map((f) => {
      let g: ((o: KubeObject) => string | undefined) | undefined;
      if (f.field === 'metadata.name') g = (o) => o.metadata.name;
      else if (f.field === 'metadata.namespace' && d.namespaced) g = (o) => o.metadata.namespace;
      else g = extra[f.field];
      if (!g) throw new StatusError(400, 'BadRequest', `field label not supported: ${f.field}`);
      return { f, g };
    });
    return (o) =>
      matches(labels, o.metadata.labels) &&
      getters.every(({ f, g }) => ((g(o) ?? '') === f.value) === (f.op === 'eq'));
  }

  list(d: ResourceDescriptor, ns: string | undefined, opts: ListOptions = {}): ListResult {
    const match = this.selector(d, opts);
    const rv = String(this.store.resourceVersion);
    let all = sortByKey(
      this.store.list(resourceKey(d), d.namespaced ? ns : undefined).filter(match),
    );
    if (opts.continue) {
      let token: { rv: number; start: string };
      try {
        token = JSON.parse(Buffer.from(opts.continue, 'base64url').toString()) as typeof token;
        if (typeof token.start !== 'string') throw new Error('bad token');
      } catch {
        throw new StatusError(
          400,
          'BadRequest',
          'continue key is not valid: illegal base64 data at input byte 0',
        );
      }
      all = all.filter((o) => keyOf(o) > token.start);
    }
    if (opts.limit && opts.limit > 0 && all.length > opts.limit) {
      const items = all.slice(0, opts.limit);
      const last = keyOf(items[items.length - 1]!);
      const cont = Buffer.from(JSON.stringify({ rv: Number(rv), start: last })).toString(
        'base64url',
      );
      return {
        items,
        resourceVersion: rv,
        continue: cont,
        remainingItemCount: all.length - items.length,
      };
    }
    return { items: all, resourceVersion: rv };
  }

  create(d: ResourceDescriptor, ns: string, body: KubeObject, ctx: WriteContext): KubeObject {
    this.checkTypeMeta(d, body);
    let obj = clone(body);
    obj.metadata = obj.metadata ?? {};
    if (d.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new StatusError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = ns;
      this.checkNamespaceWritable(ns);
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = obj.metadata.generateName + randomSuffix();
    }
    obj.apiVersion = groupVersion(d);
    obj.kind = d.kind;
    this.checkFields(d, obj, ctx);
    // The uid comes before defaulting: a Job's generated selector is built from it.
    obj.metadata.uid = crypto.randomUUID();
    obj = applyDefaults(d, obj);
    obj.metadata.creationTimestamp = nowIso();
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.resourceVersion;
    if (GENERATION_KINDS.has(resourceKey(d))) obj.metadata.generation = 1;
    const causes = validateObject(d, obj);
    if (causes.length > 0) throw invalidError(d, obj.metadata.name ?? '', causes);
    const key = resourceKey(d);
    if (this.store.get(key, d.namespaced ? ns : '', obj.metadata.name!)) {
      throw new StatusError(
        409,
        'AlreadyExists',
        `${qualifiedResource(d)} "${obj.metadata.name}" already exists`,
        {
          name: obj.metadata.name,
          group: d.group || undefined,
          kind: d.plural,
        },
      );
    }
    for (const admit of this.admission) admit('CREATE', d, obj, undefined, ctx);
    // After admission: LimitRanger's defaults decide a pod's QoS class.
    if (!ctx.system) this.resetStatusOnCreate(d, obj);
    if (key === '/services') this.allocateServiceIp(obj);
    if (ctx.fieldManager) obj = recordUpdate(undefined, obj, this.managerOpts(d, ctx));
    if (ctx.dryRun) return obj;
    return this.store.write(key, obj, 'ADDED');
  }

  /** PUT: replaces the object (or its status/scale), honouring resourceVersion preconditions. */
  update(
    d: ResourceDescriptor,
    ns: string,
    name: string,
    body: KubeObject,
    ctx: WriteContext,
    sub?: 'status',
  ): KubeObject {
    this.checkTypeMeta(d, body);
    const old = this.get(d, ns, name);
    if (body.metadata?.name && body.metadata.name !== name) {
      throw new StatusError(
        400,
        'BadRequest',
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (d.namespaced && body.metadata?.namespace && body.metadata.namespace !== ns) {
      throw new StatusError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const rv = body.metadata?.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(d, name, MODIFIED_MSG);
    return this.replace(
      d,
      old,
      { ...clone(body), metadata: { ...clone(body.metadata ?? {}), name } },
      ctx,
      sub,
    );
  }

  patch(
    d: ResourceDescriptor,
    ns: string,
    name: string,
    type: PatchType,
    patch: unknown,
    ctx: WriteContext & { force?: boolean },
    sub?: 'status',
  ): { object: KubeObject; created: boolean } {
    const key = resourceKey(d);
    const old = this.store.get(key, d.namespaced ? ns : '', name);
    if (type === 'apply') {
      if (!ctx.fieldManager) {
        throw new StatusError(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          {
            group: 'meta.k8s.io',
            kind: 'PatchOptions',
            causes: [
              {
                reason: 'FieldValueRequired',
                message: 'Required value: is required for apply patch',
                field: 'fieldManager',
              },
            ],
          },
        );
      }
      const applied = patch as KubeObject;
      if (!applied || typeof applied !== 'object' || Array.isArray(applied)) {
        throw new StatusError(400, 'BadRequest', 'error decoding patch: expected an object');
      }
      this.checkTypeMeta(d, applied);
      if (applied.metadata?.name && applied.metadata.name !== name) {
        throw new StatusError(
          400,
          'BadRequest',
          `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      const opts = {
        manager: ctx.fieldManager,
        force: ctx.force ?? false,
        apiVersion: groupVersion(d),
        time: nowIso(),
      };
      if (!old) {
        const merged = serverSideApply(
          undefined,
          { ...applied, metadata: { ...applied.metadata, name } },
          opts,
        );
        return {
          object: this.create(d, ns, merged, { ...ctx, fieldManager: undefined }),
          created: true,
        };
      }
      const merged = serverSideApply(old, applied, opts);
      return {
        object: this.replace(d, old, merged, { ...ctx, fieldManager: undefined }, sub),
        created: false,
      };
    }
    if (!old) throw notFound(d, name);
    let patched: unknown;
    if (type === 'json') patched = applyJsonPatch(old, patch);
    else if (type === 'merge') patched = applyMergePatch(old, patch);
    else patched = applyStrategicMergePatch(old, patch);
    const next = patched as KubeObject;
    if (!next || typeof next !== 'object' || !next.metadata)
      throw new StatusError(400, 'BadRequest', 'the patch produced an invalid object');
    if (
      next.metadata.resourceVersion &&
      next.metadata.resourceVersion !== old.metadata.resourceVersion
    ) {
      throw conflict(d, name, MODIFIED_MSG);
    }
    return { object: this.replace(d, old, next, ctx, sub), created: false };
  }

  private replace(
    d: ResourceDescriptor,
    old: KubeObject,
    body: KubeObject,
    ctx: WriteContext,
    sub?: 'status',
  ): KubeObject {
    const name = old.metadata.name!;
    let obj = clone(body);
    obj.apiVersion = groupVersion(d);
    obj.kind = d.kind;
    this.checkFields(d, obj, ctx);
    const hasStatus = d.subresources?.some((s) => s.name === 'status') ?? false;
    if (sub === 'status') {
      // A status write changes status (and nothing else), as registry StatusStrategy does.
      obj = { ...clone(old), status: obj.status };
    } else {
      if (hasStatus && !ctx.system) obj.status = clone(old.status);
      if (resourceKey(d) === '/services') keepAllocations(old, obj);
      obj = applyDefaults(d, obj);
    }
    // Server-owned metadata is carried over, never taken from the client.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    obj.metadata.namespace = old.metadata.namespace;
    obj.metadata.name = name;
    if (old.metadata.deletionTimestamp)
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete obj.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined)
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (old.metadata.generation !== undefined) {
      obj.metadata.generation =
        old.metadata.generation + (sameJson(specOf(old), specOf(obj)) ? 0 : 1);
    } else delete obj.metadata.generation;
    if (old.metadata.managedFields && !obj.metadata.managedFields)
      obj.metadata.managedFields = old.metadata.managedFields;
    // Controllers' own writes (a scheduler binding a pod, say) are trusted, as in kube's internal clients.
    const causes = ctx.system ? [] : validateObject(d, obj, old);
    if (causes.length > 0) throw invalidError(d, name, causes);
    for (const admit of this.admission) admit('UPDATE', d, obj, old, ctx);
    if (ctx.fieldManager)
      obj = recordUpdate(old, obj, { ...this.managerOpts(d, ctx), subresource: sub });
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    // A no-op write is not a write: same resourceVersion, no event (etcd3 store GuaranteedUpdate).
    if (sameJson(obj, old)) return old;
    if (ctx.dryRun) return obj;
    // The last finalizer removed from an object being deleted completes the deletion; a pod still in
    // its grace period stays until its kubelet deletes it (kube: only when deletionGracePeriodSeconds is 0).
    if (
      obj.metadata.deletionTimestamp &&
      !obj.metadata.finalizers?.length &&
      !obj.metadata.deletionGracePeriodSeconds
    ) {
      return this.store.delete(resourceKey(d), obj.metadata.namespace ?? '', name) ?? obj;
    }
    return this.store.write(resourceKey(d), obj, 'MODIFIED');
  }

  /** DELETE: finalizers turn it into setting deletionTimestamp; dependents are garbage-collected. */
  delete(
    d: ResourceDescriptor,
    ns: string,
    name: string,
    opts: DeleteOptions,
    ctx: WriteContext,
  ): { object: KubeObject; gone: boolean } {
    const old = this.get(d, ns, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(
        d,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(
        d,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    for (const admit of this.admission) admit('DELETE', d, old, old, ctx);
    if (opts.dryRun || ctx.dryRun) return { object: old, gone: true };
    const key = resourceKey(d);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan'))
      finalizers.push('orphan');
    const isNamespace = key === '/namespaces';
    if (finalizers.length > 0 || isNamespace) {
      if (old.metadata.deletionTimestamp) return { object: old, gone: false };
      const obj = clone(old);
      obj.metadata.deletionTimestamp = nowIso();
      obj.metadata.deletionGracePeriodSeconds = 0;
      obj.metadata.finalizers = finalizers
        .filter((f) => f !== 'foregroundDeletion' && f !== 'orphan')
        .concat(finalizers.filter((f) => f === 'foregroundDeletion' || f === 'orphan'));
      if (obj.metadata.finalizers.length === 0) delete obj.metadata.finalizers;
      if (isNamespace) obj.status = { ...(obj.status as object), phase: 'Terminating' };
      const written = this.store.write(key, obj, 'MODIFIED');
      setImmediate(() => this.finishDeletion(d, written));
      return { object: written, gone: false };
    }
    const graceful = this.gracefulPodDeletion(key, old, opts);
    if (graceful) return { object: graceful, gone: false };
    const last = this.store.delete(key, d.namespaced ? ns : '', name)!;
    this.collectDependents(last, 'Background');
    return { object: last, gone: true };
  }

  /**
   * A pod bound to a node is not removed at once: it gets a deletionTimestamp `grace` seconds ahead and
   * its kubelet removes it (with grace 0) once its containers have stopped (pod strategy CheckGracefulDelete).
   */
  private gracefulPodDeletion(
    key: string,
    old: KubeObject,
    opts: DeleteOptions,
  ): KubeObject | undefined {
    if (key !== '/pods') return undefined;
    const spec = (old.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (old.status as { phase?: string } | undefined)?.phase;
    const grace = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    if (!spec.nodeName || grace <= 0 || phase === 'Succeeded' || phase === 'Failed')
      return undefined;
    const current = old.metadata.deletionGracePeriodSeconds;
    if (old.metadata.deletionTimestamp && current !== undefined && current <= grace) return old;
    const obj = clone(old);
    obj.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    obj.metadata.deletionGracePeriodSeconds = grace;
    return this.store.write(key, obj, 'MODIFIED');
  }

  deleteCollection(
    d: ResourceDescriptor,
    ns: string | undefined,
    opts: ListOptions & DeleteOptions,
    ctx: WriteContext,
  ): KubeObject[] {
    const { items } = this.list(d, ns, {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    return items.map(
      (o) => this.delete(d, o.metadata.namespace ?? '', o.metadata.name!, opts, ctx).object,
    );
  }

  /** The garbage collector's and namespace controller's part of a deletion with finalizers. */
  private finishDeletion(d: ResourceDescriptor, obj: KubeObject): void {
    const key = resourceKey(d);
    const ns = obj.metadata.namespace ?? '';
    const cur = this.store.get(key, ns, obj.metadata.name!);
    if (!cur || cur.metadata.uid !== obj.metadata.uid) return;
    if (key === '/namespaces') {
      // The namespace controller: delete everything in it, wait for terminating pods, then remove it.
      const target = obj.metadata.name!;
      let remaining = 0;
      for (const rd of RESOURCES) {
        if (!rd.namespaced || rd.createOnly || rd.group === 'metrics.k8s.io') continue;
        for (const o of this.store.list(resourceKey(rd), target)) {
          remaining++;
          if (o.metadata.deletionTimestamp) continue;
          this.delete(
            rd,
            target,
            o.metadata.name!,
            { propagationPolicy: 'Background' },
            SYSTEM_CTX,
          );
        }
      }
      if (remaining === 0) this.store.delete(key, '', target);
      else setTimeout(() => this.finishDeletion(d, obj), 500).unref();
      return;
    }
    const fins = cur.metadata.finalizers ?? [];
    if (fins.includes('orphan') || fins.includes('foregroundDeletion')) {
      this.collectDependents(cur, fins.includes('orphan') ? 'Orphan' : 'Background');
      const rest = fins.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
      const next = clone(cur);
      next.metadata.finalizers = rest;
      if (rest.length === 0) this.store.delete(key, ns, cur.metadata.name!);
      else this.store.write(key, next, 'MODIFIED');
    }
  }

  /** Deletes (or orphans) every object whose ownerReferences name `owner`. */
  private collectDependents(owner: KubeObject, policy: 'Orphan' | 'Background'): void {
    const uid = owner.metadata.uid;
    const ns = owner.metadata.namespace;
    for (const rd of RESOURCES) {
      if (rd.createOnly || rd.group === 'metrics.k8s.io') continue;
      if (ns !== undefined && !rd.namespaced) continue;
      const key = resourceKey(rd);
      for (const o of this.store.list(key, rd.namespaced ? ns : '')) {
        const refs = o.metadata.ownerReferences;
        if (!refs?.some((r) => r.uid === uid)) continue;
        if (policy === 'Orphan') {
          const next = clone(o);
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.store.write(key, next, 'MODIFIED');
        } else if (refs.every((r) => r.uid === uid) && !o.metadata.deletionTimestamp) {
          this.delete(
            rd,
            o.metadata.namespace ?? '',
            o.metadata.name!,
            { propagationPolicy: 'Background' },
            SYSTEM_CTX,
          );
        }
      }
    }
  }

  private checkTypeMeta(d: ResourceDescriptor, body: KubeObject): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new StatusError(
        400,
        'BadRequest',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
      );
    }
    if (body.kind !== undefined && body.kind !== d.kind) {
      const known = body.apiVersion
        ? findKind(String(body.apiVersion), String(body.kind))
        : undefined;
      throw new StatusError(
        400,
        'BadRequest',
        known
          ? `the object provided is unrecognized (must be of type ${d.kind}): ${String(body.kind)}`
          : `the object provided is unrecognized (must be of type ${d.kind}): couldn't get version/kind; json parse error`,
      );
    }
    if (body.apiVersion !== undefined && body.apiVersion !== groupVersion(d)) {
      throw new StatusError(
        400,
        'BadRequest',
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${groupVersion(d)})`,
      );
    }
  }

  private checkFields(d: ResourceDescriptor, obj: KubeObject, ctx: WriteContext): void {
    const mode = ctx.fieldValidation ?? 'Ignore';
    if (mode === 'Ignore') return;
    const unknown = unknownFields(d, obj);
    if (unknown.length === 0) return;
    if (mode === 'Strict') throw strictDecodingError(unknown);
    ctx.warnings?.push(...unknown.map((f) => `unknown field "${f}"`));
  }

  private checkNamespaceWritable(ns: string): void {
    const nsObj = this.store.get('/namespaces', '', ns);
    if (!nsObj)
      throw new StatusError(404, 'NotFound', `namespaces "${ns}" not found`, {
        name: ns,
        kind: 'namespaces',
      });
    if (nsObj.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name: ns,
          kind: 'namespaces',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${ns} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  private resetStatusOnCreate(d: ResourceDescriptor, obj: KubeObject): void {
    const key = resourceKey(d);
    if (key === '/pods') obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
    else if (key === '/namespaces') obj.status = { phase: 'Active' };
    else if (d.subresources?.some((s) => s.name === 'status') && key !== '/nodes') {
      if (key === '/services') obj.status = { loadBalancer: {} };
      else delete obj.status;
    }
  }

  private allocateServiceIp(svc: KubeObject): void {
    const spec = (svc.spec ?? {}) as Record<string, unknown>;
    if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
    if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '') {
      if (this.serviceIps.has(spec.clusterIP)) {
        throw invalidError(findKind('v1', 'Service')!, svc.metadata.name ?? '', [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.clusterIPs',
            message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
          },
        ]);
      }
    } else {
      let ip: string;
      do ip = `10.96.${1 + crypto.randomInt(254)}.${1 + crypto.randomInt(254)}`;
      while (this.serviceIps.has(ip));
      spec.clusterIP = ip;
    }
    this.serviceIps.add(spec.clusterIP as string);
    spec.clusterIPs = [spec.clusterIP];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of (spec.ports ?? []) as Record<string, unknown>[])
        p.nodePort ??= 30000 + crypto.randomInt(2768);
    }
    svc.spec = spec;
  }

  private managerOpts(
    d: ResourceDescriptor,
    ctx: WriteContext,
  ): { manager: string; apiVersion: string; time: string } {
    return { manager: ctx.fieldManager!, apiVersion: groupVersion(d), time: nowIso() };
  }
}

/** A Service update that omits its cluster IP or node ports keeps the allocated ones (kube's service REST). */
function keepAllocations(old: KubeObject, next: KubeObject): void {
  const o = (old.spec ?? {}) as Record<string, unknown>;
  const n = (next.spec ?? {}) as Record<string, unknown>;
  if (n.clusterIP === undefined && o.clusterIP !== undefined) n.clusterIP = o.clusterIP;
  if (n.clusterIPs === undefined && o.clusterIPs !== undefined) n.clusterIPs = o.clusterIPs;
  const oldPorts = (o.ports ?? []) as Record<string, unknown>[];
  for (const p of (n.ports ?? []) as Record<string, unknown>[]) {
    if (p.nodePort !== undefined) continue;
    const same = oldPorts.find(
      (q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
    );
    if (same?.nodePort !== undefined && (n.type === 'NodePort' || n.type === 'LoadBalancer'))
      p.nodePort = same.nodePort;
  }
  next.spec = n;
}

const collator = new Intl.Collator();

/**
 * Objects in list order (namespace/name, as localeCompare orders them). Each key is built once: a
 * 10,000-pod list sorted with keys built per comparison made 300,000 strings of garbage.
 */
function sortByKey(objs: KubeObject[]): KubeObject[] {
  const keyed = objs.map((o) => ({ k: keyOf(o), o }));
  keyed.sort((a, b) => collator.compare(a.k, b.k));
  return keyed.map((x) => x.o);
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Guaranteed / Burstable / BestEffort as the kubelet computes it. */
export function qosClass(pod: KubeObject): string {
  const containers = ((get(pod, 'spec', 'containers') ?? []) as Record<string, unknown>[]).concat(
    (get(pod, 'spec', 'initContainers') ?? []) as Record<string, unknown>[],
  );
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = (get(c, 'resources', 'requests') ?? {}) as Record<string, string>;
    const lim = (get(c, 'resources', 'limits') ?? {}) as Record<string, string>;
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
