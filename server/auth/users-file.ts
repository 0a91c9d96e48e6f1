// The local users file (`.wharf/users.yaml` or WHARF_USERS_FILE): its schema, loading, and the demo users.
import fs from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import YAML from 'yaml';
import { z } from 'zod';
import { isPasswordHash } from './password';

export const LocalUserSchema = z.object({
  username: z
    .string()
    .min(1, 'must not be empty')
    .max(253)
    .regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
  passwordHash: z
    .string()
    .refine(isPasswordHash, 'must be a bcrypt ($2b$…) or argon2 ($argon2id$…) hash'),
  groups: z.array(z.string().min(1, 'group names must not be empty')).default([]),
});

export const UsersFileSchema = z
  .object({ users: z.array(LocalUserSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.users.forEach((u, i) => {
      if (seen.has(u.username)) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'username'],
          message: `duplicate username "${u.username}"`,
        });
      }
      seen.add(u.username);
    });
  });

export type LocalUser = z.infer<typeof LocalUserSchema>;
export type UsersFile = z.infer<typeof UsersFileSchema>;

/** A problem with the users file; the message names the file and the field. */
export class UsersFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`invalid users file ${file}: ${detail}`);
    this.name = 'UsersFileError';
  }
}

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`))
    .join('');
}

/** Parses and validates the text of a users file; `file` only names it in errors. */
export function parseUsersFile(text: string, file: string): UsersFile {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new UsersFileError(file, `not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = UsersFileSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${fieldPath(i.path) || '(top level)'}: ${i.message}`,
    );
    throw new UsersFileError(file, issues.join('; '));
  }
  return parsed.data;
}

/** Reads and validates the users file; a missing file is an error naming it. */
export async function loadUsersFile(file: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsersFileError(file, code === 'ENOENT' ? 'the file does not exist' : String(e));
  }
  return parseUsersFile(text, file);
}

export interface PlainUser {
  username: string;
  groups: readonly string[];
}

/** The users file text for `users`, all with the same password, hashed with bcrypt. */
export async function renderUsersFile(
  users: readonly PlainUser[],
  password: string,
  cost = 10,
): Promise<string> {
  const entries = await Promise.all(
    users.map(async (u) => ({
      username: u.username,
      passwordHash: await bcrypt.hash(password, cost),
      groups: [...u.groups],
    })),
  );
  const header =
    '# Wharf console users: username, bcrypt password hash, groups (sent to Kubernetes as Impersonate-Group).\n';
  return header + YAML.stringify({ users: entries });
}

/**
 * Writes the users file for `users` unless it exists already (an admin may have edited it).
 * Returns whether it wrote the file.
 */
export async function writeUsersFileIfMissing(
  file: string,
  users: readonly PlainUser[],
  password: string,
): Promise<boolean> {
  try {
    await fs.access(file);
    return false;
  } catch {
    // missing: write it below
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const text = await renderUsersFile(users, password);
  try {
    await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process won the race: its file is as good as ours.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  return true;
}
