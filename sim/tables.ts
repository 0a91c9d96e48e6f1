// Server-side Table printing (meta.k8s.io/v1 Table) for `kubectl get`, column for column as
// kube-apiserver 1.32 does in k/k pkg/printers/internalversion/printers.go.
import { age, humanDuration, parseTimestamp } from '../lib/format/duration';
import { podStatus } from '../lib/k8s/pod-status';
import { groupVersion, type ResourceDescriptor } from '../lib/k8s/resources';
import type { KubeObject } from './types';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumnDefinition {
  name: string;
  type: ColumnType;
  /** `name` marks the column kubectl treats as the object name; otherwise empty. */
  format: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True';
  reason: string;
  message: string;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object?: KubeObject;
}

export interface Table extends KubeObject {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableOptions {
  /** Milliseconds since the epoch; every Age/Last Seen/Duration is measured from it. */
  now: number;
  resourceVersion: string;
  continueToken?: string;
  /** `?includeObject=`; kube's default is Metadata. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** False for every watch event after the first (TableOptions.NoHeaders); default true. */
  includeColumnDefinitions?: boolean;
}

interface Printer {
  columns: TableColumnDefinition[];
  cells: (o: KubeObject, now: number) => TableCell[];
  conditions?: (o: KubeObject) => TableRowCondition[] | undefined;
}

/**
 * Renders `objects` (all of `descriptor`'s kind) as the Table kube-apiserver returns for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Cells are always the wide set: the
 * server prints with `Wide: true` and kubectl drops priority-1 columns unless `-o wide`.
 * Row objects share the input objects' metadata (no copy): serialise the result, don't mutate it.
 */
export function toTable(
  descriptor: ResourceDescriptor,
  objects: KubeObject[],
  opts: TableOptions,
): Table {
  const printer = printerFor(descriptor);
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((o): TableRow => {
    const row: TableRow = { cells: printer.cells(o, opts.now) };
    const conditions = printer.conditions?.(o);
    if (conditions) row.conditions = conditions;
    if (include === 'Metadata') {
      row.object = {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      };
    } else if (include === 'Object') {
      row.object = {
        ...o,
        apiVersion: o.apiVersion ?? groupVersion(descriptor),
        kind: o.kind ?? descriptor.kind,
      };
    }
    return row;
  });
  const metadata: Table['metadata'] = { resourceVersion: opts.resourceVersion };
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    // kube sends null here under NoHeaders; an empty list reads the same to kubectl and is safer
    // for typed clients.
    columnDefinitions: opts.includeColumnDefinitions === false ? [] : printer.columns,
    rows,
  };
}

/** The columns `toTable` would send for a resource (for callers that build rows elsewhere). */
export function columnDefinitions(descriptor: ResourceDescriptor): TableColumnDefinition[] {
  return printerFor(descriptor).columns;
}

// ---- reading untyped JSON ----

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
function int(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : fallback;
}
function at(o: unknown, ...keys: string[]): unknown {
  let cur = o;
  for (const k of keys) cur = rec(cur)[k];
  return cur;
}
function count(v: unknown): number {
  return Array.isArray(v) ? v.length : Object.keys(rec(v)).length;
}
/** resource.Quantity.String(); a missing quantity is the zero Quantity, `0`. */
function quantity(v: unknown): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '0';
}
/** A `*resource.Quantity` that Go would print through a nil pointer. */
function quantityPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : quantity(v);
}

// ---- shared formatting (printers.go helpers) ----

const NAME_DESC =
  'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESC =
  'CreationTimestamp is a timestamp representing the server time when this object was created.';

function col(
  name: string,
  type: ColumnType,
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}
const NAME = col('Name', 'string', NAME_DESC, 0, 'name');
const AGE = col('Age', 'string', AGE_DESC);
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);

function name(o: KubeObject): string {
  return o.metadata.name ?? '';
}
function created(o: KubeObject, now: number): string {
  return age(o.metadata.creationTimestamp, now);
}

