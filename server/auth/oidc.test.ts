import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupsFromClaims,
  needsRefresh,
  oidcConfigFromEnv,
  oidcProvider,
  refreshOidcToken,
  usernameFromClaims,
  type OidcConfig,
} from './oidc';
import { REFRESH_ERROR } from './token';

describe('oidcConfigFromEnv', () => {
  it('is off when nothing is set', () => {
    expect(oidcConfigFromEnv({})).toBeNull();
  });

  it('reads the variables with defaults', () => {
    expect(
      oidcConfigFromEnv({
        WHARF_OIDC_ISSUER: 'https://sso.example/realms/main/',
        WHARF_OIDC_CLIENT_ID: 'wharf',
        WHARF_OIDC_CLIENT_SECRET: 's3cret',
      }),
    ).toEqual({
      issuer: 'https://sso.example/realms/main',
      clientId: 'wharf',
      clientSecret: 's3cret',
      groupsClaim: 'groups',
      usernameClaim: 'preferred_username',
      scopes: 'openid profile email offline_access',
    });
  });

  it('names what is missing or malformed', () => {
    expect(() => oidcConfigFromEnv({ WHARF_OIDC_CLIENT_ID: 'x' })).toThrow(
      /WHARF_OIDC_ISSUER.*WHARF_OIDC_CLIENT_SECRET/s,
    );
    expect(() =>
      oidcConfigFromEnv({
        WHARF_OIDC_ISSUER: 'not a url',
        WHARF_OIDC_CLIENT_ID: 'x',
        WHARF_OIDC_CLIENT_SECRET: 'y',
      }),
    ).toThrow(/WHARF_OIDC_ISSUER: must be the issuer URL/);
  });
});

describe('claims', () => {
  it('reads groups from a claim, a nested path or a single string', () => {
    expect(groupsFromClaims({ groups: ['a', 'b', 'a', 3, ''] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFromClaims({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual([
      'x',
    ]);
    expect(groupsFromClaims({ 'https://example/groups': ['y'] }, 'https://example/groups')).toEqual(
      ['y'],
    );
    expect(groupsFromClaims({ groups: 'solo' }, 'groups')).toEqual(['solo']);
    expect(groupsFromClaims({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(groupsFromClaims({}, 'groups')).toEqual([]);
  });

  it('finds a username, falling back to email and subject', () => {
    expect(
      usernameFromClaims({ preferred_username: 'alice', sub: '1' }, 'preferred_username'),
    ).toBe('alice');
    expect(usernameFromClaims({ email: 'a@x', sub: '1' }, 'preferred_username')).toBe('a@x');
    expect(usernameFromClaims({ sub: '1' }, 'preferred_username')).toBe('1');
    expect(() => usernameFromClaims({ sub: 5 }, 'preferred_username')).toThrow(
      /no usable username/,
    );
  });

  it('builds a provider whose profile carries username and groups', () => {
    const provider = oidcProvider({
      issuer: 'https://sso.example',
      clientId: 'c',
      clientSecret: 's',
      groupsClaim: 'groups',
      usernameClaim: 'preferred_username',
      scopes: 'openid',
    });
    expect(provider.id).toBe('oidc');
    expect(provider.wellKnown).toBe('https://sso.example/.well-known/openid-configuration');
    expect(
      provider.profile({ sub: 'u1', preferred_username: 'olivia', groups: ['ops'] }, {}),
    ).toMatchObject({ id: 'u1', username: 'olivia', groups: ['ops'] });
  });
});

describe('needsRefresh', () => {
  it('refreshes shortly before expiry, only with a refresh token and no error', () => {
    const now = 1_000_000;
    expect(needsRefresh({ refreshToken: 'r', accessTokenExpires: now + 30_000 }, now)).toBe(true);
    expect(needsRefresh({ refreshToken: 'r', accessTokenExpires: now + 600_000 }, now)).toBe(false);
    expect(needsRefresh({ accessTokenExpires: now - 1 }, now)).toBe(false);
    expect(needsRefresh({ refreshToken: 'r', accessTokenExpires: now - 1, error: 'x' }, now)).toBe(
      false,
    );
  });
});

// A real HTTP token endpoint on loopback: discovery plus refresh with rotation.
describe('refreshOidcToken', () => {
  let server: http.Server;
  let cfg: OidcConfig;
  const seen: { auth?: string; body: string }[] = [];
  let valid = new Set(['r1']);
  let counter = 1;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token` }));
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        const form = new URLSearchParams(body);
        const rt = form.get('refresh_token') ?? '';
        if (form.get('grant_type') !== 'refresh_token' || !valid.has(rt)) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        valid.delete(rt);
        counter += 1;
        valid.add(`r${counter}`);
        const idClaims = Buffer.from(JSON.stringify({ sub: 'u', groups: ['new-group'] })).toString(
          'base64url',
        );
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            access_token: `a${counter}`,
            expires_in: 300,
            refresh_token: `r${counter}`,
            id_token: `e30.${idClaims}.sig`,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cfg = {
      issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      clientId: 'wharf',
      clientSecret: 'top:secret',
      groupsClaim: 'groups',
      usernameClaim: 'preferred_username',
      scopes: 'openid',
    };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('rotates the refresh token, updates groups, and shares one exchange between callers', async () => {
    const token = { username: 'u', groups: ['old'], refreshToken: 'r1', accessTokenExpires: 0 };
    const [a, b] = await Promise.all([
      refreshOidcToken(token, cfg, fetch, () => 5_000),
      refreshOidcToken(token, cfg, fetch, () => 5_000),
    ]);
    expect(a).toEqual({
      username: 'u',
      groups: ['new-group'],
      accessToken: 'a2',
      refreshToken: 'r2',
      accessTokenExpires: 305_000,
    });
    expect(b).toEqual(a);
    const posts = seen.filter((s) => s.body !== '');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.auth).toBe(`Basic ${Buffer.from('wharf:top%3Asecret').toString('base64')}`);
  });

  it('marks the token when the provider refuses', async () => {
    valid = new Set();
    const out = await refreshOidcToken({ refreshToken: 'revoked', accessTokenExpires: 0 }, cfg);
    expect(out.error).toBe(REFRESH_ERROR);
    expect(await refreshOidcToken({ accessTokenExpires: 0 }, cfg)).toMatchObject({
      error: REFRESH_ERROR,
    });
  });
});
