'use client';
// The command palette (Ctrl/⌘+K): jump to the overview, a project or an environment, or switch
// theme and language. It holds only the projects the server gave this user.
import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Project } from '../../lib/contracts/projects';
import { useLang, useSetLang, useT } from '../../lib/i18n/client';
import { LANGS } from '../../lib/i18n/messages';
import {
  FolderIcon,
  GridIcon,
  LayersIcon,
  LockIcon,
  MonitorIcon,
  MoonIcon,
  SearchIcon,
  SunIcon,
} from '../shell/icons';
import { THEMES } from '../shell/theme';
import { useTheme } from '../shell/theme-context';
import { THEME_LABEL } from '../shell/theme-switch';
import { paletteScore, paletteTargets } from './palette-items';
import styles from './palette.module.css';

const THEME_ICONS = { light: SunIcon, dark: MoonIcon, system: MonitorIcon } as const;

const noSubscribe = () => () => {};

/** Whether this browser runs on a Mac (⌘ rather than Ctrl); false on the server and at hydration. */
function useIsMac(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent),
    () => false,
  );
}

export function CommandPalette({ projects }: { projects: readonly Project[] }) {
  const t = useT();
  const lang = useLang();
  const setLang = useSetLang();
  const { theme, setTheme } = useTheme();
  const router = useRouter();
  const isMac = useIsMac();
  const [open, setOpen] = useState(false);
  const targets = useMemo(() => paletteTargets(projects), [projects]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && (e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  const keys = isMac ? '⌘K' : 'Ctrl K';
  const projectTargets = targets.filter((x) => x.kind === 'project');
  const envTargets = targets.filter((x) => x.kind === 'environment');

  return (
    <>
      <button
        type="button"
        className={styles.trigger}
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        aria-haspopup="dialog"
        title={t('palette.hint', { keys })}
      >
        <SearchIcon size={15} />
        <span className={styles.triggerText}>{t('palette.open')}</span>
        <kbd className={styles.kbd}>{keys}</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label={t('palette.label')}
        overlayClassName={styles.overlay}
        contentClassName={styles.dialog}
        className={styles.command}
        filter={(_value, search, keywords) => paletteScore(search, keywords ?? [])}
        loop
      >
        <div className={styles.inputRow}>
          <SearchIcon size={16} />
          <Command.Input className={styles.input} placeholder={t('palette.placeholder')} />
          <kbd className={styles.kbd}>Esc</kbd>
        </div>
        <Command.List className={styles.list} label={t('palette.label')}>
          <Command.Empty className={styles.empty}>{t('palette.empty')}</Command.Empty>
          <Command.Group heading={t('palette.navigation')} className={styles.group}>
            <Command.Item
              value="nav:overview"
              keywords={[t('shell.overview'), 'home', 'overview']}
              onSelect={() => go('/')}
              className={styles.item}
            >
              <GridIcon size={15} />
              <span className={styles.label}>{t('shell.overview')}</span>
            </Command.Item>
          </Command.Group>
          {projectTargets.length > 0 ? (
            <Command.Group heading={t('palette.projects')} className={styles.group}>
              {projectTargets.map((x) => (
                <Command.Item
                  key={x.id}
                  value={x.id}
                  keywords={[x.label, ...x.keywords]}
                  onSelect={() => go(x.href)}
                  className={styles.item}
                >
                  <FolderIcon size={15} />
                  <span className={styles.label} data-testid="palette-project-name">
                    {x.label}
                  </span>
                  <span className={styles.detail}>{x.detail}</span>
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          {envTargets.length > 0 ? (
            <Command.Group heading={t('palette.environments')} className={styles.group}>
              {envTargets.map((x) => (
                <Command.Item
                  key={x.id}
                  value={x.id}
                  keywords={[x.label, ...x.keywords]}
                  onSelect={() => go(x.href)}
                  className={styles.item}
                >
                  <LayersIcon size={15} />
                  <span className={styles.label}>{x.label}</span>
                  {x.protected ? <LockIcon size={12} aria-label={t('project.protected')} /> : null}
                  <span className={styles.detail}>{x.detail}</span>
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          <Command.Group heading={t('palette.preferences')} className={styles.group}>
            {THEMES.filter((x) => x !== theme).map((x) => {
              const Icon = THEME_ICONS[x];
              return (
                <Command.Item
                  key={x}
                  value={`theme:${x}`}
                  keywords={[t('theme.label'), t(THEME_LABEL[x]), 'theme', x]}
                  onSelect={() => {
                    setTheme(x);
                    setOpen(false);
                  }}
                  className={styles.item}
                >
                  <Icon size={15} />
                  <span className={styles.label}>
                    {t('palette.theme', { theme: t(THEME_LABEL[x]) })}
                  </span>
                </Command.Item>
              );
            })}
            {LANGS.filter((l) => l !== lang).map((l) => (
              <Command.Item
                key={l}
                value={`lang:${l}`}
                keywords={[t('lang.label'), 'language', t(l === 'en' ? 'lang.en' : 'lang.zh')]}
                onSelect={() => {
                  setOpen(false);
                  setLang(l);
                }}
                className={styles.item}
              >
                <span className={styles.langGlyph} aria-hidden="true">
                  {l === 'zh' ? '中' : 'A'}
                </span>
                <span className={styles.label}>
                  {t('palette.language', { lang: t(l === 'en' ? 'lang.en' : 'lang.zh') })}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        </Command.List>
      </Command.Dialog>
    </>
  );
}
