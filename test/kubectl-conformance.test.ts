// The real kubectl against `npm run sim`: what kubectl users and the console's tests rely on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;

beforeAll(async () => {
  sim = await startSim();
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

function ok(args: string[], opts?: { context?: string; input?: string }): string {
  const r = sim.kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

function fails(args: string[], opts?: { context?: string; input?: string }): string {
  const r = sim.kubectl(args, opts);
  expect(r.code, `kubectl ${args.join(' ')} should fail; stdout:\n${r.stdout}`).not.toBe(0);
  return r.stderr;
}

function writeFile(name: string, text: string): string {
  const p = path.join(sim.stateDir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('kubectl get', () => {
  it('prints pod-like tables with the real columns', () => {
    const out = ok(['get', 'deployments', '-n', 'ai-test']);
    expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    for (const app of ['ai-api', 'ai-app', 'ai-web', 'ai-server', 'ai-gateway'])
      expect(out).toContain(app);
  });

  it('-o wide adds the priority columns', () => {
    const out = ok(['get', 'deploy', '-n', 'haierpsi-foo-dev', '-o', 'wide']);
    expect(out.split('\n')[0]).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(out).toContain('app.kubernetes.io/name=foo');
  });

  it('-A adds the namespace column across namespaces', () => {
    const out = ok(['get', 'services', '-A']);
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP/);
    expect(out).toMatch(/haierpsi-bar-dev\s+bar\s+ClusterIP\s+10\.96\./);
  });

  it('-o yaml and -o json return the full object', () => {
    const json = JSON.parse(
      ok(['get', 'deploy', 'foo', '-n', 'haierpsi-foo-dev', '-o', 'json']),
    ) as {
      kind: string;
      metadata: { uid: string; resourceVersion: string; labels: Record<string, string> };
      spec: { replicas: number; strategy: { type: string } };
    };
    expect(json.kind).toBe('Deployment');
    expect(json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.metadata.labels['app.kubernetes.io/part-of']).toBe('haierpsi');
    expect(json.spec.replicas).toBe(3);
    expect(json.spec.strategy.type).toBe('RollingUpdate');
    expect(ok(['get', 'ns', 'ai-prod', '-o', 'yaml'], { context: 'prod-cluster' })).toMatch(
      /wharf.io\/protected: "true"/,
    );
  });

  it('--show-labels, -l and --field-selector filter like the API server', () => {
    expect(ok(['get', 'ns', '--show-labels', '-l', 'wharf.io/project=ai'])).toMatch(
      /ai-test\s+Active\s+\S+\s+.*wharf.io\/env=test/,
    );
    const names = ok(['get', 'ns', '-l', 'wharf.io/project=haierpsi', '-o', 'name'])
      .trim()
      .split('\n');
    expect(names).toEqual(['namespace/haierpsi-bar-dev', 'namespace/haierpsi-foo-dev']);
    const one = ok([
      'get',
      'svc',
      '-n',
      'ai-test',
      '--field-selector',
      'metadata.name=ai-web',
      '-o',
      'name',
    ]);
    expect(one.trim()).toBe('service/ai-web');
    expect(
      fails(['get', 'svc', '-n', 'ai-test', '--field-selector', 'spec.type=ClusterIP']),
    ).toContain('field label not supported: spec.type');
  });

  it('knows nodes, quotas and events tables', () => {
    expect(ok(['get', 'nodes']).split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(ok(['get', 'quota', '-n', 'ai-test'])).toMatch(
      /wharf-quota\s+\S+\s+.*requests.cpu: \S+\/8/,
    );
    expect(ok(['get', 'events', '-n', 'ai-test']).length).toBeGreaterThanOrEqual(0);
  });

  it('says NotFound the way kubectl expects', () => {
    expect(fails(['get', 'deploy', 'nope', '-n', 'ai-test'])).toContain(
      'Error from server (NotFound): deployments.apps "nope" not found',
    );
  });
});

describe('kubectl writes', () => {
  it('apply (client-side) creates and then patches', () => {
    const file = writeFile(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ai-test\ndata:\n  a: "1"\n',
    );
    expect(ok(['apply', '-f', file])).toContain('configmap/applied created');
    writeFile(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ai-test\ndata:\n  a: "2"\n',
    );
    expect(ok(['apply', '-f', file])).toContain('configmap/applied configured');
    expect(ok(['get', 'cm', 'applied', '-n', 'ai-test', '-o', 'jsonpath={.data.a}'])).toBe('2');
    expect(ok(['apply', '-f', file])).toContain('configmap/applied unchanged');
  });

  it('apply --server-side upserts and records managed fields', () => {
    const file = writeFile(
      'ssa.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\n  namespace: ai-test\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: ssa}\n  template:\n    metadata:\n      labels: {app: ssa}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
    );
    expect(ok(['apply', '--server-side', '-f', file])).toContain(
      'deployment.apps/ssa serverside-applied',
    );
    const obj = JSON.parse(
      ok(['get', 'deploy', 'ssa', '-n', 'ai-test', '-o', 'json', '--show-managed-fields']),
    ) as {
      metadata: { managedFields: { manager: string; operation: string }[] };
    };
    expect(obj.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }),
    );
    expect(ok(['apply', '--server-side', '-f', file])).toContain('serverside-applied');
  });

  it('rejects unknown fields with strict validation and stores nothing', () => {
    const file = writeFile(
      'bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\n  namespace: ai-test\ndata: {}\nbogus: 1\n',
    );
    expect(fails(['apply', '-f', file])).toMatch(/unknown field "bogus"/);
    expect(fails(['get', 'cm', 'strict', '-n', 'ai-test'])).toContain('NotFound');
  });

  it('create and delete, including generateName', () => {
    expect(ok(['create', 'configmap', 'made', '-n', 'ai-test', '--from-literal=k=v'])).toContain(
      'configmap/made created',
    );
    const file = writeFile(
      'gen.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n  namespace: ai-test\n',
    );
    const created = ok(['create', '-f', file]);
    expect(created).toMatch(/^configmap\/gen-[bcdfghjklmnpqrstvwxz2456789]{5} created/);
    const name = created.split(' ')[0]!;
    expect(ok(['delete', name, '-n', 'ai-test'])).toContain('deleted');
    expect(ok(['delete', 'configmap', 'made', '-n', 'ai-test'])).toContain(
      'configmap "made" deleted',
    );
    expect(fails(['create', 'configmap', 'applied', '-n', 'ai-test'])).toContain(
      'error: failed to create configmap: configmaps "applied" already exists',
    );
  });

  it('kubectl create <generator> sends protobuf, which the simulator decodes', () => {
    expect(ok(['create', 'deployment', 'bare', '-n', 'ai-preview', '--image=nginx'])).toContain(
      'deployment.apps/bare created',
    );
    const d = JSON.parse(ok(['get', 'deploy', 'bare', '-n', 'ai-preview', '-o', 'json'])) as {
      spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
    };
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx');
    expect(
      ok(['create', 'secret', 'generic', 'pw', '-n', 'ai-preview', '--from-literal=a=b']),
    ).toContain('secret/pw created');
    expect(ok(['get', 'secret', 'pw', '-n', 'ai-preview', '-o', 'jsonpath={.data.a}'])).toBe(
      'Yg==',
    );
    expect(ok(['create', 'namespace', 'scratch'])).toContain('namespace/scratch created');
    expect(ok(['delete', 'namespace', 'scratch'])).toContain('namespace "scratch" deleted');
  });

  it('label and annotate', () => {
    ok(['label', 'deploy', 'ai-app', '-n', 'ai-test', 'tier=backend']);
    ok(['annotate', 'deploy', 'ai-app', '-n', 'ai-test', 'note=hello']);
    expect(ok(['get', 'deploy', '-n', 'ai-test', '-l', 'tier=backend', '-o', 'name']).trim()).toBe(
      'deployment.apps/ai-app',
    );
    expect(
      ok([
        'get',
        'deploy',
        'ai-app',
        '-n',
        'ai-test',
        '-o',
        'jsonpath={.metadata.annotations.note}',
      ]),
    ).toBe('hello');
    ok(['label', 'deploy', 'ai-app', '-n', 'ai-test', 'tier-']);
    expect(ok(['get', 'deploy', '-n', 'ai-test', '-l', 'tier', '-o', 'name']).trim()).toBe('');
  });

  it('patch with every patch type', () => {
    ok([
      'patch',
      'deploy',
      'ai-gateway',
      '-n',
      'ai-test',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"m":"1"}}}',
    ]);
    ok([
      'patch',
      'deploy',
      'ai-gateway',
      '-n',
      'ai-test',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/j","value":"2"}]',
    ]);
    ok([
      'patch',
      'deploy',
      'ai-gateway',
      '-n',
      'ai-test',
      '-p',
      '{"metadata":{"labels":{"s":"3"}}}',
    ]);
    const labels = JSON.parse(
      ok(['get', 'deploy', 'ai-gateway', '-n', 'ai-test', '-o', 'jsonpath={.metadata.labels}']),
    ) as Record<string, string>;
    expect(labels).toMatchObject({ m: '1', j: '2', s: '3' });
    ok([
      'set',
      'image',
      'deploy/ai-gateway',
      '-n',
      'ai-test',
      'app=registry.wharf.local/ai/ai-gateway:v2',
    ]);
    const img = ok([
      'get',
      'deploy',
      'ai-gateway',
      '-n',
      'ai-test',
      '-o',
      'jsonpath={.spec.template.spec.containers[*].image}',
    ]);
    expect(img).toContain(':v2');
    expect(
      fails([
        'patch',
        'deploy',
        'ai-gateway',
        '-n',
        'ai-test',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/nope"}]',
      ]),
    ).toContain('remove operation does not apply: doc is missing path: "/nope"');
  });

  it('scale sets spec.replicas through the scale subresource', () => {
    expect(ok(['scale', 'deploy', 'bar', '-n', 'haierpsi-bar-dev', '--replicas=4'])).toContain(
      'deployment.apps/bar scaled',
    );
    expect(
      ok(['get', 'deploy', 'bar', '-n', 'haierpsi-bar-dev', '-o', 'jsonpath={.spec.replicas}']),
    ).toBe('4');
    expect(
      fails([
        'scale',
        'deploy',
        'bar',
        '-n',
        'haierpsi-bar-dev',
        '--current-replicas=2',
        '--replicas=3',
      ]),
    ).toMatch(/Expected replicas to be 2, was 4|precondition/i);
    expect(
      fails(['scale', 'deploy', 'bar', '-n', 'haierpsi-bar-dev', '--replicas=-1']),
    ).toBeTruthy();
  });
});

