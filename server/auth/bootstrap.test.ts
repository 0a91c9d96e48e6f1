import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoLogins, loadOrCreateSecret, prepareAuth } from './bootstrap';
import { loadUsersFile } from './users-file';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wharf-boot-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('prepareAuth', () => {
  it('embedded: sets the URL, a kept secret and the demo users file', async () => {
    const env: Record<string, string | undefined> = {};
    await prepareAuth({ stateDir: dir, embedded: true, publicUrl: 'http://localhost:3100' }, env);
    expect(env.NEXTAUTH_URL).toBe('http://localhost:3100');
    expect(env.NEXTAUTH_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(env.WHARF_USERS_FILE).toBe(path.join(dir, 'users.yaml'));

    const secretStat = await fs.stat(path.join(dir, 'auth-secret'));
    expect(secretStat.mode & 0o777).toBe(0o600);

    const { users } = await loadUsersFile(path.join(dir, 'users.yaml'));
    expect(users.map((u) => u.username).sort()).toEqual([
      'admin',
      'alice',
      'bob',
      'hana',
      'olivia',
      'victor',
    ]);
    expect(users.find((u) => u.username === 'admin')?.groups).toEqual(['wharf:platform-admins']);
    const alice = users.find((u) => u.username === 'alice');
    expect(alice && (await bcrypt.compare('wharf-demo', alice.passwordHash))).toBe(true);

    // a restart keeps the same secret, so sessions survive it
    const again: Record<string, string | undefined> = {};
    await prepareAuth({ stateDir: dir, embedded: true, publicUrl: 'http://localhost:3100' }, again);
    expect(again.NEXTAUTH_SECRET).toBe(env.NEXTAUTH_SECRET);
  });

  it('honours NEXTAUTH_SECRET and WHARF_USERS_FILE from the environment', async () => {
    const custom = path.join(dir, 'elsewhere', 'people.yaml');
    const env: Record<string, string | undefined> = {
      NEXTAUTH_SECRET: 's'.repeat(40),
      WHARF_USERS_FILE: custom,
    };
    await prepareAuth({ stateDir: dir, embedded: true, publicUrl: 'https://wharf.example' }, env);
    expect(env.NEXTAUTH_SECRET).toBe('s'.repeat(40));
    expect(env.WHARF_USERS_FILE).toBe(custom);
    await expect(fs.access(path.join(dir, 'auth-secret'))).rejects.toThrow();
    expect((await loadUsersFile(custom)).users).toHaveLength(6);
  });

  it('does not write demo users outside embedded mode and does not fail without a file', async () => {
    const env: Record<string, string | undefined> = {};
    await prepareAuth({ stateDir: dir, embedded: false, publicUrl: 'http://x:1' }, env);
    await expect(fs.access(path.join(dir, 'users.yaml'))).rejects.toThrow();
  });

  it('fails naming the file when the users file is invalid', async () => {
    const file = path.join(dir, 'users.yaml');
    await fs.writeFile(file, 'users:\n  - username: admin\n    passwordHash: plain\n');
    await expect(
      prepareAuth({ stateDir: dir, embedded: true, publicUrl: 'http://x:1' }, {}),
    ).rejects.toThrow(`invalid users file ${file}: users[0].passwordHash`);
  });

  it('fails when OIDC is half configured', async () => {
    await expect(
      prepareAuth(
        { stateDir: dir, embedded: true, publicUrl: 'http://x:1' },
        { WHARF_OIDC_ISSUER: 'https://sso.example' },
      ),
    ).rejects.toThrow(/WHARF_OIDC_CLIENT_ID/);
  });
});

describe('loadOrCreateSecret', () => {
  it('refuses a short secret and tightens the mode of an existing one', async () => {
    const file = path.join(dir, 'auth-secret');
    await fs.writeFile(file, 'short\n', { mode: 0o644 });
    await expect(loadOrCreateSecret(file)).rejects.toThrow(/shorter than 32/);
    await fs.writeFile(file, `${'k'.repeat(43)}\n`);
    expect(await loadOrCreateSecret(file)).toBe('k'.repeat(43));
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('demoLogins', () => {
  it('leaves out the console identity', () => {
    expect(demoLogins().some((u) => u.username === 'wharf-console')).toBe(false);
  });
});
