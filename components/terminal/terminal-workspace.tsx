'use client';
// The terminal screen's body: a toolbar (container for a new terminal, text size, copy, paste), the open
// terminals as tabs (all stay connected while hidden), and the active one.
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../../lib/i18n/client';
import { EmptyState } from '../shell/page-parts';
import { Button } from '../ui/button';
import { TerminalPane, type TerminalPaneHandle } from './terminal-pane';
import styles from './terminal.module.css';

const FONT_SIZES = [10, 11, 12, 13, 14, 16, 18, 20, 24] as const;
const DEFAULT_FONT_SIZE = 14;

interface Tab {
  id: number;
  container: string;
}

export function TerminalWorkspace({
  cluster,
  namespace,
  pod,
  containers,
  initialContainer,
  user,
}: {
  cluster: string;
  namespace: string;
  pod: string;
  containers: string[];
  initialContainer: string;
  user: string;
}) {
  const t = useT();
  const [tabs, setTabs] = useState<Tab[]>([{ id: 1, container: initialContainer }]);
  const [activeId, setActiveId] = useState(1);
  const [choice, setChoice] = useState(initialContainer);
  const [fontSize, setFontSize] = useState<number>(DEFAULT_FONT_SIZE);
  const [notice, setNotice] = useState('');
  const [ended, setEnded] = useState<ReadonlySet<number>>(new Set());
  const markEnded = useCallback(
    (id: number, isEnded: boolean) =>
      setEnded((prev) => {
        if (prev.has(id) === isEnded) return prev;
        const next = new Set(prev);
        if (isEnded) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const nextId = useRef(2);
  const panes = useRef(new Map<number, TerminalPaneHandle>());
  const tabRefs = useRef(new Map<number, HTMLButtonElement>());

  const sizeIndex = FONT_SIZES.indexOf(fontSize as (typeof FONT_SIZES)[number]);

  function openTab(): void {
    const id = nextId.current++;
    setTabs((ts) => [...ts, { id, container: choice }]);
    setActiveId(id);
    setNotice('');
  }

  function closeTab(id: number): void {
    const index = tabs.findIndex((tab) => tab.id === id);
    const rest = tabs.filter((tab) => tab.id !== id);
    setTabs(rest);
    if (id === activeId && rest.length > 0) setActiveId(rest[Math.min(index, rest.length - 1)]!.id);
  }

  function onTabKey(ev: KeyboardEvent<HTMLButtonElement>, index: number): void {
    const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
    const to =
      ev.key === 'Home' ? 0 : ev.key === 'End' ? tabs.length - 1 : step ? index + step : undefined;
    if (to === undefined) return;
    ev.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    if (!tab) return;
    setActiveId(tab.id);
    tabRefs.current.get(tab.id)?.focus();
  }

  async function copy(): Promise<void> {
    const result = (await panes.current.get(activeId)?.copy()) ?? 'empty';
    setNotice(
      t(
        result === 'copied'
          ? 'terminal.copied'
          : result === 'empty'
            ? 'terminal.nothingSelected'
            : 'terminal.clipboardDenied',
      ),
    );
  }

  async function paste(): Promise<void> {
    const ok = await panes.current.get(activeId)?.paste();
    setNotice(ok === false ? t('terminal.clipboardDenied') : '');
  }

  const labels = new Map<number, string>();
  const seen = new Map<string, number>();
  for (const tab of tabs) {
    const n = (seen.get(tab.container) ?? 0) + 1;
    seen.set(tab.container, n);
    labels.set(tab.id, n > 1 ? `${tab.container} (${n})` : tab.container);
  }

  return (
    <section className={styles.workspace} aria-label={t('terminal.title')}>
      <div className={styles.toolbar} role="toolbar" aria-label={t('terminal.toolbar')}>
        <label className={styles.picker}>
          <span>{t('terminal.container')}</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" onClick={openTab}>
          {t('terminal.newTab')}
        </Button>
        <span className={styles.spacer} />
        <div className={styles.fontSize}>
          <Button
            variant="ghost"
            aria-label={t('terminal.fontSmaller')}
            disabled={sizeIndex <= 0}
            onClick={() => setFontSize(FONT_SIZES[Math.max(0, sizeIndex - 1)]!)}
          >
            A−
          </Button>
          <output aria-live="polite">{t('terminal.fontSize', { size: fontSize })}</output>
          <Button
            variant="ghost"
            aria-label={t('terminal.fontLarger')}
            disabled={sizeIndex >= FONT_SIZES.length - 1}
            onClick={() => setFontSize(FONT_SIZES[Math.min(FONT_SIZES.length - 1, sizeIndex + 1)]!)}
          >
            A+
          </Button>
        </div>
        <Button variant="secondary" onClick={() => void copy()} disabled={tabs.length === 0}>
          {t('terminal.copy')}
        </Button>
        <Button variant="secondary" onClick={() => void paste()} disabled={tabs.length === 0}>
          {t('terminal.paste')}
        </Button>
      </div>
      <p className={styles.notice} role="status">
        {notice}
      </p>
      {tabs.length === 0 ? (
        <EmptyState title={t('terminal.empty')} />
      ) : (
        <>
          <div className={styles.tabs} role="tablist" aria-label={t('terminal.tabs')}>
            {tabs.map((tab, i) => (
              <button
                key={tab.id}
                ref={(el) => {
                  if (el) tabRefs.current.set(tab.id, el);
                  else tabRefs.current.delete(tab.id);
                }}
                type="button"
                role="tab"
                id={`terminal-tab-${tab.id}`}
                aria-controls={`terminal-panel-${tab.id}`}
                aria-selected={tab.id === activeId}
                tabIndex={tab.id === activeId ? 0 : -1}
                className={styles.tab}
                onClick={() => setActiveId(tab.id)}
                onKeyDown={(ev) => onTabKey(ev, i)}
              >
                {ended.has(tab.id)
                  ? t('terminal.tabEnded', { name: labels.get(tab.id) ?? '' })
                  : labels.get(tab.id)}
              </button>
            ))}
          </div>
          {tabs.map((tab) => (
            <div
              key={tab.id}
              id={`terminal-panel-${tab.id}`}
              role="tabpanel"
              aria-labelledby={`terminal-tab-${tab.id}`}
              hidden={tab.id !== activeId}
              className={styles.panel}
            >
              <TerminalPane
                ref={(handle) => {
                  if (handle) panes.current.set(tab.id, handle);
                  else panes.current.delete(tab.id);
                }}
                target={{ cluster, namespace, pod, container: tab.container }}
                user={user}
                fontSize={fontSize}
                active={tab.id === activeId}
                onClose={() => closeTab(tab.id)}
                onEndedChange={(isEnded) => markEnded(tab.id, isEnded)}
              />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
