// Who is signed in: for server components and route handlers (the session) and for WebSocket
// upgrades (the session cookie of the raw request).
import type { IncomingMessage } from 'node:http';
import { getServerSession } from 'next-auth/next';
import { getToken } from 'next-auth/jwt';
import type { NextApiRequest } from 'next';
import { buildAuthOptions, type WharfSession } from './options';
import { identityFromToken, type Identity } from './token';

export type { Identity } from './token';

/**
 * The signed-in user of the current request, or null. For server components and route handlers.
 * Read-only: refreshing an OIDC token here would be lost (server components cannot set cookies),
 * and with rotation the lost refresh token would end the session; /api/auth/session refreshes.
 */
export async function currentIdentity(): Promise<Identity | null> {
  const session = (await getServerSession(
    buildAuthOptions(process.env, { refresh: false }),
  )) as WharfSession | null;
  return session?.identity ?? null;
}

/** The cookies of a Cookie header; malformed pairs are skipped, the first of a repeated name wins. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** The signed-in user of a raw Node request (a WebSocket upgrade), or null. */
export async function identityFromRequest(req: IncomingMessage): Promise<Identity | null> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  // getToken reads `cookies` and `headers` only (STACK-NOTES); a raw request has no parsed cookies.
  const shaped = { headers: req.headers, cookies: parseCookieHeader(req.headers.cookie) };
  const token = await getToken({ req: shaped as unknown as NextApiRequest, secret });
  return identityFromToken(token);
}
