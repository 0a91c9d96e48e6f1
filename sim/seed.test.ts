// Tests for the seed: names, counts, labels, prod protection, and the ClusterRoles enforcing PRODUCT.md's roles table.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findKind } from '../lib/k8s/resources';
import { bootstrapRbacObjects } from './bootstrap-rbac';
import { authorize, rulesOf, type RbacSnapshot } from './rbac';
import {
  CLUSTERS,
  parseClusterRoles,
  seedImages,
  seedObjects,
  wharfClusterRoles,
  type ClusterName,
} from './seed';
import type { KubeObject, PolicyRule, RequestAttributes } from './types';
import { DEMO_USERS } from '../lib/demo-users';

const AI_APPS = ['ai-api', 'ai-app', 'ai-gateway', 'ai-server', 'ai-web'];
const TAG = /^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}_[0-9a-f]{7}(-crash)?$/;

const dev = seedObjects('dev-cluster');
const prod = seedObjects('prod-cluster');
const both = [...dev, ...prod];

const ofKind = (objs: KubeObject[], kind: string, ns?: string): KubeObject[] =>
  objs.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns));
const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name ?? '').sort();
const find = (
  objs: KubeObject[],
  kind: string,
  ns: string | undefined,
  name: string,
): KubeObject => {
  const o = objs.find(
    (x) => x.kind === kind && x.metadata.namespace === ns && x.metadata.name === name,
  );
  if (!o) throw new Error(`no ${kind} ${ns ?? ''}/${name}`);
  return o;
};

function record(v: unknown): Record<string, unknown> {
  expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
  return v as Record<string, unknown>;
}
function array(v: unknown): unknown[] {
  expect(Array.isArray(v)).toBe(true);
  return v as unknown[];
}
function podSpec(deploy: KubeObject): Record<string, unknown> {
  return record(record(record(deploy.spec).template).spec);
}
function mainContainer(deploy: KubeObject): Record<string, unknown> {
  return record(array(podSpec(deploy).containers)[0]);
}

// Quantities as the seed writes them: plain or milli cores, Mi/Gi bytes.
function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`bad quantity ${q}`);
  const n = Number(m[1]);
  return m[2] === 'm' ? n / 1000 : m[2] === 'Mi' ? n * 2 ** 20 : m[2] === 'Gi' ? n * 2 ** 30 : n;
}

