'use client';
// Roll back to a revision, after seeing what it changes (image, env, resources, probes) against
// what runs now; confirmed in one click.
import { useState } from 'react';
import { revisionTemplate, templateDiff, type KubeItem } from '../../lib/apps/rollout';
import { useT } from '../../lib/i18n/client';
import { Notice } from '../shell/page-parts';
import { Button } from '../ui/button';
import { appsApi } from './api';
import type { AppRef } from './app-ref';
import styles from './deploy.module.css';
import { Dialog } from './dialog';

export function RollbackDialog({
  appRef,
  deployment,
  target,
  revision,
  onClose,
}: {
  appRef: AppRef;
  deployment: KubeItem;
  /** The ReplicaSet of the revision to go back to. */
  target: KubeItem;
  revision: number;
  onClose: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const changes = templateDiff(
    (deployment.spec as { template?: unknown } | undefined)?.template,
    revisionTemplate(target),
  );
  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await appsApi.rollback(appRef, revision);
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open title={t('deploy.rollback.title', { revision })} onClose={onClose} wide>
      {changes.length === 0 ? (
        <p>{t('deploy.rollback.same')}</p>
      ) : (
        <table className={styles.table} aria-label={t('deploy.rollback.diff')}>
          <thead>
            <tr>
              <th scope="col">{t('deploy.rollback.field')}</th>
              <th scope="col">{t('deploy.rollback.now')}</th>
              <th scope="col">{t('deploy.rollback.after', { revision })}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.field}</th>
                <td className={styles.removed}>{c.from || '—'}</td>
                <td className={styles.added}>{c.to || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className={styles.dialogActions}>
        <Button variant="secondary" onClick={onClose}>
          {t('deploy.cancel')}
        </Button>
        <Button onClick={confirm} disabled={busy}>
          {t('deploy.rollback.confirm', { revision })}
        </Button>
      </div>
    </Dialog>
  );
}
