// A next-auth session cookie for a demo user, as the console's sockets read it (tests set
// NEXTAUTH_SECRET to TEST_SESSION_SECRET first).
import { encode } from 'next-auth/jwt';
import { DEMO_USERS } from '../lib/demo-users';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789';

export async function sessionCookie(
  username: string,
  groups = DEMO_USERS.find((u) => u.username === username)?.groups ?? [],
): Promise<string> {
  const token = await encode({
    token: { sub: username, username, groups },
    secret: TEST_SESSION_SECRET,
  });
  return `next-auth.session-token=${token}`;
}