describe('seedObjects: names and counts', () => {
  it('knows the two clusters', () => {
    expect(CLUSTERS).toEqual(['dev-cluster', 'prod-cluster']);
  });

  it('has the project and system namespaces of each cluster', () => {
    const system = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
    expect(names(ofKind(dev, 'Namespace'))).toEqual(
      [...system, 'ai-preview', 'ai-test', 'haierpsi-bar-dev', 'haierpsi-foo-dev'].sort(),
    );
    expect(names(ofKind(prod, 'Namespace'))).toEqual(
      [...system, 'ai-prod', 'haierpsi-bar-prod', 'haierpsi-foo-prod'].sort(),
    );
  });

  it('labels project namespaces with project, env, app and protection, and annotates the creator', () => {
    const ns = (objs: KubeObject[], name: string) => find(objs, 'Namespace', undefined, name);
    expect(ns(dev, 'ai-test').metadata.labels).toMatchObject({
      'wharf.io/project': 'ai',
      'wharf.io/env': 'test',
    });
    expect(ns(dev, 'ai-test').metadata.labels?.['wharf.io/protected']).toBeUndefined();
    expect(ns(dev, 'ai-test').metadata.labels?.['wharf.io/app']).toBeUndefined();
    expect(ns(dev, 'ai-test').metadata.annotations?.['wharf.io/creator']).toBe('alice');
    expect(ns(prod, 'ai-prod').metadata.labels).toMatchObject({
      'wharf.io/project': 'ai',
      'wharf.io/env': 'prod',
      'wharf.io/protected': 'true',
    });
    expect(ns(dev, 'haierpsi-foo-dev').metadata.labels).toMatchObject({
      'wharf.io/project': 'haierpsi',
      'wharf.io/env': 'dev',
      'wharf.io/app': 'foo',
    });
    expect(ns(prod, 'haierpsi-bar-prod').metadata.labels).toMatchObject({
      'wharf.io/app': 'bar',
      'wharf.io/protected': 'true',
    });
    expect(ns(prod, 'haierpsi-bar-prod').metadata.annotations?.['wharf.io/creator']).toBe('hana');
    expect(ns(dev, 'kube-system').metadata.labels?.['wharf.io/project']).toBeUndefined();
  });

  it('counts deployments and services per cluster', () => {
    expect(ofKind(dev, 'Deployment')).toHaveLength(12);
    expect(ofKind(prod, 'Deployment')).toHaveLength(7);
    expect(ofKind(dev, 'Service')).toHaveLength(12);
    expect(ofKind(prod, 'Service')).toHaveLength(7);
    expect(ofKind(dev, 'Ingress')).toHaveLength(2);
    expect(ofKind(prod, 'Ingress')).toHaveLength(1);
  });

  it('has the 5 ai apps in every ai namespace with the stated replicas', () => {
    for (const [objs, ns] of [
      [dev, 'ai-test'],
      [dev, 'ai-preview'],
      [prod, 'ai-prod'],
    ] as const) {
      expect(names(ofKind(objs, 'Deployment', ns))).toEqual(AI_APPS);
      expect(names(ofKind(objs, 'Service', ns))).toEqual(AI_APPS);
      for (const d of ofKind(objs, 'Deployment', ns)) {
        expect(record(d.spec).replicas).toBe(d.metadata.name === 'ai-api' ? 3 : 2);
      }
    }
  });

  it('puts foo and bar alone in their per-app namespaces', () => {
    expect(names(ofKind(dev, 'Deployment', 'haierpsi-foo-dev'))).toEqual(['foo']);
    expect(names(ofKind(dev, 'Deployment', 'haierpsi-bar-dev'))).toEqual(['bar']);
    expect(names(ofKind(prod, 'Deployment', 'haierpsi-foo-prod'))).toEqual(['foo']);
    expect(names(ofKind(prod, 'Deployment', 'haierpsi-bar-prod'))).toEqual(['bar']);
    const foo = find(dev, 'Deployment', 'haierpsi-foo-dev', 'foo');
    expect(record(foo.spec).replicas).toBe(3);
    const c = mainContainer(foo);
    expect(c.image).toBe('registry.wharf.local/haierpsi/foo:2026-11-20-10-15_3f9c2ab');
    expect(array(c.ports)).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(array(c.env).map((e) => record(e).name)).toContain('JAVA_OPTS');
    expect(record(record(c.readinessProbe).httpGet).path).toBe('/actuator/health/readiness');
    expect(record(record(c.livenessProbe).httpGet).path).toBe('/actuator/health/liveness');
    const bar = find(prod, 'Deployment', 'haierpsi-bar-prod', 'bar');
    expect(record(bar.spec).replicas).toBe(2);
    expect(String(mainContainer(bar).image)).toMatch(/^nginx:1\.27/);
  });

  it('gives ai-web an Ingress host per env', () => {
    const host = (objs: KubeObject[], ns: string) =>
      record(array(record(find(objs, 'Ingress', ns, 'ai-web').spec).rules)[0]).host;
    expect(host(dev, 'ai-test')).toBe('ai-web.test.wharf.local');
    expect(host(dev, 'ai-preview')).toBe('ai-web.preview.wharf.local');
    expect(host(prod, 'ai-prod')).toBe('ai-web.prod.wharf.local');
  });

  it('crashes ai-server in ai-test and nothing else', () => {
    const crashing = ofKind(both, 'Deployment').filter((d) =>
      String(mainContainer(d).image).includes('crash'),
    );
    expect(crashing.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'ai-test/ai-server',
    ]);
  });

  it('tags wharf-built images {yyyy-MM-dd-HH-mm}_{gitShort}', () => {
    const images = seedImages();
    expect(images.length).toBeGreaterThan(15);
    for (const image of images.filter((i) => i.startsWith('registry.wharf.local/'))) {
      expect(image.split(':')[1]).toMatch(TAG);
    }
    for (const d of ofKind(both, 'Deployment')) {
      expect(images).toContain(mainContainer(d).image);
    }
  });

  it('has three ready nodes per cluster with the stated capacity', () => {
    expect(names(ofKind(dev, 'Node'))).toEqual(['dev-node-1', 'dev-node-2', 'dev-node-3']);
    expect(names(ofKind(prod, 'Node'))).toEqual(['prod-node-1', 'prod-node-2', 'prod-node-3']);
    const ips = new Set<string>();
    for (const n of ofKind(both, 'Node')) {
      const status = record(n.status);
      expect(status.capacity).toMatchObject({ cpu: '8', memory: '32Gi', pods: '110' });
      expect(status.allocatable).toMatchObject({ cpu: '8', memory: '32Gi', pods: '110' });
      const ready = array(status.conditions)
        .map(record)
        .find((c) => c.type === 'Ready');
      expect(ready?.status).toBe('True');
      expect(record(status.nodeInfo).kubeletVersion).toBe('v1.32.0');
      expect(String(record(status.nodeInfo).containerRuntimeVersion)).toMatch(
        /^containerd:\/\/1\.7\./,
      );
      const ip = array(status.addresses)
        .map(record)
        .find((a) => a.type === 'InternalIP');
      expect(String(ip?.address)).toMatch(/^10\.0\.\d+\.\d+$/);
      ips.add(String(ip?.address));
      expect(n.metadata.labels?.['kubernetes.io/hostname']).toBe(n.metadata.name);
      expect(n.metadata.labels?.['topology.kubernetes.io/zone']).toBeTruthy();
    }
    expect(ips.size).toBe(6);
  });

  it('stamps node conditions with the given time', () => {
    const now = new Date('2026-11-22T08:00:00.123Z');
    const node = ofKind(seedObjects('dev-cluster', { now }), 'Node')[0]!;
    const ready = array(record(node.status).conditions)
      .map(record)
      .find((c) => c.type === 'Ready');
    expect(ready?.lastHeartbeatTime).toBe('2026-11-22T08:00:00Z');
  });
});

