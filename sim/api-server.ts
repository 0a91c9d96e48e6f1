// One simulated cluster's HTTP API: authentication, impersonation, RBAC, then discovery, CRUD, watch and reviews,
// every error a Kubernetes Status (KUBE-PROTOCOL §0–§2, §6).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  findResource,
  groupVersion,
  qualifiedResource,
  type ResourceDescriptor,
} from '../lib/k8s/resources';
import {
  aggregatedDiscovery,
  AGGREGATED_CONTENT_TYPE,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  findGroupVersion,
  openapiGroupVersion,
  openapiRoot,
  wantsAggregated,
} from './discovery';
import { impersonate } from './impersonation';
import { ApiMetrics } from './metrics';
import { decodeReviewProtobuf } from './protobuf';
import { decodeObjectProtobuf, decodeProtobufBody } from './protobuf-schema';
import { authorize, forbiddenError, rulesFor, type RbacSnapshot } from './rbac';
import {
  Registry,
  resourceKey,
  type DeleteOptions,
  type FieldValidation,
  type PatchType,
  type WriteContext,
} from './registry';
import {
  bearerToken,
  decodeBody,
  parseBool,
  parseIntParam,
  readBody,
  requestInfo,
  type RequestInfo,
} from './request';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch';
import { ExpiredError, objectJson, type StoreEvent } from './store';
import { toTable } from './tables';
import { StatusError, type KubeObject, type RequestAttributes, type UserInfo } from './types';

export interface ApiServerOptions {
  name: string;
  registry: Registry;
  /** token → identity (kube's static token file). */
  tokens: ReadonlyMap<string, UserInfo>;
  serverAddress: string;
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds end after a random time in [t, 2t) (kube-apiserver --min-request-timeout). */
  minRequestTimeoutSeconds?: number;
  /** Subresources served by other modules (log, exec, metrics), keyed `<group>/<plural>/<sub>`. */
  extraHandlers?: Map<string, SubresourceHandler>;
}

export type SubresourceHandler = (ctx: HandlerContext) => Promise<void> | void;

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: RequestInfo;
  user: UserInfo;
  d: ResourceDescriptor;
}

