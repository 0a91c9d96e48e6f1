import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Account, Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITED } from './credentials';
import { buildAuthOptions } from './options';
import { createFailureLimiter } from './rate-limit';
import { renderUsersFile } from './users-file';

let dir: string;
let usersFile: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wharf-opts-'));
  usersFile = path.join(dir, 'users.yaml');
  await fs.writeFile(
    usersFile,
    await renderUsersFile(
      [{ username: 'admin', groups: ['wharf:platform-admins'] }],
      'wharf-demo',
      4,
    ),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function options(extra: Parameters<typeof buildAuthOptions>[1] = {}) {
  return buildAuthOptions(
    { NEXTAUTH_SECRET: 'x'.repeat(32) },
    {
      usersFile,
      limiter: createFailureLimiter({ maxFailures: 2, windowMs: 60_000 }),
      oidc: null,
      ...extra,
    },
  );
}

function authorize(opts: ReturnType<typeof buildAuthOptions>, creds: Record<string, string>) {
  const provider = opts.providers[0] as CredentialsConfig;
  return provider.options.authorize(creds, { method: 'POST' } as never);
}

describe('buildAuthOptions', () => {
  it('uses JWT sessions, our login page and only the credentials provider without OIDC', () => {
    const opts = options();
    expect(opts.session).toMatchObject({ strategy: 'jwt', maxAge: 8 * 3600 });
    expect(opts.pages).toEqual({ signIn: '/login', error: '/login' });
    expect(opts.providers.map((p) => p.id)).toEqual(['credentials']);
  });

  it('adds the OIDC provider when configured', () => {
    const opts = options({
      oidc: {
        issuer: 'https://sso.example',
        clientId: 'c',
        clientSecret: 's',
        groupsClaim: 'groups',
        usernameClaim: 'preferred_username',
        scopes: 'openid',
      },
    });
    expect(opts.providers.map((p) => p.id)).toEqual(['credentials', 'oidc']);
  });

  it('authorizes with the users file, null for a wrong password, RateLimited when locked', async () => {
    const opts = options();
    expect(await authorize(opts, { username: 'admin', password: 'wharf-demo' })).toMatchObject({
      username: 'admin',
      groups: ['wharf:platform-admins'],
    });
    expect(await authorize(opts, { username: 'admin', password: 'no' })).toBeNull();
    expect(await authorize(opts, { username: 'admin', password: 'no' })).toBeNull();
    await expect(authorize(opts, { username: 'admin', password: 'wharf-demo' })).rejects.toThrow(
      RATE_LIMITED,
    );
  });

  it('hides a broken users file behind a generic error', async () => {
    const opts = buildAuthOptions({}, { usersFile: path.join(dir, 'missing.yaml'), oidc: null });
    await expect(authorize(opts, { username: 'a', password: 'b' })).rejects.toThrow(
      /^Configuration$/,
    );
  });

  it('puts username and groups in the token and the identity in the session', async () => {
    const opts = options();
    const jwt = opts.callbacks?.jwt;
    const session = opts.callbacks?.session;
    if (!jwt || !session) throw new Error('callbacks missing');
    const account: Account = {
      provider: 'credentials',
      type: 'credentials',
      providerAccountId: 'admin',
    };
    const token = await jwt({
      token: { sub: 'admin' },
      user: { id: 'admin', username: 'admin', groups: ['wharf:platform-admins'] } as never,
      account,
    });
    expect(token).toMatchObject({ username: 'admin', groups: ['wharf:platform-admins'] });
    const later = await jwt({ token } as never);
    expect(later).toEqual(token);
    const s = (await session({
      session: { expires: '2099-01-01T00:00:00Z' } as Session,
      token: later as JWT,
    } as never)) as Session & { identity: unknown };
    expect(s.identity).toEqual({ username: 'admin', groups: ['wharf:platform-admins'] });
    expect(s.user?.name).toBe('admin');
  });

  it('rejects a sign-in whose user lacks groups', async () => {
    const jwt = options().callbacks?.jwt;
    await expect(
      jwt?.({
        token: {},
        user: { id: 'x' },
        account: { provider: 'credentials', type: 'credentials', providerAccountId: 'x' },
      }),
    ).rejects.toThrow();
  });
});
