// Which projects each demo user sees, decided by the API server through SubjectAccessReviews.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersFromSimulator } from '../server/kube/clusters';
import { AccessReviewer } from '../server/kube/access';
import { WatchCache } from '../server/kube/watch-cache';
import { projectsFor, type ProjectDeps } from '../server/domain/projects';
import { DEMO_USERS } from '../lib/demo-users';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let deps: ProjectDeps;
let cache: WatchCache;

beforeAll(async () => {
  sim = await startSim();
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  cache = new WatchCache(clusters);
  deps = { clusters: [...clusters.keys()], cache, access: new AccessReviewer(clusters) };
}, 60_000);

afterAll(async () => {
  cache?.close();
  await sim?.stop();
});

function identity(username: string) {
  return { username, groups: DEMO_USERS.find((u) => u.username === username)!.groups };
}

describe('projectsFor', () => {
  it.each([
    ['admin', ['ai', 'haierpsi']],
    ['alice', ['ai']],
    ['bob', ['ai']],
    ['olivia', ['ai', 'haierpsi']],
    ['victor', ['haierpsi']],
    ['hana', ['haierpsi']],
    ['nobody', []],
  ])('%s sees %j', async (user, want) => {
    const who =
      user === 'nobody' ? { username: 'nobody', groups: ['wharf:users'] } : identity(user);
    const projects = await projectsFor(deps, who);
    expect(projects.map((p) => p.name)).toEqual(want);
  });

  it('lists environments across clusters in order, with prod protected', async () => {
    const [ai] = await projectsFor(deps, identity('alice'));
    expect(
      ai!.environments.map((e) => `${e.cluster}/${e.namespace}/${e.env}/${e.protected}`),
    ).toEqual([
      'dev-cluster/ai-test/test/false',
      'dev-cluster/ai-preview/preview/false',
      'prod-cluster/ai-prod/prod/true',
    ]);
    const [haierpsi] = await projectsFor(deps, identity('victor'));
    expect(haierpsi!.environments.filter((e) => e.app === 'foo').map((e) => e.namespace)).toEqual([
      'haierpsi-foo-dev',
      'haierpsi-foo-prod',
    ]);
  });
});
