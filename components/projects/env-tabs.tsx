// A project's environments as tabs (links, so each is a URL): env name, cluster, protected lock.
import Link from 'next/link';
import type { Translate } from '../../lib/i18n/messages';
import { LockIcon } from '../shell/icons';
import { projectHref, type EnvironmentGroup } from './environments';
import styles from './projects.module.css';

export function EnvTabs({
  project,
  groups,
  selected,
  t,
}: {
  project: string;
  groups: readonly EnvironmentGroup[];
  selected: string | undefined;
  t: Translate;
}) {
  return (
    <nav aria-label={t('project.envTabs', { project })} className={styles.tabs}>
      <ul>
        {groups.map((g) => {
          const current = g.env === selected;
          return (
            <li key={g.env}>
              <Link
                href={projectHref(project, g.env)}
                className={styles.tab}
                aria-current={current ? 'page' : undefined}
                data-testid="env-tab"
                scroll={false}
              >
                <span className={styles.tabName}>{g.env}</span>
                {g.protected ? (
                  <LockIcon
                    size={12}
                    className={styles.tabLock}
                    aria-label={t('project.protected')}
                  />
                ) : null}
                <span className={styles.tabCluster}>{g.clusters.join(', ')}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
