import { describe, expect, it } from 'vitest';
import { bootstrapRbacObjects } from './bootstrap-rbac';
import { impersonate } from './impersonation';
import type { RbacSnapshot } from './rbac';
import { StatusError } from './types';
import type { KubeObject, PolicyRule, UserInfo } from './types';

const RBAC = 'rbac.authorization.k8s.io';

function clusterGrant(name: string, username: string, rules: PolicyRule[]): KubeObject[] {
  return [
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name }, rules },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: username }],
    },
  ];
}

const objects: KubeObject[] = [
  ...bootstrapRbacObjects(),
  // bob may impersonate any user, group, uid and the `scopes` extra.
  ...clusterGrant('impersonator', 'bob', [
    { verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups'] },
    {
      verbs: ['impersonate'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['uids', 'userextras/scopes', 'userextras/acme.com/project'],
    },
  ]),
  // dora may impersonate only alice.
  ...clusterGrant('as-alice', 'dora', [
    { verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['alice'] },
  ]),
  // erin has `edit` in ai-test, which includes impersonating its service accounts.
  {
    kind: 'RoleBinding',
    metadata: { name: 'erin-edit', namespace: 'ai-test' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
    subjects: [{ kind: 'User', name: 'erin' }],
  },
];

const rbac: RbacSnapshot = {
  clusterRoles: objects.filter((o) => o.kind === 'ClusterRole'),
  clusterRoleBindings: objects.filter((o) => o.kind === 'ClusterRoleBinding'),
  roles: () => [],
  roleBindings: (ns) =>
    objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === ns),
};

const user = (username: string): UserInfo => ({ username, groups: ['system:authenticated'] });
const bob = user('bob');

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('impersonate', () => {
  it('returns the requester unchanged without impersonation headers', () => {
    expect(impersonate(bob, { accept: ['application/json'] }, rbac)).toBe(bob);
  });

  it('takes user, uid and each Impersonate-Group line (kubectl --as --as-group --as-uid)', () => {
    const headers = {
      'impersonate-user': ['alice'],
      'impersonate-group': ['devs', 'qa'],
      'impersonate-uid': ['u-1'],
    };
    expect(impersonate(bob, headers, rbac)).toEqual({
      username: 'alice',
      uid: 'u-1',
      groups: ['devs', 'qa', 'system:authenticated'],
    });
  });

  it('treats a comma-joined value as one group, as kube-apiserver does', () => {
    const headers = { 'impersonate-user': ['alice'], 'impersonate-group': ['devs,qa'] };
    expect(impersonate(bob, headers, rbac).groups).toEqual(['devs,qa', 'system:authenticated']);
  });

  it('collects extras under lower-cased, percent-unescaped keys', () => {
    const headers = {
      'impersonate-user': ['alice'],
      'impersonate-extra-scopes': ['openid', 'profile'],
      'impersonate-extra-acme.com%2fproject': ['p1'],
    };
    expect(impersonate(bob, headers, rbac)).toEqual({
      username: 'alice',
      groups: ['system:authenticated'],
      extra: { scopes: ['openid', 'profile'], 'acme.com/project': ['p1'] },
    });
  });

  it('does not add system:authenticated next to system:unauthenticated', () => {
    const headers = {
      'impersonate-user': ['alice'],
      'impersonate-group': ['system:unauthenticated'],
    };
    expect(impersonate(bob, headers, rbac).groups).toEqual(['system:unauthenticated']);
    const twice = { 'impersonate-user': ['alice'], 'impersonate-group': ['system:authenticated'] };
    expect(impersonate(bob, twice, rbac).groups).toEqual(['system:authenticated']);
  });

  it('gives system:anonymous the unauthenticated group', () => {
    expect(impersonate(bob, { 'impersonate-user': ['system:anonymous'] }, rbac)).toEqual({
      username: 'system:anonymous',
      groups: ['system:unauthenticated'],
    });
  });

  it('impersonates a service account with its groups, authorized in its namespace', () => {
    const headers = { 'impersonate-user': ['system:serviceaccount:ai-test:deployer'] };
    expect(impersonate(user('erin'), headers, rbac)).toEqual({
      username: 'system:serviceaccount:ai-test:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ai-test', 'system:authenticated'],
    });
    const elsewhere = { 'impersonate-user': ['system:serviceaccount:default:deployer'] };
    const e = thrown(() => impersonate(user('erin'), elsewhere, rbac));
    expect(e.code).toBe(403);
    expect(e.message).toBe(
      'serviceaccounts "deployer" is forbidden: User "erin" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "default"',
    );
  });

  it('uses only the given groups for a service account when Impersonate-Group is present', () => {
    const headers = {
      'impersonate-user': ['system:serviceaccount:ai-test:deployer'],
      'impersonate-group': ['devs'],
    };
    const admin: UserInfo = { username: 'root', groups: ['system:masters'] };
    expect(impersonate(admin, headers, rbac).groups).toEqual(['devs', 'system:authenticated']);
  });

  it('forbids users the requester may not impersonate, with kube message and details', () => {
    const e = thrown(() => impersonate(user('mallory'), { 'impersonate-user': ['alice'] }, rbac));
    expect(e.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'users "alice" is forbidden: User "mallory" cannot impersonate resource "users" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { name: 'alice', kind: 'users' },
      code: 403,
    });
  });

  it('honours resourceNames on impersonation rules', () => {
    const dora = user('dora');
    expect(impersonate(dora, { 'impersonate-user': ['alice'] }, rbac).username).toBe('alice');
    expect(thrown(() => impersonate(dora, { 'impersonate-user': ['root'] }, rbac)).code).toBe(403);
    // dora may be alice, but not alice in system:masters.
    const escalate = { 'impersonate-user': ['alice'], 'impersonate-group': ['system:masters'] };
    expect(thrown(() => impersonate(dora, escalate, rbac)).message).toBe(
      'groups "system:masters" is forbidden: User "dora" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });

  it('authorizes each extra key as userextras/<key> and uids in authentication.k8s.io', () => {
    const dora = user('dora');
    const e = thrown(() =>
      impersonate(bob, { 'impersonate-user': ['alice'], 'impersonate-extra-team': ['x'] }, rbac),
    );
    expect(e.message).toBe(
      'userextras.authentication.k8s.io "x" is forbidden: User "bob" cannot impersonate resource "userextras/team" in API group "authentication.k8s.io" at the cluster scope',
    );
    expect(e.details).toEqual({ name: 'x', group: 'authentication.k8s.io', kind: 'userextras' });
    const u = thrown(() =>
      impersonate(dora, { 'impersonate-user': ['alice'], 'impersonate-uid': ['u-9'] }, rbac),
    );
    expect(u.message).toBe(
      'uids.authentication.k8s.io "u-9" is forbidden: User "dora" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('rejects groups, extras or a uid without a user with the apiserver message', () => {
    const groups = thrown(() => impersonate(bob, { 'impersonate-group': ['devs', 'qa'] }, rbac));
    expect(groups.code).toBe(500);
    expect(groups.reason).toBe('InternalError');
    expect(groups.message).toBe(
      'requested [{Group  devs    } {Group  qa    }] without impersonating a user',
    );
    const extra = thrown(() => impersonate(bob, { 'impersonate-extra-scopes': ['read'] }, rbac));
    expect(extra.message).toBe(
      'requested [{UserExtra  read  authentication.k8s.io/v1  scopes}] without impersonating a user',
    );
    const uid = thrown(() => impersonate(bob, { 'impersonate-uid': ['u-1'] }, rbac));
    expect(uid.message).toBe(
      'requested [{UID  u-1  authentication.k8s.io/v1  }] without impersonating a user',
    );
  });

  it('ignores an empty Impersonate-User value like a missing one', () => {
    expect(impersonate(bob, { 'impersonate-user': [''] }, rbac)).toBe(bob);
  });
});
