import type { IncomingMessage } from 'node:http';
import { encode } from 'next-auth/jwt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityFromRequest, parseCookieHeader } from './identity';
import { identityFromToken } from './token';

const SECRET = 'test-secret-test-secret-test-secret!';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('parseCookieHeader', () => {
  it('splits, trims, decodes and keeps the first of a repeated name', () => {
    expect(parseCookieHeader('a=1; b = two%20words ; a=3; c="q"; =x; broken; d=%E0')).toEqual({
      a: '1',
      b: 'two words',
      c: 'q',
      d: '%E0',
    });
    expect(parseCookieHeader(undefined)).toEqual({});
    expect(parseCookieHeader('')).toEqual({});
  });
});

describe('identityFromToken', () => {
  it('reads username and groups, nothing else', () => {
    expect(identityFromToken({ username: 'bob', groups: ['wharf:users'], sub: 'bob' })).toEqual({
      username: 'bob',
      groups: ['wharf:users'],
    });
  });

  it('is null for no token, a malformed one or a failed refresh', () => {
    expect(identityFromToken(null)).toBeNull();
    expect(identityFromToken('bob')).toBeNull();
    expect(identityFromToken({ username: '', groups: [] })).toBeNull();
    expect(identityFromToken({ username: 'bob' })).toBeNull();
    expect(identityFromToken({ username: 'bob', groups: [1] })).toBeNull();
    expect(
      identityFromToken({ username: 'bob', groups: [], error: 'RefreshAccessTokenError' }),
    ).toBeNull();
  });
});

describe('identityFromRequest', () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = { secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL };
    process.env.NEXTAUTH_SECRET = SECRET;
    process.env.NEXTAUTH_URL = 'http://localhost:3100';
  });
  afterEach(() => {
    for (const [k, v] of [
      ['NEXTAUTH_SECRET', saved.secret],
      ['NEXTAUTH_URL', saved.url],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('decodes the session cookie of an upgrade request', async () => {
    const jwt = await encode({
      token: { sub: 'admin', username: 'admin', groups: ['wharf:platform-admins'] },
      secret: SECRET,
    });
    const who = await identityFromRequest(
      request({ cookie: `wharf-lang=zh; next-auth.session-token=${jwt}` }),
    );
    expect(who).toEqual({ username: 'admin', groups: ['wharf:platform-admins'] });
  });

  it('is null without a cookie, with a forged one or one signed with another secret', async () => {
    expect(await identityFromRequest(request({}))).toBeNull();
    expect(
      await identityFromRequest(request({ cookie: 'next-auth.session-token=forged' })),
    ).toBeNull();
    const other = await encode({
      token: { username: 'admin', groups: [] },
      secret: 'another-secret-another-secret-another',
    });
    expect(
      await identityFromRequest(request({ cookie: `next-auth.session-token=${other}` })),
    ).toBeNull();
  });

  it('is null when the server has no secret', async () => {
    delete process.env.NEXTAUTH_SECRET;
    const jwt = await encode({ token: { username: 'a', groups: [] }, secret: SECRET });
    expect(
      await identityFromRequest(request({ cookie: `next-auth.session-token=${jwt}` })),
    ).toBeNull();
  });
});