describe('seedObjects: object shapes', () => {
  it('gives every object apiVersion, kind and name, and leaves uid/resourceVersion to the store', () => {
    for (const o of both) {
      expect(o.apiVersion, JSON.stringify(o.metadata)).toBeTruthy();
      expect(o.kind).toBeTruthy();
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(o.metadata.uid).toBeUndefined();
      expect(o.metadata.resourceVersion).toBeUndefined();
    }
  });

  it('uses only known kinds, namespaced exactly when the kind is, in seeded namespaces', () => {
    for (const objs of [dev, prod]) {
      const namespaces = new Set(names(ofKind(objs, 'Namespace')));
      for (const o of objs) {
        const d = findKind(String(o.apiVersion), String(o.kind));
        expect(d, `${o.apiVersion} ${o.kind}`).toBeDefined();
        if (d?.namespaced) expect(namespaces.has(o.metadata.namespace ?? '')).toBe(true);
        else expect(o.metadata.namespace).toBeUndefined();
      }
    }
  });

  it('has no duplicate objects', () => {
    for (const objs of [dev, prod]) {
      const keys = objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('has a default ServiceAccount in every namespace', () => {
    for (const objs of [dev, prod]) {
      for (const ns of names(ofKind(objs, 'Namespace'))) {
        expect(find(objs, 'ServiceAccount', ns, 'default')).toBeDefined();
      }
    }
  });

  it('gives every project namespace wharf-quota and wharf-limits', () => {
    for (const objs of [dev, prod]) {
      for (const ns of ofKind(objs, 'Namespace').filter(
        (n) => n.metadata.labels?.['wharf.io/project'],
      )) {
        const name = ns.metadata.name!;
        expect(record(find(objs, 'ResourceQuota', name, 'wharf-quota').spec).hard).toEqual({
          'requests.cpu': '8',
          'requests.memory': '16Gi',
          'limits.cpu': '16',
          'limits.memory': '32Gi',
          pods: '50',
          services: '20',
          configmaps: '50',
          secrets: '50',
        });
        const limits = array(record(find(objs, 'LimitRange', name, 'wharf-limits').spec).limits);
        expect(limits).toEqual([
          {
            type: 'Container',
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { cpu: '500m', memory: '512Mi' },
          },
        ]);
      }
    }
  });

  it('shapes every app as Deployment + Service with labels, selector, container "app", resources and probes', () => {
    for (const d of ofKind(both, 'Deployment')) {
      const ns = d.metadata.namespace!;
      const app = d.metadata.name!;
      const project = ns.startsWith('ai-') ? 'ai' : 'haierpsi';
      const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': project };
      expect(d.metadata.labels).toEqual(labels);
      const spec = record(d.spec);
      expect(spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': app } });
      expect(record(record(spec.template).metadata).labels).toEqual(labels);
      const containers = array(podSpec(d).containers);
      expect(containers).toHaveLength(1);
      const c = mainContainer(d);
      expect(c.name).toBe('app');
      const resources = record(c.resources);
      expect(Object.keys(record(resources.requests)).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(record(resources.limits)).sort()).toEqual(['cpu', 'memory']);
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      const svc = find(both, 'Service', ns, app);
      expect(svc.metadata.labels).toEqual(labels);
      expect(record(svc.spec).selector).toEqual({ 'app.kubernetes.io/name': app });
    }
  });

  it('has the ConfigMaps and Secrets each Deployment references', () => {
    for (const d of ofKind(both, 'Deployment')) {
      const ns = d.metadata.namespace!;
      const text = JSON.stringify(podSpec(d));
      const app = d.metadata.name!;
      expect(
        find(both, 'ConfigMap', ns, `${app}-config`).metadata.labels?.['app.kubernetes.io/name'],
      ).toBe(app);
      expect(text).toContain(`"${app}-config"`);
      for (const m of text.matchAll(/"secretKeyRef":\{"name":"([^"]+)","key":"([^"]+)"\}/g)) {
        const secret = find(both, 'Secret', ns, m[1]!);
        expect(Object.keys(record(secret.data))).toContain(m[2]);
      }
    }
    const foo = find(dev, 'Deployment', 'haierpsi-foo-dev', 'foo');
    expect(JSON.stringify(podSpec(foo))).toContain('"secretKeyRef":{"name":"foo-db"');
    const props = record(find(dev, 'ConfigMap', 'haierpsi-foo-dev', 'foo-config').data);
    expect(props['application.properties']).toContain('server.port=8080');
    const secret = find(dev, 'Secret', 'haierpsi-foo-dev', 'foo-db');
    for (const v of Object.values(record(secret.data))) {
      expect(Buffer.from(String(v), 'base64').toString('base64')).toBe(v);
    }
  });

  it('fits each namespace in its quota with room for a rolling update', () => {
    for (const objs of [dev, prod]) {
      for (const quota of ofKind(objs, 'ResourceQuota')) {
        const ns = quota.metadata.namespace!;
        const hard = record(record(quota.spec).hard);
        const used: Record<string, number> = {
          'requests.cpu': 0,
          'requests.memory': 0,
          'limits.cpu': 0,
          'limits.memory': 0,
          pods: 0,
        };
        for (const d of ofKind(objs, 'Deployment', ns)) {
          // A 25% surge rounds up: one extra pod per deployment at least.
          const pods = Number(record(d.spec).replicas) + 1;
          const r = record(mainContainer(d).resources);
          used.pods! += pods;
          for (const kind of ['requests', 'limits'] as const) {
            for (const res of ['cpu', 'memory'] as const) {
              used[`${kind}.${res}`]! += pods * quantity(String(record(r[kind])[res]));
            }
          }
        }
        for (const [key, value] of Object.entries(used)) {
          expect(value, `${ns} ${key}`).toBeLessThanOrEqual(quantity(String(hard[key])));
        }
      }
    }
  });
});

describe('seedObjects: members', () => {
  const bindings = ofKind(both, 'RoleBinding');
  const bindingsOf = (user: string) =>
    bindings.filter((b) => array(b.subjects).some((s) => record(s).name === user));

  it('names every binding wharf-<role>-<user>, labels the role and binds one User to a wharf ClusterRole', () => {
    expect(bindings.length).toBeGreaterThan(0);
    for (const b of bindings) {
      const role = b.metadata.labels?.['wharf.io/role'];
      expect(['owner', 'member', 'operator', 'viewer']).toContain(role);
      const subjects = array(b.subjects).map(record);
      expect(subjects).toHaveLength(1);
      expect(subjects[0]).toMatchObject({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io' });
      expect(b.metadata.name).toBe(`wharf-${role}-${String(subjects[0]!.name)}`);
      const ref = record(b.roleRef);
      expect(ref.kind).toBe('ClusterRole');
      expect(ref.name).toMatch(/^wharf-(owner|member|operator|viewer)$/);
    }
  });

  it("refers bob's binding in ai-prod to wharf-viewer, elsewhere to wharf-member", () => {
    const inProd = find(prod, 'RoleBinding', 'ai-prod', 'wharf-member-bob');
    expect(inProd.metadata.labels?.['wharf.io/role']).toBe('member');
    expect(record(inProd.roleRef).name).toBe('wharf-viewer');
    expect(record(find(dev, 'RoleBinding', 'ai-test', 'wharf-member-bob').roleRef).name).toBe(
      'wharf-member',
    );
    expect(record(find(dev, 'RoleBinding', 'ai-preview', 'wharf-member-bob').roleRef).name).toBe(
      'wharf-member',
    );
  });

  it('keeps owners and operators at their role in prod', () => {
    expect(record(find(prod, 'RoleBinding', 'ai-prod', 'wharf-owner-alice').roleRef).name).toBe(
      'wharf-owner',
    );
    expect(
      record(find(prod, 'RoleBinding', 'haierpsi-foo-prod', 'wharf-operator-olivia').roleRef).name,
    ).toBe('wharf-operator');
  });

  it('puts each user in exactly the namespaces of their projects', () => {
    const nsOf = (user: string) =>
      [...new Set(bindingsOf(user).map((b) => b.metadata.namespace))].sort();
    const ai = ['ai-preview', 'ai-prod', 'ai-test'];
    const haierpsi = [
      'haierpsi-bar-dev',
      'haierpsi-bar-prod',
      'haierpsi-foo-dev',
      'haierpsi-foo-prod',
    ];
    expect(nsOf('victor')).toEqual(haierpsi);
    expect(nsOf('hana')).toEqual(haierpsi);
    expect(nsOf('alice')).toEqual(ai);
    expect(nsOf('bob')).toEqual(ai);
    expect(nsOf('olivia')).toEqual([...ai, ...haierpsi].sort());
    expect(bindingsOf('admin')).toEqual([]);
    expect(bindingsOf('wharf-console')).toEqual([]);
  });

  it('binds only demo users', () => {
    const known = new Set(DEMO_USERS.map((u) => u.username));
    for (const b of bindings)
      for (const s of array(b.subjects)) expect(known.has(String(record(s).name))).toBe(true);
  });

  it('binds the admins group to cluster-admin and wharf-console to its role', () => {
    const crbs = ofKind(dev, 'ClusterRoleBinding');
    const admins = crbs.find((b) => record(b.roleRef).name === 'cluster-admin');
    expect(array(admins?.subjects)).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'wharf:platform-admins' },
    ]);
    const console_ = crbs.find((b) => record(b.roleRef).name === 'wharf-console');
    expect(array(console_?.subjects)).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'wharf-console' },
    ]);
  });

  it('does not ship kube bootstrap roles', () => {
    expect(names(ofKind(dev, 'ClusterRole'))).toEqual([
      'wharf-console',
      'wharf-member',
      'wharf-operator',
      'wharf-owner',
      'wharf-viewer',
    ]);
  });
});

