// The facts of one environment above its pods: cluster, namespaces (with their app), protection.
import type { Translate } from '../../lib/i18n/messages';
import { LockIcon } from '../shell/icons';
import type { EnvironmentGroup } from './environments';
import styles from './projects.module.css';

export function EnvSummary({ group, t }: { group: EnvironmentGroup; t: Translate }) {
  const many = group.namespaces.length > 1;
  return (
    <div className={styles.summary}>
      <dl className={styles.summaryFacts}>
        <div>
          <dt>{group.clusters.length > 1 ? t('project.clusters') : t('project.cluster')}</dt>
          <dd>{group.clusters.join(', ')}</dd>
        </div>
        <div className={styles.summaryWide}>
          <dt>{many ? t('project.namespaces') : t('project.namespace')}</dt>
          <dd>
            <ul className={styles.nsList}>
              {group.namespaces.map((n) => (
                <li key={`${n.cluster}/${n.namespace}`} className={styles.ns} title={n.namespace}>
                  <code>{n.namespace}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {group.protected ? (
        <p className={styles.protected} data-testid="protected-badge">
          <LockIcon size={14} />
          <strong>{t('project.protected')}</strong>
          <span>{t('project.protectedHint')}</span>
        </p>
      ) : null}
    </div>
  );
}
