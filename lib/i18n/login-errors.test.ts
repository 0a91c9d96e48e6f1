import { describe, expect, it } from 'vitest';
import { loginErrorKey } from './login-errors';

describe('loginErrorKey', () => {
  it('maps the codes next-auth and our credentials check produce', () => {
    expect(loginErrorKey('CredentialsSignin')).toBe('login.error.invalid');
    expect(loginErrorKey('RateLimited')).toBe('login.error.rateLimited');
    expect(loginErrorKey('OAuthCallback')).toBe('login.error.sso');
  });

  it('is generic for unknown codes and null for none', () => {
    expect(loginErrorKey('Configuration')).toBe('login.error.generic');
    expect(loginErrorKey('<script>')).toBe('login.error.generic');
    expect(loginErrorKey('')).toBeNull();
    expect(loginErrorKey(null)).toBeNull();
    expect(loginErrorKey(undefined)).toBeNull();
  });
});
