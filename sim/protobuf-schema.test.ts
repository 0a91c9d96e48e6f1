import { describe, expect, it } from 'vitest';
import { decodeObjectProtobuf, decodeProtobufBody, hasProtobufSchema } from './protobuf-schema';
import { StatusError } from './types';

// A small protobuf encoder that writes fields in the order given, as gogo's Marshal does
// (ascending field numbers, every non-pointer field, empty ones included).
type Value = string | number | boolean | Buffer | Msg;
type Msg = [number, Value][];

function varint(n: number): Buffer {
  // int32/int64 negatives go out as 10-byte two's complement.
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

function encode(msg: Msg): Buffer {
  return Buffer.concat(
    msg.map(([num, v]) => {
      if (typeof v === 'number' || typeof v === 'boolean') {
        return Buffer.concat([varint(num * 8), varint(Number(v))]);
      }
      const body = typeof v === 'string' ? Buffer.from(v) : Buffer.isBuffer(v) ? v : encode(v);
      return Buffer.concat([varint(num * 8 + 2), varint(body.length), body]);
    }),
  );
}

function envelope(apiVersion: string, kind: string, raw: Msg | Buffer): Buffer {
  const typeMeta: Msg = [
    [1, apiVersion],
    [2, kind],
  ];
  const unknown: Msg = [
    [1, typeMeta],
    [2, Buffer.isBuffer(raw) ? raw : encode(raw)],
    [3, ''],
    [4, ''],
  ];
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), encode(unknown)]);
}

const entry = (key: string, value: Value): Msg => [
  [1, key],
  [2, value],
];

// ObjectMeta as kubectl's generators leave it: the zero creationTimestamp is an empty message.
function meta(name: string, namespace = '', labels: Record<string, string> = {}): Msg {
  return [
    [1, name],
    [2, ''],
    [3, namespace],
    [4, ''],
    [5, ''],
    [6, ''],
    [7, 0],
    [8, []],
    ...Object.entries(labels).map(([k, v]): [number, Value] => [11, entry(k, v)]),
  ];
}

const intOrString = (v: number | string): Msg =>
  typeof v === 'number'
    ? [
        [1, 0],
        [2, v],
        [3, ''],
      ]
    : [
        [1, 1],
        [2, 0],
        [3, v],
      ];

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

