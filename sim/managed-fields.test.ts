import { describe, expect, it } from 'vitest';
import {
  fromFieldsV1,
  pathString,
  recordUpdate,
  serverSideApply,
  toFieldsV1,
} from './managed-fields';
import { StatusError, type KubeObject, type ManagedFieldsEntry } from './types';

const T1 = '2025-01-01T00:00:00Z';
const T2 = '2025-01-02T00:00:00Z';
const upd = (manager: string, time = T1, subresource?: string) => ({
  manager,
  apiVersion: 'apps/v1',
  time,
  ...(subresource ? { subresource } : {}),
});
const ssa = (manager: string, force = false, time = T1) => ({
  manager,
  force,
  apiVersion: 'apps/v1',
  time,
});

function deploy(
  replicas: number,
  image = 'nginx:1.25',
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '5',
      labels: { app: 'web' },
    },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('fieldsV1 encoding', () => {
  it('round-trips paths and prints kube field paths', () => {
    const paths = [
      ['f:metadata', 'f:labels', '.'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec', 'f:containers', 'k:{"name":"app"}', 'f:image'],
    ];
    const tree = toFieldsV1(paths);
    expect(tree).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } },
    });
    expect(fromFieldsV1(tree)).toEqual(paths);
    expect(fromFieldsV1('junk')).toEqual([]);
    expect(pathString(paths[2]!)).toBe('.spec.containers[name="app"].image');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"x"'])).toBe('.metadata.finalizers[="x"]');
  });
});

describe('recordUpdate', () => {
  it('gives a creating manager every field except identity and server fields', () => {
    const out = recordUpdate(undefined, deploy(1), upd('kubectl-create'));
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
      },
    ]);
  });

  it('moves changed fields to the updater, drops removed ones and empty entries, ignores status', () => {
    const created = recordUpdate(undefined, deploy(1), upd('a'));
    const input = deploy(3);
    const scaled = recordUpdate(created, { ...input, status: { replicas: 3 } }, upd('b', T2));
    expect(input.metadata.managedFields).toBeUndefined();
    expect(entry(scaled, 'b')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(scaled, 'b')?.time).toBe(T2);
    expect(JSON.stringify(entry(scaled, 'a')?.fieldsV1)).not.toContain('replicas');

    const status = recordUpdate(
      scaled,
      { ...scaled, status: { replicas: 1 } },
      upd('ctrl', T2, 'status'),
    );
    expect(entry(status, 'ctrl')).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
    });

    const relabel: KubeObject = { ...deploy(3), status: { replicas: 1 } };
    delete relabel.metadata.labels;
    const out = recordUpdate(status, relabel, upd('b', T2));
    expect(JSON.stringify(entry(out, 'a')?.fieldsV1)).not.toContain('labels');
    expect(entry(out, 'ctrl')).toBeDefined();

    const noop = recordUpdate(out, out, upd('c'));
    expect(entry(noop, 'c')).toBeUndefined();
    const only = recordUpdate(undefined, deploy(1), upd('a'));
    const taken = recordUpdate(only, deploy(2, 'x'), upd('b'));
    const all = recordUpdate(
      taken,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
      upd('b'),
    );
    expect(all.metadata.managedFields).toBeUndefined();
  });
});

