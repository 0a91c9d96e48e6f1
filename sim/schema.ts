// Known-field trees for the served kinds: the unknown fields `fieldValidation=Strict|Warn` reports.
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { StatusError } from './types';

/**
 * `A` accepts anything (scalars, free-key maps, subtrees not modelled); an object lists its known
 * fields; a one-element array is a list of that node. Unmodelled means accepted: a false "unknown
 * field" would break a valid apply, a missed one only loses a warning.
 */
type Node = typeof A | Fields | readonly [Node];
interface Fields {
  readonly [field: string]: Node;
}

const A = 'any' as const;

const fields = (names: string): Fields =>
  Object.fromEntries(
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, A]),
  );

const OWNER_REFERENCE = fields('apiVersion kind name uid controller blockOwnerDeletion');

const OBJECT_META: Fields = {
  ...fields(
    'name generateName namespace selfLink uid resourceVersion generation creationTimestamp ' +
      'deletionTimestamp deletionGracePeriodSeconds labels annotations finalizers managedFields',
  ),
  ownerReferences: [OWNER_REFERENCE],
};

const LABEL_SELECTOR: Fields = {
  matchLabels: A,
  matchExpressions: [fields('key operator values')],
};

const HTTP_GET: Fields = {
  ...fields('path port host scheme'),
  httpHeaders: [fields('name value')],
};

const HANDLER: Fields = {
  exec: fields('command'),
  httpGet: HTTP_GET,
  tcpSocket: fields('port host'),
  sleep: fields('seconds'),
};

const PROBE: Fields = {
  ...HANDLER,
  grpc: fields('port service'),
  ...fields(
    'initialDelaySeconds timeoutSeconds periodSeconds successThreshold failureThreshold ' +
      'terminationGracePeriodSeconds',
  ),
};

const KEY_REF = fields('name key optional');

const ENV_VAR: Fields = {
  name: A,
  value: A,
  valueFrom: {
    fieldRef: fields('apiVersion fieldPath'),
    resourceFieldRef: fields('containerName resource divisor'),
    configMapKeyRef: KEY_REF,
    secretKeyRef: KEY_REF,
  },
};

const CONTAINER: Fields = {
  ...fields(
    'args command image imagePullPolicy name resizePolicy restartPolicy securityContext stdin ' +
      'stdinOnce terminationMessagePath terminationMessagePolicy tty volumeDevices workingDir',
  ),
  env: [ENV_VAR],
  envFrom: [
    { prefix: A, configMapRef: fields('name optional'), secretRef: fields('name optional') },
  ],
  lifecycle: { postStart: HANDLER, preStop: HANDLER, stopSignal: A },
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  ports: [fields('containerPort hostIP hostPort name protocol')],
  resources: fields('limits requests claims'),
  volumeMounts: [
    fields('mountPath mountPropagation name readOnly recursiveReadOnly subPath subPathExpr'),
  ],
};

const KEY_TO_PATH = fields('key path mode');

const VOLUME: Fields = {
  ...fields(
    'name awsElasticBlockStore azureDisk azureFile cephfs cinder csi ephemeral fc flexVolume ' +
      'flocker gcePersistentDisk gitRepo glusterfs image iscsi nfs photonPersistentDisk ' +
      'portworxVolume projected quobyte rbd scaleIO storageos vsphereVolume downwardAPI',
  ),
  configMap: { ...fields('name defaultMode optional'), items: [KEY_TO_PATH] },
  secret: { ...fields('secretName defaultMode optional'), items: [KEY_TO_PATH] },
  emptyDir: fields('medium sizeLimit'),
  hostPath: fields('path type'),
  persistentVolumeClaim: fields('claimName readOnly'),
};

