import { describe, expect, it } from 'vitest';
import type { AccessAttributes } from '../kube/access';
import { authorizeCollection, forbiddenMessage } from './authorize';

const victor = { username: 'victor', groups: ['wharf:users'] };

function checker(allow: (a: AccessAttributes) => boolean) {
  const asked: AccessAttributes[] = [];
  return {
    asked,
    allowed: (_cluster: string, _who: unknown, a: AccessAttributes) => {
      asked.push(a);
      return Promise.resolve(allow(a));
    },
  };
}

describe('authorizeCollection', () => {
  it('allows when list and watch are both allowed', async () => {
    const c = checker(() => true);
    const r = await authorizeCollection(c, 'dev', victor, {
      group: 'apps',
      resource: 'deployments',
      namespace: 'ns',
    });
    expect(r).toBeNull();
    expect(c.asked.map((a) => a.verb).sort()).toEqual(['list', 'watch']);
    expect(c.asked[0]).toMatchObject({ group: 'apps', resource: 'deployments', namespace: 'ns' });
  });

  it('refuses with the API server message when watch is denied', async () => {
    const r = await authorizeCollection(
      checker((a) => a.verb === 'list'),
      'dev',
      victor,
      { group: '', resource: 'pods', namespace: 'ai-test' },
    );
    expect(r).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "victor" cannot watch resource "pods" in API group "" in the namespace "ai-test"',
    });
  });

  it('asks cluster-wide for a subscription without namespace', async () => {
    const c = checker((a) => a.namespace !== undefined);
    const r = await authorizeCollection(c, 'dev', victor, {
      group: 'apps',
      resource: 'deployments',
    });
    expect(r?.message).toBe(
      'deployments.apps is forbidden: User "victor" cannot list resource "deployments" in API group "apps" at the cluster scope',
    );
  });

  it('rejects when the review itself fails', async () => {
    const failing = { allowed: () => Promise.reject(new Error('down')) };
    await expect(
      authorizeCollection(failing, 'dev', victor, { group: '', resource: 'pods' }),
    ).rejects.toThrow('down');
  });

  it('formats messages like kube-apiserver', () => {
    expect(forbiddenMessage(victor, 'list', { group: '', resource: 'nodes' })).toBe(
      'nodes is forbidden: User "victor" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });
});