// Bodies the real kubectl 1.32 POSTed to a logging https server (hex), one per command.
const REAL = {
  // kubectl create configmap made --from-literal=k=v -n default
  configmap: [
    '6b3873000a0f0a0276311209436f6e6669674d617012250a1b0a046d61646512001a0764656661756c7422002a',
    '0032003800420012060a016b1201761a002200',
  ].join(''),
  // kubectl create deployment x --image=nginx --replicas=0
  deployment: [
    '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412a3010a1b0a017812001a0022002a003200',
    '380042005a080a0361707012017812760800120a0a080a036170701201781a5e0a1a0a0012001a0022002a0032',
    '00380042005a080a03617070120178124012220a056e67696e7812056e67696e782a0042006a00720080010088',
    '0100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a',
    '0c0800100018002000280038001a002200',
  ].join(''),
  // kubectl create secret generic s --from-literal=a=b
  secret: [
    '6b3873000a0c0a0276311206536563726574121d0a110a017312001a0022002a0032003800420012060a016112',
    '01621a001a002200',
  ].join(''),
  // kubectl create namespace n
  namespace: [
    '6b3873000a0f0a02763112094e616d65737061636512190a110a016e12001a0022002a0032003800420012001a',
    '020a001a002200',
  ].join(''),
  // kubectl create service clusterip s --tcp=80:8080
  service: [
    '6b3873000a0d0a02763112075365727669636512630a1b0a017312001a0022002a003200380042005a080a0361',
    '707012017312400a1b0a0738302d38303830120354435018502207080010903f1a00280012080a036170701201',
    '731a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  ].join(''),
  // kubectl create job j --image=busybox -- echo hi
  job: [
    '6b3873000a0f0a0862617463682f763112034a6f621282010a110a016a12001a0022002a003200380042001263',
    '32610a100a0012001a0022002a00320038004200124d122a0a016a120762757379626f781a046563686f1a0268',
    '692a0042006a007200800100880100900100a201001a054e65766572320042004a005200580060006800820100',
    '8a01009a0100c201001a082000280030003a001a002200',
  ].join(''),
  // kubectl create ingress ing --rule='foo.com/bar*=svc1:8080,tls=my-cert' --class=nginx --annotation=a=b
  ingress: [
    '6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e6772657373126e0a1b0a03696e',
    '6712001a0022002a0032003800420062060a0161120162124b12120a07666f6f2e636f6d12076d792d63657274',
    '1a2e0a07666f6f2e636f6d12230a210a1f0a042f626172120f220d0a047376633112050a0010903f1a06507265',
    '66697822056e67696e781a020a001a002200',
  ].join(''),
  // kubectl autoscale deployment x --min=2 --max=5 --cpu-percent=80
  hpa: [
    '6b3873000a290a0e6175746f7363616c696e672f76311217486f72697a6f6e74616c506f644175746f7363616c',
    '6572123b0a110a017812001a0022002a0032003800420012200a180a0a4465706c6f796d656e741201781a0761',
    '7070732f76311002180520501a04180020001a002200',
  ].join(''),
};

const real = (name: keyof typeof REAL): Buffer => Buffer.from(REAL[name], 'hex');

describe('decodeObjectProtobuf on bodies captured from kubectl 1.32', () => {
  it('decodes `kubectl create configmap`, and the hand encoder reproduces its bytes', () => {
    const expected = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'made', namespace: 'default' },
      data: { k: 'v' },
    };
    expect(decodeObjectProtobuf(real('configmap'))).toEqual(expected);
    const hand = envelope('v1', 'ConfigMap', [
      [1, meta('made', 'default')],
      [2, entry('k', 'v')],
    ]);
    expect(hand.toString('hex')).toBe(REAL.configmap);
  });

  it('keeps `replicas: 0` of `kubectl create deployment --replicas=0` and drops the empty strategy', () => {
    expect(decodeObjectProtobuf(real('deployment'))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labels: { app: 'x' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
  });

  it('decodes secret data as base64, a namespace, a service and a job', () => {
    expect(decodeObjectProtobuf(real('secret'))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'Yg==' },
    });
    expect(decodeObjectProtobuf(real('namespace'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n' },
    });
    expect(decodeObjectProtobuf(real('service'))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', labels: { app: 's' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 's' },
        type: 'ClusterIP',
      },
    });
    expect(decodeObjectProtobuf(real('job'))).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'j', image: 'busybox', command: ['echo', 'hi'] }],
            restartPolicy: 'Never',
          },
        },
      },
    });
  });

  it('flattens the inline IngressRuleValue and decodes autoscaling/v1 pointers', () => {
    expect(decodeObjectProtobuf(real('ingress')).spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              {
                path: '/bar',
                pathType: 'Prefix',
                backend: { service: { name: 'svc1', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    });
    expect(decodeObjectProtobuf(real('hpa'))).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'x', apiVersion: 'apps/v1' },
        minReplicas: 2,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      },
    });
  });
});

