import { describe, expect, it } from 'vitest';
import { bootstrapRbacObjects } from './bootstrap-rbac';
import { aggregateClusterRoles, authorize } from './rbac';
import type { RbacSnapshot } from './rbac';
import type { KubeObject, RequestAttributes, UserInfo } from './types';

const objects = bootstrapRbacObjects();
const rbac: RbacSnapshot = {
  clusterRoles: objects.filter((o) => o.kind === 'ClusterRole'),
  clusterRoleBindings: objects.filter((o) => o.kind === 'ClusterRoleBinding'),
  roles: () => [],
  roleBindings: (ns) =>
    ns === 'team'
      ? ['admin', 'edit', 'view'].map((r): KubeObject => ({
          kind: 'RoleBinding',
          metadata: { name: r, namespace: 'team' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r },
          subjects: [{ kind: 'User', name: r }],
        }))
      : [],
};

const can = (
  username: string,
  verb: string,
  resource: string,
  apiGroup = '',
  name = 'x',
): boolean => {
  const [res, sub] = resource.split('/');
  const user: UserInfo = { username, groups: ['system:authenticated'] };
  const attrs: RequestAttributes = {
    user,
    verb,
    resourceRequest: true,
    apiGroup,
    resource: res,
    namespace: 'team',
    name,
  };
  if (sub) attrs.subresource = sub;
  return authorize(attrs, rbac).allowed;
};

describe('bootstrapRbacObjects', () => {
  it('labels every default object and gives names once', () => {
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    const defaults = objects.filter((o) => o.metadata.name !== 'system:aggregated-metrics-reader');
    for (const o of defaults)
      expect(o.metadata.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
    expect(names).toEqual(
      expect.arrayContaining([
        'ClusterRole/cluster-admin',
        'ClusterRole/admin',
        'ClusterRole/edit',
        'ClusterRole/view',
        'ClusterRole/system:basic-user',
        'ClusterRole/system:discovery',
        'ClusterRole/system:public-info-viewer',
        'ClusterRoleBinding/cluster-admin',
        'ClusterRoleBinding/system:basic-user',
        'ClusterRoleBinding/system:discovery',
        'ClusterRoleBinding/system:public-info-viewer',
      ]),
    );
  });

  it('ships admin/edit/view already aggregated', () => {
    expect(aggregateClusterRoles(rbac.clusterRoles)).toEqual([]);
    expect(
      rbac.clusterRoles.find((r) => r.metadata.name === 'view')?.aggregationRule,
    ).toBeDefined();
  });

  it('grants view reads but no secrets or exec', () => {
    for (const r of [
      'pods',
      'pods/log',
      'pods/status',
      'services',
      'configmaps',
      'events',
      'namespaces',
      'resourcequotas',
      'limitranges',
      'persistentvolumeclaims',
      'serviceaccounts',
      'endpoints',
      'replicationcontrollers',
    ]) {
      expect(can('view', 'list', r), r).toBe(true);
    }
    expect(can('view', 'watch', 'deployments', 'apps')).toBe(true);
    expect(can('view', 'get', 'deployments/scale', 'apps')).toBe(true);
    expect(can('view', 'get', 'jobs', 'batch')).toBe(true);
    expect(can('view', 'get', 'horizontalpodautoscalers', 'autoscaling')).toBe(true);
    expect(can('view', 'get', 'ingresses', 'networking.k8s.io')).toBe(true);
    expect(can('view', 'list', 'pods', 'metrics.k8s.io')).toBe(true);
    expect(can('view', 'get', 'secrets')).toBe(false);
    expect(can('view', 'get', 'pods/exec')).toBe(false);
    expect(can('view', 'create', 'pods/exec')).toBe(false);
    expect(can('view', 'update', 'deployments', 'apps')).toBe(false);
  });

  it('grants edit writes, exec/attach/portforward, secrets and SA impersonation', () => {
    for (const sub of ['exec', 'attach', 'portforward']) {
      expect(can('edit', 'create', `pods/${sub}`)).toBe(true);
      expect(can('edit', 'get', `pods/${sub}`)).toBe(true);
    }
    expect(can('edit', 'patch', 'deployments/scale', 'apps')).toBe(true);
    expect(can('edit', 'delete', 'secrets')).toBe(true);
    expect(can('edit', 'list', 'pods')).toBe(true);
    expect(can('edit', 'impersonate', 'serviceaccounts')).toBe(true);
    expect(can('edit', 'create', 'rolebindings', 'rbac.authorization.k8s.io')).toBe(false);
    expect(can('edit', 'update', 'resourcequotas')).toBe(false);
  });

  it('grants admin roles, rolebindings and local access reviews on top of edit', () => {
    expect(can('admin', 'create', 'rolebindings', 'rbac.authorization.k8s.io')).toBe(true);
    expect(can('admin', 'create', 'localsubjectaccessreviews', 'authorization.k8s.io')).toBe(true);
    expect(can('admin', 'create', 'pods/exec')).toBe(true);
    expect(can('admin', 'delete', 'nodes')).toBe(false);
  });
});
