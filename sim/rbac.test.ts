import { describe, expect, it } from 'vitest';
import { bootstrapRbacObjects } from './bootstrap-rbac';
import {
  aggregateClusterRoles,
  authorize,
  forbiddenError,
  forbiddenMessage,
  rulesFor,
  serviceAccountUser,
  splitServiceAccountUsername,
} from './rbac';
import type { RbacSnapshot } from './rbac';
import type { KubeObject, PolicyRule, RequestAttributes, UserInfo } from './types';

const RBAC = 'rbac.authorization.k8s.io';

function snapshot(objects: KubeObject[]): RbacSnapshot {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    clusterRoles: of('ClusterRole'),
    clusterRoleBindings: of('ClusterRoleBinding'),
    roles: (ns) => of('Role').filter((o) => o.metadata.namespace === ns),
    roleBindings: (ns) => of('RoleBinding').filter((o) => o.metadata.namespace === ns),
  };
}

function roleBinding(
  ns: string,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: { kind: string; name: string; namespace?: string }[],
): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: RBAC, ...roleRef },
    subjects,
  };
}

function role(ns: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules };
}

const alice: UserInfo = { username: 'alice', groups: ['team-a', 'system:authenticated'] };
const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
const deployer = serviceAccountUser('ai-test', 'deployer');

