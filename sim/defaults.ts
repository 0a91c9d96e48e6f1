// The fields kube-apiserver fills in on write (scheme defaulting plus the default admission plugins).
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { cloneJson } from './clone';
import type { KubeObject } from './types';

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The object at `o[key]`, created when absent (the copy is ours, so mutating it is fine). */
function child(o: Obj, key: string): Obj {
  const existing = rec(o[key]);
  if (existing) return existing;
  const created: Obj = {};
  o[key] = created;
  return created;
}

function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function objects(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(rec).filter((x): x is Obj => x !== undefined) : [];
}

// ---------------------------------------------------------------------------------------------
// PodSpec and containers (pkg/apis/core/v1/defaults.go).

/** `nginx`, `nginx:latest` → Always; `nginx:1.27`, `nginx@sha256:…` → IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? ref.slice(colon + 1) : at >= 0 ? '' : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: unknown): void {
  const http = rec(rec(h)?.httpGet);
  if (http) {
    setDefault(http, 'path', '/');
    setDefault(http, 'scheme', 'HTTP');
  }
}

function defaultProbe(p: unknown): void {
  const probe = rec(p);
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy)
    c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.resources === undefined) c.resources = {};
  for (const port of objects(c.ports)) setDefault(port, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  const lifecycle = rec(c.lifecycle);
  if (lifecycle) {
    defaultHandler(lifecycle.postStart);
    defaultHandler(lifecycle.preStop);
  }
  for (const env of objects(c.env)) {
    const fieldRef = rec(rec(env.valueFrom)?.fieldRef);
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
    const resourceRef = rec(rec(env.valueFrom)?.resourceFieldRef);
    if (resourceRef) setDefault(resourceRef, 'divisor', '0');
  }
}

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  for (const src of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = rec(v[src]);
    if (s) setDefault(s, 'defaultMode', 420);
  }
  const downward = rec(v.downwardAPI);
  for (const item of objects(downward?.items)) {
    const fieldRef = rec(item.fieldRef);
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  const hostPath = rec(v.hostPath);
  if (hostPath) setDefault(hostPath, 'type', '');
}

function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  for (const c of objects(spec.containers)) defaultContainer(c);
  for (const c of objects(spec.initContainers)) defaultContainer(c);
  for (const v of objects(spec.volumes)) defaultVolume(v);
}

function defaultPodTemplate(template: unknown): void {
  const t = rec(template);
  if (!t) return;
  child(t, 'metadata');
  defaultPodSpec(child(t, 'spec'));
}

/** Only real Pods get these; templates do not (SetDefaults_Pod and admission plugins). */
function defaultPod(pod: KubeObject): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  // ServiceAccount admission.
  setDefault(spec, 'serviceAccountName', 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  // Priority admission: the two built-in classes, else the global default of 0.
  const classPriority: Record<string, number> = {
    'system-cluster-critical': 2000000000,
    'system-node-critical': 2000001000,
  };
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (!className) setDefault(spec, 'priority', 0);
  else if (classPriority[className] !== undefined)
    setDefault(spec, 'priority', classPriority[className]);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  // DefaultTolerationSeconds admission adds these unless the pod already tolerates the taints.
  const tolerations = objects(spec.tolerations);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tolerations.some(
      (t) =>
        (t.key === key || t.key === undefined || t.key === '') &&
        (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'),
    );
    if (!has)
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  // A container with limits but no requests requests its limits.
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
    const resources = rec(c.resources);
    const limits = rec(resources?.limits);
    if (!resources || !limits) continue;
    const requests = child(resources, 'requests');
    for (const [k, v] of Object.entries(limits)) setDefault(requests, k, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go).

function defaultDeployment(spec: Obj): void {
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

function defaultStatefulSet(spec: Obj): void {
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    child(strategy, 'rollingUpdate');
  }
  const ru = rec(strategy.rollingUpdate);
  if (strategy.type === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  for (const pvc of objects(spec.volumeClaimTemplates)) {
    setDefault(pvc, 'apiVersion', 'v1');
    setDefault(pvc, 'kind', 'PersistentVolumeClaim');
    setDefault(child(pvc, 'spec'), 'volumeMode', 'Filesystem');
    setDefault(child(pvc, 'status'), 'phase', 'Pending');
  }
  defaultPodTemplate(spec.template);
}

/**
 * The Job registry generates the selector from the Job's uid unless `manualSelector` is true;
 * it needs the uid, so this runs only once the store has assigned one.
 */
function generateJobSelector(job: KubeObject, spec: Obj): void {
  const uid = job.metadata.uid;
  const name = job.metadata.name;
  if (spec.manualSelector === true || !uid || !name) return;
  if (!rec(spec.selector))
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = rec(spec.template);
  if (!template) return;
  const labels = child(child(template, 'metadata'), 'labels');
  setDefault(labels, 'batch.kubernetes.io/controller-uid', uid);
  setDefault(labels, 'batch.kubernetes.io/job-name', name);
  setDefault(labels, 'controller-uid', uid);
  setDefault(labels, 'job-name', name);
}

function defaultJob(job: KubeObject): void {
  const spec = child(job, 'spec');
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(
    spec,
    'podReplacementPolicy',
    spec.podFailurePolicy !== undefined ? 'Failed' : 'TerminatingOrFailed',
  );
  defaultPodTemplate(spec.template);
  generateJobSelector(job, spec);
  // Defaulting runs again on every read, so a Job without labels shows its template's.
  const templateLabels = rec(rec(rec(spec.template)?.metadata)?.labels);
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0)
    job.metadata.labels = { ...(templateLabels as Record<string, string>) };
}

function defaultCronJob(spec: Obj): void {
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = child(spec, 'jobTemplate');
  child(jobTemplate, 'metadata');
  defaultPodTemplate(rec(jobTemplate.spec)?.template);
}

// ---------------------------------------------------------------------------------------------
// Everything else.

function defaultService(spec: Obj): void {
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const config = child(spec, 'sessionAffinityConfig');
    setDefault(child(config, 'clientIP'), 'timeoutSeconds', 10800);
  }
  for (const port of objects(spec.ports)) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (spec.type === 'ExternalName') return;
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  // The IP allocator sets these with the clusterIP; the simulator is single-stack IPv4.
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
}

function defaultHPABehavior(rules: unknown, up: boolean): Obj {
  const r: Obj = rec(rules) ? { ...(rules as Obj) } : {};
  setDefault(r, 'stabilizationWindowSeconds', up ? 0 : 300);
  setDefault(r, 'selectPolicy', 'Max');
  if (!Array.isArray(r.policies) || r.policies.length === 0)
    r.policies = up
      ? [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ]
      : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return r;
}

function defaultHPA(spec: Obj): void {
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  const behavior = rec(spec.behavior);
  if (behavior) {
    behavior.scaleUp = defaultHPABehavior(behavior.scaleUp, true);
    behavior.scaleDown = defaultHPABehavior(behavior.scaleDown, false);
  }
}

function defaultLimitRange(spec: Obj): void {
  for (const item of objects(spec.limits)) {
    if (item.type !== 'Container') continue;
    const def: Obj = { ...(rec(item.default) ?? {}) };
    const defReq: Obj = { ...(rec(item.defaultRequest) ?? {}) };
    for (const [k, v] of Object.entries(rec(item.max) ?? {})) setDefault(def, k, v);
    for (const [k, v] of Object.entries(def)) setDefault(defReq, k, v);
    for (const [k, v] of Object.entries(rec(item.min) ?? {})) setDefault(defReq, k, v);
    if (Object.keys(def).length > 0) item.default = def;
    if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
  }
}

function defaultSubjects(subjects: unknown): void {
  for (const s of objects(subjects)) {
    if (s.apiGroup !== undefined) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
  }
}

/**
 * A copy of `obj` with what a real apiserver fills in before storing it, so `kubectl get -o yaml`
 * looks real. Idempotent. Not here: clusterIP allocation, names from generateName, uid,
 * timestamps, status (the store and controllers own those). Job selectors need `metadata.uid`.
 */
export function applyDefaults(d: ResourceDescriptor, obj: KubeObject): KubeObject {
  const out = cloneJson(obj);
  out.metadata ??= {};
  const spec = (): Obj => child(out, 'spec');
  switch (d.kind) {
    case 'Pod':
      defaultPod(out);
      break;
    case 'Deployment':
      defaultDeployment(spec());
      break;
    case 'ReplicaSet':
      setDefault(spec(), 'replicas', 1);
      defaultPodTemplate(spec().template);
      break;
    case 'StatefulSet':
      defaultStatefulSet(spec());
      break;
    case 'Job':
      defaultJob(out);
      break;
    case 'CronJob':
      defaultCronJob(spec());
      break;
    case 'Service':
      defaultService(spec());
      break;
    case 'Secret':
      setDefault(out, 'type', 'Opaque');
      break;
    case 'Namespace': {
      const name = out.metadata.name;
      if (name)
        out.metadata.labels = { ...out.metadata.labels, 'kubernetes.io/metadata.name': name };
      setDefault(spec(), 'finalizers', ['kubernetes']);
      setDefault(child(out, 'status'), 'phase', 'Active');
      break;
    }
    case 'HorizontalPodAutoscaler':
      defaultHPA(spec());
      break;
    case 'LimitRange':
      defaultLimitRange(spec());
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      defaultSubjects(out.subjects);
      break;
    case 'Endpoints':
      for (const subset of objects(out.subsets))
        for (const port of objects(subset.ports)) setDefault(port, 'protocol', 'TCP');
      break;
  }
  return out;
}
