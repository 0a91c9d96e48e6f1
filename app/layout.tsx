// The root layout: html shell, metadata, global styles, the request's language.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { I18nProvider } from '../lib/i18n/client';
import { getLang } from '../lib/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Wharf',
  description: 'Self-service console for your Kubernetes platform',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request (cookies) also renders every page per request, which the CSP nonce needs.
  const lang = await getLang();
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <I18nProvider lang={lang}>{children}</I18nProvider>
      </body>
    </html>
  );
}
