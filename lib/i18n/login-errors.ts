// Maps next-auth's error codes (the `error` query parameter or signIn's result) to a message key.
import type { MessageKey } from './messages';

/** The message for a next-auth error code; unknown codes get the generic one, none gets null. */
export function loginErrorKey(code: string | null | undefined): MessageKey | null {
  if (!code) return null;
  switch (code) {
    case 'CredentialsSignin':
      return 'login.error.invalid';
    // server/auth/credentials.ts RATE_LIMITED
    case 'RateLimited':
      return 'login.error.rateLimited';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'OAuthAccountNotLinked':
    case 'OAuthCreateAccount':
    case 'Callback':
      return 'login.error.sso';
    default:
      return 'login.error.generic';
  }
}