describe('decodeObjectProtobuf on hand-encoded bodies', () => {
  const container: Msg = [
    [1, 'web'],
    [2, 'nginx:1.27'],
    [3, 'nginx'],
    [4, '-g'],
    [4, 'daemon off;'],
    [5, ''],
    [
      6,
      [
        [1, 'http'],
        [2, 0],
        [3, 8080],
        [4, 'TCP'],
        [5, ''],
      ],
    ],
    [
      7,
      [
        [1, 'MODE'],
        [2, 'prod'],
      ],
    ],
    [
      7,
      [
        [1, 'NODE'],
        [2, ''],
        [
          3,
          [
            [
              1,
              [
                [1, 'v1'],
                [2, 'spec.nodeName'],
              ],
            ],
          ],
        ],
      ],
    ],
    [
      7,
      [
        [1, 'PASSWORD'],
        [2, ''],
        [
          3,
          [
            [
              4,
              [
                [1, [[1, 'db']]],
                [2, 'password'],
                [3, false],
              ],
            ],
          ],
        ],
      ],
    ],
    [
      8,
      [
        [1, entry('cpu', [[1, '500m']])],
        [1, entry('memory', [[1, '128Mi']])],
        [2, entry('cpu', [[1, '100m']])],
      ],
    ],
    [
      9,
      [
        [1, 'cache'],
        [2, false],
        [3, '/cache'],
        [4, ''],
      ],
    ],
    [
      10,
      [
        [
          1,
          [
            [
              2,
              [
                [1, '/healthz'],
                [2, intOrString('http')],
                [3, ''],
                [4, 'HTTP'],
              ],
            ],
          ],
        ],
        [2, 5],
        [3, 1],
        [4, 10],
        [5, 0],
        [6, 0],
      ],
    ],
    [
      11,
      [
        [
          1,
          [
            [
              3,
              [
                [1, intOrString(8080)],
                [2, ''],
              ],
            ],
          ],
        ],
        [2, 0],
      ],
    ],
    [13, '/dev/termination-log'],
    [14, 'IfNotPresent'],
    [
      15,
      [
        [5, false],
        [7, false],
      ],
    ],
    [16, false],
    [17, false],
    [18, true],
    [19, [[2, [[1, [[1, 'env']]]]]]],
  ];
  const podSpec: Msg = [
    [
      1,
      [
        [1, 'cache'],
        [2, [[2, [[1, '']]]]],
      ],
    ],
    [
      1,
      [
        [1, 'conf'],
        [
          2,
          [
            [
              19,
              [
                [1, [[1, 'web-conf']]],
                [3, 0o644],
              ],
            ],
          ],
        ],
      ],
    ],
    [2, container],
    [3, 'Always'],
    [4, 0],
    [6, 'ClusterFirst'],
    [7, entry('disktype', 'ssd')],
    [8, 'web'],
    [11, false],
    [14, [[2, 1000]]],
    [
      22,
      [
        [1, 'dedicated'],
        [2, 'Equal'],
        [3, 'web'],
        [4, 'NoSchedule'],
      ],
    ],
    [25, -5],
  ];
  const deployment: Msg = [
    [1, meta('web', 'team', { app: 'web' })],
    [
      2,
      [
        [1, 0],
        [
          2,
          [
            [1, entry('app', 'web')],
            [
              2,
              [
                [1, 'tier'],
                [2, 'In'],
                [3, 'front'],
                [3, 'edge'],
              ],
            ],
          ],
        ],
        [
          3,
          [
            [1, meta('', '', { app: 'web' })],
            [2, podSpec],
          ],
        ],
        [
          4,
          [
            [1, 'RollingUpdate'],
            [
              2,
              [
                [1, intOrString(0)],
                [2, intOrString('25%')],
              ],
            ],
          ],
        ],
        [5, 0],
        [6, 0],
        [7, false],
      ],
    ],
    [3, []],
  ];

  it('decodes a full Deployment: pointers kept at zero, omitempty zeros dropped', () => {
    const obj = decodeObjectProtobuf(envelope('apps/v1', 'Deployment', deployment));
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        revisionHistoryLimit: 0,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }],
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            volumes: [
              { name: 'cache', emptyDir: {} },
              { name: 'conf', configMap: { name: 'web-conf', defaultMode: 0o644 } },
            ],
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                command: ['nginx'],
                args: ['-g', 'daemon off;'],
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  {
                    name: 'NODE',
                    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                  },
                  {
                    name: 'PASSWORD',
                    valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } },
                  },
                ],
                resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
                volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
                  initialDelaySeconds: 5,
                  timeoutSeconds: 1,
                  periodSeconds: 10,
                },
                readinessProbe: { tcpSocket: { port: 8080 } },
                terminationMessagePath: '/dev/termination-log',
                imagePullPolicy: 'IfNotPresent',
                securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: false },
                tty: true,
                envFrom: [{ configMapRef: { name: 'env' } }],
              },
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 0,
            dnsPolicy: 'ClusterFirst',
            nodeSelector: { disktype: 'ssd' },
            serviceAccountName: 'web',
            securityContext: { runAsUser: 1000 },
            tolerations: [
              { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
            ],
            priority: -5,
          },
        },
      },
    });
  });

  it('keeps Job pointer fields at zero', () => {
    const job = envelope('batch/v1', 'Job', [
      [1, meta('migrate', 'team')],
      [
        2,
        [
          [1, 0],
          [2, 1],
          [
            6,
            [
              [1, meta('')],
              [
                2,
                [
                  [2, container.slice(0, 2)],
                  [3, 'Never'],
                ],
              ],
            ],
          ],
          [7, 0],
          [8, 100],
        ],
      ],
    ]);
    expect(decodeObjectProtobuf(job)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'team' },
      spec: {
        parallelism: 0,
        completions: 1,
        backoffLimit: 0,
        ttlSecondsAfterFinished: 100,
        template: {
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], restartPolicy: 'Never' },
        },
      },
    });
  });

  it('keeps ConfigMap immutable: false, binaryData as base64 and empty label values', () => {
    const cm = decodeObjectProtobuf(
      envelope('v1', 'ConfigMap', [
        [1, meta('c', 'ns', { empty: '' })],
        [3, entry('blob', Buffer.from([0, 1, 2]))],
        [4, false],
      ]),
    );
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns', labels: { empty: '' } },
      binaryData: { blob: 'AAEC' },
      immutable: false,
    });
  });

  it('renders Time, MicroTime, ownerReferences and managedFields', () => {
    const event = decodeObjectProtobuf(
      envelope('v1', 'Event', [
        [
          1,
          [
            [1, 'e'],
            [8, [[1, 1_795_324_157]]],
            [9, [[1, 1_795_324_158]]],
            [10, 0],
            [
              13,
              [
                [1, 'ReplicaSet'],
                [3, 'web-1'],
                [4, 'u-1'],
                [5, 'apps/v1'],
                [6, true],
                [7, false],
              ],
            ],
            [
              17,
              [
                [1, 'kubectl'],
                [2, 'Update'],
                [3, 'v1'],
                [4, [[1, 1_795_324_157]]],
                [6, 'FieldsV1'],
                [7, [[1, '{"f:metadata":{}}']]],
              ],
            ],
          ],
        ],
        [
          10,
          [
            [1, 1_795_324_157],
            [2, 123_456_789],
          ],
        ],
      ]),
    );
    expect(event.metadata).toEqual({
      name: 'e',
      creationTimestamp: '2026-11-22T05:09:17Z',
      deletionTimestamp: '2026-11-22T05:09:18Z',
      deletionGracePeriodSeconds: 0,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-1',
          uid: 'u-1',
          controller: true,
          blockOwnerDeletion: false,
        },
      ],
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-22T05:09:17Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': {} },
        },
      ],
    });
    expect(event.eventTime).toBe('2026-11-22T05:09:17.123456Z');
  });

  it('decodes a Service with a named targetPort, RBAC objects and HPA v2 metrics', () => {
    const svc = decodeObjectProtobuf(
      envelope('v1', 'Service', [
        [1, meta('s')],
        [
          2,
          [
            [
              1,
              [
                [1, ''],
                [2, 'TCP'],
                [3, 80],
                [4, intOrString('http')],
                [5, 0],
              ],
            ],
            [3, 'None'],
            [4, 'ClusterIP'],
            [7, 'ClientIP'],
          ],
        ],
        [3, [[1, []]]],
      ]),
    );
    expect(svc.spec).toEqual({
      ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }],
      clusterIP: 'None',
      type: 'ClusterIP',
      sessionAffinity: 'ClientIP',
    });
    expect(svc.status).toBeUndefined();

    const role = decodeObjectProtobuf(
      envelope('rbac.authorization.k8s.io/v1', 'ClusterRole', [
        [1, meta('agg')],
        [
          2,
          [
            [1, 'get'],
            [2, ''],
            [3, 'pods'],
          ],
        ],
        [3, [[1, [[1, entry('rbac.example.com/aggregate', 'true')]]]]],
      ]),
    );
    expect(role).toMatchObject({
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }],
      },
    });

    const hpa = decodeObjectProtobuf(
      envelope('autoscaling/v2', 'HorizontalPodAutoscaler', [
        [1, meta('h', 'team')],
        [
          2,
          [
            [
              1,
              [
                [1, 'Deployment'],
                [2, 'web'],
                [3, 'apps/v1'],
              ],
            ],
            [2, 1],
            [3, 10],
            [
              4,
              [
                [1, 'Resource'],
                [
                  4,
                  [
                    [1, 'memory'],
                    [
                      2,
                      [
                        [1, 'AverageValue'],
                        [3, [[1, '500Mi']]],
                      ],
                    ],
                  ],
                ],
              ],
            ],
          ],
        ],
      ]),
    );
    expect(hpa.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
        },
      ],
    });
  });

  it('skips unknown fields, including fixed32/fixed64 ones, and reads packed ints', () => {
    const pod = decodeObjectProtobuf(
      envelope('v1', 'Pod', [
        [1, meta('p')],
        [
          2,
          [
            [14, [[4, Buffer.concat([varint(1000), varint(2000)])]]],
            [99, 'from the future'],
          ],
        ],
        [98, 7],
      ]),
    );
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { securityContext: { supplementalGroups: [1000, 2000] } },
    });
    const fixed = Buffer.concat([
      varint(97 * 8 + 1),
      Buffer.alloc(8),
      varint(96 * 8 + 5),
      Buffer.alloc(4),
      encode([[1, meta('q')]]),
    ]);
    expect(decodeObjectProtobuf(envelope('v1', 'Pod', fixed)).metadata).toEqual({ name: 'q' });
  });
});

