// Error mapping: the API server's Status into words a user can act on; anything unknown hidden.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KubeError } from '../kube/transport';
import { fieldPath, statusFromError, youMayNot } from './errors';

const forbidden = (message: string) => new KubeError({ code: 403, reason: 'Forbidden', message });

describe('youMayNot', () => {
  it.each([
    ['delete', 'pods', 'ai-prod', 'you may not delete pods in ai-prod'],
    ['list', 'nodes', undefined, 'you may not list nodes in the cluster'],
    ['create', 'pods/exec', 'ai-prod', 'you may not open a shell in pods in ai-prod'],
    ['get', 'pods/log', 'ai-test', 'you may not read the logs of pods in ai-test'],
    ['patch', 'deployments/scale', 'ai-prod', 'you may not scale deployments in ai-prod'],
    ['create', 'pods/eviction', 'x', 'you may not create pods/eviction in x'],
  ])('%s %s in %s', (verb, resource, ns, want) => expect(youMayNot(verb, resource, ns)).toBe(want));
});

describe('fieldPath', () => {
  it('writes indexes in brackets', () => {
    expect(fieldPath(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
    expect(fieldPath([0, 'a'])).toBe('[0].a');
    expect(fieldPath([])).toBe('');
  });
});

describe('statusFromError', () => {
  it('reads the RBAC denial at cluster scope', () => {
    const s = statusFromError(
      forbidden(
        'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope',
      ),
    );
    expect(s).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'you may not list nodes in the cluster',
    });
  });

  it('falls back to the route’s hint when the API server gives no words', () => {
    const s = statusFromError(new KubeError({ code: 403 }), {
      verb: 'patch',
      resource: 'deployments',
      namespace: 'ai-prod',
    });
    expect(s.message).toBe('you may not patch deployments in ai-prod');
  });

  it('keeps other 403s (admission) as the API server said them', () => {
    const msg = 'unable to create new content in namespace x because it is being terminated';
    expect(statusFromError(forbidden(msg)).message).toBe(msg);
  });

  it('keeps "failed quota" messages too', () => {
    expect(
      statusFromError(forbidden('pods "p" is forbidden: failed quota: q: must specify cpu'))
        .message,
    ).toBe('failed quota: q: must specify cpu');
  });

  it('does not blame the user when the console may not impersonate', () => {
    const s = statusFromError(
      forbidden(
        'users "bob" is forbidden: User "wharf-console" cannot impersonate resource "users" in API group "" at the cluster scope',
      ),
    );
    expect(s.code).toBe(500);
  });

  it('turns the cluster refusing our credentials into 502, not a session 401', () => {
    expect(statusFromError(new KubeError({ code: 401, message: 'Unauthorized' })).code).toBe(502);
  });

  it('says who already has the name on AlreadyExists', () => {
    const s = statusFromError(
      new KubeError({
        code: 409,
        reason: 'AlreadyExists',
        message: 'configmaps "x" already exists',
      }),
    );
    expect(s).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "x" already exists',
    });
  });

  it('passes 404 and 429 through', () => {
    expect(
      statusFromError(
        new KubeError({ code: 404, reason: 'NotFound', message: 'pods "x" not found' }),
      ),
    ).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "x" not found',
    });
    expect(statusFromError(new KubeError({ code: 429, reason: 'TooManyRequests' })).code).toBe(429);
  });

  it('lists zod causes in the message', () => {
    const err = z.object({ a: z.string(), b: z.array(z.number()) }).safeParse({ b: ['x'] }).error!;
    const s = statusFromError(err);
    expect(s.code).toBe(422);
    expect(s.details?.causes?.map((c) => c.field)).toEqual(['a', 'b[0]']);
    expect(s.message).toMatch(/^invalid: a: .*; b\[0\]: /);
  });

  it('maps timeouts to 504 and hides unknown errors', () => {
    expect(statusFromError(new DOMException('t', 'TimeoutError')).code).toBe(504);
    expect(statusFromError('a string thrown', {}, 'ref1')).toMatchObject({
      code: 500,
      message: 'internal error (reference ref1)',
    });
    expect(statusFromError(null).code).toBe(500);
  });
});
