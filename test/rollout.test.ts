// Rollouts with the real kubectl against the simulator: Deployment → ReplicaSets → pods, driven by the
// workload controllers and made Ready by the simulated kubelet (time runs 10× faster).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
const NS = 'rollout-test';

beforeAll(async () => {
  sim = await startSim(['--time-scale', '10']);
  ok(['create', 'namespace', NS]);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

function run(args: string[], timeoutMs = 30_000) {
  return sim.kubectl(args, { timeoutMs });
}

function ok(args: string[], timeoutMs?: number): string {
  const r = run(args, timeoutMs);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

/** `kubectl rollout status` until done; returns everything it printed. */
function rolloutStatus(target: string): string {
  return ok(['rollout', 'status', target, '-n', NS, '--timeout=120s'], 150_000);
}

function json<T>(args: string[]): T {
  return JSON.parse(ok([...args, '-n', NS, '-o', 'json'])) as T;
}

interface RS {
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
}

function replicaSetsOf(deploy: string): RS[] {
  return json<{ items: RS[] }>(['get', 'rs', '-l', `app=${deploy}`]).items;
}

function imageOf(deploy: string): string {
  return json<{ spec: { template: { spec: { containers: { image: string }[] } } } }>([
    'get',
    'deploy',
    deploy,
  ]).spec.template.spec.containers[0]!.image;
}

function historyRevisions(deploy: string): string[] {
  const out = ok(['rollout', 'history', `deploy/${deploy}`, '-n', NS]);
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter((x) => /^\d+$/.test(x));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe('kubectl rollout on a Deployment', () => {
  it('kubectl create deployment rolls out with pods becoming ready', () => {
    expect(
      ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '-n', NS]),
    ).toContain('deployment.apps/web created');
    expect(rolloutStatus('deploy/web')).toContain('deployment "web" successfully rolled out');
    const rss = replicaSetsOf('web');
    expect(rss).toHaveLength(1);
    expect(rss[0]!.metadata.name).toMatch(/^web-[456789bcdf]{1,10}$/);
    const pods = ok(['get', 'pods', '-n', NS, '-l', 'app=web', '--no-headers']).trim().split('\n');
    expect(pods).toHaveLength(3);
    for (const line of pods)
      expect(line).toMatch(new RegExp(`^${rss[0]!.metadata.name}-\\w{5}\\s+1/1\\s+Running`));
    expect(ok(['get', 'deploy', 'web', '-n', NS, '--no-headers'])).toMatch(/^web\s+3\/3\s+3\s+3\s/);
  }, 180_000);

  it('set image goes through a real rolling update that rollout status follows', () => {
    ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.28', '-n', NS]);
    const out = rolloutStatus('deploy/web');
    expect(out).toMatch(
      /Waiting for deployment "web" rollout to finish: \d out of 3 new replicas have been updated\.\.\./,
    );
    expect(out).toContain('deployment "web" successfully rolled out');
    const rss = replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const current = rss.find((rs) => rs.spec.template.spec.containers[0]!.image === 'nginx:1.28')!;
    expect(current.spec.replicas).toBe(3);
    expect(current.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const events = ok([
      'get',
      'events',
      '-n',
      NS,
      '--field-selector',
      'involvedObject.kind=Deployment,involvedObject.name=web',
      '-o',
      'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
    ]);
    expect(events).toContain(`Scaled up replica set ${current.metadata.name} from 0 to 1`);
    expect(events).toMatch(/Scaled down replica set web-\w+ from 3 to 2/);
  }, 180_000);

  it('rollout history lists the revisions and shows one', () => {
    expect(historyRevisions('web')).toEqual(['1', '2']);
    const one = ok(['rollout', 'history', 'deploy/web', '-n', NS, '--revision=1']);
    expect(one).toContain('nginx:1.27');
  });

  it('rollout undo reuses the previous ReplicaSet as revision 3', () => {
    expect(ok(['rollout', 'undo', 'deploy/web', '-n', NS])).toContain(
      'deployment.apps/web rolled back',
    );
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(imageOf('web')).toBe('nginx:1.27');
    const rss = replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const back = rss.find((rs) => rs.spec.template.spec.containers[0]!.image === 'nginx:1.27')!;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(historyRevisions('web')).toEqual(['2', '3']);
  }, 180_000);

  it('rollout undo --to-revision goes back to a named revision', () => {
    expect(ok(['rollout', 'undo', 'deploy/web', '-n', NS, '--to-revision=2'])).toContain(
      'rolled back',
    );
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(imageOf('web')).toBe('nginx:1.28');
    expect(historyRevisions('web')).toEqual(['3', '4']);
    // Undoing to the template already running is skipped.
    expect(ok(['rollout', 'undo', 'deploy/web', '-n', NS, '--to-revision=4'])).toContain(
      'skipped rollback',
    );
  }, 180_000);

  it('rollout restart makes a new ReplicaSet and rolls it out', () => {
    expect(ok(['rollout', 'restart', 'deploy/web', '-n', NS])).toContain(
      'deployment.apps/web restarted',
    );
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(replicaSetsOf('web')).toHaveLength(3);
    expect(historyRevisions('web')).toEqual(['3', '4', '5']);
  }, 180_000);

  it('rollout pause stops progress until resume', async () => {
    expect(ok(['rollout', 'pause', 'deploy/web', '-n', NS])).toContain(
      'deployment.apps/web paused',
    );
    ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.29', '-n', NS]);
    await sleep(1500);
    expect(
      replicaSetsOf('web').some(
        (rs) => rs.spec.template.spec.containers[0]!.image === 'nginx:1.29',
      ),
    ).toBe(false);
    const waiting = run(['rollout', 'status', 'deploy/web', '-n', NS, '--watch=false']);
    expect(waiting.stdout).toContain(
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...',
    );
    const described = ok(['describe', 'deploy', 'web', '-n', NS]);
    expect(described).toMatch(/Progressing\s+Unknown\s+DeploymentPaused/);
    expect(ok(['rollout', 'resume', 'deploy/web', '-n', NS])).toContain(
      'deployment.apps/web resumed',
    );
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(imageOf('web')).toBe('nginx:1.29');
  }, 180_000);

  it('kubectl scale brings new pods to ready', () => {
    expect(ok(['scale', 'deploy/web', '--replicas=5', '-n', NS])).toContain(
      'deployment.apps/web scaled',
    );
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(ok(['get', 'deploy', 'web', '-n', NS, '--no-headers'])).toMatch(/^web\s+5\/5\s+5\s+5\s/);
    ok(['scale', 'deploy/web', '--replicas=2', '-n', NS]);
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
    expect(ok(['get', 'deploy', 'web', '-n', NS, '--no-headers'])).toMatch(/^web\s+2\/2\s+2\s+2\s/);
  }, 180_000);

  it('a Recreate deployment scales the old ReplicaSet down before the new one up', () => {
    const file = path.join(sim.stateDir, 'recreate.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
  namespace: ${NS}
spec:
  replicas: 2
  strategy:
    type: Recreate
  selector:
    matchLabels: {app: batch}
  template:
    metadata:
      labels: {app: batch}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`,
    );
    ok(['apply', '-f', file]);
    expect(rolloutStatus('deploy/batch')).toContain('successfully rolled out');
    ok(['set', 'image', 'deploy/batch', 'app=nginx:1.28', '-n', NS]);
    expect(rolloutStatus('deploy/batch')).toContain('successfully rolled out');
    const events = ok([
      'get',
      'events',
      '-n',
      NS,
      '--sort-by=.metadata.resourceVersion',
      '--field-selector',
      'involvedObject.kind=Deployment,involvedObject.name=batch',
      '-o',
      'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
    ])
      .trim()
      .split('\n');
    expect(events.slice(-2)[0]).toMatch(/^Scaled down replica set batch-\w+ from 2 to 0$/);
    expect(events.slice(-1)[0]).toMatch(/^Scaled up replica set batch-\w+ from 0 to 2$/);
  }, 180_000);

  it('kubectl create deployment without a tag', () => {
    ok(['create', 'deployment', 'x', '--image=nginx', '-n', NS]);
    expect(rolloutStatus('deploy/x')).toContain('deployment "x" successfully rolled out');
    const described = ok(['describe', 'deploy', 'x', '-n', NS]);
    expect(described).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
    expect(described).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
    expect(described).toMatch(/NewReplicaSet:\s+x-\w+ \(1\/1 replicas created\)/);
  }, 180_000);

  it('a restarted simulator picks the rollouts up without duplicating anything', async () => {
    const before = replicaSetsOf('web')
      .map((rs) => rs.metadata.name)
      .sort();
    await sim.restart();
    await sleep(1500);
    expect(
      replicaSetsOf('web')
        .map((rs) => rs.metadata.name)
        .sort(),
    ).toEqual(before);
    expect(
      ok(['get', 'pods', '-n', NS, '-l', 'app=web', '--no-headers']).trim().split('\n'),
    ).toHaveLength(2);
    ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.30', '-n', NS]);
    expect(rolloutStatus('deploy/web')).toContain('successfully rolled out');
  }, 180_000);

  it('a seeded deployment is already rolled out after start', () => {
    const r = run(
      ['rollout', 'status', 'deploy/foo', '-n', 'haierpsi-foo-dev', '--timeout=120s'],
      150_000,
    );
    expect(r.stdout).toContain('deployment "foo" successfully rolled out');
  }, 180_000);
});

describe('kubectl rollout on a StatefulSet', () => {
  it('creates ordered pods and rolls a new image out', () => {
    const file = path.join(sim.stateDir, 'sts.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${NS}
spec:
  replicas: 2
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`,
    );
    ok(['apply', '-f', file]);
    // The default updateStrategy has partition 0, so kubectl reports a "partitioned" roll out.
    expect(rolloutStatus('sts/db')).toMatch(
      /partitioned roll out complete: 2 new pods have been updated\.\.\./,
    );
    expect(ok(['get', 'pods', '-n', NS, '-l', 'app=db', '-o', 'name']).trim().split('\n')).toEqual([
      'pod/db-0',
      'pod/db-1',
    ]);
    ok(['set', 'image', 'sts/db', 'app=nginx:1.28', '-n', NS]);
    expect(rolloutStatus('sts/db')).toMatch(
      /partitioned roll out complete: 2 new pods have been updated\.\.\./,
    );
    expect(ok(['get', 'sts', 'db', '-n', NS, '--no-headers'])).toMatch(/^db\s+2\/2\s/);
    const images = ok([
      'get',
      'pods',
      '-n',
      NS,
      '-l',
      'app=db',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    ]);
    expect(images).toBe('nginx:1.28 nginx:1.28');
  }, 180_000);
});

describe('pods refused by quota', () => {
  it('show as FailedCreate on the ReplicaSet and ReplicaFailure on the Deployment', async () => {
    ok(['create', 'namespace', 'quota-test']);
    ok(['create', 'quota', 'two-pods', '--hard=pods=2', '-n', 'quota-test']);
    ok(['create', 'deployment', 'big', '--image=nginx:1.27', '--replicas=3', '-n', 'quota-test']);
    let events = '';
    for (let i = 0; i < 40 && !events.includes('FailedCreate'); i++) {
      await sleep(250);
      events = ok([
        'get',
        'events',
        '-n',
        'quota-test',
        '--field-selector',
        'involvedObject.kind=ReplicaSet',
      ]);
    }
    expect(events).toMatch(
      /Warning\s+FailedCreate\s+replicaset\/big-\w+\s+Error creating: pods "big-\w+-?\w*" is forbidden: exceeded quota: two-pods/,
    );
    const d = JSON.parse(ok(['get', 'deploy', 'big', '-n', 'quota-test', '-o', 'json'])) as {
      status: { conditions?: { type: string; reason: string; message: string }[] };
    };
    const failure = d.status.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(failure?.reason).toBe('FailedCreate');
    expect(failure?.message).toContain('exceeded quota: two-pods');
    expect(ok(['get', 'pods', '-n', 'quota-test', '--no-headers']).trim().split('\n')).toHaveLength(
      2,
    );
  }, 60_000);
});
