// What the proxy does with each path, the Content-Security-Policy and the other security headers.

export type RouteKind = 'public' | 'api' | 'page';

/** public: no session needed; api: 401 Status without a session; page: redirect to /login. */
export function routeKind(pathname: string): RouteKind {
  if (pathname === '/login' || pathname.startsWith('/login/')) return 'public';
  if (pathname === '/api/healthz') return 'public';
  if (pathname === '/api/auth' || pathname.startsWith('/api/auth/')) return 'public';
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  return 'page';
}

/** A fresh nonce for one response: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface CspOptions {
  /** Next's dev tooling evaluates code (React's call stacks): allowed only in development. */
  dev: boolean;
  /** Served over HTTPS: ask the browser to upgrade stray http:// subresources. */
  https: boolean;
}

/**
 * The policy: scripts only with this response's nonce (Next puts it on its inline bootstrap when it
 * finds it in the request's CSP header) and what they load; never framed.
 */
export function contentSecurityPolicy(nonce: string, opts: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // React writes style attributes; a nonce here would switch 'unsafe-inline' off for them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' covers same-origin ws:/wss: (CSP 3) for /api/stream and /api/exec
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Headers every response of ours carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The Kubernetes-shaped answer for an API call without a session. */
export function unauthorizedStatus(): {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  reason: 'Unauthorized';
  message: string;
  code: 401;
} {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'Unauthorized',
    message: 'not signed in: sign in to the console and try again',
    code: 401,
  };
}
