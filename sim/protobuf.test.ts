import { describe, expect, it } from 'vitest';
import { decodeReviewProtobuf } from './protobuf';
import { StatusError } from './types';

// A tiny protobuf encoder, enough to build what kubectl sends.
type Value = string | number | boolean | Buffer | Msg;
type Msg = [number, Value][];

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
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

const MAGIC = Buffer.from('k8s\0', 'latin1');

function envelope(apiVersion: string, kind: string, raw: Msg | Buffer): Buffer {
  const bytes = Buffer.isBuffer(raw) ? raw : encode(raw);
  return Buffer.concat([
    MAGIC,
    encode([
      [
        1,
        [
          [1, apiVersion],
          [2, kind],
        ],
      ],
      [2, bytes],
      [3, ''],
      [4, ''],
    ]),
  ]);
}

// gogo-generated Marshal writes every non-pointer field, empty strings and false included.
const emptyMeta: Msg = [[8, []]];
const resourceAttributes = (ns: string, verb: string, resource: string): Msg => [
  [1, ns],
  [2, verb],
  [3, ''],
  [4, ''],
  [5, resource],
  [6, ''],
  [7, ''],
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

describe('decodeReviewProtobuf', () => {
  it('decodes `kubectl auth can-i get pods -n ai-test`', () => {
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      [1, emptyMeta],
      [2, [[1, resourceAttributes('ai-test', 'get', 'pods')]]],
      [
        3,
        [
          [1, false],
          [2, ''],
          [3, ''],
          [4, false],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(body, 'SelfSubjectAccessReview')).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'ai-test', verb: 'get', resource: 'pods' } },
      status: { allowed: false },
    });
  });

  it('decodes a subresource, a name, a group and a non-resource check', () => {
    const withSub = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      [1, []],
      [
        2,
        [
          [
            1,
            [
              [1, 'ai-test'],
              [2, 'create'],
              [3, 'apps'],
              [4, 'v1'],
              [5, 'deployments'],
              [6, 'scale'],
              [7, 'web'],
            ],
          ],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(withSub).spec).toEqual({
      resourceAttributes: {
        namespace: 'ai-test',
        verb: 'create',
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        name: 'web',
      },
    });
    const path = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      [
        2,
        [
          [
            2,
            [
              [1, '/healthz'],
              [2, 'get'],
            ],
          ],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(path).spec).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
  });

  it('decodes `kubectl auth can-i --list -n ai-test`', () => {
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', [
      [1, emptyMeta],
      [2, [[1, 'ai-test']]],
      [
        3,
        [
          [3, false],
          [4, ''],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(body, 'SelfSubjectRulesReview')).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: { namespace: 'ai-test' },
      status: { incomplete: false },
    });
  });

  it('decodes SubjectAccessReview user, groups, extra and uid', () => {
    const body = envelope('authorization.k8s.io/v1', 'SubjectAccessReview', [
      [
        1,
        [
          [1, 'review'],
          [
            11,
            [
              [1, 'app'],
              [2, 'web'],
            ],
          ],
        ],
      ],
      [
        2,
        [
          [1, resourceAttributes('default', 'list', 'secrets')],
          [3, 'alice'],
          [4, 'devs'],
          [4, 'qa'],
          [
            5,
            [
              [1, 'scopes'],
              [
                2,
                [
                  [1, 'openid'],
                  [1, 'profile'],
                ],
              ],
            ],
          ],
          [6, 'u-1'],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: { name: 'review', labels: { app: 'web' } },
      spec: {
        resourceAttributes: { namespace: 'default', verb: 'list', resource: 'secrets' },
        user: 'alice',
        groups: ['devs', 'qa'],
        extra: { scopes: ['openid', 'profile'] },
        uid: 'u-1',
      },
    });
    const local = envelope('authorization.k8s.io/v1', 'LocalSubjectAccessReview', [
      [1, [[3, 'team']]],
      [
        2,
        [
          [1, resourceAttributes('team', 'get', 'pods')],
          [3, 'bob'],
        ],
      ],
    ]);
    expect(decodeReviewProtobuf(local, 'LocalSubjectAccessReview')).toMatchObject({
      metadata: { namespace: 'team' },
      spec: { user: 'bob' },
    });
  });

  it('decodes the empty SelfSubjectReview of `kubectl auth whoami` and skips unknown fields', () => {
    const body = envelope('authentication.k8s.io/v1', 'SelfSubjectReview', [
      [1, emptyMeta],
      [2, [[1, [[1, '']]]]],
      [99, 'from the future'],
      [98, 7],
    ]);
    expect(decodeReviewProtobuf(body, 'SelfSubjectReview')).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
      status: { userInfo: {} },
    });
  });

  it('converts a set creationTimestamp and large int64 values', () => {
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', [
      [
        1,
        [
          [7, 2 ** 40],
          [8, [[1, 1_700_000_000]]],
        ],
      ],
      [2, [[1, 'x']]],
    ]);
    expect(decodeReviewProtobuf(body).metadata).toEqual({
      generation: 2 ** 40,
      creationTimestamp: '2023-11-14T22:13:20Z',
    });
  });

  it('rejects a body without the k8s\\0 prefix (JSON sent as protobuf)', () => {
    const e = thrown(() =>
      decodeReviewProtobuf(
        Buffer.from('{"kind":"SelfSubjectAccessReview"}'),
        'SelfSubjectAccessReview',
      ),
    );
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe(
      'the object provided is unrecognized (must be of type SelfSubjectAccessReview): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"SelfSubjectAccessRevi ...)',
    );
    expect(thrown(() => decodeReviewProtobuf(Buffer.alloc(0))).message).toContain('(<empty>)');
  });

  it('rejects truncated envelopes and truncated objects', () => {
    const good = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      [2, [[1, resourceAttributes('a', 'get', 'pods')]]],
    ]);
    const cut = good.subarray(0, good.length - 3);
    const e = thrown(() => decodeReviewProtobuf(cut, 'SelfSubjectAccessReview'));
    expect(e.code).toBe(400);
    expect(e.message).toMatch(
      /^the object provided is unrecognized \(must be of type SelfSubjectAccessReview\): unexpected EOF \(6b387300/,
    );

    const raw = encode([[2, [[1, resourceAttributes('a', 'get', 'pods')]]]]).subarray(0, 10);
    const inner = thrown(() =>
      decodeReviewProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw)),
    );
    expect(inner.code).toBe(400);
    expect(inner.message).toBe(
      'SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: unexpected EOF',
    );
  });

  it('rejects a field with the wrong wire type', () => {
    const raw = Buffer.concat([varint(2 * 8 + 0), varint(1)]);
    const e = thrown(() =>
      decodeReviewProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', raw)),
    );
    expect(e.code).toBe(400);
    expect(e.message).toContain('wrong wireType');
  });

  it('rejects unsupported kinds, wrong groups, a missing kind and a kind the URL does not serve', () => {
    const pod = thrown(() => decodeReviewProtobuf(envelope('v1', 'Pod', [])));
    expect(pod.code).toBe(400);
    expect(pod.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: no kind "Pod" is registered for version "v1"',
    );
    expect(
      thrown(() => decodeReviewProtobuf(envelope('apps/v1', 'SelfSubjectAccessReview', []))).code,
    ).toBe(400);
    expect(
      thrown(() => decodeReviewProtobuf(envelope('authorization.k8s.io/v1', '', []))).code,
    ).toBe(400);
    const mismatch = thrown(() =>
      decodeReviewProtobuf(
        envelope('authorization.k8s.io/v1', 'SubjectAccessReview', []),
        'SelfSubjectAccessReview',
      ),
    );
    expect(mismatch.message).toBe(
      'SubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: expected kind SelfSubjectAccessReview, got SubjectAccessReview',
    );
  });
});
