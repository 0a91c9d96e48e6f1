'use client';
// One terminal: an xterm screen fitted to its box, its /api/exec socket, the banner (where, who, since
// when, size) and the end message with a reconnect button. Copy and paste are offered to the toolbar.
import '@xterm/xterm/css/xterm.css';
import type { ITheme, Terminal } from '@xterm/xterm';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { ExecTarget, ServerControl } from '../../lib/contracts/exec';
import { humanDuration } from '../../lib/format/duration';
import { useT } from '../../lib/i18n/client';
import { useNow } from '../pods/use-now';
import { Button } from '../ui/button';
import { RefreshIcon, XIcon } from '../shell/icons';
import { execSocketUrl, openExecSocket } from './exec-socket';
import styles from './terminal.module.css';

export type CopyResult = 'copied' | 'empty' | 'denied';

/** What the toolbar can ask of the active terminal. */
export interface TerminalPaneHandle {
  copy(): Promise<CopyResult>;
  paste(): Promise<boolean>;
  focus(): void;
}

/** The xterm screen as the effects use it (methods, so React state is never mutated in place). */
interface Screen {
  term: Terminal;
  fit(): void;
  setFontSize(px: number): void;
}

type Started = Extract<ServerControl, { type: 'started' }>;

type Status =
  | { kind: 'connecting' }
  | { kind: 'open'; started: Started }
  | { kind: 'exited'; code: number; started?: Started }
  | { kind: 'failed'; code: number; message: string; started?: Started }
  | { kind: 'lost'; started?: Started };

/** The terminal's colours from the console's theme tokens, so it follows light and dark. */
function themeOf(el: HTMLElement): ITheme {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--card'),
    foreground: v('--fg'),
    cursor: v('--fg'),
    cursorAccent: v('--card'),
    // The accent behind the card colour reads well in both themes; --selected is too faint here.
    selectionBackground: v('--accent'),
    selectionForeground: v('--card'),
  };
}

async function copySelection(term: Terminal): Promise<CopyResult> {
  const text = term.getSelection();
  if (!text) return 'empty';
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'denied';
  }
}

function startedOf(s: Status): Started | undefined {
  return s.kind === 'connecting' ? undefined : s.started;
}

