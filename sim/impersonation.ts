// Impersonation headers → the identity a request acts as, each item authorized as kube does.
import {
  authorize,
  forbiddenError,
  serviceAccountGroups,
  splitServiceAccountUsername,
} from './rbac';
import type { RbacSnapshot } from './rbac';
import { StatusError } from './types';
import type { RequestAttributes, UserInfo } from './types';

const USER = 'impersonate-user';
const GROUP = 'impersonate-group';
const UID = 'impersonate-uid';
const EXTRA_PREFIX = 'impersonate-extra-';

const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';

/** One thing to impersonate, shaped like the core/v1 ObjectReference the apiserver builds. */
interface ImpersonationRequest {
  kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

function request(
  kind: ImpersonationRequest['kind'],
  name: string,
  extra: Partial<ImpersonationRequest> = {},
): ImpersonationRequest {
  return { kind, name, namespace: '', apiVersion: '', fieldPath: '', ...extra };
}

// Go prints `%v` of an ObjectReference as its seven fields space-separated:
// {Kind Namespace Name UID APIVersion ResourceVersion FieldPath}.
function formatRequest(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ')}}`;
}

// apiserver unescapeExtraKey: url.PathUnescape, keeping the raw key when it is malformed.
function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

// apiserver pkg/endpoints/filters/impersonation.go buildImpersonationRequests
function buildRequests(headers: Record<string, string[] | undefined>): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = headers[USER]?.[0] ?? '';
  if (user !== '') {
    const sa = splitServiceAccountUsername(user);
    requests.push(
      sa ? request('ServiceAccount', sa.name, { namespace: sa.namespace }) : request('User', user),
    );
  }
  // Each header line is one group: a value "a,b" is a single group named "a,b", as in kube.
  const groups = headers[GROUP] ?? [];
  for (const group of groups) requests.push(request('Group', group));

  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    const lower = header.toLowerCase();
    if (!lower.startsWith(EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(lower.slice(EXTRA_PREFIX.length));
    for (const value of values ?? []) {
      requests.push(
        request('UserExtra', value, { apiVersion: 'authentication.k8s.io/v1', fieldPath: key }),
      );
    }
  }

  const uid = headers[UID]?.[0] ?? '';
  if (uid !== '') requests.push(request('UID', uid, { apiVersion: 'authentication.k8s.io/v1' }));

  if ((groups.length > 0 || hasExtra || uid !== '') && user === '') {
    // The real filter answers with a text/plain 500 via responsewriters.InternalError.
    throw new StatusError(
      500,
      'InternalError',
      `requested [${requests.map(formatRequest).join(' ')}] without impersonating a user`,
    );
  }
  return requests;
}

function attributesFor(requester: UserInfo, r: ImpersonationRequest): RequestAttributes {
  const base = {
    user: requester,
    verb: 'impersonate',
    resourceRequest: true,
    name: r.name,
    namespace: r.namespace,
  };
  switch (r.kind) {
    case 'ServiceAccount':
      return { ...base, apiGroup: '', resource: 'serviceaccounts' };
    case 'User':
      return { ...base, apiGroup: '', resource: 'users' };
    case 'Group':
      return { ...base, apiGroup: '', resource: 'groups' };
    case 'UserExtra':
      return {
        ...base,
        apiGroup: 'authentication.k8s.io',
        apiVersion: 'v1',
        resource: 'userextras',
        subresource: r.fieldPath,
      };
    case 'UID':
      return { ...base, apiGroup: 'authentication.k8s.io', apiVersion: 'v1', resource: 'uids' };
  }
}

/**
 * The identity a request acts as. `headers` is Node's `req.headersDistinct` (lower-case names,
 * repeated lines kept apart). Without impersonation headers the requester comes back unchanged.
 * Throws StatusError 500 for groups/extra/uid without a user, 403 when an item is not allowed.
 *
 * Groups follow kube: Impersonate-Group values replace the requester's groups; a service account
 * without Impersonate-Group gets `system:serviceaccounts[:ns]`; `system:authenticated` is added
 * unless it or `system:unauthenticated` is there (anonymous gets `system:unauthenticated`).
 */
export function impersonate(
  requester: UserInfo,
  headers: Record<string, string[] | undefined>,
  rbac: RbacSnapshot,
): UserInfo {
  const requests = buildRequests(headers);
  if (requests.length === 0) return requester;

  const groupsSpecified = (headers[GROUP] ?? []).length > 0;
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    const attrs = attributesFor(requester, r);
    switch (r.kind) {
      case 'ServiceAccount':
        username = `system:serviceaccount:${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = serviceAccountGroups(r.namespace);
        break;
      case 'User':
        username = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UserExtra':
        (extra[r.fieldPath] ??= []).push(r.name);
        break;
      case 'UID':
        uid = r.name;
        break;
    }
    const decision = authorize(attrs, rbac);
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  }

  if (username !== ANONYMOUS) {
    if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) {
      groups.push(AUTHENTICATED);
    }
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups.push(UNAUTHENTICATED);
  }

  const user: UserInfo = { username, groups };
  if (uid !== '') user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}
