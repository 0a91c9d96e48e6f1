// Prepares sign-in before Next starts: the public URL, the session secret and (embedded) the users file.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_USER, DEMO_PASSWORD, DEMO_USERS } from '../../lib/demo-users';
import { oidcConfigFromEnv } from './oidc';
import { loadUsersFile, writeUsersFileIfMissing } from './users-file';

export interface AuthBootstrap {
  stateDir: string;
  embedded: boolean;
  publicUrl: string;
}

const MIN_SECRET_LENGTH = 32;

/**
 * The session secret kept in `file` (mode 0600), created on first use. Every replica behind one
 * load balancer needs the same secret: set NEXTAUTH_SECRET there instead.
 */
export async function loadOrCreateSecret(file: string): Promise<string> {
  try {
    const secret = (await fs.readFile(file, 'utf8')).trim();
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters`);
    }
    await fs.chmod(file, 0o600);
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  try {
    await fs.writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(file);
    throw e;
  }
  return secret;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The demo people of the embedded simulator (not the console's own service identity). */
export function demoLogins(): { username: string; groups: string[] }[] {
  return DEMO_USERS.filter((u) => u.username !== CONSOLE_USER).map((u) => ({
    username: u.username,
    groups: [...u.groups],
  }));
}

/**
 * Sets NEXTAUTH_URL, NEXTAUTH_SECRET and WHARF_USERS_FILE for the route handlers, writes the demo
 * users in embedded mode (only when the file is missing) and validates the users file and the
 * OIDC settings, failing with a message that names the file or variable.
 */
export async function prepareAuth(
  opts: AuthBootstrap,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const oidc = oidcConfigFromEnv(env);
  env.NEXTAUTH_URL = opts.publicUrl;
  if (!env.NEXTAUTH_SECRET) {
    env.NEXTAUTH_SECRET = await loadOrCreateSecret(path.join(opts.stateDir, 'auth-secret'));
  }

  const usersFile = path.resolve(env.WHARF_USERS_FILE || path.join(opts.stateDir, 'users.yaml'));
  if (opts.embedded && (await writeUsersFileIfMissing(usersFile, demoLogins(), DEMO_PASSWORD))) {
    console.log(`wharf: wrote the demo users to ${usersFile}`);
  }
  env.WHARF_USERS_FILE = usersFile;

  if (await exists(usersFile)) {
    await loadUsersFile(usersFile);
  } else {
    console.warn(
      `wharf: no users file at ${usersFile}: nobody can sign in with a password` +
        (oidc ? ' (single sign-on is configured)' : '; create it or configure WHARF_OIDC_*'),
    );
  }
  if (oidc) console.log(`wharf: single sign-on through ${oidc.issuer}`);
}
