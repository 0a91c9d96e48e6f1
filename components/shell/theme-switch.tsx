'use client';
// Light / dark / system: three labelled toggle buttons; the choice is remembered in a cookie.
import { useT } from '../../lib/i18n/client';
import type { MessageKey } from '../../lib/i18n/messages';
import { MonitorIcon, MoonIcon, SunIcon } from './icons';
import styles from './shell.module.css';
import { THEMES, type Theme } from './theme';
import { useTheme } from './theme-context';

const ICONS = { light: SunIcon, dark: MoonIcon, system: MonitorIcon } as const;
export const THEME_LABEL: Record<Theme, MessageKey> = {
  light: 'theme.light',
  dark: 'theme.dark',
  system: 'theme.system',
};

export function ThemeSwitch() {
  const t = useT();
  const { theme, setTheme } = useTheme();
  return (
    <div role="group" aria-label={t('theme.label')} className={styles.segmented}>
      {THEMES.map((option) => {
        const Icon = ICONS[option];
        return (
          <button
            key={option}
            type="button"
            className={styles.segment}
            aria-pressed={option === theme}
            aria-label={t(THEME_LABEL[option])}
            title={t(THEME_LABEL[option])}
            onClick={() => setTheme(option)}
          >
            <Icon size={15} />
          </button>
        );
      })}
    </div>
  );
}
