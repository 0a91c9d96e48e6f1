// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /session, /signout, …).
import NextAuth from 'next-auth';
import { buildAuthOptions } from '../../../../server/auth/options';

type Handler = ReturnType<typeof NextAuth>;
let handler: Handler | undefined;

// Built on the first request, not at import: `next build` loads this module without the
// environment prepareAuth() sets up at start.
function auth(...args: Parameters<Handler>): ReturnType<Handler> {
  handler ??= NextAuth(buildAuthOptions());
  return handler(...args);
}

export { auth as GET, auth as POST };
