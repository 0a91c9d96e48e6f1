'use client';
// The account menu in the top bar: who is signed in, their groups, and signing out.
import { useCallback, useId, useRef, useState } from 'react';
import { useT } from '../../lib/i18n/client';
import { SignOutButton } from '../ui/sign-out-button';
import { ChevronDownIcon } from './icons';
import styles from './shell.module.css';
import { useDismiss } from './use-dismiss';

export function UserMenu({ username, groups }: { username: string; groups: readonly string[] }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root, trigger);
  return (
    <div className={styles.popoverRoot} ref={root}>
      <button
        ref={trigger}
        type="button"
        className={styles.userButton}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('user.menu')}
        onClick={() => setOpen((o) => !o)}
      >
        <span className={styles.avatar} aria-hidden="true">
          {username.slice(0, 1).toUpperCase()}
        </span>
        <span className={styles.userName}>{username}</span>
        <ChevronDownIcon size={14} />
      </button>
      {open ? (
        <div id={panelId} className={`${styles.popover} ${styles.popoverEnd}`}>
          <p className={styles.userSigned}>{t('auth.signedInAs', { username })}</p>
          <p className={styles.popoverLabel}>{t('user.groups')}</p>
          {groups.length > 0 ? (
            <ul className={styles.groupList}>
              {groups.map((g) => (
                <li key={g} className={styles.groupChip} title={g}>
                  {g}
                </li>
              ))}
            </ul>
          ) : (
            <p className={styles.popoverMuted}>{t('user.noGroups')}</p>
          )}
          <div className={styles.popoverFooter}>
            <SignOutButton />
          </div>
        </div>
      ) : null}
    </div>
  );
}
