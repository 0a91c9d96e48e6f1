// The one wrapper for App Router route handlers: session → zod-parsed params, query and body → handler
// → JSON, with every error mapped to a Status in one place and mutating calls audited.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApiStatus } from '../../lib/contracts/status';
import { auditLog, outcomeOf, type AuditLog } from '../audit';
import { currentIdentity } from '../auth/identity';
import { unauthorizedStatus } from '../auth/proxy-policy';
import { wharf, type WharfContext } from '../context';
import type { Identity } from '../kube/transport';
import { ApiError, describeCauses, failure, statusFromError, zodCauses } from './errors';

/** Bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface InputSchemas<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  /** The route's dynamic segments (`[cluster]`, `[namespace]`, …). */
  params?: P;
  /** The URL's search parameters, as an object of strings (a repeated key becomes an array). */
  query?: Q;
  /** The JSON body. */
  body?: B;
}

export interface ApiInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/** The object of an audited call; filled from the input by convention, refined by the handler. */
export interface AuditTarget {
  cluster?: string;
  namespace?: string;
  name?: string;
}

export interface ApiSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  input?: InputSchemas<P, Q, B>;
  /** Changes something: the call is audited whatever its outcome. */
  mutates?: boolean;
  /** What the audit line (and a 403 without the API server's words) says is being done. */
  audit?: { verb: string; resource: string };
  maxBodyBytes?: number;
}

export interface HandlerArgs<I> {
  identity: Identity;
  input: I;
  ctx: WharfContext;
  request: Request;
  /** The audited object: a handler that learns the real name (generateName) sets it here. */
  audit: AuditTarget;
}

/** A DTO from lib/contracts (sent as JSON), nothing (204), or a Response of the handler's own. */
export type HandlerResult = Response | object | string | number | boolean | null | undefined;

/** Next's route handler signature (the context's params are a promise since Next 15). */
export type RouteHandler = (
  request: Request,
  context?: { params?: Promise<unknown> },
) => Promise<Response>;

export interface ApiDeps {
  /** Who is signed in; defaults to the next-auth session of the request. */
  identity: (request: Request) => Promise<Identity | null>;
  context: () => WharfContext;
  audit: () => AuditLog;
  /** Where bugs are reported (with a reference the user sees). */
  logError: (message: string, err: unknown) => void;
}

export type WithApi = <
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: ApiSpec<P, Q, B>,
  handler: (
    args: HandlerArgs<ApiInput<Out<P>, Out<Q>, Out<B>>>,
  ) => Promise<HandlerResult> | HandlerResult,
) => RouteHandler;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const NO_STORE = { 'Cache-Control': 'no-store' };

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function statusResponse(status: ApiStatus): Response {
  return Response.json(status, { status: status.code, headers: NO_STORE });
}

function toResponse(result: HandlerResult): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204, headers: NO_STORE });
  return Response.json(result, { headers: NO_STORE });
}

/** Search parameters as an object; a repeated key becomes an array, so schemas can ask for either. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** The body as text, refusing more than `cap` bytes whether or not Content-Length says so. */
async function readBody(request: Request, cap: number): Promise<string> {
  const tooLarge = new ApiError(
    failure(413, 'RequestEntityTooLarge', `request body is larger than ${cap} bytes`),
  );
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > cap) throw tooLarge;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parsePart(
  schema: Schema | undefined,
  value: unknown,
  part: 'params' | 'query' | 'body',
): Promise<unknown> {
  if (!schema) return undefined;
  const parsed = await schema.safeParseAsync(value);
  if (parsed.success) return parsed.data;
  const causes = zodCauses(parsed.error);
  // Kubernetes answers a bad URL with 400 and an invalid object with 422; both list the fields.
  const [code, reason] = part === 'body' ? [422, 'Invalid'] : [400, 'BadRequest'];
  throw new ApiError(
    failure(
      code,
      reason,
      `invalid ${part === 'params' ? 'path' : part}: ${describeCauses(causes)}`,
      {
        causes,
      },
    ),
  );
}

