'use client';
// RolloutHistory: the app's revisions (its ReplicaSets), and roll back to any of them after seeing
// the diff against what runs now.
import { useState } from 'react';
import { ownedReplicaSets, revisionOf, type KubeItem } from '../../lib/apps/rollout';
import { useT } from '../../lib/i18n/client';
import { useCan } from '../hooks/use-can';
import { Button } from '../ui/button';
import type { AppRef } from './app-ref';
import styles from './deploy.module.css';
import { RollbackDialog } from './rollback-dialog';
import { deploymentCheck, useAppObjects } from './use-app-objects';

function imageOf(rs: KubeItem): string {
  const spec = rs.spec as { template?: { spec?: { containers?: { image?: string }[] } } };
  return spec.template?.spec?.containers?.[0]?.image ?? '';
}

export function RolloutHistory(props: AppRef) {
  const t = useT();
  const { deployment, replicaSets, loading } = useAppObjects(props);
  const can = useCan([deploymentCheck(props, 'patch')]);
  const mayPatch = can?.[0] === true;
  const [chosen, setChosen] = useState<KubeItem>();
  if (loading || !deployment) return null;
  const current = revisionOf(deployment);
  const revisions = ownedReplicaSets(deployment, replicaSets);
  const denied =
    can !== undefined && !mayPatch
      ? t('deploy.readOnly', { namespace: props.namespace })
      : undefined;

  return (
    <section className={styles.card} aria-labelledby="history-title">
      <header className={styles.cardHeader}>
        <h2 id="history-title" className={styles.cardTitle}>
          {t('deploy.history.title')}
        </h2>
      </header>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('deploy.history.revision')}</th>
            <th scope="col">{t('deploy.history.image')}</th>
            <th scope="col">{t('deploy.history.created')}</th>
            <th scope="col">
              <span className="sr-only">{t('deploy.history.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((rs) => {
            const revision = revisionOf(rs);
            return (
              <tr key={rs.metadata.name}>
                <th scope="row">
                  {revision}
                  {revision === current ? (
                    <span className={styles.tag} data-current>
                      {t('deploy.history.current')}
                    </span>
                  ) : null}
                </th>
                <td>
                  <code className={styles.image}>{imageOf(rs)}</code>
                </td>
                <td>
                  {rs.metadata.creationTimestamp ? (
                    <time dateTime={rs.metadata.creationTimestamp}>
                      {rs.metadata.creationTimestamp.replace('T', ' ').replace('Z', ' UTC')}
                    </time>
                  ) : null}
                </td>
                <td className={styles.right}>
                  {revision === current ? null : (
                    <Button
                      variant="secondary"
                      disabled={!mayPatch}
                      title={denied}
                      onClick={() => setChosen(rs)}
                    >
                      {t('deploy.rollback.to', { revision })}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {chosen ? (
        <RollbackDialog
          appRef={props}
          deployment={deployment}
          target={chosen}
          revision={revisionOf(chosen)}
          onClose={() => setChosen(undefined)}
        />
      ) : null}
    </section>
  );
}
