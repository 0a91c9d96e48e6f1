// The signed-in console: top bar (brand, cluster switcher, command palette, language, theme,
// account), the sidebar of the user's projects, and the page. Everything here is for this user only.
import { cookies } from 'next/headers';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { CommandPalette } from '../../components/palette/command-palette';
import { ClusterSwitcher } from '../../components/shell/cluster-switcher';
import { projectsOnCluster } from '../../components/shell/cluster-scope';
import { LogoIcon } from '../../components/shell/icons';
import { ShellProviders } from '../../components/shell/providers';
import { ShellFrame } from '../../components/shell/shell-frame';
import styles from '../../components/shell/shell.module.css';
import { Sidebar } from '../../components/shell/sidebar';
import { THEME_COOKIE, themeFromCookie } from '../../components/shell/theme';
import { ThemeProvider } from '../../components/shell/theme-context';
import { ThemeSwitch } from '../../components/shell/theme-switch';
import { UserMenu } from '../../components/shell/user-menu';
import { LanguageSwitch } from '../../components/ui/language-switch';
import { SessionRefresh } from '../../components/ui/session-refresh';
import { getT } from '../../lib/i18n/server';
import { clusterNames, clusterScope, requireIdentity, userProjects } from './data';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const who = await requireIdentity();
  const [result, scope, t, jar] = await Promise.all([
    userProjects(),
    clusterScope(),
    getT(),
    cookies(),
  ]);
  const theme = themeFromCookie(jar.get(THEME_COOKIE)?.value);
  const all = result.ok ? result.projects : [];
  return (
    <ShellProviders>
      <ThemeProvider initial={theme}>
        <SessionRefresh />
        <ShellFrame
          brand={
            <Link href="/" className={styles.brand}>
              <span className={styles.logo}>
                <LogoIcon size={17} />
              </span>
              <span className={styles.brandName}>{t('app.name')}</span>
            </Link>
          }
          topbar={
            <>
              <ClusterSwitcher clusters={clusterNames()} current={scope} />
              <div className={styles.topbarCenter}>
                <CommandPalette projects={all} />
              </div>
              <div className={styles.topbarEnd}>
                <LanguageSwitch />
                <ThemeSwitch />
                <UserMenu username={who.username} groups={who.groups} />
              </div>
            </>
          }
          sidebar={
            <Suspense>
              <Sidebar projects={projectsOnCluster(all, scope)} loadFailed={!result.ok} />
            </Suspense>
          }
        >
          {children}
        </ShellFrame>
      </ThemeProvider>
    </ShellProviders>
  );
}
