// The sign-in page: username and password, SSO when configured, the language switch.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LanguageSwitch } from '../../components/ui/language-switch';
import { getT } from '../../lib/i18n/server';
import { safeCallbackPath } from '../../server/auth/callback-url';
import { currentIdentity } from '../../server/auth/identity';
import { oidcConfigFromEnv } from '../../server/auth/oidc';
import { LoginForm } from './login-form';
import styles from './login.module.css';
import { SsoButton } from './sso-button';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t('login.pageTitle')} · ${t('app.name')}` };
}

function Logo() {
  // a pier over water: the product's mark
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M3 9h18M6 9v8M12 9v8M18 9v8"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
      <path
        d="M2 20c2 0 2-1.5 4-1.5S8 20 10 20s2-1.5 4-1.5 2 1.5 4 1.5 2-1.5 4-1.5"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl), process.env.NEXTAUTH_URL);
  if (await currentIdentity()) redirect(callbackUrl);

  const t = await getT();
  const sso = oidcConfigFromEnv(process.env) !== null;
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <div className={styles.brand}>
          <span className={styles.logo}>
            <Logo />
          </span>
          <h1 className={styles.name}>{t('app.name')}</h1>
        </div>
        <h2 className={styles.heading}>{t('login.heading')}</h2>
        <p className={styles.tagline}>{t('app.tagline')}</p>
        <LoginForm callbackUrl={callbackUrl} initialError={first(params.error) ?? null} />
        {sso ? (
          <>
            <div className={styles.divider}>{t('login.or')}</div>
            <SsoButton callbackUrl={callbackUrl} />
          </>
        ) : null}
      </div>
      <footer className={styles.footer}>
        <LanguageSwitch />
      </footer>
    </main>
  );
}
