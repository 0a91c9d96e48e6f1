import { describe, it, expect } from 'vitest';
import { RESOURCES, type ResourceDescriptor } from '../lib/k8s/resources';
import { columnDefinitions, podStatus, quotaCells, servicePorts, toTable } from './tables';
import type { KubeObject } from './types';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();
const MIN = 60_000;

function res(group: string, kind: string): ResourceDescriptor {
  const d = RESOURCES.find((r) => r.group === group && r.kind === kind);
  if (!d) throw new Error(`no descriptor for ${group}/${kind}`);
  return d;
}

const POD = res('', 'Pod');

function pod(status: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'default', creationTimestamp: ago(5 * MIN) },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status,
    ...extra,
  };
}

function row(d: ResourceDescriptor, o: KubeObject): (string | number | boolean)[] {
  const t = toTable(d, [o], { now: NOW, resourceVersion: '1' });
  const r = t.rows[0];
  if (!r) throw new Error('no row');
  return r.cells;
}

/** Cells by column name, so expectations read like `kubectl get -o wide`. */
function byName(d: ResourceDescriptor, o: KubeObject): Record<string, unknown> {
  const cells = row(d, o);
  return Object.fromEntries(columnDefinitions(d).map((c, i) => [c.name, cells[i]]));
}

describe('toTable envelope', () => {
  const objects = [pod({ phase: 'Running' }), pod({ phase: 'Pending' })];

  it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
    const t = toTable(POD, objects, { now: NOW, resourceVersion: '105', continueToken: 'abc' });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '105', continue: 'abc' });
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: objects[0]?.metadata,
    });
    expect(JSON.parse(JSON.stringify(t)).rows[0].object.metadata.namespace).toBe('default');
  });

  it('omits continue when there is none, and handles an empty list', () => {
    const t = toTable(POD, [], { now: NOW, resourceVersion: '7' });
    expect(t.metadata).toEqual({ resourceVersion: '7' });
    expect(t.rows).toEqual([]);
    expect(t.columnDefinitions.map((c) => c.name)).toContain('Ready');
  });

  it('includeObject=Object embeds the whole object with kind and apiVersion', () => {
    const bare: KubeObject = { metadata: { name: 'x' }, spec: {}, status: {} };
    const t = toTable(POD, [bare], { now: NOW, resourceVersion: '1', includeObject: 'Object' });
    expect(t.rows[0]?.object).toEqual({ ...bare, apiVersion: 'v1', kind: 'Pod' });
  });

  it('includeObject=None leaves the object out', () => {
    const t = toTable(POD, objects, { now: NOW, resourceVersion: '1', includeObject: 'None' });
    expect(t.rows[0]).not.toHaveProperty('object');
  });

  it('drops column definitions for watch events after the first', () => {
    const t = toTable(POD, objects, {
      now: NOW,
      resourceVersion: '1',
      includeColumnDefinitions: false,
    });
    expect(t.columnDefinitions).toEqual([]);
    expect(t.rows[0]?.cells).toHaveLength(9);
  });

  it('gives every row as many cells as there are columns, for every known resource', () => {
    for (const d of RESOURCES) {
      const t = toTable(d, [{ metadata: { name: 'n' } }], { now: NOW, resourceVersion: '1' });
      expect(t.rows[0]?.cells.length, `${d.group}/${d.kind}`).toBe(t.columnDefinitions.length);
      expect(t.columnDefinitions.filter((c) => c.format === 'name').length).toBe(1);
      for (const c of t.columnDefinitions) expect([0, 1]).toContain(c.priority);
    }
  });
});

