'use client';
// The signed-in page frame: top bar, sidebar and main area; on narrow screens the sidebar is a
// drawer the menu button opens (and a link inside it closes).
import { useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useT } from '../../lib/i18n/client';
import { MenuIcon } from './icons';
import styles from './shell.module.css';

export function ShellFrame({
  brand,
  topbar,
  sidebar,
  children,
}: {
  brand: ReactNode;
  topbar: ReactNode;
  sidebar: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  const [navOpen, setNavOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const onSidebarClick = (e: MouseEvent) => {
    if (e.target instanceof Element && e.target.closest('a')) setNavOpen(false);
  };
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skipLink}>
        {t('shell.skipToContent')}
      </a>
      <header className={styles.topbar}>
        <button
          ref={toggle}
          type="button"
          className={styles.navButton}
          aria-expanded={navOpen}
          aria-controls="sidebar"
          aria-label={t('shell.toggleNav')}
          onClick={() => setNavOpen((o) => !o)}
        >
          <MenuIcon size={18} />
        </button>
        {brand}
        {topbar}
      </header>
      <div className={styles.body}>
        <aside
          id="sidebar"
          className={styles.sidebar}
          data-open={navOpen || undefined}
          onClick={onSidebarClick}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && navOpen) {
              setNavOpen(false);
              toggle.current?.focus();
            }
          }}
        >
          {sidebar}
        </aside>
        {navOpen ? (
          <div className={styles.scrim} aria-hidden="true" onClick={() => setNavOpen(false)} />
        ) : null}
        <main id="main" className={styles.main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
