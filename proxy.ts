// Runs before pages and API routes: the sign-in gate (pages → /login, API → 401 Status), the
// per-request CSP nonce and the security headers.
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { NextResponse } from 'next/server';
import {
  SECURITY_HEADERS,
  contentSecurityPolicy,
  createNonce,
  routeKind,
  unauthorizedStatus,
} from './server/auth/proxy-policy';
import { identityFromToken } from './server/auth/token';

function secured(res: NextResponse, csp?: string): NextResponse {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  if (csp) res.headers.set('Content-Security-Policy', csp);
  return res;
}

function proxy(req: NextRequestWithAuth): NextResponse {
  const { pathname, search, basePath } = req.nextUrl;
  const kind = routeKind(pathname);
  const signedIn = identityFromToken(req.nextauth.token) !== null;

  if (!signedIn && kind === 'api') {
    return secured(NextResponse.json(unauthorizedStatus(), { status: 401 }));
  }
  if (!signedIn && kind === 'page') {
    const login = req.nextUrl.clone();
    login.pathname = '/login';
    login.search = '';
    login.searchParams.set('callbackUrl', `${basePath}${pathname}${search}`);
    return secured(NextResponse.redirect(login));
  }

  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV !== 'production',
    https: req.nextUrl.protocol === 'https:',
  });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  return secured(NextResponse.next({ request: { headers } }), csp);
}

// withAuth decodes the session cookie (and skips /api/auth and /_next); `authorized` lets every
// request reach `proxy`, which answers the API with a 401 Status instead of a redirect.
export default withAuth(proxy, { callbacks: { authorized: () => true } });

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
