'use client';
// The quota preflight before a deploy, update or scale: what the change needs (with the rolling
// update's surge) against what the namespace has left, asked of the API as the user types.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PreflightBody } from '../../lib/contracts/apps';
import type { Preflight } from '../../lib/apps/quota';
import { formatQuantity } from '../../lib/k8s/quantity';
import { useT } from '../../lib/i18n/client';
import { Notice } from '../shell/page-parts';
import { appsApi, type ApiFailure } from './api';
import type { AppRef } from './app-ref';
import styles from './deploy.module.css';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * The preflight of `body` (undefined while the input is not valid), refreshed as it changes and
 * when the app's `version` (its Deployment's generation) changes under it.
 */
export function usePreflight(
  place: Pick<AppRef, 'cluster' | 'namespace'> | undefined,
  body?: PreflightBody,
  version?: number,
) {
  const key = useDebounced(body ? JSON.stringify(body) : '', 350);
  return useQuery<Preflight, ApiFailure>({
    queryKey: ['preflight', place?.cluster, place?.namespace, key, version],
    queryFn: () => appsApi.preflight(place!, JSON.parse(key) as PreflightBody),
    enabled: place !== undefined && key !== '',
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function PreflightPanel({
  result,
  error,
  pending,
}: {
  result: Preflight | undefined;
  error: ApiFailure | null;
  pending: boolean;
}) {
  const t = useT();
  if (error)
    return <Notice tone="error">{t('deploy.preflight.failed', { message: error.message })}</Notice>;
  if (!result)
    return (
      <p className={styles.muted}>
        {pending ? t('deploy.preflight.checking') : t('deploy.preflight.waiting')}
      </p>
    );
  return (
    <section className={styles.preflight} aria-labelledby="preflight-title" aria-live="polite">
      <h3 id="preflight-title" className={styles.sectionTitle}>
        {t('deploy.preflight.title')}
        {result.quota ? <span className={styles.muted}> · {result.quota}</span> : null}
      </h3>
      {result.fits ? (
        <p className={styles.ok}>{t('deploy.preflight.fits', { pods: result.peakPods })}</p>
      ) : (
        <Notice tone="error">{t('deploy.preflight.blocked')}</Notice>
      )}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('deploy.preflight.resource')}</th>
            <th scope="col">{t('deploy.preflight.needs')}</th>
            <th scope="col">{t('deploy.preflight.used')}</th>
            <th scope="col">{t('deploy.preflight.limit')}</th>
            <th scope="col">{t('deploy.preflight.left')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.resource} data-fits={r.fits}>
              <th scope="row">{r.resource}</th>
              <td>{formatQuantity(r.resource, r.requested)}</td>
              <td>{formatQuantity(r.resource, r.used)}</td>
              <td>{formatQuantity(r.resource, r.hard)}</td>
              <td className={r.fits ? undefined : styles.bad}>
                {formatQuantity(r.resource, Math.max(0, r.hard - r.used))}
                {r.fits ? null : ` · ${t('deploy.preflight.short')}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