/** `layoutContainerCells`: names and images, comma-joined. */
function containerCells(podSpec: unknown): [string, string] {
  const cs = list(at(podSpec, 'containers')).map(rec);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

/** labels.Set.String / FormatLabels: `a=b,c=d` sorted by key, `<none>` when empty. */
function formatLabels(labels: unknown): string {
  const entries = Object.entries(rec(labels))
    .map(([k, v]) => `${k}=${str(v)}`)
    .sort();
  return entries.length === 0 ? '<none>' : entries.join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(); undefined when the selector is invalid. */
function selectorString(sel: unknown): string | undefined {
  if (sel === undefined || sel === null) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(rec(at(sel, 'matchLabels')))) {
    reqs.push({ key: k, text: `${k}=${str(v)}` });
  }
  for (const e of list(at(sel, 'matchExpressions')).map(rec)) {
    const key = str(e.key);
    const values = list(e.values).map((v) => str(v));
    const sorted = [...values].sort().join(',');
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} in (${sorted})` });
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} notin (${sorted})` });
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
function formatLabelSelector(sel: unknown): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

function hasCondition(o: KubeObject, type: string, status = 'True'): boolean {
  const c = list(at(o, 'status', 'conditions'))
    .map(rec)
    .find((x) => x.type === type);
  return c !== undefined && c.status === status;
}

