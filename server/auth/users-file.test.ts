import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  UsersFileError,
  loadUsersFile,
  parseUsersFile,
  renderUsersFile,
  writeUsersFileIfMissing,
} from './users-file';

const HASH = '$2b$10$WnVQYscJ0xNiospB2TngLOOHGgmpi7M7uDeQSu/9UZiWLvCerh.Q6';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wharf-users-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('parseUsersFile', () => {
  it('reads users with hashes and groups', () => {
    const file = parseUsersFile(
      `users:\n  - username: admin\n    passwordHash: "${HASH}"\n    groups: ["wharf:platform-admins"]\n  - username: bob\n    passwordHash: "${HASH}"\n`,
      '/x/users.yaml',
    );
    expect(file.users).toEqual([
      { username: 'admin', passwordHash: HASH, groups: ['wharf:platform-admins'] },
      { username: 'bob', passwordHash: HASH, groups: [] },
    ]);
  });

  it('names the file and the field that is wrong', () => {
    const bad = `users:\n  - username: admin\n    passwordHash: hunter2\n    groups: []\n`;
    expect(() => parseUsersFile(bad, '/etc/wharf/users.yaml')).toThrow(UsersFileError);
    expect(() => parseUsersFile(bad, '/etc/wharf/users.yaml')).toThrow(
      /invalid users file \/etc\/wharf\/users\.yaml: users\[0\]\.passwordHash: must be a bcrypt \(\$2b\$…\) or argon2/,
    );
    expect(() =>
      parseUsersFile(
        `users:\n  - username: a\n    passwordHash: "${HASH}"\n    groups: [1]\n`,
        'f',
      ),
    ).toThrow(/users\[0\]\.groups\[0\]/);
  });

  it('rejects a missing list, bad YAML, spaces in names and duplicates', () => {
    expect(() => parseUsersFile('people: []', 'f')).toThrow(/f: users:/);
    expect(() => parseUsersFile('users: [', 'f')).toThrow(/not valid YAML/);
    expect(() => parseUsersFile('', 'f')).toThrow(/\(top level\)/);
    expect(() =>
      parseUsersFile(`users:\n  - username: "a b"\n    passwordHash: "${HASH}"\n`, 'f'),
    ).toThrow(/users\[0\]\.username: must not contain spaces/);
    const dup = `users:\n  - {username: a, passwordHash: "${HASH}"}\n  - {username: a, passwordHash: "${HASH}"}\n`;
    expect(() => parseUsersFile(dup, 'f')).toThrow(/users\[1\]\.username: duplicate username "a"/);
  });
});

describe('loadUsersFile', () => {
  it('says when the file does not exist', async () => {
    const file = path.join(dir, 'nope.yaml');
    await expect(loadUsersFile(file)).rejects.toThrow(
      `invalid users file ${file}: the file does not exist`,
    );
  });
});

describe('writeUsersFileIfMissing', () => {
  it('writes bcrypt hashes of the password, 0600, and never overwrites', async () => {
    const file = path.join(dir, 'sub', 'users.yaml');
    const users = [
      { username: 'admin', groups: ['wharf:platform-admins'] },
      { username: 'alice', groups: ['wharf:users'] },
    ];
    expect(await writeUsersFileIfMissing(file, users, 'wharf-demo')).toBe(true);
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    const loaded = await loadUsersFile(file);
    expect(loaded.users.map((u) => [u.username, u.groups])).toEqual([
      ['admin', ['wharf:platform-admins']],
      ['alice', ['wharf:users']],
    ]);
    for (const u of loaded.users) {
      expect(await bcrypt.compare('wharf-demo', u.passwordHash)).toBe(true);
      expect(await bcrypt.compare('wrong', u.passwordHash)).toBe(false);
    }
    await fs.writeFile(file, 'users: []\n');
    expect(await writeUsersFileIfMissing(file, users, 'wharf-demo')).toBe(false);
    expect(await fs.readFile(file, 'utf8')).toBe('users: []\n');
  });

  it('renders a file that parses back', async () => {
    const text = await renderUsersFile([{ username: 'x', groups: [] }], 'pw', 4);
    expect(text.startsWith('#')).toBe(true);
    expect(parseUsersFile(text, 'f').users[0]?.username).toBe('x');
  });
});
