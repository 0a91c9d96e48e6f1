import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch';
import { StatusError } from './types';

function statusOf(fn: () => unknown): ReturnType<StatusError['toStatus']> {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.toStatus();
    throw e;
  }
  throw new Error('expected a StatusError');
}

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    annotations: { 'deployment.kubernetes.io/revision': '2', team: 'a' },
    finalizers: ['a'],
  },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80 }],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    },
  },
});

describe('applyJsonPatch', () => {
  it('applies kubectl rollout undo patch without touching the input', () => {
    const doc = deployment();
    const before = JSON.stringify(doc);
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.24' }] },
    };
    const annotations = { 'deployment.kubernetes.io/revision': '2', rs: 'x' };
    const out = applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]) as ReturnType<typeof deployment>;
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual(annotations);
    expect(out.spec.replicas).toBe(3);
    expect(JSON.stringify(doc)).toBe(before);
    template.spec.containers[0]!.image = 'mutated';
    expect(out.spec.template.spec.containers[0]!.image).toBe('nginx:1.24');
  });

  it('supports add with "-", escapes, move, copy, test, remove and the root pointer', () => {
    const doc = { a: [1, 2], 'x/y': { 'm~n': 1 } };
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/a/-', value: 3 }])).toEqual({
      ...doc,
      a: [1, 2, 3],
    });
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/a/0', value: 0 }])).toMatchObject({
      a: [0, 1, 2],
    });
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '/x~1y/m~0n', value: 2 }])).toMatchObject({
      'x/y': { 'm~n': 2 },
    });
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/a', path: '/b' }])).toEqual({
      b: [1, 2],
      'x/y': { 'm~n': 1 },
    });
    expect(applyJsonPatch(doc, [{ op: 'copy', from: '/a/1', path: '/c' }])).toMatchObject({
      a: [1, 2],
      c: 2,
    });
    expect(
      applyJsonPatch(doc, [
        { op: 'test', path: '/x~1y', value: { 'm~n': 1 } },
        { op: 'remove', path: '/a/0' },
      ]),
    ).toMatchObject({ a: [2] });
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '', value: { z: 1 } }])).toEqual({ z: 1 });
    expect(applyJsonPatch(doc, [])).toEqual(doc);
  });

  it('rejects malformed patches with 400 BadRequest', () => {
    for (const bad of [
      { op: 'add', path: '/a', value: 1 },
      [{ path: '/a' }],
      [{ op: 'frob', path: '/a' }],
      [{ op: 'remove' }],
      [{ op: 'add', path: 'a', value: 1 }],
      [{ op: 'add', path: '/a' }],
      [{ op: 'move', path: '/a' }],
      ['add'],
    ]) {
      expect(statusOf(() => applyJsonPatch({}, bad))).toMatchObject({
        code: 400,
        reason: 'BadRequest',
      });
    }
  });

  it('rejects ops that do not apply with 422 Invalid and the json-patch reason', () => {
    const cases: [unknown[], string][] = [
      [
        [{ op: 'remove', path: '/nope' }],
        'remove operation does not apply: doc is missing path: "/nope": missing value',
      ],
      [
        [{ op: 'replace', path: '/nope', value: 1 }],
        'replace operation does not apply: doc is missing key: /nope',
      ],
      [
        [{ op: 'add', path: '/x/y', value: 1 }],
        'add operation does not apply: doc is missing path: "/x/y"',
      ],
      [[{ op: 'add', path: '/a/5', value: 1 }], 'Unable to access invalid index: 5'],
      [[{ op: 'remove', path: '/a/2' }], 'Unable to remove invalid index: 2'],
      [[{ op: 'remove', path: '/a/01' }], 'Unable to remove invalid index: 01'],
      [[{ op: 'test', path: '/a/0', value: 9 }], 'testing value /a/0 failed: test failed'],
      [
        [{ op: 'test', path: '/q', value: 9 }],
        'test operation does not apply: is missing path: /q',
      ],
      [
        [{ op: 'move', from: '/q', path: '/r' }],
        'move operation does not apply: doc is missing from path: /q',
      ],
      [[{ op: 'move', from: '/a', path: '/a/0' }], 'cannot move /a into its own child'],
      [
        [{ op: 'copy', from: '/q', path: '/r' }],
        'copy operation does not apply: doc is missing from path: /q',
      ],
      [[{ op: 'remove', path: '' }], 'cannot remove the whole document'],
    ];
    for (const [ops, reason] of cases) {
      const s = statusOf(() => applyJsonPatch({ a: [1, 2] }, ops));
      expect(s).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(s.message).toBe('the server rejected our request due to an error in our request');
      expect(s.details?.causes?.[0]?.message).toContain(reason);
    }
  });
});

