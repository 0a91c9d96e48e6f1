// Single sign-on through any OpenID Connect provider, configured by WHARF_OIDC_* variables:
// the next-auth provider, identity from claims, and refresh-token rotation.
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { z } from 'zod';
import { REFRESH_ERROR } from './token';

export const OIDC_PROVIDER_ID = 'oidc';

const OidcEnvSchema = z.object({
  WHARF_OIDC_ISSUER: z.url({
    message: 'must be the issuer URL, e.g. https://sso.example.com/realms/main',
  }),
  WHARF_OIDC_CLIENT_ID: z.string().min(1, 'must not be empty'),
  WHARF_OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty'),
  WHARF_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  WHARF_OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  WHARF_OIDC_SCOPES: z.string().min(1).default('openid profile email offline_access'),
});

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A claim name, or a dotted path into nested claims (`realm_access.roles`). */
  groupsClaim: string;
  usernameClaim: string;
  scopes: string;
}

const REQUIRED = ['WHARF_OIDC_ISSUER', 'WHARF_OIDC_CLIENT_ID', 'WHARF_OIDC_CLIENT_SECRET'] as const;

/**
 * The OIDC configuration, or null when none of the required variables is set.
 * Throws naming the variables when only some are set or one is malformed.
 */
export function oidcConfigFromEnv(env: Record<string, string | undefined>): OidcConfig | null {
  const present = REQUIRED.filter((k) => (env[k] ?? '') !== '');
  if (present.length === 0) return null;
  const parsed = OidcEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `invalid OIDC configuration (set ${REQUIRED.join(', ')} together): ${issues.join('; ')}`,
    );
  }
  const e = parsed.data;
  return {
    issuer: e.WHARF_OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: e.WHARF_OIDC_CLIENT_ID,
    clientSecret: e.WHARF_OIDC_CLIENT_SECRET,
    groupsClaim: e.WHARF_OIDC_GROUPS_CLAIM,
    usernameClaim: e.WHARF_OIDC_USERNAME_CLAIM,
    scopes: e.WHARF_OIDC_SCOPES,
  };
}

function claimAt(claims: Record<string, unknown>, claimPath: string): unknown {
  if (claimPath in claims) return claims[claimPath];
  let cur: unknown = claims;
  for (const part of claimPath.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The groups in the configured claim: an array of strings, or one string; anything else is none. */
export function groupsFromClaims(claims: Record<string, unknown>, claimPath: string): string[] {
  const value = claimAt(claims, claimPath);
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((g): g is string => typeof g === 'string' && g !== ''))];
}

/** The username: the configured claim, else email, else the subject. */
export function usernameFromClaims(claims: Record<string, unknown>, claimPath: string): string {
  for (const candidate of [claimAt(claims, claimPath), claims.email, claims.sub]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  throw new Error('the identity provider returned no usable username claim');
}

/** The next-auth provider for `cfg` (authorization code flow with PKCE, ID token claims). */
export function oidcProvider(cfg: OidcConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: 'SSO',
    type: 'oauth',
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: cfg.scopes } },
    idToken: true,
    checks: ['pkce', 'state'],
    profile(claims) {
      const username = usernameFromClaims(claims, cfg.usernameClaim);
      const user = {
        id: typeof claims.sub === 'string' ? claims.sub : username,
        name: username,
        email: typeof claims.email === 'string' ? claims.email : null,
        username,
        groups: groupsFromClaims(claims, cfg.groupsClaim),
      };
      return user;
    },
  };
}

/** The OIDC part of the session token. */
export interface OidcTokenFields {
  accessToken?: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  accessTokenExpires?: number;
  groups?: string[];
  error?: string;
}

// Refresh this long before expiry so a request never goes out with a token about to lapse.
const REFRESH_SKEW_MS = 60_000;

export function needsRefresh(token: OidcTokenFields, now: number): boolean {
  return (
    token.error === undefined &&
    token.refreshToken !== undefined &&
    token.accessTokenExpires !== undefined &&
    token.accessTokenExpires - REFRESH_SKEW_MS <= now
  );
}

const DiscoverySchema = z.object({ token_endpoint: z.url() });
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
});

type Fetch = typeof fetch;

const endpoints = new Map<string, Promise<string>>();

async function tokenEndpoint(issuer: string, fetchImpl: Fetch): Promise<string> {
  let p = endpoints.get(issuer);
  if (!p) {
    p = (async () => {
      const res = await fetchImpl(`${issuer}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`OIDC discovery answered HTTP ${res.status}`);
      return DiscoverySchema.parse(await res.json()).token_endpoint;
    })();
    endpoints.set(issuer, p);
    p.catch(() => endpoints.delete(issuer));
  }
  return p;
}

/** The claims of a JWT's payload, unverified: only for an ID token fresh from the token endpoint over TLS. */
function unverifiedClaims(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

// With rotation a refresh token works once: tabs refreshing at the same moment share one exchange.
const inFlight = new Map<string, Promise<OidcTokenFields>>();

/**
 * Exchanges the refresh token for new tokens (OAuth 2.0 §6, client_secret_basic). Keeps the new
 * refresh token when the provider rotates it, and the groups of a new ID token. On failure the
 * token is marked with REFRESH_ERROR, which ends the session.
 */
export async function refreshOidcToken<T extends OidcTokenFields>(
  token: T,
  cfg: OidcConfig,
  fetchImpl: Fetch = fetch,
  now: () => number = Date.now,
): Promise<T & OidcTokenFields> {
  const refreshToken = token.refreshToken;
  if (!refreshToken) return { ...token, error: REFRESH_ERROR };
  let pending = inFlight.get(refreshToken);
  if (!pending) {
    pending = exchange(refreshToken, cfg, fetchImpl, now);
    inFlight.set(refreshToken, pending);
    // Keep the answer briefly for stragglers holding the same (now rotated) refresh token.
    void pending.finally(() => setTimeout(() => inFlight.delete(refreshToken), 30_000).unref());
  }
  const fields = await pending;
  return { ...token, ...fields };
}

async function exchange(
  refreshToken: string,
  cfg: OidcConfig,
  fetchImpl: Fetch,
  now: () => number,
): Promise<OidcTokenFields> {
  try {
    const endpoint = await tokenEndpoint(cfg.issuer, fetchImpl);
    const basic = Buffer.from(
      `${encodeURIComponent(cfg.clientId)}:${encodeURIComponent(cfg.clientSecret)}`,
    ).toString('base64');
    const res = await fetchImpl(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${basic}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    if (!res.ok) throw new Error(`token endpoint answered HTTP ${res.status}`);
    const body = TokenResponseSchema.parse(await res.json());
    const fields: OidcTokenFields = {
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? refreshToken,
      accessTokenExpires: now() + (body.expires_in ?? 300) * 1000,
    };
    const claims = body.id_token ? unverifiedClaims(body.id_token) : null;
    if (claims) fields.groups = groupsFromClaims(claims, cfg.groupsClaim);
    return fields;
  } catch (e) {
    console.warn(`wharf: OIDC token refresh failed: ${e instanceof Error ? e.message : String(e)}`);
    return { error: REFRESH_ERROR };
  }
}