describe('seedObjects: options and bad input', () => {
  it('adds load pods and their namespace', () => {
    const objs = seedObjects('dev-cluster', { extraPods: { namespace: 'sim-load', count: 3 } });
    expect(find(objs, 'Namespace', undefined, 'sim-load')).toBeDefined();
    expect(find(objs, 'ServiceAccount', 'sim-load', 'default')).toBeDefined();
    const pods = ofKind(objs, 'Pod', 'sim-load');
    expect(names(pods)).toEqual(['load-1', 'load-2', 'load-3']);
    for (const p of pods) expect(p.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'load' });
    expect(ofKind(objs, 'ResourceQuota', 'sim-load')).toEqual([]);
  });

  it('adds load pods to a seeded namespace without duplicating it', () => {
    const objs = seedObjects('dev-cluster', { extraPods: { namespace: 'ai-test', count: 2 } });
    expect(ofKind(objs, 'Namespace').filter((n) => n.metadata.name === 'ai-test')).toHaveLength(1);
    expect(ofKind(objs, 'Pod', 'ai-test')).toHaveLength(2);
    expect(
      ofKind(seedObjects('dev-cluster', { extraPods: { namespace: 'x', count: 0 } }), 'Pod'),
    ).toEqual([]);
  });

  it('refuses bad extraPods and unknown clusters', () => {
    const bad = (namespace: string, count: number) => () =>
      seedObjects('dev-cluster', { extraPods: { namespace, count } });
    expect(bad('sim-load', -1)).toThrow(/non-negative integer/);
    expect(bad('sim-load', 1.5)).toThrow(/non-negative integer/);
    expect(bad('sim-load', Number.NaN)).toThrow(/non-negative integer/);
    expect(bad('Sim_Load', 1)).toThrow(/not a valid namespace/);
    expect(bad('', 1)).toThrow(/not a valid namespace/);
    expect(bad('a'.repeat(64), 1)).toThrow(/not a valid namespace/);
    expect(() => seedObjects('staging-cluster' as ClusterName)).toThrow(/unknown cluster/);
  });

  it('returns fresh objects on each call', () => {
    const a = seedObjects('dev-cluster');
    a[0]!.metadata.name = 'changed';
    const role = a.find((o) => o.kind === 'ClusterRole')!;
    (role.rules as PolicyRule[]).length = 0;
    const b = seedObjects('dev-cluster');
    expect(b[0]!.metadata.name).not.toBe('changed');
    expect((b.find((o) => o.kind === 'ClusterRole')!.rules as PolicyRule[]).length).toBeGreaterThan(
      0,
    );
  });
});

