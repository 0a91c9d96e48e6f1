'use client';
// The cluster switcher: narrows the sidebar and the overview to one cluster, or shows all of them.
// The choice is a cookie, so server components render the scoped view.
import { useRouter } from 'next/navigation';
import { useCallback, useId, useRef, useState, useTransition } from 'react';
import { useT } from '../../lib/i18n/client';
import { rememberClusterScope } from './cluster-scope';
import { CheckIcon, ChevronDownIcon, ServerIcon } from './icons';
import styles from './shell.module.css';
import { useDismiss } from './use-dismiss';

export function ClusterSwitcher({
  clusters,
  current,
}: {
  clusters: readonly string[];
  current: string | undefined;
}) {
  const t = useT();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root, trigger);

  const choose = (cluster: string | undefined) => {
    rememberClusterScope(cluster);
    setOpen(false);
    trigger.current?.focus();
    startTransition(() => router.refresh());
  };
  const label = current ?? t('cluster.all');
  const options: { value: string | undefined; label: string }[] = [
    { value: undefined, label: t('cluster.all') },
    ...clusters.map((c) => ({ value: c, label: c })),
  ];

  return (
    <div className={styles.popoverRoot} ref={root}>
      <button
        ref={trigger}
        type="button"
        className={styles.switcher}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('cluster.switcherLabel', { cluster: label })}
        aria-busy={pending || undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <ServerIcon size={15} />
        <span className={styles.switcherText}>{label}</span>
        <ChevronDownIcon size={14} />
      </button>
      {open ? (
        <div id={panelId} className={styles.popover}>
          <p className={styles.popoverLabel}>{t('cluster.scopeHint')}</p>
          <ul className={styles.optionList}>
            {options.map((o) => {
              const selected = o.value === current;
              return (
                <li key={o.value ?? ''}>
                  <button
                    type="button"
                    className={styles.option}
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => choose(o.value)}
                  >
                    <span className={styles.optionText}>{o.label}</span>
                    {selected ? <CheckIcon size={14} /> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