/** `net.JoinHostPort`: IPv6 hosts are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

// ---- per-kind printers ----

const POD_COLUMNS = [
  NAME,
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE,
  col('IP', 'string', 'IP address allocated to the pod.', 1),
  col('Node', 'string', 'NodeName is the node the pod is scheduled onto.', 1),
  col('Nominated Node', 'string', 'The node the scheduler nominated for preemption.', 1),
  col('Readiness Gates', 'string', 'Readiness gates that are true, of those specified.', 1),
];

// podStatus (printPod's STATUS, READY, RESTARTS) lives in lib so the console shows pods as kubectl does.
export { podStatus };

const podPrinter: Printer = {
  columns: POD_COLUMNS,
  cells: (pod, now) => {
    const { reason, ready, restarts } = podStatus(pod, now);
    const spec = rec(pod.spec);
    const status = rec(pod.status);
    const podIP = str(rec(list(status.podIPs)[0]).ip) || '<none>';
    const gates = list(spec.readinessGates).map(rec);
    let readinessGates = '<none>';
    if (gates.length > 0) {
      const conditions = list(status.conditions).map(rec);
      const trueCount = gates.filter(
        (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
      ).length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    return [
      name(pod),
      ready,
      reason,
      restarts,
      created(pod, now),
      podIP,
      str(spec.nodeName) || '<none>',
      str(status.nominatedNodeName) || '<none>',
      readinessGates,
    ];
  },
  conditions: (pod) => {
    const phase = at(pod, 'status', 'phase');
    if (phase === 'Succeeded') {
      return [completed('Succeeded', 'The pod has completed successfully.')];
    }
    if (phase === 'Failed') return [completed('Failed', 'The pod failed.')];
    return undefined;
  },
};

function completed(reason: string, message: string): TableRowCondition {
  return { type: 'Completed', status: 'True', reason, message };
}

const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    col(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', 'Label selector for pods.', 1),
  ],
  cells: (o, now) => {
    const [containers, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    const desired = int(at(o, 'spec', 'replicas'), 1);
    return [
      name(o),
      `${int(at(o, 'status', 'readyReplicas'))}/${desired}`,
      int(at(o, 'status', 'updatedReplicas')),
      int(at(o, 'status', 'availableReplicas')),
      created(o, now),
      containers,
      images,
      selectorString(at(o, 'spec', 'selector')) ?? '<invalid>',
    ];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    CONTAINERS,
    IMAGES,
    col(
      'Selector',
      'string',
      'Selector is a label query over pods that should match the replica count.',
      1,
    ),
  ],
  cells: (o, now) => {
    const [containers, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return [
      name(o),
      int(at(o, 'spec', 'replicas'), 1),
      int(at(o, 'status', 'replicas')),
      int(at(o, 'status', 'readyReplicas')),
      created(o, now),
      containers,
      images,
      formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

const statefulSetPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    AGE,
    CONTAINERS,
    IMAGES,
  ],
  cells: (o, now) => {
    const [containers, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return [
      name(o),
      `${int(at(o, 'status', 'readyReplicas'))}/${int(at(o, 'spec', 'replicas'), 1)}`,
      created(o, now),
      containers,
      images,
    ];
  },
};

const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col(
      'Current',
      'integer',
      'The number of nodes running at least one daemon pod and are supposed to.',
    ),
    col(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod.'),
    col(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    col(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', 'A label query over pods that are managed by the daemon set.', 1),
  ],
  cells: (o, now) => {
    const [containers, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return [
      name(o),
      int(at(o, 'status', 'desiredNumberScheduled')),
      int(at(o, 'status', 'currentNumberScheduled')),
      int(at(o, 'status', 'numberReady')),
      int(at(o, 'status', 'updatedNumberScheduled')),
      int(at(o, 'status', 'numberAvailable')),
      formatLabels(at(o, 'spec', 'template', 'spec', 'nodeSelector')),
      created(o, now),
      containers,
      images,
      formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

const jobPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells: (o, now) => {
    const succeeded = int(at(o, 'status', 'succeeded'));
    const completionsSpec = at(o, 'spec', 'completions');
    const parallelism = int(at(o, 'spec', 'parallelism'));
    let completions: string;
    if (typeof completionsSpec === 'number') completions = `${succeeded}/${int(completionsSpec)}`;
    else if (parallelism > 1) completions = `${succeeded}/1 of ${parallelism}`;
    else completions = `${succeeded}/1`;

    const start = parseTimestamp(at(o, 'status', 'startTime'));
    const end = parseTimestamp(at(o, 'status', 'completionTime'));
    let duration = '';
    if (start !== undefined) duration = humanDuration((end ?? now) - start);

    let status = 'Running';
    if (hasCondition(o, 'Complete')) status = 'Complete';
    else if (hasCondition(o, 'Failed')) status = 'Failed';
    else if (o.metadata.deletionTimestamp) status = 'Terminating';
    else if (hasCondition(o, 'Suspended')) status = 'Suspended';
    else if (hasCondition(o, 'FailureTarget')) status = 'FailureTarget';

    const [containers, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return [
      name(o),
      status,
      completions,
      duration,
      created(o, now),
      containers,
      images,
      formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

/** printBoolPtr. */
function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format.'),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'Whether subsequent executions are suspended.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells: (o, now) => {
    const last = at(o, 'status', 'lastScheduleTime');
    const jobSpec = at(o, 'spec', 'jobTemplate', 'spec');
    const [containers, images] = containerCells(at(jobSpec, 'template', 'spec'));
    return [
      name(o),
      str(at(o, 'spec', 'schedule')),
      str(at(o, 'spec', 'timeZone')) || '<none>',
      // v1 defaults suspend to false.
      boolPtr(at(o, 'spec', 'suspend') ?? false),
      list(at(o, 'status', 'active')).length,
      last === undefined || last === null ? '<none>' : age(last, now),
      created(o, now),
      containers,
      images,
      formatLabelSelector(at(jobSpec, 'selector')),
    ];
  },
};

/** loadBalancerStatusStringer with wide=true (the server never clips): unique IPs/hostnames. */
function loadBalancerIngress(lb: unknown): string {
  const set = new Set<string>();
  for (const i of list(at(lb, 'ingress')).map(rec)) {
    const v = str(i.ip) || str(i.hostname);
    if (v !== '') set.add(v);
  }
  return [...set].sort().join(',');
}

