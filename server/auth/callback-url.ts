// Where to go after signing in: only paths of this console, never another origin or the login page.

/**
 * A same-origin path (with query and hash) from a `callbackUrl` parameter, or `/`.
 * Absolute URLs are accepted only on `origin` (next-auth's own redirects send those).
 */
export function safeCallbackPath(value: string | undefined | null, origin?: string): string {
  if (!value) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin ?? 'http://wharf.invalid');
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return '/';
  if (url.pathname.startsWith('/api/auth')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
