// While a console page renders on the server: a quiet skeleton in the main area (the shell stays).
import styles from '../../components/shell/cards.module.css';
import { getT } from '../../lib/i18n/server';

export default async function Loading() {
  const t = await getT();
  return (
    <div role="status" aria-busy="true" aria-label={t('common.loading')}>
      <span className={styles.skeletonLine} style={{ width: 180, height: 24, marginBottom: 24 }} />
      <div className={styles.grid}>
        {[0, 1, 2].map((i) => (
          <div key={i} className={`${styles.card} ${styles.skeletonCard}`}>
            <span className={styles.skeletonLine} style={{ width: '45%' }} />
            <span className={styles.skeletonLine} style={{ width: '70%' }} />
            <span className={styles.skeletonBar} />
          </div>
        ))}
      </div>
    </div>
  );
}
