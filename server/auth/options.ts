// next-auth's configuration: local credentials (always) and OIDC (when configured), JWT sessions that
// carry the Kubernetes identity, and refresh-token rotation for OIDC.
import type { NextAuthOptions, Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { RATE_LIMITED, verifyCredentials } from './credentials';
import {
  needsRefresh,
  oidcConfigFromEnv,
  oidcProvider,
  refreshOidcToken,
  type OidcConfig,
} from './oidc';
import { createFailureLimiter, type FailureLimiter } from './rate-limit';
import { identityFromToken, type Identity } from './token';

/** How long a session lasts without signing in again. */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** Failures per username before sign-in is refused, and for how long. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;

// One limiter per process: Next bundles route handlers separately, so it lives on globalThis.
const LIMITER_KEY = Symbol.for('wharf.auth.login-limiter');
type LimiterHolder = { [LIMITER_KEY]?: FailureLimiter };

export function loginLimiter(): FailureLimiter {
  const holder = globalThis as LimiterHolder;
  holder[LIMITER_KEY] ??= createFailureLimiter({
    maxFailures: LOGIN_MAX_FAILURES,
    windowMs: LOGIN_WINDOW_MS,
  });
  return holder[LIMITER_KEY];
}

const SignedInUser = z.object({ username: z.string().min(1), groups: z.array(z.string()) });

const OidcFields = z.object({
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  accessTokenExpires: z.number().optional(),
  groups: z.array(z.string()).optional(),
  error: z.string().optional(),
});

/** The session as the browser and server components see it. */
export type WharfSession = Session & { identity: Identity | null };

export interface AuthOptionsDeps {
  usersFile?: string;
  limiter?: FailureLimiter;
  oidc?: OidcConfig | null;
  /** When false the jwt callback never refreshes (read-only callers whose cookie changes are lost). */
  refresh?: boolean;
}

/** The next-auth options for this process, from the environment prepareAuth() set up. */
export function buildAuthOptions(
  env: Record<string, string | undefined> = process.env,
  deps: AuthOptionsDeps = {},
): NextAuthOptions {
  const usersFile = deps.usersFile ?? env.WHARF_USERS_FILE;
  const limiter = deps.limiter ?? loginLimiter();
  const oidc = deps.oidc === undefined ? oidcConfigFromEnv(env) : deps.oidc;
  const refresh = deps.refresh ?? true;

  const credentials = CredentialsProvider({
    id: 'credentials',
    name: 'Wharf',
    credentials: {
      username: { label: 'Username', type: 'text' },
      password: { label: 'Password', type: 'password' },
    },
    async authorize(input) {
      if (!usersFile) {
        console.error('wharf: sign-in refused: WHARF_USERS_FILE is not set (prepareAuth not run?)');
        throw new Error('Configuration');
      }
      let result;
      try {
        result = await verifyCredentials(input, { usersFile, limiter });
      } catch (e) {
        // The message names a server path: log it here, show the user a generic failure.
        console.error(`wharf: sign-in failed: ${e instanceof Error ? e.message : String(e)}`);
        throw new Error('Configuration', { cause: e });
      }
      if (result.ok) {
        const { username, groups } = result.identity;
        return { id: username, name: username, username, groups };
      }
      if (result.reason === 'rate-limited') throw new Error(RATE_LIMITED);
      return null;
    },
  });

  return {
    secret: env.NEXTAUTH_SECRET,
    providers: oidc ? [credentials, oidcProvider(oidc)] : [credentials],
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async jwt({ token, user, account }): Promise<JWT> {
        if (account && user) {
          // Sign-in: both providers return a user with username and groups (authorize / profile).
          const who = SignedInUser.parse(user);
          const next: JWT = { ...token, username: who.username, groups: who.groups };
          if (account.type === 'oauth') {
            next.accessToken = account.access_token;
            next.refreshToken = account.refresh_token;
            next.accessTokenExpires =
              typeof account.expires_at === 'number' ? account.expires_at * 1000 : undefined;
          }
          return next;
        }
        const fields = OidcFields.parse(token);
        if (refresh && oidc && needsRefresh(fields, Date.now())) {
          return { ...token, ...(await refreshOidcToken(fields, oidc)) };
        }
        return token;
      },
      session({ session, token }) {
        const out: WharfSession = {
          expires: session.expires,
          identity: identityFromToken(token),
        };
        if (out.identity) out.user = { name: out.identity.username };
        return out;
      },
    },
  };
}