async function parseBody(
  request: Request,
  schema: Schema | undefined,
  cap: number,
): Promise<unknown> {
  if (!schema) return undefined;
  const text = await readBody(request, cap);
  let value: unknown;
  if (text.trim() !== '') {
    const type = request.headers.get('content-type') ?? '';
    if (!JSON_TYPE.test(type))
      throw new ApiError(
        failure(415, 'UnsupportedMediaType', `the body must be JSON, not "${type || 'untyped'}"`),
      );
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ApiError(
        failure(400, 'BadRequest', `the body is not valid JSON: ${(e as Error).message}`),
      );
    }
  }
  return parsePart(schema, value, 'body');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** cluster/namespace/name from params, then the body (or its metadata), then the query. */
function conventionalTarget(...sources: unknown[]): AuditTarget {
  const target: AuditTarget = {};
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    const s = source as Record<string, unknown>;
    const meta = (
      typeof s.metadata === 'object' && s.metadata !== null ? s.metadata : {}
    ) as Record<string, unknown>;
    target.cluster ??= str(s.cluster);
    target.namespace ??= str(s.namespace) ?? str(meta.namespace);
    target.name ??= str(s.name) ?? str(meta.name);
  }
  return target;
}

const defaults: ApiDeps = {
  identity: () => currentIdentity(),
  context: () => wharf(),
  audit: () => auditLog(),
  logError: (message, err) => console.error(message, err),
};

/** A withApi with its collaborators replaced (tests inject the identity and the context). */
export function createWithApi(deps: Partial<ApiDeps> = {}): WithApi {
  const d: ApiDeps = { ...defaults, ...deps };
  return (spec, handler) => async (request, routeContext) => {
    const url = new URL(request.url);
    const rawParams: unknown = (await routeContext?.params) ?? {};
    const rawQuery = queryObject(url.searchParams);
    const verb = spec.audit?.verb ?? METHOD_VERBS[request.method] ?? request.method.toLowerCase();
    const resource = spec.audit?.resource ?? '';
    let target: AuditTarget = conventionalTarget(rawParams, rawQuery);

    let identity: Identity | null;
    try {
      identity = await d.identity(request);
    } catch (err) {
      d.logError(`wharf: ${request.method} ${url.pathname}: reading the session failed`, err);
      identity = null;
    }
    if (!identity) return Response.json(unauthorizedStatus(), { status: 401, headers: NO_STORE });

    let response: Response;
    try {
      const params = await parsePart(spec.input?.params, rawParams, 'params');
      const query = await parsePart(spec.input?.query, rawQuery, 'query');
      const body = await parseBody(request, spec.input?.body, spec.maxBodyBytes ?? MAX_BODY_BYTES);
      target = conventionalTarget(params, body, query, target);
      const input = { params, query, body } as ApiInput<never, never, never>;
      response = toResponse(
        await handler({ identity, input, ctx: d.context(), request, audit: target }),
      );
    } catch (err) {
      const reference = randomUUID().slice(0, 8);
      const status = statusFromError(
        err,
        { verb, resource, namespace: target.namespace },
        reference,
      );
      // A browser that navigated away mid-request is not a bug to report.
      if (status.code >= 500 && !request.signal.aborted)
        d.logError(
          `wharf: ${request.method} ${url.pathname} failed (reference ${reference}):`,
          err,
        );
      response = statusResponse(status);
    }

    if (spec.mutates) {
      d.audit().write({
        time: new Date().toISOString(),
        user: identity.username,
        groups: identity.groups,
        ...target,
        verb,
        resource,
        outcome: outcomeOf(response.status),
        code: response.status,
      });
    }
    return response;
  };
}

/** withApi for the app: the next-auth session, the process's context and audit log. */
export const withApi: WithApi = createWithApi();
