// The signed-in identity as the session JWT carries it; pure, so the proxy can use it without next/headers.
import { z } from 'zod';

/** Who the user is to Kubernetes: sent as Impersonate-User and one Impersonate-Group per group. */
export const IdentitySchema = z.object({
  username: z.string().min(1),
  groups: z.array(z.string()),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** Set on the token when the identity provider refused to refresh it: the session is over. */
export const REFRESH_ERROR = 'RefreshAccessTokenError';

/** The identity in a decoded session token, or null when there is none or the session has failed. */
export function identityFromToken(token: unknown): Identity | null {
  if (typeof token !== 'object' || token === null) return null;
  if ((token as { error?: unknown }).error !== undefined) return null;
  const parsed = IdentitySchema.safeParse(token);
  return parsed.success ? { username: parsed.data.username, groups: parsed.data.groups } : null;
}
