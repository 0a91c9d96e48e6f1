'use client';
// RolloutStatus: the live rollout of an app: its new and old ReplicaSets with their pods, progress
// of updated and available replicas, what is wrong in words, pause/resume and roll back.
import Link from 'next/link';
import { useState } from 'react';
import {
  ownedReplicaSets,
  revisionOf,
  rolloutOf,
  type RolloutProblem,
} from '../../lib/apps/rollout';
import { statusTone } from '../../lib/k8s/pod-status';
import { useT } from '../../lib/i18n/client';
import type { MessageKey } from '../../lib/i18n/messages';
import { podLogsHref } from '../../lib/routes';
import { useCan } from '../hooks/use-can';
import { Notice } from '../shell/page-parts';
import { Button } from '../ui/button';
import { appsApi } from './api';
import type { AppRef } from './app-ref';
import styles from './deploy.module.css';
import { RollbackDialog } from './rollback-dialog';
import { deploymentCheck, useAppObjects } from './use-app-objects';

const PROBLEM_TEXT: Record<RolloutProblem['kind'], MessageKey> = {
  crash: 'deploy.problem.crash',
  pull: 'deploy.problem.pull',
  oom: 'deploy.problem.oom',
  config: 'deploy.problem.config',
  deadline: 'deploy.problem.deadline',
  create: 'deploy.problem.create',
};

// A pod whose container never started (image pull, bad config) has no logs worth a link.
const HAS_LOGS = new Set<RolloutProblem['kind']>(['crash', 'oom']);

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 100;
  return (
    <div className={styles.progress}>
      <div className={styles.progressLabel}>
        <span>{label}</span>
        <span>
          {value}/{max}
        </span>
      </div>
      <div
        className={styles.bar}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function RolloutStatus(props: AppRef) {
  const t = useT();
  const { deployment, replicaSets, pods, loading, error } = useAppObjects(props);
  const can = useCan([deploymentCheck(props, 'patch')]);
  const mayPatch = can?.[0] === true;
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [rollingBack, setRollingBack] = useState(false);

  if (error) return <Notice tone="error">{error.message}</Notice>;
  if (loading) return <p className={styles.muted}>{t('deploy.rollout.loading')}</p>;
  if (!deployment) return <Notice>{t('deploy.rollout.none', { app: props.app })}</Notice>;

  const r = rolloutOf(deployment, replicaSets, pods);
  const previous = ownedReplicaSets(deployment, replicaSets).find(
    (x) => revisionOf(x) < r.revision,
  );
  const denied =
    can !== undefined && !mayPatch
      ? t('deploy.readOnly', { namespace: props.namespace })
      : undefined;

  async function pause(paused: boolean) {
    setBusy(true);
    setActionError(undefined);
    try {
      await appsApi.pause(props, paused);
    } catch (err) {
      setActionError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={styles.card} aria-labelledby="rollout-title">
      <header className={styles.cardHeader}>
        <h2 id="rollout-title" className={styles.cardTitle}>
          {t('deploy.rollout.title', { revision: r.revision })}
        </h2>
        <span className={styles.badge} data-phase={r.phase}>
          {t(`deploy.phase.${r.phase}` as MessageKey)}
        </span>
        <span className={styles.spacer} />
        <Button
          variant="secondary"
          disabled={!mayPatch || busy}
          title={denied}
          onClick={() => pause(!r.paused)}
        >
          {r.paused ? t('deploy.resume') : t('deploy.pause')}
        </Button>
        <Button
          variant="secondary"
          disabled={!mayPatch || !previous}
          title={denied ?? (previous ? undefined : t('deploy.rollback.nothing'))}
          onClick={() => setRollingBack(true)}
        >
          {previous
            ? t('deploy.rollback.to', { revision: revisionOf(previous) })
            : t('deploy.rollback.button')}
        </Button>
      </header>
      {denied ? <p className={styles.muted}>{denied}</p> : null}
      {actionError ? <Notice tone="error">{actionError}</Notice> : null}

      <div className={styles.progressRow}>
        <Progress label={t('deploy.rollout.updated')} value={r.updated} max={r.desired} />
        <Progress label={t('deploy.rollout.available')} value={r.available} max={r.desired} />
      </div>

      {r.problems.length > 0 ? (
        <ul className={styles.problems} aria-label={t('deploy.rollout.problems')}>
          {r.problems.map((p) => (
            <li key={p.kind}>
              <strong>{t(PROBLEM_TEXT[p.kind], { detail: p.detail })}</strong>
              {p.pod && HAS_LOGS.has(p.kind) ? (
                <>
                  {' — '}
                  <Link href={podLogsHref(props.cluster, props.namespace, p.pod)}>
                    {t('deploy.problem.logs', { pod: p.pod })}
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <ul className={styles.replicaSets}>
        {r.replicaSets.map((rs) => (
          <li key={rs.name} className={styles.replicaSet} data-current={rs.current}>
            <div className={styles.rsHeader}>
              <span className={styles.tag} data-current={rs.current}>
                {rs.current ? t('deploy.rs.new') : t('deploy.rs.old')}
              </span>
              <span>{t('deploy.rs.revision', { revision: rs.revision })}</span>
              <code className={styles.image} title={rs.image}>
                {rs.image}
              </code>
              <span className={styles.muted}>
                {t('deploy.rs.ready', { ready: rs.ready, desired: rs.desired })}
              </span>
            </div>
            {rs.pods.length > 0 ? (
              <ul className={styles.pods} aria-label={t('deploy.rs.pods', { name: rs.name })}>
                {rs.pods.map((p) => (
                  <li key={p.name} className={styles.pod} data-tone={statusTone(p.reason)}>
                    <span className={styles.podName}>{p.name}</span>
                    <span>{p.reason}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>

      {rollingBack && previous ? (
        <RollbackDialog
          appRef={props}
          deployment={deployment}
          target={previous}
          revision={revisionOf(previous)}
          onClose={() => setRollingBack(false)}
        />
      ) : null}
    </section>
  );
}