describe('deploy/rbac/cluster-roles.yaml', () => {
  const roles = wharfClusterRoles();
  const role = (name: string): PolicyRule[] =>
    rulesOf(roles.find((r) => r.metadata.name === name)!);
  const grants = (rules: PolicyRule[], group: string, resource: string, verb: string) =>
    rules.some(
      (r) =>
        (r.apiGroups ?? []).includes(group) &&
        (r.resources ?? []).includes(resource) &&
        r.verbs.includes(verb),
    );

  it('is listed by deploy/kustomization.yaml', () => {
    const k = fs.readFileSync(new URL('../deploy/kustomization.yaml', import.meta.url), 'utf8');
    expect(k).toContain('rbac/cluster-roles.yaml');
  });

  it('has the five roles, each labelled with its role and part-of wharf', () => {
    expect(names(roles)).toEqual([
      'wharf-console',
      'wharf-member',
      'wharf-operator',
      'wharf-owner',
      'wharf-viewer',
    ]);
    for (const r of roles) {
      expect(r.metadata.labels?.['wharf.io/role']).toBe(r.metadata.name!.replace(/^wharf-/, ''));
      expect(r.metadata.labels?.['app.kubernetes.io/part-of']).toBe('wharf');
    }
  });

  it('gives wharf-viewer neither pods/exec nor secrets, and wharf-member both', () => {
    const viewer = role('wharf-viewer');
    expect(
      viewer.some((r) =>
        (r.resources ?? []).some((x) => x === 'pods/exec' || x === 'secrets' || x === '*'),
      ),
    ).toBe(false);
    expect(viewer.every((r) => r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)))).toBe(
      true,
    );
    expect(grants(role('wharf-member'), '', 'pods/exec', 'create')).toBe(true);
    expect(grants(role('wharf-member'), '', 'secrets', 'get')).toBe(true);
    expect(grants(role('wharf-operator'), '', 'secrets', 'get')).toBe(false);
  });

  it('nests the roles: viewer ⊂ operator ⊂ member ⊂ owner', () => {
    const key = (r: PolicyRule) => JSON.stringify(r);
    const chain = ['wharf-viewer', 'wharf-operator', 'wharf-member', 'wharf-owner'];
    for (let i = 1; i < chain.length; i++) {
      const bigger = new Set(role(chain[i]!).map(key));
      for (const r of role(chain[i - 1]!))
        expect(bigger.has(key(r)), `${chain[i]} lacks ${key(r)}`).toBe(true);
      expect(role(chain[i]!).length).toBeGreaterThan(role(chain[i - 1]!).length);
    }
  });

  it('rejects manifests that are not named ClusterRoles', () => {
    expect(parseClusterRoles('')).toEqual([]);
    expect(() =>
      parseClusterRoles('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'),
    ).toThrow(/not an/);
    expect(() =>
      parseClusterRoles(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {}\nrules: []\n',
      ),
    ).toThrow(/no metadata.name/);
    expect(() =>
      parseClusterRoles(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n',
      ),
    ).toThrow(/no rules/);
    expect(() => parseClusterRoles('kind: [unclosed\n')).toThrow(/document 1/);
    expect(() => parseClusterRoles('- just\n- a list\n')).toThrow(/not an/);
  });
});

