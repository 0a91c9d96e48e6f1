// An app's health as a dot and a word (all ready / progressing / degraded / stopped).
import type { Translate } from '../../lib/i18n/messages';
import type { Health } from './app-model';
import styles from './apps.module.css';

export function HealthBadge({ health, t }: { health: Health; t: Translate }) {
  return (
    <span className={styles.health} data-health={health} data-testid="app-health">
      <span className={styles.dot} aria-hidden="true" />
      {t(`apps.health.${health}`)}
    </span>
  );
}
