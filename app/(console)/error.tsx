'use client';
// When a console page fails to render: say so in the user's language and offer to try again.
import { useEffect } from 'react';
import { AlertIcon, RefreshIcon } from '../../components/shell/icons';
import styles from '../../components/shell/page-parts.module.css';
import { Button } from '../../components/ui/button';
import { useT } from '../../lib/i18n/client';

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useT();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className={styles.status} role="alert">
      {error.digest ? (
        <p className={styles.statusCode}>
          <AlertIcon size={12} /> {error.digest}
        </p>
      ) : null}
      <h1 className={styles.statusTitle}>{t('error.title')}</h1>
      <p className={styles.statusBody}>{t('error.body')}</p>
      <Button onClick={reset}>
        <RefreshIcon size={14} />
        {t('error.retry')}
      </Button>
    </section>
  );
}