const POD_SPEC: Fields = {
  ...fields(
    'activeDeadlineSeconds affinity automountServiceAccountToken dnsConfig dnsPolicy ' +
      'enableServiceLinks ephemeralContainers hostAliases hostIPC hostNetwork hostPID hostUsers ' +
      'hostname imagePullSecrets nodeName nodeSelector os overhead preemptionPolicy priority ' +
      'priorityClassName readinessGates resourceClaims resources restartPolicy runtimeClassName ' +
      'schedulerName schedulingGates securityContext serviceAccount serviceAccountName ' +
      'setHostnameAsFQDN shareProcessNamespace subdomain terminationGracePeriodSeconds ' +
      'topologySpreadConstraints',
  ),
  containers: [CONTAINER],
  initContainers: [CONTAINER],
  tolerations: [fields('key operator value effect tolerationSeconds')],
  volumes: [VOLUME],
};

const POD_TEMPLATE: Fields = { metadata: OBJECT_META, spec: POD_SPEC };

const CONDITIONS = A;

const DEPLOYMENT_SPEC: Fields = {
  ...fields('replicas minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds'),
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE,
  strategy: { type: A, rollingUpdate: fields('maxUnavailable maxSurge') },
};

const DEPLOYMENT_STATUS: Fields = {
  ...fields(
    'observedGeneration replicas updatedReplicas readyReplicas availableReplicas ' +
      'unavailableReplicas terminatingReplicas collisionCount',
  ),
  conditions: CONDITIONS,
};

const REPLICA_SET_SPEC: Fields = {
  ...fields('replicas minReadySeconds'),
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE,
};

const REPLICA_SET_STATUS: Fields = {
  ...fields(
    'replicas fullyLabeledReplicas readyReplicas availableReplicas terminatingReplicas ' +
      'observedGeneration',
  ),
  conditions: CONDITIONS,
};

const STATEFUL_SET_SPEC: Fields = {
  ...fields(
    'replicas volumeClaimTemplates serviceName podManagementPolicy revisionHistoryLimit ' +
      'minReadySeconds',
  ),
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE,
  updateStrategy: { type: A, rollingUpdate: fields('partition maxUnavailable') },
  persistentVolumeClaimRetentionPolicy: fields('whenDeleted whenScaled'),
  ordinals: fields('start'),
};

const STATEFUL_SET_STATUS: Fields = {
  ...fields(
    'observedGeneration replicas readyReplicas currentReplicas updatedReplicas currentRevision ' +
      'updateRevision collisionCount availableReplicas',
  ),
  conditions: CONDITIONS,
};

const JOB_SPEC: Fields = {
  ...fields(
    'parallelism completions activeDeadlineSeconds podFailurePolicy successPolicy backoffLimit ' +
      'backoffLimitPerIndex maxFailedIndexes manualSelector ttlSecondsAfterFinished ' +
      'completionMode suspend podReplacementPolicy managedBy',
  ),
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE,
};

const JOB_STATUS: Fields = {
  ...fields(
    'startTime completionTime active succeeded failed terminating completedIndexes ' +
      'failedIndexes uncountedTerminatedPods ready',
  ),
  conditions: CONDITIONS,
};

const CRON_JOB_SPEC: Fields = {
  ...fields(
    'schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend ' +
      'successfulJobsHistoryLimit failedJobsHistoryLimit',
  ),
  jobTemplate: { metadata: OBJECT_META, spec: JOB_SPEC },
};

const SERVICE_SPEC: Fields = {
  ...fields(
    'selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP ' +
      'loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort ' +
      'publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy ' +
      'allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy trafficDistribution',
  ),
  ports: [fields('name protocol appProtocol port targetPort nodePort')],
};

const INGRESS_BACKEND: Fields = {
  service: { name: A, port: fields('name number') },
  resource: fields('apiGroup kind name'),
};

const INGRESS_SPEC: Fields = {
  ingressClassName: A,
  defaultBackend: INGRESS_BACKEND,
  tls: [fields('hosts secretName')],
  rules: [
    {
      host: A,
      http: { paths: [{ path: A, pathType: A, backend: INGRESS_BACKEND }] },
    },
  ],
};

const HPA_RULES: Fields = {
  ...fields('stabilizationWindowSeconds selectPolicy'),
  policies: [fields('type value periodSeconds')],
};

const HPA_SPEC: Fields = {
  scaleTargetRef: fields('apiVersion kind name'),
  ...fields('minReplicas maxReplicas'),
  metrics: [fields('type resource pods object external containerResource')],
  behavior: { scaleUp: HPA_RULES, scaleDown: HPA_RULES },
};