describe('kubectl auth', () => {
  const cases: [string, string, string, 'yes' | 'no'][] = [
    ['admin', 'delete namespaces', 'ai-test', 'yes'],
    ['alice', 'create deployments', 'ai-test', 'yes'],
    ['alice', 'create deployments', 'haierpsi-foo-dev', 'no'],
    ['bob', 'create deployments', 'ai-test', 'yes'],
    ['bob', 'create pods --subresource=exec', 'ai-test', 'yes'],
    ['olivia', 'delete pods', 'haierpsi-foo-dev', 'yes'],
    ['olivia', 'create deployments', 'ai-test', 'no'],
    ['victor', 'get pods', 'haierpsi-bar-dev', 'yes'],
    ['victor', 'create pods --subresource=exec', 'haierpsi-bar-dev', 'no'],
    ['victor', 'get pods', 'ai-test', 'no'],
    ['hana', 'create rolebindings', 'haierpsi-foo-dev', 'yes'],
    ['hana', 'create deployments', 'ai-test', 'no'],
    ['wharf-console', 'impersonate users', 'ai-test', 'yes'],
    ['wharf-console', 'list secrets', 'ai-test', 'yes'],
    ['wharf-console', 'delete pods', 'ai-test', 'no'],
  ];
  it.each(cases)('%s can-i %s -n %s → %s', (user, what, ns, want) => {
    const r = sim.kubectl(['auth', 'can-i', ...what.split(' '), '-n', ns], {
      context: `dev-cluster-${user}`,
    });
    expect(r.stdout.trim()).toBe(want);
    expect(r.code).toBe(want === 'yes' ? 0 : 1);
  });

  it('a member is only a viewer in the protected prod namespace', () => {
    expect(
      sim
        .kubectl(['auth', 'can-i', 'create', 'deployments', '-n', 'ai-prod'], {
          context: 'prod-cluster-bob',
        })
        .stdout.trim(),
    ).toBe('no');
    expect(
      sim
        .kubectl(['auth', 'can-i', 'get', 'pods', '-n', 'ai-prod'], { context: 'prod-cluster-bob' })
        .stdout.trim(),
    ).toBe('yes');
  });

  it('--as and --as-group impersonate (admin may impersonate)', () => {
    expect(
      sim
        .kubectl(['auth', 'can-i', 'get', 'pods', '-n', 'ai-test', '--as', 'victor'])
        .stdout.trim(),
    ).toBe('no');
    expect(
      sim
        .kubectl([
          'auth',
          'can-i',
          'get',
          'pods',
          '-n',
          'ai-test',
          '--as',
          'nobody',
          '--as-group',
          'wharf:platform-admins',
        ])
        .stdout.trim(),
    ).toBe('yes');
    expect(
      fails(['get', 'pods', '-n', 'ai-test', '--as', 'admin'], { context: 'dev-cluster-victor' }),
    ).toContain(
      'users "admin" is forbidden: User "victor" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('--list shows the rules for a namespace', () => {
    const out = ok(['auth', 'can-i', '--list', '-n', 'haierpsi-foo-dev'], {
      context: 'dev-cluster-victor',
    });
    expect(out).toMatch(/pods\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(out).not.toMatch(/pods\/exec/);
  });

  it('whoami reports user and groups', () => {
    const out = ok(['auth', 'whoami'], { context: 'dev-cluster-admin' });
    expect(out).toMatch(/Username\s+admin/);
    expect(out).toContain('wharf:platform-admins');
    expect(out).toContain('system:authenticated');
  });

  it('forbidden requests get the real message', () => {
    expect(
      fails(['get', 'secrets', '-n', 'haierpsi-foo-dev'], { context: 'dev-cluster-victor' }),
    ).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "victor" cannot list resource "secrets" in API group "" in the namespace "haierpsi-foo-dev"',
    );
  });
});

describe('kubectl get -w and restart', () => {
  it('get -w sees a change made by someone else', async () => {
    const child = sim.kubectlAsync([
      'get',
      'cm',
      '-n',
      'ai-preview',
      '-w',
      '--output-watch-events',
    ]);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ADDED'));
    ok(['create', 'configmap', 'watched', '-n', 'ai-preview']);
    await waitFor(() => /ADDED\s+watched/.test(out));
    child.kill();
  });

  it('keeps everything across a restart, resourceVersions continuing', async () => {
    ok(['create', 'configmap', 'survivor', '-n', 'ai-test', '--from-literal=x=1']);
    const before = Number(
      ok(['get', 'cm', 'survivor', '-n', 'ai-test', '-o', 'jsonpath={.metadata.resourceVersion}']),
    );
    await sim.restart();
    expect(ok(['get', 'cm', 'survivor', '-n', 'ai-test', '-o', 'jsonpath={.data.x}'])).toBe('1');
    ok(['label', 'cm', 'survivor', '-n', 'ai-test', 'after=restart']);
    const after = Number(
      ok(['get', 'cm', 'survivor', '-n', 'ai-test', '-o', 'jsonpath={.metadata.resourceVersion}']),
    );
    expect(after).toBeGreaterThan(before);
  }, 60_000);
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
