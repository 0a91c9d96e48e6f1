// The clusters overview (screen 1): one card per cluster with health, version, nodes and CPU/memory
// requested against allocatable, showing only the figures the API server let this user read.
import type { ClusterOverview } from '../../lib/contracts/clusters';
import { formatBytes, formatCores, percentOf } from '../../lib/format/capacity';
import type { Translate } from '../../lib/i18n/messages';
import { ServerIcon } from './icons';
import styles from './cards.module.css';

function UsageBar({
  label,
  requested,
  allocatable,
  text,
}: {
  label: string;
  requested: number;
  allocatable: number;
  text: string;
}) {
  const pct = percentOf(requested, allocatable);
  const level = pct >= 90 ? 'high' : pct >= 70 ? 'mid' : 'low';
  return (
    <div className={styles.usage}>
      <div className={styles.usageHead}>
        <span className={styles.usageLabel}>{label}</span>
        <span className={styles.usagePct}>{pct}%</span>
      </div>
      <div
        className={styles.bar}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}% · ${text}`}
      >
        <span className={styles.barFill} data-level={level} style={{ width: `${pct}%` }} />
      </div>
      <p className={styles.usageText}>{text}</p>
    </div>
  );
}

function ClusterCard({ cluster, t }: { cluster: ClusterOverview; t: Translate }) {
  const healthy = cluster.health === 'ok';
  const titleId = `cluster-${cluster.name}`;
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="cluster-card">
      <header className={styles.cardHead}>
        <span className={styles.cardIcon}>
          <ServerIcon size={16} />
        </span>
        <h3 id={titleId} className={styles.cardTitle} title={cluster.name}>
          {cluster.name}
        </h3>
        <span className={styles.health} data-health={cluster.health}>
          <span className={styles.healthDot} aria-hidden="true" />
          {healthy ? t('cluster.health.ok') : t('cluster.health.unreachable')}
        </span>
      </header>
      <dl className={styles.facts}>
        <div>
          <dt>{t('cluster.version')}</dt>
          <dd>{cluster.version ?? '—'}</dd>
        </div>
        {cluster.nodes ? (
          <div>
            <dt>{t('cluster.nodes')}</dt>
            <dd>
              {t('cluster.nodesReady', { ready: cluster.nodes.ready, total: cluster.nodes.total })}
            </dd>
          </div>
        ) : null}
      </dl>
      {cluster.cpu && cluster.memory ? (
        <div className={styles.usages}>
          <UsageBar
            label={t('cluster.cpu')}
            requested={cluster.cpu.requested}
            allocatable={cluster.cpu.allocatable}
            text={t('cluster.requested', {
              requested: formatCores(cluster.cpu.requested),
              allocatable: t('cluster.cores', { n: formatCores(cluster.cpu.allocatable) }),
            })}
          />
          <UsageBar
            label={t('cluster.memory')}
            requested={cluster.memory.requested}
            allocatable={cluster.memory.allocatable}
            text={t('cluster.requested', {
              requested: formatBytes(cluster.memory.requested),
              allocatable: formatBytes(cluster.memory.allocatable),
            })}
          />
        </div>
      ) : healthy ? (
        <p className={styles.cardNote}>{t('cluster.noDetails')}</p>
      ) : null}
      {cluster.error ? (
        <p className={styles.cardError} title={cluster.error}>
          {cluster.error}
        </p>
      ) : null}
    </article>
  );
}

export function ClusterCards({
  clusters,
  t,
}: {
  clusters: readonly ClusterOverview[];
  t: Translate;
}) {
  return (
    <div className={styles.grid}>
      {clusters.map((c) => (
        <ClusterCard key={c.name} cluster={c} t={t} />
      ))}
    </div>
  );
}

/** Placeholder cards while the overview loads. */
export function ClusterCardsSkeleton({ count, label }: { count: number; label: string }) {
  return (
    <div className={styles.grid} aria-busy="true" aria-label={label} role="status">
      {Array.from({ length: Math.max(1, count) }, (_, i) => (
        <div key={i} className={`${styles.card} ${styles.skeletonCard}`}>
          <span className={styles.skeletonLine} style={{ width: '45%' }} />
          <span className={styles.skeletonLine} style={{ width: '70%' }} />
          <span className={styles.skeletonBar} />
          <span className={styles.skeletonBar} />
        </div>
      ))}
    </div>
  );
}
