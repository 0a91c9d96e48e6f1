import { describe, expect, it } from 'vitest';
import {
  SECURITY_HEADERS,
  contentSecurityPolicy,
  createNonce,
  routeKind,
  unauthorizedStatus,
} from './proxy-policy';

describe('routeKind', () => {
  it('lets sign-in, next-auth and health through', () => {
    for (const p of [
      '/login',
      '/api/auth/csrf',
      '/api/auth/callback/credentials',
      '/api/healthz',
    ]) {
      expect(routeKind(p)).toBe('public');
    }
  });

  it('guards the API and the pages', () => {
    for (const p of ['/api/projects', '/api', '/api/healthzz', '/api/authx', '/api/stream']) {
      expect(routeKind(p)).toBe('api');
    }
    for (const p of ['/', '/projects/ai', '/loginx', '/apix']) expect(routeKind(p)).toBe('page');
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce and forbids framing', () => {
    const csp = contentSecurityPolicy('abc123==', { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('allows eval only in development and upgrades only over HTTPS', () => {
    expect(contentSecurityPolicy('n', { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy('n', { dev: false, https: true })).toContain(
      'upgrade-insecure-requests',
    );
  });
});

describe('createNonce', () => {
  it('is fresh base64 of 16 bytes', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });
});

describe('headers and Status', () => {
  it('sends nosniff and a 401 Status', () => {
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(unauthorizedStatus()).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});
