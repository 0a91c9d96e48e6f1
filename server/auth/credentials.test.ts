import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredentials } from './credentials';
import { createFailureLimiter } from './rate-limit';
import { renderUsersFile } from './users-file';

let dir: string;
let usersFile: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wharf-cred-'));
  usersFile = path.join(dir, 'users.yaml');
  await fs.writeFile(
    usersFile,
    await renderUsersFile(
      [
        { username: 'admin', groups: ['wharf:platform-admins'] },
        { username: 'alice', groups: ['wharf:users'] },
      ],
      'wharf-demo',
      4,
    ),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const limiter = () => createFailureLimiter({ maxFailures: 3, windowMs: 60_000 });

describe('verifyCredentials', () => {
  it('signs in with the right password and returns the groups', async () => {
    const r = await verifyCredentials(
      { username: 'admin', password: 'wharf-demo' },
      { usersFile, limiter: limiter() },
    );
    expect(r).toEqual({
      ok: true,
      identity: { username: 'admin', groups: ['wharf:platform-admins'] },
    });
  });

  it('refuses a wrong password, an unknown user and malformed input alike', async () => {
    const deps = { usersFile, limiter: limiter() };
    for (const input of [
      { username: 'alice', password: 'nope' },
      { username: 'mallory', password: 'wharf-demo' },
      { username: 'Alice', password: 'wharf-demo' },
      { username: '', password: 'wharf-demo' },
      { username: 'alice' },
      { username: 'alice', password: 'x'.repeat(2000) },
      null,
      'alice:wharf-demo',
    ]) {
      expect(await verifyCredentials(input, deps)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('locks a username after repeated failures, even for the right password, and only that one', async () => {
    const deps = { usersFile, limiter: limiter() };
    for (let i = 0; i < 3; i++) {
      expect((await verifyCredentials({ username: 'alice', password: 'x' }, deps)).ok).toBe(false);
    }
    const locked = await verifyCredentials({ username: 'alice', password: 'wharf-demo' }, deps);
    expect(locked).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(
      locked.ok === false && locked.reason === 'rate-limited' && locked.retryAfterMs,
    ).toBeGreaterThan(0);
    expect((await verifyCredentials({ username: 'admin', password: 'wharf-demo' }, deps)).ok).toBe(
      true,
    );
  });

  it('counts failures only: a success resets the count', async () => {
    const deps = { usersFile, limiter: limiter() };
    for (let round = 0; round < 3; round++) {
      await verifyCredentials({ username: 'alice', password: 'x' }, deps);
      await verifyCredentials({ username: 'alice', password: 'x' }, deps);
      expect(
        (await verifyCredentials({ username: 'alice', password: 'wharf-demo' }, deps)).ok,
      ).toBe(true);
    }
  });

  it('fails loudly when the users file is broken', async () => {
    const broken = path.join(dir, 'broken.yaml');
    await fs.writeFile(broken, 'users: nope');
    await expect(
      verifyCredentials(
        { username: 'a', password: 'b' },
        { usersFile: broken, limiter: limiter() },
      ),
    ).rejects.toThrow(/invalid users file .*broken\.yaml/);
  });
});
