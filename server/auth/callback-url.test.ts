import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './callback-url';

describe('safeCallbackPath', () => {
  it('keeps paths of this console with query and hash', () => {
    expect(safeCallbackPath('/projects/ai?env=prod#pods')).toBe('/projects/ai?env=prod#pods');
    expect(safeCallbackPath('/')).toBe('/');
    expect(safeCallbackPath('http://localhost:3100/projects/ai', 'http://localhost:3100')).toBe(
      '/projects/ai',
    );
  });

  it('refuses other origins however they are spelled', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example/x',
      '\\\\evil.example',
      'javascript:alert(1)',
      'data:text/html,hi',
      'http://localhost:3101/x',
    ]) {
      expect(safeCallbackPath(bad, 'http://localhost:3100')).toBe('/');
    }
  });

  it('never sends the user back to sign-in and defaults to /', () => {
    expect(safeCallbackPath('/login?callbackUrl=/x')).toBe('/');
    expect(safeCallbackPath('/api/auth/signout')).toBe('/');
    expect(safeCallbackPath(undefined)).toBe('/');
    expect(safeCallbackPath('')).toBe('/');
    expect(safeCallbackPath('/x', 'not a url')).toBe('/');
  });
});