describe('pods', () => {
  it('defines kube 1.32 pod columns', () => {
    expect(columnDefinitions(POD).map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });

  it('prints a running pod with wide cells', () => {
    const p = pod(
      {
        phase: 'Running',
        podIP: '10.0.0.5',
        podIPs: [{ ip: '10.0.0.5' }],
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'example.com/gate', status: 'True' },
        ],
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: ago(MIN) } },
          },
        ],
      },
      {
        spec: {
          nodeName: 'sim-node',
          containers: [{ name: 'app', image: 'nginx' }],
          readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other' }],
        },
      },
    );
    expect(row(POD, p)).toEqual([
      'p1',
      '1/1',
      'Running',
      '0',
      '5m',
      '10.0.0.5',
      'sim-node',
      '<none>',
      '1/2',
    ]);
  });

  it('shows CrashLoopBackOff with restarts and when the last one was', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(2 * MIN) } },
        },
      ],
    });
    expect(byName(POD, p)).toMatchObject({
      Ready: '0/1',
      Status: 'CrashLoopBackOff',
      Restarts: '3 (2m ago)',
    });
  });

  it('counts restarts over all containers and takes the latest restart time', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'a',
            ready: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(60 * MIN) } },
          },
          {
            name: 'b',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(150_000) } },
          },
        ],
      },
      { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
    );
    expect(byName(POD, p)).toMatchObject({
      Ready: '2/2',
      Status: 'Running',
      Restarts: '3 (2m30s ago)',
    });
  });

  it('prints a bare restart count when no termination time is known', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 4, state: { running: {} } }],
    });
    expect(byName(POD, p).Restarts).toBe('4');
  });

  it('shows ImagePullBackOff and ErrImagePull', () => {
    for (const reason of ['ImagePullBackOff', 'ErrImagePull']) {
      const p = pod({
        phase: 'Pending',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } } },
        ],
      });
      expect(byName(POD, p)).toMatchObject({ Ready: '0/1', Status: reason, Restarts: '0' });
    }
  });

  it('shows the terminated reason (OOMKilled), else Signal:n or ExitCode:n', () => {
    const terminated = (t: Record<string, unknown>): KubeObject =>
      pod({
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: false, state: { terminated: t } }],
      });
    expect(byName(POD, terminated({ exitCode: 137, reason: 'OOMKilled' })).Status).toBe(
      'OOMKilled',
    );
    expect(byName(POD, terminated({ exitCode: 137, signal: 9 })).Status).toBe('Signal:9');
    expect(byName(POD, terminated({ exitCode: 2 })).Status).toBe('ExitCode:2');
  });

  it('shows Completed, with a Completed row condition for Succeeded pods', () => {
    const p = pod({
      phase: 'Succeeded',
      containerStatuses: [
        { name: 'app', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    });
    const t = toTable(POD, [p], { now: NOW, resourceVersion: '1' });
    expect(t.rows[0]?.cells[2]).toBe('Completed');
    expect(t.rows[0]?.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    const running = toTable(POD, [pod({ phase: 'Running' })], { now: NOW, resourceVersion: '1' });
    expect(running.rows[0]).not.toHaveProperty('conditions');
  });

  it('turns Completed back into Running/NotReady while another container still runs', () => {
    const status = (ready: boolean): Record<string, unknown> => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'a', ready: true, state: { running: {} } },
        { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    });
    const spec = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(byName(POD, pod(status(true), spec)).Status).toBe('Running');
    expect(byName(POD, pod(status(false), spec)).Status).toBe('NotReady');
  });

  it('shows Terminating for a deleting pod, Unknown for NodeLost, but not for finished pods', () => {
    const deleting = { name: 'p1', deletionTimestamp: ago(0), creationTimestamp: ago(MIN) };
    const running = pod(
      {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
      },
      { metadata: deleting },
    );
    expect(byName(POD, running).Status).toBe('Terminating');
    const lost = pod({ phase: 'Running', reason: 'NodeLost' }, { metadata: deleting });
    expect(byName(POD, lost).Status).toBe('Unknown');
    const failed = pod({ phase: 'Failed', reason: 'Evicted' }, { metadata: deleting });
    expect(byName(POD, failed).Status).toBe('Evicted');
  });

  it('shows SchedulingGated and falls back to status.reason, then phase', () => {
    const gated = pod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    });
    expect(byName(POD, gated).Status).toBe('SchedulingGated');
    expect(byName(POD, pod({ phase: 'Pending' })).Status).toBe('Pending');
    expect(byName(POD, pod({ phase: 'Failed', reason: 'Evicted' })).Status).toBe('Evicted');
  });

  describe('init containers', () => {
    const spec = {
      spec: {
        initContainers: [{ name: 'init-a' }, { name: 'init-b' }],
        containers: [{ name: 'app' }],
      },
    };
    const done = { name: 'init-a', state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    const appWaiting = {
      name: 'app',
      ready: false,
      state: { waiting: { reason: 'PodInitializing' } },
    };

    it('counts finished init containers as Init:x/y', () => {
      const p = pod(
        {
          phase: 'Pending',
          initContainerStatuses: [done, { name: 'init-b', state: { running: {} } }],
          containerStatuses: [appWaiting],
        },
        spec,
      );
      expect(byName(POD, p)).toMatchObject({ Ready: '0/1', Status: 'Init:1/2' });
      const none = pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'init-a', state: { waiting: { reason: 'PodInitializing' } } },
            { name: 'init-b', state: { waiting: {} } },
          ],
        },
        spec,
      );
      expect(byName(POD, none).Status).toBe('Init:0/2');
    });

    it('shows Init:Error, Init:ExitCode:n, Init:Signal:n and Init:<waiting reason>', () => {
      const failing = (state: Record<string, unknown>, restartCount = 0): KubeObject =>
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              done,
              {
                name: 'init-b',
                restartCount,
                state,
                lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } },
              },
            ],
            containerStatuses: [appWaiting],
          },
          spec,
        );
      expect(byName(POD, failing({ terminated: { exitCode: 1, reason: 'Error' } }))).toMatchObject({
        Status: 'Init:Error',
        Restarts: '0',
      });
      expect(byName(POD, failing({ terminated: { exitCode: 3 } })).Status).toBe('Init:ExitCode:3');
      expect(byName(POD, failing({ terminated: { exitCode: 143, signal: 15 } })).Status).toBe(
        'Init:Signal:15',
      );
      expect(byName(POD, failing({ waiting: { reason: 'CrashLoopBackOff' } }, 2))).toMatchObject({
        Status: 'Init:CrashLoopBackOff',
        Restarts: '2 (30s ago)',
      });
    });

    it('uses the app containers once initialized', () => {
      const p = pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [done, { ...done, name: 'init-b', restartCount: 5 }],
          containerStatuses: [
            { name: 'app', ready: true, restartCount: 1, state: { running: {} } },
          ],
        },
        spec,
      );
      // Init-container restarts stop counting once the pod is initialized.
      expect(byName(POD, p)).toMatchObject({ Ready: '1/1', Status: 'Running', Restarts: '1' });
    });

    it('counts started sidecars (restartPolicy Always) as containers', () => {
      const p = pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            {
              name: 'sidecar',
              started: true,
              ready: true,
              restartCount: 2,
              state: { running: {} },
            },
          ],
          containerStatuses: [
            { name: 'app', ready: true, restartCount: 1, state: { running: {} } },
          ],
        },
        {
          spec: {
            initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }],
            containers: [{ name: 'app' }],
          },
        },
      );
      expect(byName(POD, p)).toMatchObject({ Ready: '2/2', Status: 'Running', Restarts: '3' });
    });
  });

  it('survives malformed pods', () => {
    expect(row(POD, { metadata: { name: 'empty' } }).slice(0, 4)).toEqual([
      'empty',
      '0/0',
      '',
      '0',
    ]);
    const bad: KubeObject = {
      metadata: {},
      spec: 'nope',
      status: { containerStatuses: 'x', initContainerStatuses: [null, 3], conditions: {} },
    };
    expect(() => podStatus(bad, NOW)).not.toThrow();
    // Go decodes a null status entry as an empty one: an init container that hasn't started.
    expect(row(POD, bad)).toEqual([
      '',
      '0/0',
      'Init:0/0',
      '0',
      '<unknown>',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('workloads', () => {
  const template = {
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.27' },
        { name: 'log', image: 'busybox' },
      ],
    },
  };

  it('prints deployments like kubectl get deploy -o wide', () => {
    const d = res('apps', 'Deployment');
    const obj: KubeObject = {
      metadata: { name: 'web', creationTimestamp: ago(3 * 60 * MIN + 5 * MIN) },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }],
        },
        template,
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(columnDefinitions(d).map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Up-to-date:0',
      'Available:0',
      'Age:0',
      'Containers:1',
      'Images:1',
      'Selector:1',
    ]);
    expect(row(d, obj)).toEqual([
      'web',
      '2/3',
      3,
      2,
      '3h5m',
      'web,log',
      'nginx:1.27,busybox',
      'app=web,tier in (back,front)',
    ]);
    // An unscaled, freshly created deployment: defaults and zero status.
    expect(row(d, { metadata: { name: 'new' }, spec: {} })).toEqual([
      'new',
      '0/1',
      0,
      0,
      '<unknown>',
      '',
      '',
      '',
    ]);
  });

  it('prints replicasets with integer cells and a formatted selector', () => {
    const d = res('apps', 'ReplicaSet');
    const obj: KubeObject = {
      metadata: { name: 'web-abc', creationTimestamp: ago(MIN) },
      spec: { replicas: 2, selector: { matchLabels: { b: '2', a: '1' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    };
    expect(row(d, obj)).toEqual([
      'web-abc',
      2,
      2,
      1,
      '60s',
      'web,log',
      'nginx:1.27,busybox',
      'a=1,b=2',
    ]);
    const types = columnDefinitions(d).map((c) => c.type);
    row(d, obj).forEach((cell, i) => {
      expect(typeof cell).toBe(types[i] === 'integer' ? 'number' : 'string');
    });
    expect(row(d, { metadata: { name: 'x' }, spec: { selector: {} } })[7]).toBe('<none>');
    const invalid = { matchExpressions: [{ key: 'a', operator: 'Near' }] };
    expect(row(d, { metadata: { name: 'x' }, spec: { selector: invalid } })[7]).toBe('<error>');
  });

  it('prints statefulsets', () => {
    const d = res('apps', 'StatefulSet');
    const obj: KubeObject = {
      metadata: { name: 'db', creationTimestamp: ago(MIN) },
      spec: { replicas: 3, template },
      status: { readyReplicas: 3 },
    };
    expect(row(d, obj)).toEqual(['db', '3/3', '60s', 'web,log', 'nginx:1.27,busybox']);
  });

  it('prints jobs with status, completions and duration', () => {
    const d = res('batch', 'Job');
    const job = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
      metadata: { name: 'pi', creationTimestamp: ago(10 * MIN) },
      spec: {
        ...spec,
        selector: { matchLabels: { 'batch.kubernetes.io/job-name': 'pi' } },
        template,
      },
      status,
    });
    expect(
      row(
        d,
        job(
          { completions: 1 },
          {
            succeeded: 1,
            startTime: ago(10 * MIN),
            completionTime: ago(10 * MIN - 34_000),
            conditions: [{ type: 'Complete', status: 'True' }],
          },
        ),
      ),
    ).toEqual([
      'pi',
      'Complete',
      '1/1',
      '34s',
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      'batch.kubernetes.io/job-name=pi',
    ]);
    const running = job({ parallelism: 3 }, { succeeded: 0, startTime: ago(150_000) });
    expect(byName(d, running)).toMatchObject({
      Status: 'Running',
      Completions: '0/1 of 3',
      Duration: '2m30s',
    });
    const failed = job({}, { conditions: [{ type: 'Failed', status: 'True' }] });
    expect(byName(d, failed)).toMatchObject({ Status: 'Failed', Completions: '0/1', Duration: '' });
    const suspended = job({}, { conditions: [{ type: 'Suspended', status: 'True' }] });
    expect(byName(d, suspended).Status).toBe('Suspended');
  });

  it('prints cronjobs', () => {
    const d = res('batch', 'CronJob');
    const obj: KubeObject = {
      metadata: { name: 'nightly', creationTimestamp: ago(2 * 24 * 60 * MIN) },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'nightly-1' }], lastScheduleTime: ago(5 * MIN) },
    };
    expect(row(d, obj)).toEqual([
      'nightly',
      '0 3 * * *',
      '<none>',
      'False',
      1,
      '5m',
      '2d',
      'web,log',
      'nginx:1.27,busybox',
      '<none>',
    ]);
  });

  it('prints HPAs', () => {
    const d = res('autoscaling', 'HorizontalPodAutoscaler');
    const obj: KubeObject = {
      metadata: { name: 'web', creationTimestamp: ago(MIN) },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
          },
          { type: 'Pods', pods: { target: { averageValue: '1k' } } },
        ],
      },
      status: {
        currentReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
        ],
      },
    };
    expect(row(d, obj)).toEqual([
      'web',
      'Deployment/web',
      'cpu: 45%/80%, memory: <unknown>/500Mi + 1 more...',
      '2',
      10,
      3,
      '60s',
    ]);
    const empty = { ...obj, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } };
    expect(byName(d, empty)).toMatchObject({ Targets: '<none>', MinPods: '1', MaxPods: 0 });
  });
});