describe('applyMergePatch', () => {
  it('deletes keys set to null, merges maps and replaces lists', () => {
    const doc = deployment();
    const out = applyMergePatch(doc, {
      metadata: { annotations: { team: null, owner: 'b' } },
      spec: { template: { spec: { containers: [{ name: 'only' }] } } },
    }) as ReturnType<typeof deployment>;
    expect(out.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '2',
      owner: 'b',
    });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only' }]);
    expect(out.spec.replicas).toBe(3);
    expect(doc.metadata.annotations.team).toBe('a');
  });

  it('replaces the document when the patch is not an object', () => {
    expect(applyMergePatch({ a: 1 }, [1])).toEqual([1]);
    expect(applyMergePatch({ a: 1 }, 'x')).toBe('x');
    expect(applyMergePatch('x', { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } });
  });
});

describe('applyStrategicMergePatch', () => {
  it('applies kubectl set image exactly as sent', () => {
    const doc = deployment();
    const patch = JSON.parse(
      '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"image":"nginx:1.26","name":"app"}]}}}}',
    );
    const out = applyStrategicMergePatch(doc, patch) as ReturnType<typeof deployment>;
    const cs = out.spec.template.spec.containers;
    expect(cs.map((c) => [c.name, c.image])).toEqual([
      ['app', 'nginx:1.26'],
      ['sidecar', 'busybox'],
    ]);
    expect(cs[0]!.env).toHaveLength(2);
    expect(JSON.stringify(out)).not.toContain('$');
    expect(doc.spec.template.spec.containers[0]!.image).toBe('nginx:1.25');
  });

  it('reorders with $setElementOrder and removes keyed items with $patch: delete', () => {
    const out = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: {
            $setElementOrder: 'ignored',
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
            containers: [
              {
                name: 'app',
                env: [
                  { name: 'A', $patch: 'delete' },
                  { name: 'C', value: '3' },
                ],
              },
            ],
          },
        },
      },
    }) as ReturnType<typeof deployment>;
    const cs = out.spec.template.spec.containers;
    expect(cs.map((c) => c.name)).toEqual(['sidecar', 'app']);
    expect(cs[1]!.env).toEqual([
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ]);
    expect(JSON.stringify(out)).not.toContain('$');
  });

  it('merges service ports on port and container ports on containerPort', () => {
    const svc = {
      spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }], selector: { app: 'web' } },
    };
    const out = applyStrategicMergePatch(svc, {
      spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 8443 }] },
    });
    expect(out).toEqual({
      spec: {
        ports: [{ port: 80, targetPort: 9090 }, { port: 443 }, { port: 8443 }],
        selector: { app: 'web' },
      },
    });
    const pod = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] },
        },
      },
    }) as ReturnType<typeof deployment>;
    expect(pod.spec.template.spec.containers[0]!.ports).toEqual([
      { containerPort: 80, name: 'http' },
    ]);
  });

  it('deletes keys with null, replaces unkeyed lists and unions finalizers', () => {
    const out = applyStrategicMergePatch(
      { metadata: { labels: { a: '1', b: '2' }, finalizers: ['x'] }, spec: { args: ['a', 'b'] } },
      { metadata: { labels: { a: null }, finalizers: ['y', 'x'] }, spec: { args: ['c'] } },
    );
    expect(out).toEqual({
      metadata: { labels: { b: '2' }, finalizers: ['x', 'y'] },
      spec: { args: ['c'] },
    });
  });

  it('honours $patch replace/delete on maps and lists, $retainKeys and $deleteFromPrimitiveList', () => {
    const doc = {
      metadata: { labels: { a: '1' }, finalizers: ['x', 'y', 'z'] },
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        volumes: [{ name: 'v1' }, { name: 'v2' }],
      },
    };
    const out = applyStrategicMergePatch(doc, {
      metadata: {
        labels: { $patch: 'replace', b: '2' },
        '$deleteFromPrimitiveList/finalizers': ['y'],
      },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        volumes: [{ $patch: 'replace' }, { name: 'v3', $patch: 'merge' }],
      },
    });
    expect(out).toEqual({
      metadata: { labels: { b: '2' }, finalizers: ['x', 'z'] },
      spec: { strategy: { type: 'Recreate' }, volumes: [{ name: 'v3' }] },
    });
    expect(
      applyStrategicMergePatch(doc, { metadata: { labels: { $patch: 'delete' } } }),
    ).toMatchObject({
      metadata: { finalizers: ['x', 'y', 'z'] },
    });
    expect(applyStrategicMergePatch(doc, { $patch: 'delete' })).toEqual({});
  });

  it('rejects bad directives and patches with 400 BadRequest', () => {
    const bad: unknown[] = [
      [{ a: 1 }],
      'x',
      { $patch: 'frob' },
      { spec: { volumes: [{ name: 'v', $patch: 'explode' }] } },
      { spec: { volumes: [{ emptyDir: {} }] } },
      { spec: { $retainKeys: 'type' } },
      { spec: { '$setElementOrder/volumes': 'v' } },
      { spec: { '$deleteFromPrimitiveList/args': 'a' } },
    ];
    for (const p of bad) {
      expect(statusOf(() => applyStrategicMergePatch({ spec: {} }, p))).toMatchObject({
        code: 400,
        reason: 'BadRequest',
      });
    }
    expect(
      statusOf(() => applyStrategicMergePatch({}, { spec: { volumes: [{ emptyDir: {} }] } }))
        .message,
    ).toContain('does not contain declared merge key: name');
  });
});