describe('decodeProtobufBody', () => {
  it('decodes DeleteOptions sent under any group version, without adding metadata', () => {
    const body = envelope('apps/v1', 'DeleteOptions', [
      [1, 0],
      [2, [[1, 'u-1']]],
      [4, 'Foreground'],
      [5, 'All'],
    ]);
    expect(decodeProtobufBody(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  it('hands access reviews to decodeReviewProtobuf', () => {
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      [
        2,
        [
          [
            1,
            [
              [2, 'get'],
              [5, 'pods'],
            ],
          ],
        ],
      ],
    ]);
    expect(decodeProtobufBody(body)).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
    });
  });

  it('reports which kinds have a schema', () => {
    expect(hasProtobufSchema('v1', 'ConfigMap')).toBe(true);
    expect(hasProtobufSchema('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe(true);
    expect(hasProtobufSchema('authorization.k8s.io/v1', 'SelfSubjectAccessReview')).toBe(true);
    expect(hasProtobufSchema('v1', 'Deployment')).toBe(false);
    expect(hasProtobufSchema('stable.example.com/v1', 'CronTab')).toBe(false);
  });
});

describe('decodeObjectProtobuf errors', () => {
  it('answers 415 for kinds without a schema', () => {
    for (const [apiVersion, kind] of [
      ['stable.example.com/v1', 'CronTab'],
      ['apps/v2', 'Deployment'],
      ['v1', 'Binding'],
    ] as const) {
      const e = thrown(() => decodeObjectProtobuf(envelope(apiVersion, kind, [])));
      expect(e.code).toBe(415);
      expect(e.reason).toBe('UnsupportedMediaType');
      expect(e.message).toBe(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      );
    }
  });

  it('answers 400 for truncated objects, wrong wire types, a bad prefix and a missing kind', () => {
    const cut = encode([[1, meta('made', 'default')]]).subarray(0, 12);
    const truncated = thrown(() => decodeObjectProtobuf(envelope('v1', 'ConfigMap', cut)));
    expect(truncated.code).toBe(400);
    expect(truncated.reason).toBe('BadRequest');
    expect(truncated.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF',
    );

    const wrongType = thrown(() =>
      decodeObjectProtobuf(envelope('apps/v1', 'Deployment', [[2, [[1, 'three']]]])),
    );
    expect(wrongType.code).toBe(400);
    expect(wrongType.message).toContain('wrong wireType = 2 for field replicas');

    const json = thrown(() => decodeObjectProtobuf(Buffer.from('{"kind":"ConfigMap"}')));
    expect(json.code).toBe(400);
    expect(json.message).toContain('expected prefix [107 56 115 0]');

    const envelopeCut = thrown(() => decodeObjectProtobuf(real('configmap').subarray(0, 20)));
    expect(envelopeCut.code).toBe(400);

    expect(thrown(() => decodeObjectProtobuf(envelope('v1', '', []))).code).toBe(400);
  });

  it('answers 400 for embedded objects that are not JSON', () => {
    const body = envelope('v1', 'ConfigMap', [
      [
        1,
        [
          [1, 'c'],
          [17, [[7, [[1, Buffer.from([0xff])]]]]],
        ],
      ],
    ]);
    expect(thrown(() => decodeObjectProtobuf(body)).code).toBe(400);
  });
});
