// The Kubernetes kinds Wharf and its simulator know, each listed once (CONVENTIONS "Descriptors in one place").

/** One served resource: enough to build URLs, discovery documents and RBAC checks. */
export interface ResourceDescriptor {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served under `<plural>/<name>/<sub>`, with the kind they answer with. */
  subresources?: SubresourceDescriptor[];
  /** Verbs on the collection and items; defaults to full CRUD + watch. */
  verbs?: string[];
  /** Only `create` makes sense (access reviews): no storage, no list. */
  createOnly?: boolean;
}

export interface SubresourceDescriptor {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list'];

const status = (group: string, version: string, kind: string): SubresourceDescriptor => ({
  name: 'status',
  group,
  version,
  kind,
  verbs: ['get', 'patch', 'update'],
});
const scale: SubresourceDescriptor = {
  name: 'scale',
  group: 'autoscaling',
  version: 'v1',
  kind: 'Scale',
  verbs: ['get', 'patch', 'update'],
};

function r(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceDescriptor> = {},
): ResourceDescriptor {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    ...extra,
  };
}

export const RESOURCES: readonly ResourceDescriptor[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    subresources: [status('', 'v1', 'Namespace')],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  r('', 'v1', 'Node', 'nodes', false, {
    shortNames: ['no'],
    subresources: [status('', 'v1', 'Node')],
  }),
  r('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      status('', 'v1', 'Pod'),
      { name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  }),
  r('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [status('', 'v1', 'Service')],
  }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { singular: 'endpoints', shortNames: ['ep'] }),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, {
    shortNames: ['quota'],
    subresources: [status('', 'v1', 'ResourceQuota')],
  }),
  r('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  r('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'Deployment'), scale],
  }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'ReplicaSet'), scale],
  }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'StatefulSet'), scale],
  }),
  r('batch', 'v1', 'Job', 'jobs', true, {
    categories: ['all'],
    subresources: [status('batch', 'v1', 'Job')],
  }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [status('batch', 'v1', 'CronJob')],
  }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    shortNames: ['ing'],
    subresources: [status('networking.k8s.io', 'v1', 'Ingress')],
  }),
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  }),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, {
    verbs: ['create'],
    createOnly: true,
  }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, {
    verbs: ['create'],
    createOnly: true,
  }),
  r('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, {
    verbs: ['create'],
    createOnly: true,
  }),
  r('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, {
    verbs: ['create'],
    createOnly: true,
  }),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, {
    verbs: ['create'],
    createOnly: true,
  }),
  r('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, { verbs: READ }),
  r('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, { verbs: READ }),
];

/** `apps/v1`, or `v1` for the core group. */
export function groupVersion(d: Pick<ResourceDescriptor, 'group' | 'version'>): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

export function verbsOf(d: ResourceDescriptor): string[] {
  return d.verbs ?? CRUD;
}

/** The descriptor for a group + plural (version ignored: each group is served at one version). */
export function findResource(group: string, plural: string): ResourceDescriptor | undefined {
  return RESOURCES.find((d) => d.group === group && d.plural === plural);
}

export function findKind(apiVersion: string, kind: string): ResourceDescriptor | undefined {
  return RESOURCES.find((d) => groupVersion(d) === apiVersion && d.kind === kind);
}

/** `deployments.apps`, `pods`: how kube-apiserver names a resource in messages. */
export function qualifiedResource(d: Pick<ResourceDescriptor, 'group' | 'plural'>): string {
  return d.group ? `${d.plural}.${d.group}` : d.plural;
}
