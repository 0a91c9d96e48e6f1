// The root layout: html shell, metadata, global styles, the request's language and colour theme.
import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { THEME_COOKIE, themeAttribute, themeFromCookie } from '../components/shell/theme';
import { I18nProvider } from '../lib/i18n/client';
import { getLang } from '../lib/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Wharf',
  description: 'Self-service console for your Kubernetes platform',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#161b22' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request (cookies) also renders every page per request, which the CSP nonce needs.
  const [lang, jar] = await Promise.all([getLang(), cookies()]);
  const theme = themeFromCookie(jar.get(THEME_COOKIE)?.value);
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'} data-theme={themeAttribute(theme)}>
      <body>
        <I18nProvider lang={lang}>{children}</I18nProvider>
      </body>
    </html>
  );
}