const HPA_STATUS: Fields = {
  ...fields('observedGeneration lastScaleTime currentReplicas desiredReplicas currentMetrics'),
  conditions: CONDITIONS,
};

const POLICY_RULE = fields('verbs apiGroups resources resourceNames nonResourceURLs');
const SUBJECT = fields('kind apiGroup name namespace');
const ROLE_REF = fields('apiGroup kind name');

/** Top-level fields besides apiVersion, kind and metadata, per kind. */
const KINDS: Record<string, Fields> = {
  Namespace: { spec: fields('finalizers'), status: fields('phase conditions') },
  Node: {
    spec: {
      ...fields('podCIDR podCIDRs providerID unschedulable configSource externalID'),
      taints: [fields('key value effect timeAdded')],
    },
    status: A,
  },
  Pod: { spec: POD_SPEC, status: A },
  Service: { spec: SERVICE_SPEC, status: fields('loadBalancer conditions') },
  Endpoints: fields('subsets'),
  ConfigMap: fields('data binaryData immutable'),
  Secret: fields('data stringData type immutable'),
  Event: {
    involvedObject: fields('kind namespace name uid apiVersion resourceVersion fieldPath'),
    source: fields('component host'),
    ...fields(
      'reason message firstTimestamp lastTimestamp count type eventTime series action related ' +
        'reportingComponent reportingInstance',
    ),
  },
  ResourceQuota: {
    spec: fields('hard scopes scopeSelector'),
    status: fields('hard used'),
  },
  LimitRange: {
    spec: {
      limits: [fields('type max min default defaultRequest maxLimitRequestRatio')],
    },
  },
  ServiceAccount: fields('secrets imagePullSecrets automountServiceAccountToken'),
  Deployment: { spec: DEPLOYMENT_SPEC, status: DEPLOYMENT_STATUS },
  ReplicaSet: { spec: REPLICA_SET_SPEC, status: REPLICA_SET_STATUS },
  StatefulSet: { spec: STATEFUL_SET_SPEC, status: STATEFUL_SET_STATUS },
  Job: { spec: JOB_SPEC, status: JOB_STATUS },
  CronJob: { spec: CRON_JOB_SPEC, status: fields('active lastScheduleTime lastSuccessfulTime') },
  Ingress: { spec: INGRESS_SPEC, status: fields('loadBalancer') },
  HorizontalPodAutoscaler: { spec: HPA_SPEC, status: HPA_STATUS },
  Role: { rules: [POLICY_RULE] },
  ClusterRole: {
    rules: [POLICY_RULE],
    aggregationRule: { clusterRoleSelectors: [LABEL_SELECTOR] },
  },
  RoleBinding: { subjects: [SUBJECT], roleRef: ROLE_REF },
  ClusterRoleBinding: { subjects: [SUBJECT], roleRef: ROLE_REF },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(node: Node, value: unknown, path: string, out: string[]): void {
  if (node === A) return;
  if (Array.isArray(node)) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(node[0], v, `${path}[${i}]`, out));
    return;
  }
  // A type mismatch is a decoding error of its own, not an unknown field.
  if (!isRecord(value)) return;
  const known = node as Fields;
  for (const [key, v] of Object.entries(value)) {
    const p = path ? `${path}.${key}` : key;
    if (Object.hasOwn(known, key)) walk(known[key]!, v, p, out);
    else out.push(p);
  }
}

/**
 * Paths of fields `obj` has that the kind does not, as kube prints them
 * (`spec.template.spec.containers[0].imagee`), in document order. Kinds not modelled here
 * report nothing.
 */
export function unknownFields(d: ResourceDescriptor, obj: unknown): string[] {
  const kind = KINDS[d.kind];
  if (!kind) return [];
  const out: string[] = [];
  walk({ apiVersion: A, kind: A, metadata: OBJECT_META, ...kind }, obj, '', out);
  return out;
}

/** 400 BadRequest `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingError(paths: string[]): StatusError {
  const list = paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(', ');
  return new StatusError(400, 'BadRequest', `strict decoding error: ${list}`);
}