const JSON_TYPE = 'application/json';
const LIST_SLICE = 250;
const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function rbacSnapshot(registry: Registry): RbacSnapshot {
  const s = registry.store;
  return {
    clusterRoles: s.list('rbac.authorization.k8s.io/clusterroles', ''),
    clusterRoleBindings: s.list('rbac.authorization.k8s.io/clusterrolebindings', ''),
    roles: (ns) => s.list('rbac.authorization.k8s.io/roles', ns),
    roleBindings: (ns) => s.list('rbac.authorization.k8s.io/rolebindings', ns),
  };
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = JSON_TYPE,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, err: StatusError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

export interface ApiServer {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** The caller's identity after impersonation; throws 401/403 StatusErrors. */
  authenticate: (req: IncomingMessage) => UserInfo;
  /** Throws the 403 kube-apiserver would send when RBAC denies the request. */
  check: (user: UserInfo, info: RequestInfo) => void;
  metrics: ApiMetrics;
}

export function createApiServer(opts: ApiServerOptions): ApiServer {
  const { registry } = opts;
  const store = registry.store;
  const metrics = new ApiMetrics();
  const bookmarkEvery = opts.bookmarkIntervalMs ?? 60_000;

  function authenticate(req: IncomingMessage): UserInfo {
    const token = bearerToken(req);
    let user = ANONYMOUS;
    if (token !== undefined) {
      const u = opts.tokens.get(token);
      if (!u) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
      user = { ...u, groups: [...u.groups, 'system:authenticated'] };
    }
    return impersonate(
      user,
      req.headersDistinct as Record<string, string[]>,
      rbacSnapshot(registry),
    );
  }

  function check(user: UserInfo, info: RequestInfo): void {
    const attrs: RequestAttributes = info.resourceRequest
      ? {
          user,
          verb: info.verb,
          resourceRequest: true,
          apiGroup: info.group,
          apiVersion: info.version,
          resource: info.resource,
          subresource: info.subresource || undefined,
          namespace: info.namespace || undefined,
          name: info.name || undefined,
        }
      : { user, verb: info.verb, resourceRequest: false, path: info.path };
    if (!authorize(attrs, rbacSnapshot(registry)).allowed) throw forbiddenError(attrs);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://sim');
    const method = req.method ?? 'GET';
    let info: RequestInfo | undefined;
    const done = (): void => metrics.finished(info, method, res.statusCode);
    res.on('close', done);
    (async () => {
      info = requestInfo(method, url);
      const user = authenticate(req);
      check(user, info);
      if (!info.resourceRequest) return nonResource(req, res, url, info);
      return resource(req, res, url, info, user);
    })().catch((err: unknown) => {
      if (err instanceof StatusError) return sendStatus(res, err);
      console.error(`sim ${opts.name}: ${method} ${url.pathname}:`, err);
      sendStatus(
        res,
        new StatusError(500, 'InternalError', `Internal error occurred: ${String(err)}`),
      );
    });
  }

  function nonResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    info: RequestInfo,
  ): void {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    const aggregated = wantsAggregated(req.headers.accept);
    if (p === '/version') {
      return sendJson(res, 200, {
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.0',
        gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
        gitTreeState: 'clean',
        buildDate: '2024-12-11T17:59:15Z',
        goVersion: 'go1.23.3',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    }
    if (p === '/healthz' || p === '/livez' || p === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('ok');
    }
    if (p === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      return void res.end(metrics.render());
    }
    if (p === '/api') {
      if (aggregated) return sendJson(res, 200, aggregatedDiscovery(true), AGGREGATED_CONTENT_TYPE);
      return sendJson(res, 200, apiVersions(opts.serverAddress));
    }
    if (p === '/apis') {
      if (aggregated)
        return sendJson(res, 200, aggregatedDiscovery(false), AGGREGATED_CONTENT_TYPE);
      return sendJson(res, 200, apiGroupList());
    }
    if (p === '/openapi/v3') return sendJson(res, 200, openapiRoot());
    const oa = /^\/openapi\/v3\/(.+)$/.exec(p);
    if (oa) {
      const doc = openapiGroupVersion(oa[1]!);
      if (doc) return sendJson(res, 200, doc);
    }
    if (info.apiPrefix) {
      const list = apiResourceList(info.group, info.version);
      if (list) return sendJson(res, 200, list);
    }
    const g = /^\/apis\/([^/]+)$/.exec(p);
    if (g) {
      const gv = ['v1', 'v2', 'v1beta1'].find((v) => findGroupVersion(g[1]!, v));
      if (gv) return sendJson(res, 200, apiGroup(g[1]!, gv));
    }
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  async function resource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    info: RequestInfo,
    user: UserInfo,
  ): Promise<void> {
    const d = findResource(info.group, info.resource);
    if (!d || d.version !== info.version) {
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    }
    if (
      d.namespaced !== (info.namespace !== '' || info.resource === 'namespaces') &&
      info.name !== '' &&
      d.namespaced
    ) {
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    }
    const q = url.searchParams;
    const extra = opts.extraHandlers?.get(`${d.group}/${d.plural}/${info.subresource}`);
    if (extra) return extra({ req, res, url, info, user, d });
    if (d.createOnly) return review(req, res, info, user, d);
    if (d.group === 'metrics.k8s.io')
      throw new StatusError(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
      );
    if (info.subresource && !d.subresources?.some((s) => s.name === info.subresource)) {
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    }
    const ns = info.namespace;
    const ctx = writeContext(user, q);
    await store.flush();
    switch (info.verb) {
      case 'get': {
        const obj = registry.get(d, ns, info.name);
        if (info.subresource === 'scale') return sendJson(res, 200, toScale(obj));
        if (wantsTable(req))
          return sendJson(
            res,
            200,
            table(d, [obj], q, obj.metadata.resourceVersion ?? ''),
            TABLE_TYPE,
          );
        return sendJson(res, 200, objectJson(obj));
      }
      case 'list':
        return list(req, res, q, d, ns);
      case 'watch':
        return watch(req, res, q, d, ns);
      case 'create': {
        if (info.name)
          throw new StatusError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const body = decodeObject(await readBody(req), req.headers['content-type']);
        const created = registry.create(d, ns, body, ctx);
        await store.flush();
        return respondWrite(res, 201, created, ctx);
      }
      case 'update': {
        const body = decodeObject(await readBody(req), req.headers['content-type']);
        if (info.subresource === 'scale')
          return respondWrite(res, 200, writeScale(d, ns, info.name, body, ctx), ctx);
        const updated = registry.update(
          d,
          ns,
          info.name,
          body,
          ctx,
          info.subresource === 'status' ? 'status' : undefined,
        );
        await store.flush();
        return respondWrite(res, 200, updated, ctx);
      }
      case 'patch': {
        const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        const type = PATCH_TYPES[ct];
        if (!type) {
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`,
          );
        }
        const patch = decodeBody(await readBody(req), ct);
        if (info.subresource === 'scale') {
          const current = toScale(registry.get(d, ns, info.name));
          const patched = applyScalePatch(type, current, patch);
          return respondWrite(res, 200, writeScale(d, ns, info.name, patched, ctx), ctx);
        }
        const { object, created } = registry.patch(
          d,
          ns,
          info.name,
          type,
          patch,
          { ...ctx, force: parseBool(q, 'force') },
          info.subresource === 'status' ? 'status' : undefined,
        );
        await store.flush();
        return respondWrite(res, created ? 201 : 200, object, ctx);
      }
      case 'delete': {
        const buf = await readBody(req);
        const body = (
          buf.length === 0
            ? {}
            : /protobuf/.test(req.headers['content-type'] ?? '')
              ? decodeProtobufBody(buf)
              : decodeBody(buf, req.headers['content-type'])
        ) as DeleteOptions & { kind?: string };
        const optsDel: DeleteOptions = {
          propagationPolicy:
            (q.get('propagationPolicy') as DeleteOptions['propagationPolicy']) ??
            body.propagationPolicy,
          gracePeriodSeconds: parseIntParam(q, 'gracePeriodSeconds') ?? body.gracePeriodSeconds,
          preconditions: body.preconditions,
          dryRun: ctx.dryRun,
        };
        const { object, gone } = registry.delete(d, ns, info.name, optsDel, ctx);
        await store.flush();
        if (!gone) return sendJson(res, 200, object);
        return sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: info.name,
            group: d.group || undefined,
            kind: d.plural,
            uid: object.metadata.uid,
          },
        });
      }
      case 'deletecollection': {
        const deleted = registry.deleteCollection(
          d,
          ns || undefined,
          {
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
          },
          ctx,
        );
        await store.flush();
        return sendJson(res, 200, {
          kind: d.listKind,
          apiVersion: groupVersion(d),
          metadata: { resourceVersion: String(store.resourceVersion) },
          items: deleted,
        });
      }
      default:
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
    }
  }

  function writeContext(user: UserInfo, q: URLSearchParams): WriteContext {
    const fv = q.get('fieldValidation') ?? 'Ignore';
    if (!['Strict', 'Warn', 'Ignore'].includes(fv)) {
      throw new StatusError(
        400,
        'BadRequest',
        `fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`,
      );
    }
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((v) => v !== 'All'))
      throw new StatusError(400, 'BadRequest', `Invalid dryRun value: only "All" is supported`);
    return {
      user,
      fieldManager: q.get('fieldManager') ?? undefined,
      fieldValidation: fv as FieldValidation,
      dryRun: dryRun.length > 0,
      warnings: [],
    };
  }

  function respondWrite(
    res: ServerResponse,
    code: number,
    obj: KubeObject,
    ctx: WriteContext,
  ): void {
    if (ctx.warnings?.length)
      res.setHeader(
        'Warning',
        ctx.warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`),
      );
    sendJson(res, code, objectJson(obj));
  }

  function writeScale(
    d: ResourceDescriptor,
    ns: string,
    name: string,
    scale: KubeObject,
    ctx: WriteContext,
  ): KubeObject {
    const obj = registry.get(d, ns, name);
    const rv = scale.metadata?.resourceVersion;
    if (rv && rv !== obj.metadata.resourceVersion) {
      throw new StatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(d)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: d.group || undefined, kind: d.plural },
      );
    }
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    const spec = { ...(obj.spec as object), replicas };
    const updated = registry.update(
      d,
      ns,
      name,
      { ...obj, spec, metadata: { ...obj.metadata, resourceVersion: undefined } },
      ctx,
    );
    return toScale(updated);
  }

  function table(
    d: ResourceDescriptor,
    items: KubeObject[],
    q: URLSearchParams,
    rv: string,
    cont?: string,
  ): KubeObject {
    const include = q.get('includeObject') ?? 'Metadata';
    if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
      throw new StatusError(
        400,
        'BadRequest',
        `includeObject: Unsupported value: "${include}": supported values: "Metadata", "None", "Object"`,
      );
    }
    return toTable(d, items, {
      now: Date.now(),
      resourceVersion: rv,
      continueToken: cont,
      includeObject: include,
    });
  }

  function list(
    req: IncomingMessage,
    res: ServerResponse,
    q: URLSearchParams,
    d: ResourceDescriptor,
    ns: string,
  ): void {
    const result = registry.list(d, ns || undefined, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: parseIntParam(q, 'limit'),
      continue: q.get('continue') ?? undefined,
    });
    if (wantsTable(req)) {
      const t = table(d, result.items, q, result.resourceVersion, result.continue);
      if (result.remainingItemCount !== undefined)
        (t.metadata as Record<string, unknown>).remainingItemCount = result.remainingItemCount;
      return sendJson(res, 200, t, TABLE_TYPE);
    }
    const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) meta.continue = result.continue;
    if (result.remainingItemCount !== undefined)
      meta.remainingItemCount = result.remainingItemCount;
    const head = `{"kind":${JSON.stringify(d.listKind)},"apiVersion":${JSON.stringify(groupVersion(d))},"metadata":${JSON.stringify(meta)},"items":[`;
    // Written in slices of already-serialized items: a 10,000-pod list never becomes one 20 MB string.
    res.writeHead(200, { 'Content-Type': JSON_TYPE });
    res.write(head);
    for (let i = 0; i < result.items.length; i += LIST_SLICE) {
      const slice = result.items
        .slice(i, i + LIST_SLICE)
        .map(objectJson)
        .join(',');
      res.write(i === 0 ? slice : `,${slice}`);
    }
    res.end(']}');
  }

  function watch(
    req: IncomingMessage,
    res: ServerResponse,
    q: URLSearchParams,
    d: ResourceDescriptor,
    ns: string,
  ): void {
    const match = registry.selector(d, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
    });
    const inScope = (o: KubeObject): boolean => !d.namespaced || !ns || o.metadata.namespace === ns;
    const rvParam = q.get('resourceVersion');
    const bookmarks = parseBool(q, 'allowWatchBookmarks');
    const asTable = wantsTable(req);
    const minTimeout = opts.minRequestTimeoutSeconds ?? 1800;
    const timeoutSeconds =
      parseIntParam(q, 'timeoutSeconds') ?? minTimeout + Math.random() * minTimeout;
    let sentColumns = false;
    res.writeHead(200, {
      'Content-Type': asTable ? TABLE_TYPE : JSON_TYPE,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();

    const line = (type: string, obj: KubeObject): string => {
      if (asTable) {
        const t = toTable(d, [obj], {
          now: Date.now(),
          resourceVersion: obj.metadata.resourceVersion ?? '',
          includeObject: 'Metadata',
          includeColumnDefinitions: !sentColumns,
        });
        sentColumns = true;
        return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
      }
      return `{"type":"${type}","object":${objectJson(obj)}}\n`;
    };
    let closed = false;
    const send = (text: string): void => {
      if (closed) return;
      res.write(text);
      // A consumer that stops reading is cut off rather than buffered without bound (apiserver does the same).
      if (res.writableLength > 16 * 1024 * 1024) finish();
    };
    let lastRv = store.resourceVersion;
    const onEvent = (e: StoreEvent): void => {
      lastRv = e.rv;
      const now = inScope(e.object) && match(e.object);
      const before = e.old !== undefined && inScope(e.old) && match(e.old);
      if (e.type === 'MODIFIED' && now && !before) send(line('ADDED', e.object));
      else if (e.type === 'MODIFIED' && !now && before) send(line('DELETED', e.object));
      else if (now) send(line(e.type, e.object));
    };
    let unsubscribe = (): void => {};
    const timers: NodeJS.Timeout[] = [];
    const finish = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      timers.forEach(clearTimeout);
      res.end();
    };
    res.on('close', finish);
    try {
      let from: number;
      if (rvParam === null || rvParam === '' || rvParam === '0') {
        from = store.resourceVersion;
        for (const o of registry.list(d, ns || undefined, {}).items)
          if (match(o)) send(line('ADDED', o));
      } else {
        from = Number(rvParam);
        if (!Number.isFinite(from))
          throw new StatusError(400, 'BadRequest', `invalid resource version: ${rvParam}`);
      }
      lastRv = from;
      unsubscribe = store.watch(resourceKey(d), from, onEvent);
    } catch (e) {
      if (e instanceof ExpiredError) {
        send(
          `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: 'Expired', code: 410 } })}\n`,
        );
        return finish();
      }
      if (e instanceof StatusError) {
        send(`${JSON.stringify({ type: 'ERROR', object: e.toStatus() })}\n`);
        return finish();
      }
      throw e;
    }
    const bookmark = (): void => {
      const obj = {
        kind: d.kind,
        apiVersion: groupVersion(d),
        metadata: { resourceVersion: String(Math.max(lastRv, store.resourceVersion)) },
      };
      send(`${JSON.stringify({ type: 'BOOKMARK', object: obj })}\n`);
    };
    if (bookmarks) {
      const every = setInterval(bookmark, bookmarkEvery);
      timers.push(every as unknown as NodeJS.Timeout);
      res.on('close', () => clearInterval(every));
    }
    timers.push(
      setTimeout(() => {
        if (bookmarks) bookmark();
        finish();
      }, timeoutSeconds * 1000),
    );
    metrics.longRunning(d.plural, 'WATCH', +1);
    res.on('close', () => metrics.longRunning(d.plural, 'WATCH', -1));
  }

  /** Access and identity reviews: nothing stored, the answer computed from RBAC. */
  async function review(
    req: IncomingMessage,
    res: ServerResponse,
    info: RequestInfo,
    user: UserInfo,
    d: ResourceDescriptor,
  ): Promise<void> {
    if (info.verb !== 'create')
      throw new StatusError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    const buf = await readBody(req);
    const ct = req.headers['content-type'] ?? '';
    const body = (
      /protobuf/.test(ct) ? decodeReviewProtobuf(buf, d.kind) : decodeBody(buf, ct)
    ) as KubeObject & { spec?: Record<string, unknown> };
    const spec = (body.spec ?? {}) as Record<string, unknown>;
    const out: KubeObject = {
      ...body,
      apiVersion: groupVersion(d),
      kind: d.kind,
      metadata: { ...(body.metadata ?? {}), creationTimestamp: undefined },
    };
    const rbac = rbacSnapshot(registry);
    if (d.kind === 'SelfSubjectReview') {
      out.status = {
        userInfo: {
          username: user.username,
          ...(user.uid ? { uid: user.uid } : {}),
          groups: user.groups,
          ...(user.extra ? { extra: user.extra } : {}),
        },
      };
      return sendJson(res, 201, out);
    }
    if (d.kind === 'SelfSubjectRulesReview') {
      const ns = typeof spec.namespace === 'string' ? spec.namespace : '';
      out.status = { ...rulesFor(user, ns, rbac), incomplete: false };
      return sendJson(res, 201, out);
    }
    let subject: UserInfo = user;
    if (d.kind === 'SubjectAccessReview' || d.kind === 'LocalSubjectAccessReview') {
      const groups = Array.isArray(spec.groups) ? (spec.groups as string[]) : [];
      if (!spec.user && groups.length === 0) {
        throw new StatusError(
          422,
          'Invalid',
          `${d.kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`,
          {
            group: 'authorization.k8s.io',
            kind: d.kind,
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "": at least one of user or group must be specified',
                field: 'spec.user',
              },
            ],
          },
        );
      }
      subject = {
        username: String(spec.user ?? ''),
        groups,
        uid: typeof spec.uid === 'string' ? spec.uid : undefined,
        extra: spec.extra as Record<string, string[]> | undefined,
      };
    }
    const ra = spec.resourceAttributes as Record<string, string> | undefined;
    const nra = spec.nonResourceAttributes as Record<string, string> | undefined;
    if (!ra && !nra) {
      throw new StatusError(
        422,
        'Invalid',
        `${d.kind}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
        {
          group: 'authorization.k8s.io',
          kind: d.kind,
          causes: [
            {
              reason: 'FieldValueInvalid',
              message:
                'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
              field: 'spec.resourceAttributes',
            },
          ],
        },
      );
    }
    if (d.kind === 'LocalSubjectAccessReview' && ra && (ra.namespace ?? '') !== info.namespace) {
      throw new StatusError(
        400,
        'BadRequest',
        `spec.resourceAttributes.namespace must match namespace: ${info.namespace}`,
      );
    }
    const attrs: RequestAttributes = ra
      ? {
          user: subject,
          verb: ra.verb ?? '',
          resourceRequest: true,
          apiGroup: ra.group ?? '',
          apiVersion: ra.version,
          resource: ra.resource ?? '',
          subresource: ra.subresource || undefined,
          namespace: ra.namespace || undefined,
          name: ra.name || undefined,
        }
      : { user: subject, verb: nra!.verb ?? '', resourceRequest: false, path: nra!.path ?? '' };
    const decision = authorize(attrs, rbac);
    out.status = decision.allowed ? { allowed: true, reason: decision.reason } : { allowed: false };
    return sendJson(res, 201, out);
  }

  return { handle, authenticate, check, metrics };
}

/** A request body as JSON: kubectl's typed clients send protobuf, everything else JSON or YAML. */
function decodeObject(buf: Buffer, contentType: string | undefined): KubeObject {
  if (/protobuf/.test(contentType ?? '')) return decodeObjectProtobuf(buf);
  return decodeBody(buf, contentType) as KubeObject;
}

/** The autoscaling/v1 Scale view of a workload (KUBE-PROTOCOL §5.2). */
export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
  };
  const status = (obj.status ?? {}) as { replicas?: number };
  const sel = spec.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      selector: Object.entries(sel)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function applyScalePatch(type: PatchType, current: KubeObject, patch: unknown): KubeObject {
  if (type === 'json') return applyJsonPatch(current, patch) as KubeObject;
  if (type === 'strategic') return applyStrategicMergePatch(current, patch) as KubeObject;
  // An apply of a Scale merges like a merge patch: it only ever sets spec.replicas.
  return applyMergePatch(current, patch) as KubeObject;
}