describe('services and networking', () => {
  const SVC = res('', 'Service');
  const svc = (
    spec: Record<string, unknown>,
    status: Record<string, unknown> = {},
  ): KubeObject => ({
    metadata: { name: 'web', creationTimestamp: ago(MIN) },
    spec,
    status,
  });

  it('prints ClusterIP and NodePort services', () => {
    expect(
      row(
        SVC,
        svc({
          type: 'ClusterIP',
          clusterIP: '10.96.0.10',
          clusterIPs: ['10.96.0.10'],
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
          selector: { app: 'web' },
        }),
      ),
    ).toEqual(['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '60s', 'app=web']);
    expect(
      byName(
        SVC,
        svc({
          type: 'NodePort',
          clusterIPs: ['10.96.0.11'],
          ports: [{ port: 80, nodePort: 30080 }],
        }),
      ),
    ).toMatchObject({ Type: 'NodePort', 'Port(s)': '80:30080/TCP', Selector: '<none>' });
  });

  it('prints LoadBalancer and ExternalName services, and <none> for no ports', () => {
    expect(
      byName(SVC, svc({ type: 'LoadBalancer', clusterIPs: ['10.0.0.1'], ports: [] })),
    ).toMatchObject({ 'External-IP': '<pending>', 'Port(s)': '<none>' });
    const lb = svc(
      { type: 'LoadBalancer', externalIPs: ['1.1.1.1'] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } },
    );
    expect(byName(SVC, lb)).toMatchObject({
      'Cluster-IP': '<none>',
      'External-IP': '203.0.113.9,lb.example.com,1.1.1.1',
    });
    expect(
      byName(SVC, svc({ type: 'ExternalName', externalName: 'db.example.com' })),
    ).toMatchObject({
      'Cluster-IP': '<none>',
      'External-IP': 'db.example.com',
    });
  });

  it('servicePorts ignores junk', () => {
    expect(servicePorts(undefined)).toBe('');
    expect(servicePorts([{ port: 8080, protocol: 'SCTP' }, 'junk'])).toBe('8080/SCTP,0/TCP');
  });

  it('prints endpoints, capping at three', () => {
    const d = res('', 'Endpoints');
    const ep = (subsets: unknown): KubeObject => ({
      metadata: { name: 'web', creationTimestamp: ago(MIN) },
      subsets,
    });
    expect(row(d, ep(undefined))).toEqual(['web', '<none>', '60s']);
    const addrs = ['10.0.0.1', '10.0.0.2', 'fd00::3', '10.0.0.4'].map((ip) => ({ ip }));
    expect(row(d, ep([{ addresses: addrs.slice(0, 2), ports: [{ port: 80 }] }]))[1]).toBe(
      '10.0.0.1:80,10.0.0.2:80',
    );
    expect(row(d, ep([{ addresses: addrs, ports: [{ port: 80 }, { port: 443 }] }]))[1]).toBe(
      '10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 5 more...',
    );
    expect(row(d, ep([{ addresses: addrs.slice(0, 1) }]))[1]).toBe('10.0.0.1');
  });

  it('prints ingresses', () => {
    const d = res('networking.k8s.io', 'Ingress');
    const ing: KubeObject = {
      metadata: { name: 'web', creationTimestamp: ago(MIN) },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          { host: 'a.example.com' },
          { host: 'b.example.com' },
          {},
          { host: 'd' },
          { host: 'e' },
        ],
        tls: [{ hosts: ['a.example.com'] }],
      },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
    };
    expect(row(d, ing)).toEqual([
      'web',
      'nginx',
      'a.example.com,b.example.com,d + 2 more...',
      '192.0.2.1',
      '80, 443',
      '60s',
    ]);
    expect(row(d, { metadata: { name: 'bare' }, spec: {} })).toEqual([
      'bare',
      '<none>',
      '*',
      '',
      '80',
      '<unknown>',
    ]);
  });
});