describe('serverSideApply', () => {
  it('creates, re-applies idempotently and removes a field it stops applying', () => {
    const created = serverSideApply(
      undefined,
      deploy(2, 'nginx:1.25', { paused: false }),
      ssa('kubectl'),
    );
    expect(created.spec).toMatchObject({ replicas: 2, paused: false });
    expect(created.metadata.managedFields).toHaveLength(1);
    expect(entry(created, 'kubectl')).toMatchObject({
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T1,
    });
    expect(entry(created, 'kubectl')?.fieldsV1).toMatchObject({
      'f:spec': { 'f:paused': {}, 'f:replicas': {} },
    });

    const again = serverSideApply(
      created,
      deploy(2, 'nginx:1.25', { paused: false }),
      ssa('kubectl', false, T2),
    );
    expect(again.spec).toEqual(created.spec);
    expect(again.metadata.managedFields).toHaveLength(1);
    expect(entry(again, 'kubectl')?.time).toBe(T2);

    const dropped = serverSideApply(again, deploy(2, 'nginx:1.26'), ssa('kubectl'));
    expect(dropped.spec).not.toHaveProperty('paused');
    expect(dropped.spec).toMatchObject({
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } },
    });
    expect(JSON.stringify(entry(dropped, 'kubectl')?.fieldsV1)).not.toContain('paused');
    expect(dropped.metadata.uid).toBe('u1');
  });

  it('merges keyed lists and removes list items it no longer applies', () => {
    const two = deploy(1);
    (two.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({
      name: 'side',
      image: 'busybox',
    });
    const created = serverSideApply(undefined, two, ssa('kubectl'));
    const other = recordUpdate(
      created,
      { ...created, metadata: { ...created.metadata, annotations: { x: '1' } } },
      upd('ui'),
    );
    const out = serverSideApply(other, deploy(1), ssa('kubectl'));
    expect(out.spec).toMatchObject({
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    });
    expect(out.metadata.annotations).toEqual({ x: '1' });
  });

  it('keeps an omitted field another manager also owns', () => {
    const created = serverSideApply(
      undefined,
      deploy(2, 'nginx:1.25', { paused: false }),
      ssa('a'),
    );
    const shared = serverSideApply(created, deploy(2, 'nginx:1.25', { paused: false }), ssa('b'));
    const out = serverSideApply(shared, deploy(2), ssa('a'));
    expect(out.spec).toHaveProperty('paused', false);
    expect(JSON.stringify(entry(out, 'b')?.fieldsV1)).toContain('paused');
  });

  it('rejects a change to a field another manager owns with 409 Conflict', () => {
    const created = recordUpdate(undefined, deploy(1), upd('kubectl-client-side-apply'));
    const err = conflictOf(() => serverSideApply(created, deploy(3), ssa('kubectl')));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(err.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
    // Same values, identity fields and a different apiVersion/kind never conflict.
    expect(() => serverSideApply(created, deploy(1), ssa('kubectl'))).not.toThrow();
  });

  it('lists several conflicts grouped by manager', () => {
    const created = recordUpdate(undefined, deploy(1), upd('m'));
    const err = conflictOf(() => serverSideApply(created, deploy(3, 'nginx:2'), ssa('kubectl')));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "m" using apps/v1:\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="app"].image',
    );
    expect(err.details?.causes).toHaveLength(2);
    const applied = serverSideApply(undefined, deploy(1), ssa('other'));
    expect(conflictOf(() => serverSideApply(applied, deploy(4), ssa('kubectl'))).message).toBe(
      'Apply failed with 1 conflict: conflict with "other": .spec.replicas',
    );
  });

  it('with force takes the field over', () => {
    const created = recordUpdate(undefined, deploy(1), upd('kubectl-client-side-apply'));
    const out = serverSideApply(created, deploy(3), ssa('kubectl', true));
    expect(out.spec).toMatchObject({ replicas: 3 });
    expect(JSON.stringify(entry(out, 'kubectl-client-side-apply')?.fieldsV1)).not.toContain(
      'replicas',
    );
    expect(entry(out, 'kubectl')?.fieldsV1).toMatchObject({ 'f:spec': { 'f:replicas': {} } });
    expect(created.spec).toMatchObject({ replicas: 1 });
  });

  it('treats null as not applied and never stores status or managedFields from the request', () => {
    const created = serverSideApply(undefined, deploy(1, 'nginx', { paused: true }), ssa('a'));
    const body = {
      ...deploy(1, 'nginx', { paused: null }),
      status: { replicas: 9 },
    };
    body.metadata.managedFields = [];
    const out = serverSideApply(created, body, ssa('a'));
    expect(out.spec).not.toHaveProperty('paused');
    expect(out).not.toHaveProperty('status');
    expect(out.metadata.managedFields).toHaveLength(1);
  });

  it('unions finalizers and removes the ones it stops applying', () => {
    const withFin = (f: string[]): KubeObject => ({
      ...deploy(1),
      metadata: { name: 'web', finalizers: f },
    });
    const a = serverSideApply(undefined, withFin(['x']), ssa('a'));
    const b = serverSideApply(a, withFin(['y']), ssa('b'));
    expect(b.metadata.finalizers).toEqual(['x', 'y']);
    const c = serverSideApply(b, withFin([]), ssa('a'));
    expect(c.metadata.finalizers).toEqual(['y']);
  });
});