// PRODUCT.md's roles table, asked of the RBAC authorizer with the seeded objects.
describe('the roles table, enforced', () => {
  function snapshot(cluster: ClusterName): RbacSnapshot {
    const objs = [...bootstrapRbacObjects(), ...seedObjects(cluster)];
    return {
      clusterRoles: ofKind(objs, 'ClusterRole'),
      clusterRoleBindings: ofKind(objs, 'ClusterRoleBinding'),
      roles: (ns) => ofKind(objs, 'Role', ns),
      roleBindings: (ns) => ofKind(objs, 'RoleBinding', ns),
    };
  }
  const rbac = { 'dev-cluster': snapshot('dev-cluster'), 'prod-cluster': snapshot('prod-cluster') };
  const nsCluster = (ns: string): ClusterName =>
    ns.endsWith('-prod') ? 'prod-cluster' : 'dev-cluster';

  function can(user: string, verb: string, what: string, ns = '', name?: string): boolean {
    const u = DEMO_USERS.find((x) => x.username === user);
    if (!u) throw new Error(`no user ${user}`);
    // what = [group:]resource[/subresource]; apps resources need no group
    const m = /^(?:([a-z0-9.-]+):)?([a-z]+)(?:\/([a-z]+))?$/.exec(what);
    if (!m) throw new Error(`bad resource ${what}`);
    const attrs: RequestAttributes = {
      user: { username: u.username, groups: [...u.groups, 'system:authenticated'] },
      verb,
      resourceRequest: true,
      apiGroup:
        m[1] ?? (['deployments', 'replicasets', 'statefulsets'].includes(m[2]!) ? 'apps' : ''),
      resource: m[2],
      subresource: m[3],
      namespace: ns,
      name,
    };
    return authorize(attrs, rbac[ns === '' ? 'dev-cluster' : nsCluster(ns)]).allowed;
  }

  it('lets every project role see its project', () => {
    for (const [user, ns] of [
      ['alice', 'ai-test'],
      ['bob', 'ai-prod'],
      ['olivia', 'haierpsi-foo-prod'],
      ['victor', 'haierpsi-bar-dev'],
      ['hana', 'haierpsi-foo-dev'],
    ] as const) {
      for (const what of [
        'pods',
        'pods/log',
        'events',
        'deployments',
        'replicasets',
        'services',
        'endpoints',
        'configmaps',
        'resourcequotas',
        'limitranges',
        'networking.k8s.io:ingresses',
        'batch:jobs',
        'batch:cronjobs',
        'autoscaling:horizontalpodautoscalers',
        'rbac.authorization.k8s.io:rolebindings',
        'events.k8s.io:events',
      ]) {
        expect(can(user, 'list', what, ns), `${user} list ${what} in ${ns}`).toBe(true);
      }
      expect(can(user, 'get', 'pods/log', ns, 'x')).toBe(true);
      expect(can(user, 'watch', 'metrics.k8s.io:pods', ns)).toBe(true);
      expect(can(user, 'list', 'tekton.dev:pipelineruns', ns)).toBe(true);
      expect(can(user, 'get', 'namespaces', ns, ns)).toBe(true);
    }
  });

  it('keeps people out of projects they are not in', () => {
    expect(can('victor', 'list', 'pods', 'ai-test')).toBe(false);
    expect(can('alice', 'get', 'pods', 'haierpsi-foo-dev')).toBe(false);
    expect(can('hana', 'list', 'deployments', 'ai-prod')).toBe(false);
    expect(can('bob', 'list', 'pods', 'kube-system')).toBe(false);
    expect(can('alice', 'list', 'pods')).toBe(false);
    expect(can('alice', 'list', 'namespaces')).toBe(false);
  });

  it('exec, restart and scale: owner and operator everywhere, member outside prod, viewer never', () => {
    const ops: [string, string][] = [
      ['create', 'pods/exec'],
      ['get', 'pods/exec'],
      ['delete', 'pods'],
      ['patch', 'deployments/scale'],
      ['update', 'statefulsets/scale'],
    ];
    for (const [verb, what] of ops) {
      expect(can('alice', verb, what, 'ai-prod'), `alice ${verb} ${what}`).toBe(true);
      expect(can('olivia', verb, what, 'ai-prod')).toBe(true);
      expect(can('olivia', verb, what, 'haierpsi-foo-dev')).toBe(true);
      expect(can('bob', verb, what, 'ai-test')).toBe(true);
      expect(can('bob', verb, what, 'ai-prod')).toBe(false);
      expect(can('victor', verb, what, 'haierpsi-foo-dev')).toBe(false);
      expect(can('admin', verb, what, 'haierpsi-foo-prod')).toBe(true);
    }
  });

  it('deploy, config, secrets and builds: owner everywhere, member outside prod, operator and viewer never', () => {
    const ops: [string, string][] = [
      ['create', 'deployments'],
      ['patch', 'deployments'],
      ['delete', 'services'],
      ['update', 'networking.k8s.io:ingresses'],
      ['create', 'autoscaling:horizontalpodautoscalers'],
      ['update', 'configmaps'],
      ['create', 'configmaps'],
      ['get', 'secrets'],
      ['list', 'secrets'],
      ['create', 'tekton.dev:pipelineruns'],
    ];
    for (const [verb, what] of ops) {
      expect(can('hana', verb, what, 'haierpsi-foo-prod'), `hana ${verb} ${what}`).toBe(true);
      expect(can('alice', verb, what, 'ai-test')).toBe(true);
      expect(can('bob', verb, what, 'ai-preview')).toBe(true);
      expect(can('bob', verb, what, 'ai-prod'), `bob ${verb} ${what} in prod`).toBe(false);
      expect(can('olivia', verb, what, 'ai-test'), `olivia ${verb} ${what}`).toBe(false);
      expect(can('victor', verb, what, 'haierpsi-bar-dev')).toBe(false);
    }
    // Secrets are read-only even for owners.
    expect(can('alice', 'update', 'secrets', 'ai-test')).toBe(false);
  });

  it('members: only owners (and admins) add, change and remove them, for any wharf role', () => {
    for (const verb of ['create', 'update', 'delete']) {
      expect(can('alice', verb, 'rbac.authorization.k8s.io:rolebindings', 'ai-prod')).toBe(true);
      expect(can('hana', verb, 'rbac.authorization.k8s.io:rolebindings', 'haierpsi-bar-dev')).toBe(
        true,
      );
      expect(can('bob', verb, 'rbac.authorization.k8s.io:rolebindings', 'ai-test')).toBe(false);
      expect(can('olivia', verb, 'rbac.authorization.k8s.io:rolebindings', 'ai-test')).toBe(false);
      expect(
        can('victor', verb, 'rbac.authorization.k8s.io:rolebindings', 'haierpsi-bar-dev'),
      ).toBe(false);
    }
    for (const r of ['wharf-owner', 'wharf-member', 'wharf-operator', 'wharf-viewer']) {
      expect(can('alice', 'bind', 'rbac.authorization.k8s.io:clusterroles', 'ai-test', r)).toBe(
        true,
      );
      expect(can('bob', 'bind', 'rbac.authorization.k8s.io:clusterroles', 'ai-test', r)).toBe(
        false,
      );
    }
    expect(
      can('alice', 'bind', 'rbac.authorization.k8s.io:clusterroles', 'ai-test', 'cluster-admin'),
    ).toBe(false);
    expect(
      can('alice', 'bind', 'rbac.authorization.k8s.io:clusterroles', 'ai-test', 'wharf-console'),
    ).toBe(false);
  });

  it('quota and projects: only platform admins set quota and create namespaces', () => {
    for (const user of ['alice', 'bob', 'olivia', 'victor', 'hana', 'wharf-console']) {
      expect(
        can(user, 'update', 'resourcequotas', user === 'hana' ? 'haierpsi-foo-dev' : 'ai-test'),
      ).toBe(false);
      expect(can(user, 'create', 'namespaces')).toBe(false);
      expect(can(user, 'create', 'limitranges', 'ai-test')).toBe(false);
    }
    expect(can('admin', 'update', 'resourcequotas', 'ai-prod')).toBe(true);
    expect(can('admin', 'create', 'namespaces')).toBe(true);
  });

  it('lets the console impersonate, read everything and review access, and nothing more', () => {
    expect(can('wharf-console', 'impersonate', 'users', '', 'alice')).toBe(true);
    expect(can('wharf-console', 'impersonate', 'groups', '', 'wharf:users')).toBe(true);
    expect(can('wharf-console', 'impersonate', 'authentication.k8s.io:uids', '', 'alice')).toBe(
      true,
    );
    expect(can('wharf-console', 'impersonate', 'authentication.k8s.io:userextras/scopes')).toBe(
      true,
    );
    expect(can('wharf-console', 'list', 'secrets')).toBe(true);
    expect(can('wharf-console', 'watch', 'pods')).toBe(true);
    expect(can('wharf-console', 'list', 'tekton.dev:pipelineruns')).toBe(true);
    expect(can('wharf-console', 'create', 'authorization.k8s.io:subjectaccessreviews')).toBe(true);
    expect(can('wharf-console', 'delete', 'pods', 'ai-test')).toBe(false);
    expect(can('wharf-console', 'create', 'deployments', 'ai-test')).toBe(false);
    expect(can('wharf-console', 'create', 'pods/exec', 'ai-test')).toBe(false);
    expect(can('alice', 'impersonate', 'users', '', 'bob')).toBe(false);
  });
});