describe('events', () => {
  const EV = res('', 'Event');
  const base: KubeObject = {
    metadata: { name: 'p1.17c2f', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p1', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    type: 'Warning',
    message: 'Back-off restarting failed container\n',
    source: { component: 'kubelet', host: 'sim-node' },
    firstTimestamp: ago(10 * MIN),
    lastTimestamp: ago(2 * MIN),
    count: 7,
  };

  it('defines kube 1.32 event columns', () => {
    expect(columnDefinitions(EV).map((c) => `${c.name}:${c.priority}:${c.format}`)).toEqual([
      'Last Seen:0:',
      'Type:0:',
      'Reason:0:',
      'Object:0:',
      'Subobject:1:',
      'Source:1:',
      'Message:0:',
      'First Seen:1:',
      'Count:1:',
      'Name:1:name',
    ]);
  });

  it('prints a core/v1 event with kind/name and trimmed message', () => {
    expect(row(EV, base)).toEqual([
      '2m',
      'Warning',
      'BackOff',
      'pod/p1',
      'spec.containers{app}',
      'kubelet, sim-node',
      'Back-off restarting failed container',
      '10m',
      7,
      'p1.17c2f',
    ]);
  });

  it('handles new-API events: eventTime, series, reporting fields and no count', () => {
    const ev: KubeObject = {
      metadata: { name: 'e2' },
      involvedObject: { kind: 'Node' },
      reason: 'Starting',
      type: 'Normal',
      message: 'x',
      eventTime: '2024-05-01T11:00:00.000000Z',
      firstTimestamp: null,
      lastTimestamp: null,
      reportingComponent: 'kube-proxy',
      reportingInstance: 'sim-node',
      source: {},
    };
    expect(byName(EV, ev)).toMatchObject({
      'Last Seen': '60m',
      'First Seen': '60m',
      Object: 'node',
      Source: 'kube-proxy, sim-node',
      Count: 1,
    });
    const series = { ...ev, series: { count: 12, lastObservedTime: ago(30_000) } };
    expect(byName(EV, series)).toMatchObject({ 'Last Seen': '30s', Count: 12 });
    expect(byName(EV, { metadata: { name: 'e3' } })).toMatchObject({
      'Last Seen': '<unknown>',
      Object: '',
      Source: '',
    });
  });
});

describe('quotas, config and cluster objects', () => {
  it('prints resource quotas with sorted request and limit cells (1.32 order: Age second)', () => {
    const d = res('', 'ResourceQuota');
    const q: KubeObject = {
      metadata: { name: 'compute', creationTimestamp: ago(MIN) },
      spec: {},
      status: {
        hard: {
          pods: '50',
          'requests.cpu': '8',
          'limits.memory': '16Gi',
          'requests.memory': '8Gi',
          'limits.cpu': '16',
          'count/deployments.apps': '10',
        },
        used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' },
      },
    };
    expect(columnDefinitions(d).map((c) => c.name)).toEqual(['Name', 'Age', 'Request', 'Limit']);
    expect(row(d, q)).toEqual([
      'compute',
      '60s',
      'count/deployments.apps: 0/10, pods: 3/50, requests.cpu: 500m/8, requests.memory: 0/8Gi',
      'limits.cpu: 1/16, limits.memory: 0/16Gi',
    ]);
    expect(quotaCells({ metadata: {} })).toEqual({ request: '', limit: '' });
  });

  it('prints configmaps, secrets, service accounts and namespaces', () => {
    const meta = { name: 'x', creationTimestamp: ago(MIN) };
    expect(
      row(res('', 'ConfigMap'), {
        metadata: meta,
        data: { a: '1', b: '2' },
        binaryData: { c: 'AA==' },
      }),
    ).toEqual(['x', 3, '60s']);
    expect(
      row(res('', 'Secret'), {
        metadata: meta,
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': '', 'tls.key': '' },
      }),
    ).toEqual(['x', 'kubernetes.io/tls', 2, '60s']);
    expect(row(res('', 'Secret'), { metadata: meta })).toEqual(['x', 'Opaque', 0, '60s']);
    expect(row(res('', 'ServiceAccount'), { metadata: meta, secrets: [{ name: 't' }] })).toEqual([
      'x',
      1,
      '60s',
    ]);
    expect(row(res('', 'Namespace'), { metadata: meta, status: { phase: 'Terminating' } })).toEqual(
      ['x', 'Terminating', '60s'],
    );
  });

  it('prints nodes', () => {
    const d = res('', 'Node');
    const node: KubeObject = {
      metadata: {
        name: 'sim-node',
        creationTimestamp: ago(3 * 24 * 60 * MIN),
        labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          osImage: 'Debian',
          kernelVersion: '6.1',
          containerRuntimeVersion: 'containerd://1.7',
        },
      },
    };
    expect(row(d, node)).toEqual([
      'sim-node',
      'Ready,SchedulingDisabled',
      'control-plane,worker',
      '3d',
      'v1.32.0',
      '172.18.0.2',
      '<none>',
      'Debian',
      '6.1',
      'containerd://1.7',
    ]);
    expect(
      row(d, {
        metadata: { name: 'n' },
        status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
      }).slice(0, 3),
    ).toEqual(['n', 'NotReady', '<none>']);
    expect(row(d, { metadata: { name: 'n' } })[1]).toBe('Unknown');
  });

  it('prints role bindings with subjects in the wide columns', () => {
    const d = res('rbac.authorization.k8s.io', 'RoleBinding');
    const rb: KubeObject = {
      metadata: { name: 'edit', creationTimestamp: ago(MIN) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      ],
    };
    expect(row(d, rb)).toEqual([
      'edit',
      'ClusterRole/edit',
      '60s',
      'alice, bob',
      'devs',
      'tools/ci',
    ]);
    expect(
      columnDefinitions(res('rbac.authorization.k8s.io', 'ClusterRoleBinding'))[3]?.description,
    ).toBe('Users in the clusterRoleBinding');
  });
});

