'use client';
// Recent Kubernetes events as a list: warning or normal, reason, object, message, how long ago.
import { humanDuration } from '../../lib/format/duration';
import type { Translate } from '../../lib/i18n/messages';
import { useNow } from '../pods/use-now';
import type { EventLine } from './app-model';
import styles from './apps.module.css';

export function EventList({
  events,
  t,
  emptyText,
}: {
  events: readonly EventLine[] | undefined;
  t: Translate;
  emptyText: string;
}) {
  const now = useNow();
  if (events === undefined) return <p className={styles.empty}>{t('apps.loading')}</p>;
  if (events.length === 0) return <p className={styles.empty}>{emptyText}</p>;
  return (
    <ul className={styles.list} data-testid="event-list">
      {events.map((e) => (
        <li key={e.key} data-testid="event" data-type={e.type}>
          <span className={styles.eventType} data-type={e.type} aria-hidden="true" />
          <span className={styles.eventText}>
            <span>
              <strong>{e.reason}</strong>{' '}
              <span className={styles.muted}>
                {e.object}
                {e.count > 1 ? ` ×${e.count}` : ''}
                {e.at !== undefined && now > 0
                  ? ` · ${t('apps.ago', { ago: humanDuration(Math.max(0, now - e.at)) })}`
                  : ''}
              </span>
            </span>
            <span className={styles.eventMessage}>
              {e.type === 'Warning' ? (
                <span className={styles.srOnly}>{t('apps.warning')}: </span>
              ) : null}
              {e.message}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
