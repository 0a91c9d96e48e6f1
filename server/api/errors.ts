// Every error the BFF answers with, mapped in one place to a Kubernetes Status the user can act on
// (ARCHITECTURE rule 7): "you may not …" for RBAC denials, "reload" for conflicts, fields for 422.
import { z } from 'zod';
import type { ApiStatus } from '../../lib/contracts/status';
import { KubeError } from '../kube/transport';

type Cause = NonNullable<NonNullable<ApiStatus['details']>['causes']>[number];

/** A Status a handler throws on purpose (not found, forbidden by a domain rule, bad state). */
export class ApiError extends Error {
  constructor(readonly status: ApiStatus) {
    super(status.message ?? `HTTP ${status.code}`);
  }
}

/** A Failure Status with the usual envelope. */
export function failure(
  code: number,
  reason: string,
  message: string,
  details?: ApiStatus['details'],
): ApiStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
    ...(details ? { details } : {}),
  };
}

/** What the route was trying to do, for messages when the API server does not say. */
export interface ErrorHint {
  verb?: string;
  resource?: string;
  namespace?: string;
}

/** `spec.containers[0].image`: Kubernetes' field path notation for a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p as string | symbol)}`,
    )
    .join('');
}

/** Zod issues as Status causes, with Kubernetes' reasons where one fits. */
export function zodCauses(error: z.ZodError, prefix: readonly PropertyKey[] = []): Cause[] {
  return error.issues.map((issue) => {
    const field = fieldPath([...prefix, ...issue.path]);
    let reason = 'FieldValueInvalid';
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
      reason = 'FieldValueRequired';
    else if (issue.code === 'invalid_value' || issue.code === 'unrecognized_keys')
      reason = 'FieldValueNotSupported';
    else if (issue.code === 'too_big' && issue.origin === 'string') reason = 'FieldValueTooLong';
    return { reason, message: issue.message, ...(field ? { field } : {}) };
  });
}

/** "a: msg; b: msg" for a Status message. */
export function describeCauses(causes: readonly Cause[]): string {
  return causes
    .map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')))
    .join('; ');
}

// kube-apiserver's RBAC denial: `User "bob" cannot delete resource "pods" in API group "" in the
// namespace "ai-prod"` (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go).
const RBAC_DENIAL =
  /User "(?<user>[^"]*)" cannot (?<verb>[\w-]+) resource "(?<resource>[^"]*)" in API group "(?<group>[^"]*)" (?:in the namespace "(?<namespace>[^"]*)"|at the cluster scope)/;

// How people say the subresource verbs the console uses.
const SUBRESOURCE_ACTIONS: Record<string, (resource: string, verb: string) => string> = {
  exec: (r) => `open a shell in ${r}`,
  attach: (r) => `attach to ${r}`,
  log: (r) => `read the logs of ${r}`,
  scale: (r) => `scale ${r}`,
  portforward: (r) => `port-forward to ${r}`,
  status: (r, v) => `${v} the status of ${r}`,
};

/** "you may not delete pods in ai-prod", "you may not list nodes in the cluster". */
export function youMayNot(verb: string, resource: string, namespace: string | undefined): string {
  const [base = resource, sub] = resource.split('/');
  const action =
    sub !== undefined && SUBRESOURCE_ACTIONS[sub]
      ? SUBRESOURCE_ACTIONS[sub](base, verb)
      : `${verb} ${resource}`;
  return `you may not ${action} ${namespace ? `in ${namespace}` : 'in the cluster'}`;
}

const QUOTA = /(?:exceeded quota|failed quota): .*/s;

function fromKube(status: ApiStatus, hint: ErrorHint): ApiStatus {
  const upstream = status.message ?? '';
  // The API server's own words stay available to whoever reads the Status closely.
  const keep = (reason: string, extra?: Partial<NonNullable<ApiStatus['details']>>) => ({
    ...status.details,
    ...extra,
    causes: [...(status.details?.causes ?? []), { reason, message: upstream }],
  });
  switch (status.code) {
    case 401:
      // The cluster refused the console's own credentials: not the user's session, not theirs to fix.
      return failure(502, 'InternalError', 'the cluster refused the console’s credentials');
    case 403: {
      const quota = QUOTA.exec(upstream);
      if (quota) return failure(403, 'Forbidden', quota[0], status.details);
      const m = RBAC_DENIAL.exec(upstream)?.groups;
      if (m?.verb === 'impersonate')
        return failure(500, 'InternalError', 'the console is not allowed to act for users here');
      if (m?.verb && m.resource)
        return failure(
          403,
          'Forbidden',
          youMayNot(m.verb, m.resource, m.namespace),
          keep('Forbidden'),
        );
      if (upstream) return failure(403, 'Forbidden', upstream, status.details);
      return failure(
        403,
        'Forbidden',
        hint.verb && hint.resource
          ? youMayNot(hint.verb, hint.resource, hint.namespace)
          : 'you may not do this',
      );
    }
    case 409:
      if (status.reason === 'AlreadyExists')
        return failure(409, 'AlreadyExists', upstream || 'it already exists', status.details);
      return failure(
        409,
        'Conflict',
        'changed by someone else, reload and try again',
        keep('Conflict'),
      );
    case 422: {
      const causes = status.details?.causes ?? [];
      const message =
        upstream || (causes.length ? `invalid: ${describeCauses(causes)}` : 'invalid input');
      return failure(422, 'Invalid', message, status.details);
    }
    default:
      return failure(
        status.code,
        status.reason ?? 'InternalError',
        upstream || `the cluster answered HTTP ${status.code}`,
        status.details,
      );
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * The Status for anything a handler threw. An unknown error is a bug of ours: the Status names only
 * the `reference` under which the caller logs it, never its message or stack.
 */
export function statusFromError(err: unknown, hint: ErrorHint = {}, reference = ''): ApiStatus {
  if (err instanceof ApiError) return err.status;
  if (err instanceof KubeError) return fromKube(err.status, hint);
  if (err instanceof z.ZodError) {
    const causes = zodCauses(err);
    return failure(422, 'Invalid', `invalid: ${describeCauses(causes)}`, { causes });
  }
  const code = (err as { code?: unknown } | null)?.code;
  const name = (err as { name?: unknown } | null)?.name;
  if (typeof code === 'string' && UNREACHABLE.has(code))
    return failure(503, 'ServiceUnavailable', 'the cluster did not answer, try again');
  if (name === 'TimeoutError' || name === 'AbortError')
    return failure(504, 'Timeout', 'the cluster took too long to answer');
  return failure(
    500,
    'InternalError',
    `internal error${reference ? ` (reference ${reference})` : ''}`,
  );
}