const objects: KubeObject[] = [
  ...bootstrapRbacObjects(),
  // alice's rights come only from her group.
  roleBinding('ai-test', 'team-a-edit', { kind: 'ClusterRole', name: 'edit' }, [
    { kind: 'Group', name: 'team-a' },
  ]),
  roleBinding('ai-test', 'bob-view', { kind: 'ClusterRole', name: 'view' }, [
    { kind: 'User', name: 'bob' },
  ]),
  // A ServiceAccount subject without a namespace means the binding's namespace.
  roleBinding('ai-test', 'deployer', { kind: 'Role', name: 'deployer' }, [
    { kind: 'ServiceAccount', name: 'deployer' },
  ]),
  role('ai-test', 'deployer', [
    {
      verbs: ['get', 'update', 'patch'],
      apiGroups: ['apps'],
      resources: ['deployments', '*/scale'],
    },
    {
      verbs: ['get', 'update'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app-config'],
    },
  ]),
  roleBinding('ai-test', 'dangling', { kind: 'Role', name: 'gone' }, [
    { kind: 'User', name: 'carol' },
  ]),
];
const rbac = snapshot(objects);

function req(
  user: UserInfo,
  verb: string,
  resource: string,
  extra: Partial<RequestAttributes> = {},
) {
  const [res, sub] = resource.split('/');
  const attrs: RequestAttributes = {
    user,
    verb,
    resourceRequest: true,
    apiGroup: '',
    resource: res,
    ...extra,
  };
  if (sub) attrs.subresource = sub;
  return attrs;
}

describe('authorize', () => {
  it('allows through a Group subject of a RoleBinding to a ClusterRole, with the real reason', () => {
    expect(
      authorize(req(alice, 'get', 'pods', { namespace: 'ai-test', name: 'web-1' }), rbac),
    ).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "team-a-edit/ai-test" of ClusterRole "edit" to Group "team-a"',
    });
  });

  it('does not leak a RoleBinding into another namespace or the cluster scope', () => {
    expect(authorize(req(alice, 'get', 'pods', { namespace: 'default', name: 'x' }), rbac)).toEqual(
      {
        allowed: false,
        reason: '',
      },
    );
    expect(authorize(req(alice, 'list', 'pods'), rbac).allowed).toBe(false);
  });

  it('gives the group nothing once the user leaves it', () => {
    const former: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
    expect(authorize(req(former, 'get', 'pods', { namespace: 'ai-test' }), rbac).allowed).toBe(
      false,
    );
  });

  it('keeps secrets and exec out of view but in edit', () => {
    const ns = { namespace: 'ai-test', name: 'p' };
    expect(authorize(req(bob, 'get', 'pods/log', ns), rbac).allowed).toBe(true);
    expect(authorize(req(bob, 'get', 'secrets', ns), rbac).allowed).toBe(false);
    expect(authorize(req(bob, 'create', 'pods/exec', ns), rbac).allowed).toBe(false);
    expect(authorize(req(bob, 'delete', 'pods', ns), rbac).allowed).toBe(false);
    expect(authorize(req(alice, 'get', 'secrets', ns), rbac).allowed).toBe(true);
    expect(authorize(req(alice, 'create', 'pods/exec', ns), rbac).allowed).toBe(true);
    expect(authorize(req(alice, 'get', 'pods/exec', ns), rbac).allowed).toBe(true);
    expect(
      authorize(req(alice, 'create', 'rolebindings', { ...ns, apiGroup: RBAC }), rbac).allowed,
    ).toBe(false);
  });

  it('matches a ServiceAccount subject by its username and describes it as name/namespace', () => {
    const d = authorize(
      req(deployer, 'patch', 'deployments', {
        apiGroup: 'apps',
        namespace: 'ai-test',
        name: 'web',
      }),
      rbac,
    );
    expect(d).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "deployer/ai-test" of Role "deployer" to ServiceAccount "deployer/ai-test"',
    });
    const twin = serviceAccountUser('default', 'deployer');
    expect(
      authorize(req(twin, 'patch', 'deployments', { apiGroup: 'apps', namespace: 'ai-test' }), rbac)
        .allowed,
    ).toBe(false);
  });

  it('matches */scale but not other subresources or groups', () => {
    const at = { apiGroup: 'apps', namespace: 'ai-test', name: 'web' };
    expect(authorize(req(deployer, 'update', 'statefulsets/scale', at), rbac).allowed).toBe(true);
    expect(authorize(req(deployer, 'update', 'deployments/status', at), rbac).allowed).toBe(false);
    expect(authorize(req(deployer, 'update', 'statefulsets', at), rbac).allowed).toBe(false);
    expect(
      authorize(req(deployer, 'get', 'deployments', { ...at, apiGroup: 'extensions' }), rbac)
        .allowed,
    ).toBe(false);
  });

  it('honours resourceNames only for a request that names the object', () => {
    const at = { namespace: 'ai-test' };
    expect(
      authorize(req(deployer, 'get', 'configmaps', { ...at, name: 'app-config' }), rbac).allowed,
    ).toBe(true);
    expect(
      authorize(req(deployer, 'get', 'configmaps', { ...at, name: 'other' }), rbac).allowed,
    ).toBe(false);
    expect(authorize(req(deployer, 'list', 'configmaps', at), rbac).allowed).toBe(false);
    expect(
      authorize(req(deployer, 'update', 'configmaps', { ...at, name: '' }), rbac).allowed,
    ).toBe(false);
  });

  it('allows everything to system:masters via cluster-admin, paths included', () => {
    const root: UserInfo = {
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
    };
    expect(authorize(req(root, 'deletecollection', 'nodes'), rbac)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    });
    expect(
      authorize({ user: root, verb: 'post', resourceRequest: false, path: '/anything' }, rbac)
        .allowed,
    ).toBe(true);
  });

  it('matches non-resource URLs exactly or by a trailing *', () => {
    const path = (p: string): RequestAttributes => ({
      user: bob,
      verb: 'get',
      resourceRequest: false,
      path: p,
    });
    expect(authorize(path('/apis/apps/v1'), rbac)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
    expect(authorize(path('/api'), rbac).allowed).toBe(true);
    expect(authorize(path('/metrics'), rbac).allowed).toBe(false);
    expect(authorize({ ...path('/api'), verb: 'post' }, rbac).allowed).toBe(false);
    const anon: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    expect(authorize({ ...path('/version'), user: anon }, rbac).allowed).toBe(true);
    expect(authorize({ ...path('/api'), user: anon }, rbac).allowed).toBe(false);
  });

  it('lets every authenticated user ask about itself', () => {
    const sar = req(bob, 'create', 'selfsubjectaccessreviews', {
      apiGroup: 'authorization.k8s.io',
    });
    expect(authorize(sar, rbac).allowed).toBe(true);
    expect(
      authorize({ ...sar, resource: 'selfsubjectreviews', apiGroup: 'authentication.k8s.io' }, rbac)
        .allowed,
    ).toBe(true);
    expect(authorize({ ...sar, resource: 'subjectaccessreviews' }, rbac).allowed).toBe(false);
  });

  it('reports a binding to a missing role as the deny reason, like real RBAC', () => {
    const carol: UserInfo = { username: 'carol', groups: [] };
    expect(authorize(req(carol, 'get', 'pods', { namespace: 'ai-test' }), rbac)).toEqual({
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it('never matches a ServiceAccount subject without namespace in a ClusterRoleBinding', () => {
    const crb: KubeObject = {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'broken' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer' }],
    };
    const r = snapshot([...objects, crb]);
    expect(authorize(req(deployer, 'delete', 'nodes', { name: 'n1' }), r).allowed).toBe(false);
  });

  it('tolerates malformed objects', () => {
    const junk: KubeObject[] = [
      { kind: 'ClusterRoleBinding', metadata: { name: 'x' }, subjects: 'nope', roleRef: null },
      { kind: 'ClusterRole', metadata: { name: 'y' }, rules: [null, { verbs: 'get' }] },
    ];
    expect(authorize(req(bob, 'get', 'pods'), snapshot(junk))).toEqual({
      allowed: false,
      reason: '',
    });
  });
});

describe('service account names', () => {
  it('splits valid names and rejects others', () => {
    expect(splitServiceAccountUsername('system:serviceaccount:ai-test:deployer')).toEqual({
      namespace: 'ai-test',
      name: 'deployer',
    });
    expect(splitServiceAccountUsername('system:serviceaccount:ai-test')).toBeUndefined();
    expect(splitServiceAccountUsername('system:serviceaccount:A:b')).toBeUndefined();
    expect(splitServiceAccountUsername('system:serviceaccount:a:b:c')).toBeUndefined();
    expect(splitServiceAccountUsername('alice')).toBeUndefined();
  });

  it('builds the identity a token authenticates as', () => {
    expect(deployer).toEqual({
      username: 'system:serviceaccount:ai-test:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ai-test', 'system:authenticated'],
    });
  });
});

describe('forbiddenMessage / forbiddenError', () => {
  it('names the object, the resource, the group and the namespace', () => {
    expect(forbiddenMessage(req(alice, 'get', 'pods', { namespace: 'default', name: 'x' }))).toBe(
      'pods "x" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('leaves the name out of a list', () => {
    expect(forbiddenMessage(req(alice, 'list', 'pods', { namespace: 'default' }))).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('shows subresources in the resource but not in the qualified prefix', () => {
    expect(
      forbiddenMessage(req(bob, 'get', 'pods/log', { namespace: 'ai-test', name: 'web-1' })),
    ).toBe(
      'pods "web-1" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "ai-test"',
    );
  });

  it('qualifies grouped resources and reports the cluster scope', () => {
    expect(
      forbiddenMessage(
        req(bob, 'delete', 'deployments', { apiGroup: 'apps', namespace: 'ai-test', name: 'web' }),
      ),
    ).toBe(
      'deployments.apps "web" is forbidden: User "bob" cannot delete resource "deployments" in API group "apps" in the namespace "ai-test"',
    );
    expect(forbiddenMessage(req(bob, 'list', 'namespaces'))).toBe(
      'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it('formats non-resource denials and appends a reason', () => {
    expect(forbiddenMessage({ user: bob, verb: 'get', resourceRequest: false, path: '/foo' })).toBe(
      'forbidden: User "bob" cannot get path "/foo"',
    );
    expect(
      forbiddenMessage(
        req(bob, 'get', 'pods', { namespace: 'a' }),
        'RBAC: role.rbac.authorization.k8s.io "r" not found',
      ),
    ).toBe(
      'pods is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "a": RBAC: role.rbac.authorization.k8s.io "r" not found',
    );
  });

  it('escapes quotes and HTML-looking characters as the apiserver does', () => {
    const odd: UserInfo = { username: 'a"<b>', groups: [] };
    expect(forbiddenMessage({ user: odd, verb: 'get', resourceRequest: false, path: '/x' })).toBe(
      'forbidden: User "a\\"&lt;b&gt;" cannot get path "/x"',
    );
  });

  it('builds a 403 Status with details {name, group, kind}', () => {
    const e = forbiddenError(
      req(bob, 'get', 'deployments', { apiGroup: 'apps', namespace: 'n', name: 'web' }),
    );
    expect(e.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "n"',
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403,
    });
    expect(forbiddenError(req(bob, 'list', 'pods')).details).toEqual({ kind: 'pods' });
    expect(
      forbiddenError({ user: bob, verb: 'get', resourceRequest: false, path: '/x' }).details,
    ).toEqual({});
  });
});

describe('rulesFor', () => {
  it('lists cluster-wide rules plus the namespace ones, split by kind', () => {
    const inNs = rulesFor(alice, 'ai-test', rbac);
    const outside = rulesFor(alice, 'default', rbac);
    const hasSecrets = (rs: PolicyRule[]) =>
      rs.some((r) => r.resources?.includes('secrets') && r.verbs.includes('create'));
    expect(hasSecrets(inNs.resourceRules)).toBe(true);
    expect(hasSecrets(outside.resourceRules)).toBe(false);
    expect(outside.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    expect(outside.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/api/*'))).toBe(true);
    expect(outside.resourceRules.every((r) => r.nonResourceURLs === undefined)).toBe(true);
    expect(inNs.evaluationError).toBeUndefined();
  });

  it('keeps resourceNames and reports dangling bindings as evaluationError', () => {
    expect(rulesFor(deployer, 'ai-test', rbac).resourceRules).toContainEqual({
      verbs: ['get', 'update'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app-config'],
    });
    expect(rulesFor({ username: 'carol', groups: [] }, 'ai-test', rbac)).toEqual({
      resourceRules: [],
      nonResourceRules: [],
      evaluationError: 'role.rbac.authorization.k8s.io "gone" not found',
    });
  });
});

describe('aggregateClusterRoles', () => {
  const clusterRole = (
    name: string,
    labels: Record<string, string>,
    rules: PolicyRule[],
    aggregationRule?: unknown,
  ): KubeObject => ({
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules,
    ...(aggregationRule ? { aggregationRule } : {}),
  });
  const sel = (target: string) => ({
    clusterRoleSelectors: [
      { matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${target}`]: 'true' } },
    ],
  });
  const to = (target: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${target}`]: 'true' });
  const read = (resources: string[]): PolicyRule => ({
    verbs: ['get'],
    apiGroups: [''],
    resources,
  });

  it('fills chained aggregated roles to a fixed point, in name order, without duplicates', () => {
    const roles = [
      clusterRole('admin', {}, [], sel('admin')),
      clusterRole('edit', to('admin'), [], sel('edit')),
      clusterRole('view', to('edit'), [], sel('view')),
      clusterRole('z-view', to('view'), [read(['widgets'])]),
      clusterRole('a-view', to('view'), [read(['pods']), read(['widgets'])]),
      clusterRole('edit-extra', to('edit'), [
        { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
      ]),
    ];
    const out = aggregateClusterRoles(roles);
    const byName = Object.fromEntries(out.map((r) => [r.metadata.name, r.rules]));
    expect(Object.keys(byName)).toEqual(['admin', 'edit', 'view']);
    expect(byName.view).toEqual([read(['pods']), read(['widgets'])]);
    expect(byName.edit).toEqual([
      { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
      read(['pods']),
      read(['widgets']),
    ]);
    expect(byName.admin).toEqual(byName.edit);
    // Inputs stay untouched: the store writes the returned copies.
    expect(roles[0]!.rules).toEqual([]);
  });

  it('returns nothing when the roles already agree', () => {
    const roles = [
      clusterRole('view', {}, [read(['pods'])], sel('view')),
      clusterRole('v', to('view'), [read(['pods'])]),
    ];
    expect(aggregateClusterRoles(roles)).toEqual([]);
  });

  it('drops rules whose source role lost its label', () => {
    const roles = [
      clusterRole('view', {}, [read(['pods'])], sel('view')),
      clusterRole('v', {}, [read(['pods'])]),
    ];
    expect(aggregateClusterRoles(roles)).toEqual([{ ...roles[0], rules: [] }]);
  });

  it('supports matchExpressions and several selectors', () => {
    const agg = {
      clusterRoleSelectors: [
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] },
        {
          matchLabels: { extra: 'yes' },
          matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }],
        },
      ],
    };
    const roles = [
      clusterRole('combined', {}, [], agg),
      clusterRole('g', { tier: 'gold' }, [read(['a'])]),
      clusterRole('b', { tier: 'bronze' }, [read(['b'])]),
      clusterRole('e', { extra: 'yes' }, [read(['e'])]),
      clusterRole('s', { extra: 'yes', skip: '' }, [read(['s'])]),
    ];
    expect(aggregateClusterRoles(roles)[0]!.rules).toEqual([read(['a']), read(['e'])]);
  });

  it('leaves a role with an invalid selector operator alone', () => {
    const agg = { clusterRoleSelectors: [{ matchExpressions: [{ key: 'k', operator: 'Like' }] }] };
    const roles = [
      clusterRole('bad', {}, [read(['x'])], agg),
      clusterRole('k', { k: 'v' }, [read(['k'])]),
    ];
    expect(aggregateClusterRoles(roles)).toEqual([]);
  });

  it('reproduces the bootstrap admin/edit/view from empty rules', () => {
    const fresh = bootstrapRbacObjects().filter((o) => o.kind === 'ClusterRole');
    const emptied = fresh.map((r) => (r.aggregationRule ? { ...r, rules: [] } : r));
    const out = aggregateClusterRoles(emptied);
    expect(out.map((r) => r.metadata.name).sort()).toEqual(['admin', 'edit', 'view']);
    for (const r of out)
      expect(r.rules).toEqual(fresh.find((f) => f.metadata.name === r.metadata.name)!.rules);
  });
});
