// The console's colour theme: the cookie that remembers it and how <html> says it.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Remembers the user's choice; read by the root layout so the first paint has the right colours. */
export const THEME_COOKIE = 'wharf-theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

/** The theme a cookie value names, `system` for anything else. */
export function themeFromCookie(value: string | undefined | null): Theme {
  return isTheme(value) ? value : 'system';
}

/** The `data-theme` attribute of <html>: absent for `system`, so the media query decides. */
export function themeAttribute(theme: Theme): 'light' | 'dark' | undefined {
  return theme === 'system' ? undefined : theme;
}

/** The cookie line for `theme`: a year, whole site, never sent cross-site. */
export function themeCookie(theme: Theme): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