export function TerminalPane({
  target,
  user,
  fontSize,
  active,
  onClose,
  onEndedChange,
  ref,
}: {
  target: Required<ExecTarget>;
  user: string;
  fontSize: number;
  active: boolean;
  onClose: () => void;
  /** Told whenever the session ends or starts again (the tab shows it). */
  onEndedChange?: (ended: boolean) => void;
  ref?: Ref<TerminalPaneHandle>;
}) {
  const t = useT();
  const now = useNow();
  const hostRef = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<Screen | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const [size, setSize] = useState<{ cols: number; rows: number }>();
  const { cluster, namespace, pod, container } = target;

  useImperativeHandle(
    ref,
    () => ({
      copy: async () => (xterm ? copySelection(xterm.term) : 'empty'),
      paste: async () => {
        if (!xterm) return false;
        try {
          xterm.term.paste(await navigator.clipboard.readText());
          return true;
        } catch {
          return false;
        } finally {
          xterm.term.focus();
        }
      },
      focus: () => xterm?.term.focus(),
    }),
    [xterm],
  );

  // The xterm screen, created once: loaded on demand, it stays out of the server bundle.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let term: Terminal | undefined;
    let disposed = false;
    const observer = new MutationObserver(() => term && (term.options.theme = themeOf(host)));
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onMedia = () => term && (term.options.theme = themeOf(host));
    void Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(
      ([{ Terminal }, { FitAddon }]) => {
        if (disposed) return;
        term = new Terminal({
          cursorBlink: true,
          scrollback: 5000,
          // At 1.0 the DOM renderer clips underscores of some monospace fonts at small sizes.
          lineHeight: 1.2,
          fontFamily: getComputedStyle(host).getPropertyValue('--mono').trim() || 'monospace',
          theme: themeOf(host),
        });
        const fit = new FitAddon();
        term.loadAddon(fit);
        term.open(host);
        const screen = term;
        // Ctrl+Shift+C copies (Ctrl+C stays the interrupt); pasting uses the browser's own paste.
        screen.attachCustomKeyEventHandler((ev) => {
          if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && ev.code === 'KeyC') {
            void copySelection(screen);
            return false;
          }
          return true;
        });
        observer.observe(document.documentElement, {
          attributes: true,
          attributeFilter: ['data-theme'],
        });
        media.addEventListener('change', onMedia);
        setSize({ cols: screen.cols, rows: screen.rows });
        setXterm({
          term: screen,
          fit: () => fit.fit(),
          setFontSize: (px) => (screen.options.fontSize = px),
        });
      },
    );
    return () => {
      disposed = true;
      observer.disconnect();
      media.removeEventListener('change', onMedia);
      term?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!xterm) return;
    const sub = xterm.term.onResize((s) => setSize(s));
    return () => sub.dispose();
  }, [xterm]);

  useEffect(() => {
    if (!xterm) return;
    xterm.setFontSize(fontSize);
    if (active) xterm.fit();
  }, [xterm, fontSize, active]);

  // Resize follows the box: the window, the sidebar, the tab becoming visible.
  useEffect(() => {
    const host = hostRef.current;
    if (!xterm || !host || !active) return;
    const fitNow = () => {
      if (host.clientWidth > 0 && host.clientHeight > 0) xterm.fit();
    };
    const observer = new ResizeObserver(fitNow);
    observer.observe(host);
    fitNow();
    xterm.term.focus();
    return () => observer.disconnect();
  }, [xterm, active]);

  // One socket per attempt; Reconnect starts the next one on a cleared screen.
  useEffect(() => {
    if (!xterm) return;
    const { term } = xterm;
    term.reset();
    let started: Started | undefined;
    const socket = openExecSocket(
      execSocketUrl(window.location, { cluster, namespace, pod, container }),
      {
        onOutput: (data) => term.write(data),
        onControl: (frame) => {
          if (frame.type === 'started') {
            started = frame;
            setStatus({ kind: 'open', started: frame });
          } else if (frame.type === 'exit') {
            setStatus({ kind: 'exited', code: frame.code, started });
          } else {
            setStatus({ kind: 'failed', code: frame.code, message: frame.message, started });
          }
        },
        onClose: () =>
          setStatus((s) =>
            s.kind === 'open' || s.kind === 'connecting' ? { kind: 'lost', started } : s,
          ),
      },
    );
    const input = term.onData((d) => socket.input(d));
    const resize = term.onResize(({ cols, rows }) => socket.resize(cols, rows));
    socket.resize(term.cols, term.rows);
    return () => {
      input.dispose();
      resize.dispose();
      socket.close();
    };
  }, [xterm, attempt, cluster, namespace, pod, container]);

  const started = startedOf(status);
  const ended = status.kind === 'exited' || status.kind === 'failed' || status.kind === 'lost';

  useEffect(() => onEndedChange?.(ended), [ended, onEndedChange]);
  const connectedFor =
    started && status.kind === 'open' && now > 0
      ? humanDuration(Math.max(0, now - Date.parse(started.startedAt)))
      : undefined;

  function reconnect(): void {
    setStatus({ kind: 'connecting' });
    setAttempt((a) => a + 1);
  }

  return (
    <div className={styles.pane} data-testid="terminal-pane" data-status={status.kind}>
      <div className={styles.banner}>
        <dl className={styles.facts} aria-label={t('terminal.banner')}>
          <Fact label={t('terminal.cluster')} value={cluster} />
          <Fact label={t('terminal.namespace')} value={namespace} />
          <Fact label={t('terminal.pod')} value={pod} />
          <Fact label={t('terminal.container')} value={container} />
          <Fact label={t('terminal.user')} value={started?.user ?? user} />
          <Fact
            label={t('terminal.connected')}
            value={
              started ? (
                <time dateTime={started.startedAt} title={started.startedAt}>
                  {connectedFor ?? new Date(started.startedAt).toLocaleTimeString()}
                </time>
              ) : (
                '—'
              )
            }
          />
          <Fact
            label={t('terminal.size')}
            value={
              size ? <span data-testid="terminal-size">{`${size.cols}×${size.rows}`}</span> : '—'
            }
          />
        </dl>
        <Button
          variant="ghost"
          className={styles.closeButton}
          onClick={onClose}
          aria-label={t('terminal.closeTab', { name: container })}
        >
          <XIcon size={14} />
          {t('terminal.close')}
        </Button>
      </div>
      {status.kind === 'connecting' ? (
        <p className={styles.state} role="status">
          {t('terminal.connecting', { container })}
        </p>
      ) : null}
      {ended ? (
        <div
          className={styles.state}
          data-tone={status.kind === 'exited' && status.code === 0 ? 'ok' : 'error'}
          role={status.kind === 'failed' ? 'alert' : 'status'}
          data-testid="terminal-ended"
        >
          <span>
            {status.kind === 'exited'
              ? t('terminal.exited', { code: status.code })
              : status.kind === 'failed'
                ? t(status.started ? 'terminal.failed' : 'terminal.refused', {
                    message: status.message,
                  })
                : t('terminal.lost')}
          </span>
          <Button variant="secondary" onClick={reconnect}>
            <RefreshIcon size={16} />
            {t('terminal.reconnect')}
          </Button>
        </div>
      ) : null}
      <div
        ref={hostRef}
        className={styles.screen}
        // A session refused before it started has nothing to show: the message says it all.
        data-collapsed={status.kind === 'failed' && !status.started}
        role="group"
        aria-label={t('terminal.screen', { container, pod })}
        data-testid="terminal-screen"
      />
    </div>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className={styles.fact}>
      <dt>{label}</dt>
      <dd title={typeof value === 'string' ? value : undefined}>{value}</dd>
    </div>
  );
}
