// Checks a username and password against the users file, with the per-username failure limit.
import { z } from 'zod';
import type { FailureLimiter } from './rate-limit';
import type { Identity } from './token';
import { verifyPassword } from './password';
import { loadUsersFile } from './users-file';

/** The error next-auth reports (`?error=RateLimited`) when a username is locked out for now. */
export const RATE_LIMITED = 'RateLimited';

// Compared against when the username is unknown, so unknown and known users cost the same bcrypt time.
const DUMMY_HASH = '$2b$10$WnVQYscJ0xNiospB2TngLOOHGgmpi7M7uDeQSu/9UZiWLvCerh.Q6';

const CredentialsInput = z.object({
  username: z.string().min(1).max(253),
  // bcrypt looks at 72 bytes; a cap keeps a huge body from costing anything
  password: z.string().min(1).max(1024),
});

export type VerifyResult =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number };

export interface VerifyDeps {
  usersFile: string;
  limiter: FailureLimiter;
}

/** Verifies `{username, password}` (anything else is invalid); counts only failures per username. */
export async function verifyCredentials(input: unknown, deps: VerifyDeps): Promise<VerifyResult> {
  const parsed = CredentialsInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { username, password } = parsed.data;

  const retryAfterMs = deps.limiter.retryAfter(username);
  if (retryAfterMs > 0) return { ok: false, reason: 'rate-limited', retryAfterMs };

  // Read on every attempt so edits to the file apply without a restart.
  const { users } = await loadUsersFile(deps.usersFile);
  const user = users.find((u) => u.username === username);
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) {
    deps.limiter.fail(username);
    return { ok: false, reason: 'invalid' };
  }
  deps.limiter.succeed(username);
  return { ok: true, identity: { username: user.username, groups: [...user.groups] } };
}