function serviceExternalIP(o: KubeObject): string {
  const type = str(at(o, 'spec', 'type'), 'ClusterIP');
  const externalIPs = list(at(o, 'spec', 'externalIPs')).map((v) => str(v));
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(at(o, 'status', 'loadBalancer'));
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(at(o, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP`, comma-joined. */
export function servicePorts(ports: unknown): string {
  return list(ports)
    .map(rec)
    .map((p) => {
      const protocol = str(p.protocol, 'TCP');
      const nodePort = int(p.nodePort);
      return nodePort > 0 ? `${int(p.port)}:${nodePort}/${protocol}` : `${int(p.port)}/${protocol}`;
    })
    .join(',');
}

const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
    col(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    col(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      1,
    ),
  ],
  cells: (o, now) => {
    const clusterIPs = list(at(o, 'spec', 'clusterIPs')).map((v) => str(v));
    const clusterIP = clusterIPs[0] || str(at(o, 'spec', 'clusterIP')) || '<none>';
    return [
      name(o),
      str(at(o, 'spec', 'type'), 'ClusterIP'),
      clusterIP,
      serviceExternalIP(o),
      servicePorts(at(o, 'spec', 'ports')) || '<none>',
      created(o, now),
      formatLabels(at(o, 'spec', 'selector')),
    ];
  },
};

/** formatEndpoints(endpoints, nil): up to three `ip:port`, then `+ N more...`. */
function formatEndpoints(o: KubeObject): string {
  const subsets = list(at(o, 'subsets')).map(rec);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const out: string[] = [];
  let more = false;
  let total = 0;
  for (const ss of subsets) {
    const addresses = list(ss.addresses).map(rec);
    const ports = list(ss.ports).map(rec);
    if (ports.length === 0) {
      // Headless services may have no ports.
      total += addresses.length;
      for (const a of addresses) {
        if (out.length === max) {
          more = true;
          break;
        }
        out.push(str(a.ip));
      }
      continue;
    }
    for (const p of ports) {
      total += addresses.length;
      for (const a of addresses) {
        if (out.length === max) {
          more = true;
          break;
        }
        out.push(joinHostPort(str(a.ip), int(p.port)));
      }
    }
  }
  const joined = out.join(',');
  return more ? `${joined} + ${total - max} more...` : joined;
}

const endpointsPrinter: Printer = {
  columns: [
    NAME,
    col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    AGE,
  ],
  cells: (o, now) => [name(o), formatEndpoints(o), created(o, now)],
};

const eventPrinter: Printer = {
  columns: [
    col(
      'Last Seen',
      'string',
      'The time at which the most recent occurrence of this event was recorded.',
    ),
    col(
      'Type',
      'string',
      'Type of this event (Normal, Warning), new types could be added in the future',
    ),
    col(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'The part of the object the event is about, e.g. a container.', 1),
    col('Source', 'string', 'The component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', NAME_DESC, 1, 'name'),
  ],
  cells: (o, now) => {
    const firstTs = at(o, 'firstTimestamp');
    const first =
      parseTimestamp(firstTs) === undefined ? age(at(o, 'eventTime'), now) : age(firstTs, now);
    const lastTs = at(o, 'lastTimestamp');
    let last = parseTimestamp(lastTs) === undefined ? first : age(lastTs, now);
    let n = int(o.count);
    const series = at(o, 'series');
    if (series !== undefined && series !== null) {
      last = age(at(series, 'lastObservedTime'), now);
      n = int(at(series, 'count'));
    } else if (n === 0) {
      // Singleton events don't have a count set in the new API.
      n = 1;
    }
    const kind = str(at(o, 'involvedObject', 'kind')).toLowerCase();
    const objName = str(at(o, 'involvedObject', 'name'));
    const component = str(at(o, 'source', 'component')) || str(o.reportingComponent);
    const host = str(at(o, 'source', 'host')) || str(o.reportingInstance);
    return [
      last,
      str(o.type),
      str(o.reason),
      objName ? `${kind}/${objName}` : kind,
      str(at(o, 'involvedObject', 'fieldPath')),
      host ? `${component}, ${host}` : component,
      str(o.message).trim(),
      first,
      n,
      name(o),
    ];
  },
};

const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [name(o), str(at(o, 'status', 'phase'), 'Active'), created(o, now)],
};

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(o: KubeObject, type: string): string {
  const a = list(at(o, 'status', 'addresses'))
    .map(rec)
    .find((x) => x.type === type);
  return a ? str(a.address) : '<none>';
}

const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release.', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r'.", 1),
    col(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API.',
      1,
    ),
  ],
  cells: (o, now) => {
    const ready = list(at(o, 'status', 'conditions'))
      .map(rec)
      .find((c) => c.type === 'Ready');
    const status: string[] = [];
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    else status.push('Unknown');
    if (at(o, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
    const info = at(o, 'status', 'nodeInfo');
    return [
      name(o),
      status.join(','),
      nodeRoles(o),
      created(o, now),
      str(at(info, 'kubeletVersion')),
      nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'),
      str(at(info, 'osImage')) || '<unknown>',
      str(at(info, 'kernelVersion')) || '<unknown>',
      str(at(info, 'containerRuntimeVersion')) || '<unknown>',
    ];
  },
};

/** printResourceQuota's Request and Limit cells: `key: used/hard`, keys sorted, `limits.*` apart. */
export function quotaCells(o: KubeObject): { request: string; limit: string } {
  const hard = rec(at(o, 'status', 'hard'));
  const used = rec(at(o, 'status', 'used'));
  const request: string[] = [];
  const limit: string[] = [];
  for (const key of Object.keys(hard).sort()) {
    const pieces = key.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${key}: ${quantity(used[key])}/${quantity(hard[key])}`);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

const resourceQuotaPrinter: Printer = {
  // 1.32 order; AGE moved to the end only in later releases.
  columns: [
    NAME,
    AGE,
    col(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    col(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells: (o, now) => {
    const { request, limit } = quotaCells(o);
    return [name(o), created(o, now), request, limit];
  },
};

const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
  cells: (o, now) => [name(o), count(o.data) + count(o.binaryData), created(o, now)],
};

const secretPrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'string', 'Data contains the secret data.'),
    AGE,
  ],
  cells: (o, now) => [name(o), str(o.type, 'Opaque'), count(o.data), created(o, now)],
};

const serviceAccountPrinter: Printer = {
  columns: [
    NAME,
    col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace.'),
    AGE,
  ],
  cells: (o, now) => [name(o), count(o.secrets), created(o, now)],
};

const ingressPrinter: Printer = {
  columns: [
    NAME,
    col(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    col(
      'Hosts',
      'string',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells: (o, now) => {
    const rules = list(at(o, 'spec', 'rules')).map(rec);
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && str(r.host) !== '') hosts.push(str(r.host));
    }
    let hostCell = hosts.length === 0 ? '*' : hosts.join(',');
    if (hosts.length > 0 && more) hostCell = `${hostCell} + ${rules.length - 3} more...`;
    return [
      name(o),
      str(at(o, 'spec', 'ingressClassName')) || '<none>',
      hostCell,
      loadBalancerIngress(at(o, 'status', 'loadBalancer')),
      list(at(o, 'spec', 'tls')).length > 0 ? '80, 443' : '80',
      created(o, now),
    ];
  },
};

function hpaMetrics(o: KubeObject): string {
  const specs = list(at(o, 'spec', 'metrics')).map(rec);
  if (specs.length === 0) return '<none>';
  const statuses = list(at(o, 'status', 'currentMetrics')).map(rec);
  const out = specs.map((spec, i) => {
    const st = statuses[i];
    const current = (field: string): Obj | undefined => {
      const v = st?.[field];
      return v === undefined || v === null ? undefined : rec(v);
    };
    const pct = (v: unknown): string | undefined => (typeof v === 'number' ? `${v}%` : undefined);
    switch (spec.type) {
      case 'External':
      case 'Object': {
        const field = spec.type === 'External' ? 'external' : 'object';
        const target = rec(at(spec, field, 'target'));
        const cur = current(field);
        if (target.averageValue !== undefined) {
          const c =
            cur && at(cur, 'current', 'averageValue') !== undefined
              ? quantity(at(cur, 'current', 'averageValue'))
              : '<unknown>';
          return `${c}/${quantity(target.averageValue)} (avg)`;
        }
        const c = cur ? quantityPtr(at(cur, 'current', 'value')) : '<unknown>';
        return `${c}/${quantityPtr(target.value)}`;
      }
      case 'Pods': {
        const cur = current('pods');
        const c = cur ? quantityPtr(at(cur, 'current', 'averageValue')) : '<unknown>';
        return `${c}/${quantityPtr(at(spec, 'pods', 'target', 'averageValue'))}`;
      }
      case 'Resource':
      case 'ContainerResource': {
        const field = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const res = rec(spec[field]);
        const target = rec(res.target);
        const cur = current(field);
        if (target.averageValue !== undefined) {
          const c = cur ? quantityPtr(at(cur, 'current', 'averageValue')) : '<unknown>';
          return `${str(res.name)}: ${c}/${quantity(target.averageValue)}`;
        }
        const c = (cur && pct(at(cur, 'current', 'averageUtilization'))) ?? '<unknown>';
        return `${str(res.name)}: ${c}/${pct(target.averageUtilization) ?? '<auto>'}`;
      }
      default:
        return '<unknown type>';
    }
  });
  const max = 2;
  if (out.length > max) return `${out.slice(0, max).join(', ')} + ${out.length - max} more...`;
  return out.join(', ');
}

const hpaPrinter: Printer = {
  columns: [
    NAME,
    col('Reference', 'string', 'The target resource to scale.'),
    col('Targets', 'string', 'The metrics used to calculate the desired replica count.'),
    col('MinPods', 'string', 'The lower limit for the number of replicas.'),
    col('MaxPods', 'string', 'The upper limit for the number of replicas.'),
    col('Replicas', 'string', 'Current number of replicas of pods managed by this autoscaler.'),
    AGE,
  ],
  cells: (o, now) => {
    const ref = rec(at(o, 'spec', 'scaleTargetRef'));
    const min = at(o, 'spec', 'minReplicas');
    return [
      name(o),
      `${str(ref.kind)}/${str(ref.name)}`,
      hpaMetrics(o),
      // autoscaling/v2 defaults minReplicas to 1.
      typeof min === 'number' ? String(int(min)) : '1',
      int(at(o, 'spec', 'maxReplicas')),
      int(at(o, 'status', 'currentReplicas')),
      created(o, now),
    ];
  },
};

/** rbac.SubjectsStrings joined as printRoleBinding does. */
function subjectCells(o: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of list(o.subjects).map(rec)) {
    if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: string): Printer {
  return {
    columns: [
      NAME,
      col(
        'Role',
        'string',
        `RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.`,
      ),
      AGE,
      col('Users', 'string', `Users in the ${what}`, 1),
      col('Groups', 'string', `Groups in the ${what}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    cells: (o, now) => [
      name(o),
      `${str(at(o, 'roleRef', 'kind'))}/${str(at(o, 'roleRef', 'name'))}`,
      created(o, now),
      ...subjectCells(o),
    ],
  };
}

/** rest.NewDefaultTableConvertor: built-in kinds without a printer (roles, limit ranges, …). */
const defaultPrinter: Printer = {
  columns: [NAME, col('Created At', 'date', AGE_DESC)],
  cells: (o) => {
    const t = parseTimestamp(o.metadata.creationTimestamp);
    // Go formats time.Time{}.UTC() with RFC3339 for unset timestamps.
    const iso = new Date(t ?? Date.parse('0001-01-01T00:00:00Z')).toISOString();
    return [name(o), iso.replace(/\.\d{3}Z$/, 'Z')];
  },
};

/** A CustomResourceDefinition without additionalPrinterColumns gets Name and a date Age. */
const customResourcePrinter: Printer = {
  columns: [NAME, col('Age', 'date', AGE_DESC)],
  cells: (o, now) => [name(o), created(o, now)],
};

const PRINTERS: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/Event': eventPrinter,
  '/Namespace': namespacePrinter,
  '/Node': nodePrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  'rbac.authorization.k8s.io/RoleBinding': bindingPrinter('roleBinding'),
  'rbac.authorization.k8s.io/ClusterRoleBinding': bindingPrinter('clusterRoleBinding'),
};

/** Groups served by kube-apiserver itself (custom resources can't use them). */
function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

function printerFor(d: ResourceDescriptor): Printer {
  return (
    PRINTERS[`${d.group}/${d.kind}`] ??
    (isBuiltInGroup(d.group) ? defaultPrinter : customResourcePrinter)
  );
}
