'use client';
// Keeps a signed-in tab's session alive and honest: asks /api/auth/session now and then (which
// slides the cookie and rotates OIDC tokens) and sends the user to sign in once it has ended.
import { getSession } from 'next-auth/react';
import { useEffect } from 'react';

const EVERY_MS = 4 * 60 * 1000;

/** Mount once in the signed-in shell (not on /login). */
export function SessionRefresh() {
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      if (stopped || document.visibilityState !== 'visible') return;
      let signedIn: boolean;
      try {
        const session = (await getSession()) as { identity?: unknown } | null;
        signedIn = Boolean(session?.identity);
      } catch {
        return; // offline: try again later, the session may well be fine
      }
      if (!signedIn && !stopped) {
        const here = `${window.location.pathname}${window.location.search}`;
        window.location.assign(`/login?${new URLSearchParams({ callbackUrl: here })}`);
      }
    };
    const timer = window.setInterval(() => void check(), EVERY_MS);
    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return null;
}
