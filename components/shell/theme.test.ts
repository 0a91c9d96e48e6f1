import { describe, expect, it } from 'vitest';
import { isTheme, themeAttribute, themeCookie, themeFromCookie } from './theme';

describe('theme', () => {
  it('reads the cookie and says it on <html>', () => {
    expect(themeFromCookie('dark')).toBe('dark');
    expect(themeAttribute('dark')).toBe('dark');
    expect(themeAttribute('light')).toBe('light');
    expect(themeAttribute('system')).toBeUndefined();
    expect(themeCookie('light')).toBe('wharf-theme=light; Path=/; Max-Age=31536000; SameSite=Lax');
  });

  it('falls back to the system for missing or bad cookies', () => {
    expect(themeFromCookie(undefined)).toBe('system');
    expect(themeFromCookie('')).toBe('system');
    expect(themeFromCookie('DARK')).toBe('system');
    expect(themeFromCookie('"><script>')).toBe('system');
    expect(isTheme(1)).toBe(false);
  });
});
