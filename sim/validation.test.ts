import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../lib/k8s/resources';
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { applyDefaults } from './defaults';
import type { KubeObject } from './types';
import { invalidError, validateObject } from './validation';

function desc(kind: string): ResourceDescriptor {
  const d = RESOURCES.find((r) => r.kind === kind);
  if (!d) throw new Error(kind);
  return d;
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function deployment(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
        },
      },
      ...extra,
    },
  };
}

function pod(spec: Record<string, unknown>, name = 'p'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}

/** Causes as `field: message` lines, the way the top-level message shows them. */
function lines(kind: string, obj: KubeObject, old?: KubeObject): string[] {
  const d = desc(kind);
  return validateObject(d, applyDefaults(d, obj), old && applyDefaults(d, old)).map(
    (c) => `${c.field}: ${c.message}`,
  );
}

describe('validateObject: metadata', () => {
  it('accepts a well-formed Deployment after defaulting', () => {
    expect(lines('Deployment', deployment())).toEqual([]);
  });

  it('rejects a bad name with the subdomain message', () => {
    const obj = deployment();
    obj.metadata.name = 'Bad_Name';
    const causes = validateObject(desc('Deployment'), obj);
    expect(causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
        message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
      },
    ]);
  });

  it('requires a name', () => {
    const obj = deployment();
    delete obj.metadata.name;
    expect(lines('Deployment', obj)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('uses DNS labels for namespaces and RFC 1035 labels for services', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } };
    expect(lines('Namespace', ns)).toEqual([
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
    const svc: KubeObject = {
      kind: 'Service',
      metadata: { name: '1web', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    };
    expect(lines('Service', svc)).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('checks label keys and values and annotation keys', () => {
    const obj = deployment();
    obj.metadata.labels = { 'bad key': 'ok', good: 'bad value' };
    obj.metadata.annotations = { 'a/b/c': 'x' };
    expect(lines('Deployment', obj)).toEqual([
      `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `metadata.annotations: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
  });

  it('skips create-only review kinds', () => {
    const ssar: KubeObject = { kind: 'SelfSubjectAccessReview', metadata: {}, spec: {} };
    expect(validateObject(desc('SelfSubjectAccessReview'), ssar)).toEqual([]);
  });

  it('requires a namespace on namespaced kinds', () => {
    const obj = deployment();
    delete obj.metadata.namespace;
    expect(lines('Deployment', obj)).toEqual(['metadata.namespace: Required value']);
  });

  it('keeps name, namespace and uid immutable on update', () => {
    const old = deployment();
    old.metadata.uid = 'u1';
    const next = deployment();
    next.metadata.uid = 'u2';
    expect(lines('Deployment', next, old)).toEqual([
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
    const noUid = deployment();
    expect(lines('Deployment', noUid, old)).toEqual([]);
  });
});

describe('validateObject: workloads', () => {
  it('rejects negative replicas', () => {
    expect(lines('Deployment', deployment({ replicas: -1 }))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('requires a selector and stops there', () => {
    const obj = deployment();
    delete (obj.spec as Record<string, unknown>).selector;
    expect(lines('Deployment', obj)).toEqual(['spec.selector: Required value']);
  });

  it('says when the selector does not match the template labels', () => {
    const obj = deployment({ selector: { matchLabels: { app: 'api' } } });
    expect(lines('Deployment', obj)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects an empty selector', () => {
    expect(lines('ReplicaSet', { ...deployment({ selector: {} }), kind: 'ReplicaSet' })).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('validates containers: required, names, images, ports, duplicates', () => {
    const noContainers = deployment();
    const spec = noContainers.spec as { template: { spec: Record<string, unknown> } };
    spec.template.spec.containers = [];
    expect(lines('Deployment', noContainers)).toEqual([
      'spec.template.spec.containers: Required value',
    ]);

    const bad = deployment();
    (bad.spec as { template: { spec: Record<string, unknown> } }).template.spec.containers = [
      { name: 'App', image: 'nginx', ports: [{ containerPort: 70000, protocol: 'FOO' }] },
      {
        name: 'x',
        ports: [
          { name: 'http', containerPort: 80 },
          { name: 'http', containerPort: 81 },
        ],
      },
      { name: 'x', image: 'busybox' },
    ];
    expect(lines('Deployment', bad)).toEqual([
      `spec.template.spec.containers[0].name: Invalid value: "App": ${LABEL_MSG}`,
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
      'spec.template.spec.containers[1].image: Required value',
      'spec.template.spec.containers[1].ports[1].name: Duplicate value: "http"',
      'spec.template.spec.containers[2].name: Duplicate value: "x"',
    ]);
  });

  it('compares requests with limits', () => {
    const p = pod({
      containers: [
        {
          name: 'a',
          image: 'nginx',
          resources: {
            requests: { cpu: '2', memory: '64Mi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
        },
      ],
    });
    expect(lines('Pod', p)).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    const ok = pod({
      containers: [
        { name: 'a', image: 'x', resources: { requests: { cpu: '500m' }, limits: { cpu: 1 } } },
      ],
    });
    expect(lines('Pod', ok)).toEqual([]);
  });

  it('rejects bad quantities and non-standard resource names', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'x', resources: { limits: { cpus: '1', memory: 'lots' } } }],
    });
    const quantityMsg =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    // Pods copy limits into missing requests before validation, so both lists report.
    expect(lines('Pod', p)).toEqual([
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      `spec.containers[0].resources.limits[memory]: Invalid value: "lots": ${quantityMsg}`,
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      `spec.containers[0].resources.requests[memory]: Invalid value: "lots": ${quantityMsg}`,
    ]);
  });

  it('restricts restartPolicy per controller', () => {
    const d = deployment();
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.restartPolicy =
      'Never';
    expect(lines('Deployment', d)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    const job: KubeObject = {
      kind: 'Job',
      metadata: { name: 'j', namespace: 'default' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    expect(lines('Job', job)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('validates probes and volume mounts', () => {
    const p = pod({
      containers: [
        {
          name: 'a',
          image: 'x',
          livenessProbe: { httpGet: { port: 0 }, successThreshold: 2 },
          readinessProbe: { periodSeconds: 5 },
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
    });
    expect(lines('Pod', p)).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
  });

  it('makes the Deployment selector immutable', () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } } });
    (
      next.spec as { template: { metadata: { labels: Record<string, string> } } }
    ).template.metadata.labels.tier = 'x';
    expect(lines('Deployment', next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(lines('Deployment', deployment({ replicas: 5 }), old)).toEqual([]);
  });

  it('freezes most of a Pod spec on update', () => {
    const old = pod({ containers: [{ name: 'a', image: 'nginx:1' }] });
    expect(lines('Pod', pod({ containers: [{ name: 'a', image: 'nginx:2' }] }), old)).toEqual([]);
    const changed = lines(
      'Pod',
      pod({ containers: [{ name: 'a', image: 'nginx:1', ports: [{ containerPort: 80 }] }] }),
      old,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
  });

  it('allows only some StatefulSet spec changes', () => {
    const sts = (serviceName: string, replicas: number): KubeObject => ({
      ...deployment({ serviceName, replicas }),
      kind: 'StatefulSet',
    });
    expect(lines('StatefulSet', sts('a', 3), sts('a', 1))).toEqual([]);
    expect(lines('StatefulSet', sts('b', 1), sts('a', 1))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('checks CronJob schedules and name length', () => {
    const cj: KubeObject = {
      kind: 'CronJob',
      metadata: { name: 'c'.repeat(53), namespace: 'default' },
      spec: {
        schedule: 'bad',
        jobTemplate: {
          spec: {
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } },
          },
        },
      },
    };
    expect(lines('CronJob', cj)).toEqual([
      'spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]',
      `metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });
});

describe('validateObject: other kinds', () => {
  it('validates Service ports', () => {
    const svc: KubeObject = {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { ports: [{ port: 0 }, { name: 'b', port: 80, nodePort: 30080 }] },
    };
    expect(lines('Service', svc)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    const noPorts: KubeObject = {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'x' },
      spec: {},
    };
    expect(lines('Service', noPorts)).toEqual(['spec.ports: Required value']);
  });

  it('keeps an allocated clusterIP', () => {
    const svc = (ip: string): KubeObject => ({
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { clusterIP: ip, clusterIPs: [ip], ports: [{ port: 80 }] },
    });
    expect(lines('Service', svc('10.96.0.2'), svc('10.96.0.1'))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.2"}: may not change once set',
    ]);
  });

  it('checks ConfigMap and Secret keys', () => {
    const cm: KubeObject = {
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { 'ok.key': 'v', 'bad key': 'v' },
    };
    expect(lines('ConfigMap', cm)).toEqual([
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    const tls: KubeObject = {
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'eA==' },
    };
    expect(lines('Secret', tls)).toEqual(['data[tls.key]: Required value']);
  });

  it('freezes immutable ConfigMaps', () => {
    const cm = (v: string): KubeObject => ({
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      immutable: true,
      data: { k: v },
    });
    expect(lines('ConfigMap', cm('b'), cm('a'))).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('validates RBAC rules and bindings', () => {
    const role: KubeObject = {
      kind: 'Role',
      metadata: { name: 'r', namespace: 'default' },
      rules: [{ verbs: [], resources: ['pods'] }],
    };
    expect(lines('Role', role)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    ]);
    const rb = (name: string): KubeObject => ({
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    expect(lines('RoleBinding', rb('a'))).toEqual([]);
    expect(lines('RoleBinding', rb('b'), rb('a'))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
    ]);
  });

  it('validates Ingress paths and HPA bounds', () => {
    const ing: KubeObject = {
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'default' },
      spec: {
        rules: [
          {
            host: 'example.com',
            http: {
              paths: [
                {
                  path: 'x',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    expect(lines('Ingress', ing)).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path',
    ]);
    const hpa: KubeObject = {
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 2 },
    };
    expect(lines('HorizontalPodAutoscaler', hpa)).toEqual([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    ]);
  });
});

describe('invalidError', () => {
  it('builds the single-cause message and details', () => {
    const d = desc('Deployment');
    const causes = validateObject(d, applyDefaults(d, { ...deployment({ replicas: -1 }) }));
    const err = invalidError(d, 'web', causes);
    expect(err.code).toBe(422);
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: -1: must be greater than or equal to 0',
            field: 'spec.replicas',
          },
        ],
      },
      code: 422,
    });
  });

  it('brackets several causes and drops the group for core kinds', () => {
    const err = invalidError(desc('Pod'), 'p', [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "x": bad', field: 'metadata.name' },
    ]);
    expect(err.message).toBe(
      'Pod "p" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "x": bad]',
    );
    expect(err.details?.causes).toHaveLength(3);
    expect(err.details?.group).toBe('');
  });
});