describe('kinds without a printer', () => {
  it('prints built-in kinds (roles, limit ranges) as Name and Created At', () => {
    for (const [group, kind] of [
      ['rbac.authorization.k8s.io', 'Role'],
      ['rbac.authorization.k8s.io', 'ClusterRole'],
      ['', 'LimitRange'],
    ] as const) {
      const d = res(group, kind);
      expect(columnDefinitions(d).map((c) => [c.name, c.type])).toEqual([
        ['Name', 'string'],
        ['Created At', 'date'],
      ]);
      expect(
        row(d, { metadata: { name: 'r', creationTimestamp: '2024-04-01T08:30:00Z' } }),
      ).toEqual(['r', '2024-04-01T08:30:00Z']);
    }
    expect(row(res('', 'LimitRange'), { metadata: { name: 'r' } })).toEqual([
      'r',
      '0001-01-01T00:00:00Z',
    ]);
  });

  it('prints unknown (custom) kinds as Name and Age', () => {
    const crd: ResourceDescriptor = {
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
      namespaced: true,
    };
    const t = toTable(
      crd,
      [{ metadata: { name: 'w', creationTimestamp: ago(45 * 24 * 60 * MIN) } }],
      {
        now: NOW,
        resourceVersion: '9',
        includeObject: 'Object',
      },
    );
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0],
    ]);
    expect(t.rows[0]?.cells).toEqual(['w', '45d']);
    expect(t.rows[0]?.object).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget' });
  });
});
