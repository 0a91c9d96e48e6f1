'use client';
// The app dashboard's live part (screen 3): workloads with ready/desired, strategy, image and
// revision; endpoints (Services and Ingress URLs); tabs for its pods, rollout history,
// configuration, events and CPU/memory over time. Lists come from the tab's stream; only the metrics
// API is fetched periodically.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { StreamObject } from '../../lib/contracts/stream';
import { useT } from '../../lib/i18n/client';
import type { MessageKey, Translate } from '../../lib/i18n/messages';
import type { AppRef } from '../deploy/app-ref';
import { RolloutHistory } from '../deploy/rollout-history';
import { useResourceList } from '../hooks/use-resource-list';
import { PodTable } from '../pods/pod-table';
import { appConfig, endpoints, type AppConfig, type EnvSource } from './app-config';
import { APP_LABEL, recentEvents, summarizeApps } from './app-model';
import styles from './apps.module.css';
import { EventList } from './event-list';
import { HealthBadge } from './health-badge';
import { MetricsCharts, useMetricsHistory } from './metrics-chart';

const TABS = ['pods', 'history', 'config', 'events', 'metrics'] as const;
type Tab = (typeof TABS)[number];

function useAppList(ref: AppRef, group: string, resource: string, labelSelector?: string) {
  return useResourceList({
    cluster: ref.cluster,
    namespace: ref.namespace,
    group,
    version: 'v1',
    resource,
    ...(labelSelector ? { labelSelector } : {}),
  });
}

function Workloads({
  workloads,
  pods,
  t,
}: {
  workloads: StreamObject[] | undefined;
  pods: StreamObject[] | undefined;
  t: Translate;
}) {
  const apps = useMemo(() => summarizeApps(workloads ?? [], pods ?? []), [workloads, pods]);
  if (workloads === undefined) return <p className={styles.empty}>{t('apps.loading')}</p>;
  if (apps.length === 0) return <p className={styles.empty}>{t('apps.noWorkloads')}</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="workloads">
        <thead>
          <tr>
            <th scope="col">{t('apps.col.workload')}</th>
            <th scope="col">{t('apps.col.health')}</th>
            <th scope="col">{t('apps.col.ready')}</th>
            <th scope="col">{t('apps.col.strategy')}</th>
            <th scope="col">{t('apps.col.image')}</th>
            <th scope="col">{t('apps.col.revision')}</th>
          </tr>
        </thead>
        <tbody>
          {apps.map((a) => (
            <tr key={`${a.kind}/${a.name}`} data-testid="workload">
              <td>
                <span className={styles.muted}>{a.kind}/</span>
                <strong>{a.name}</strong>
              </td>
              <td>
                <HealthBadge health={a.health} t={t} />
                {a.reason ? <div className={styles.reason}>{a.reason}</div> : null}
              </td>
              <td className={styles.num} data-testid="workload-ready">
                {a.ready}/{a.desired}
              </td>
              <td>{a.strategy || '—'}</td>
              <td className={styles.mono}>{a.image}</td>
              <td className={styles.num}>{a.revision ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Endpoints({
  services,
  ingresses,
  t,
}: {
  services: StreamObject[] | undefined;
  ingresses: StreamObject[] | undefined;
  t: Translate;
}) {
  const list = useMemo(() => endpoints(services ?? [], ingresses ?? []), [services, ingresses]);
  if (services === undefined) return <p className={styles.empty}>{t('apps.loading')}</p>;
  if (list.length === 0) return <p className={styles.empty}>{t('apps.noEndpoints')}</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="endpoints">
        <thead>
          <tr>
            <th scope="col">{t('apps.col.service')}</th>
            <th scope="col">{t('apps.col.type')}</th>
            <th scope="col">{t('apps.col.ports')}</th>
            <th scope="col">{t('apps.col.urls')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((e) => (
            <tr key={e.service} data-testid="endpoint">
              <td>
                <strong>{e.service}</strong>
                {e.clusterIP ? (
                  <div className={`${styles.mono} ${styles.muted}`}>{e.clusterIP}</div>
                ) : null}
              </td>
              <td>{e.type}</td>
              <td className={styles.mono}>{e.ports.join(', ') || '—'}</td>
              <td>
                {e.urls.length > 0 ? (
                  e.urls.map((u) => (
                    <div key={u}>
                      <a href={u} className={styles.link} target="_blank" rel="noreferrer">
                        {u}
                      </a>
                    </div>
                  ))
                ) : (
                  <span className={styles.muted}>—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function sourceText(s: EnvSource, t: Translate): string {
  switch (s.kind) {
    case 'value':
      return s.value;
    case 'secret':
      return t('apps.config.fromSecret', { name: s.name, key: s.key });
    case 'configMap':
      return t('apps.config.fromConfigMap', { name: s.name, key: s.key });
    case 'field':
      return t('apps.config.fromField', { path: s.path });
    case 'other':
      return '—';
  }
}

function Configuration({ config, t }: { config: AppConfig; t: Translate }) {
  if (config.containers.length === 0) return <p className={styles.empty}>{t('apps.loading')}</p>;
  return (
    <div data-testid="config">
      <dl className={styles.facts} style={{ marginBottom: 16 }}>
        <div>
          <dt>{t('apps.config.configMaps')}</dt>
          <dd>
            {config.configMaps.length ? (
              <ul className={styles.chips}>
                {config.configMaps.map((n) => (
                  <li key={n} className={styles.chip} data-testid="configmap-ref">
                    {n}
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>{t('apps.config.secrets')}</dt>
          <dd>
            {config.secrets.length ? (
              <ul className={styles.chips}>
                {config.secrets.map((n) => (
                  <li key={n} className={styles.chip} data-testid="secret-ref">
                    {n}
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      {config.containers.map((c) => (
        <section
          key={c.name}
          className={styles.panel}
          aria-label={t('apps.config.container', { name: c.name })}
        >
          <div className={styles.panelHead}>
            <h3 className={styles.panelTitle}>{t('apps.config.container', { name: c.name })}</h3>
            <span className={`${styles.mono} ${styles.muted}`}>{c.image}</span>
          </div>
          <div className={styles.panelBody}>
            <dl className={styles.facts}>
              <div>
                <dt>{t('apps.config.requests')}</dt>
                <dd className={styles.mono}>
                  {Object.entries(c.requests)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || '—'}
                </dd>
              </div>
              <div>
                <dt>{t('apps.config.limits')}</dt>
                <dd className={styles.mono}>
                  {Object.entries(c.limits)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || '—'}
                </dd>
              </div>
              {c.probes.map((p) => (
                <div key={p.kind}>
                  <dt>{t(`apps.config.probe.${p.kind}`)}</dt>
                  <dd className={styles.mono}>
                    {p.check} ·{' '}
                    {t('apps.config.probeTiming', {
                      delay: p.initialDelaySeconds,
                      period: p.periodSeconds,
                    })}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          {c.env.length > 0 ? (
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <caption className={styles.srOnly}>{t('apps.config.env')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('apps.config.env')}</th>
                    <th scope="col">{t('apps.config.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.env.map((e) => (
                    <tr key={e.name} data-testid="env-var">
                      <td className={styles.mono}>{e.name}</td>
                      <td className={styles.mono} data-source={e.source.kind}>
                        {sourceText(e.source, t)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ))}
    </div>
  );
}

const TAB_LABELS: Record<Tab, MessageKey> = {
  pods: 'apps.tab.pods',
  history: 'apps.tab.history',
  config: 'apps.tab.config',
  events: 'apps.tab.events',
  metrics: 'apps.tab.metrics',
};

export function AppDashboard({ appRef }: { appRef: AppRef }) {
  const t = useT();
  const selector = `${APP_LABEL}=${appRef.app}`;
  const deployments = useAppList(appRef, 'apps', 'deployments', selector);
  const statefulsets = useAppList(appRef, 'apps', 'statefulsets', selector);
  const replicaSets = useAppList(appRef, 'apps', 'replicasets', selector);
  const pods = useAppList(appRef, '', 'pods', selector);
  const services = useAppList(appRef, '', 'services', selector);
  const ingresses = useAppList(appRef, 'networking.k8s.io', 'ingresses', selector);
  const events = useAppList(appRef, '', 'events');
  const metrics = useMetricsHistory(appRef, selector);
  const podSources = useMemo(
    () => [{ cluster: appRef.cluster, namespace: appRef.namespace }],
    [appRef.cluster, appRef.namespace],
  );
  const [tab, setTab] = useState<Tab>('pods');
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const workloads = useMemo(
    () =>
      deployments.data && statefulsets.data
        ? [...deployments.data, ...statefulsets.data]
        : undefined,
    [deployments.data, statefulsets.data],
  );
  const config = useMemo(() => appConfig(workloads?.[0]), [workloads]);
  const eventLines = useMemo(() => {
    if (!events.data) return undefined;
    // The app's objects: its workloads, ReplicaSets, pods and services, by kind and name.
    const mine = new Set(
      [workloads, replicaSets.data, pods.data, services.data, ingresses.data].flatMap((l) =>
        (l ?? []).map((o) => o.metadata.name ?? ''),
      ),
    );
    mine.add(appRef.app);
    return recentEvents(events.data, 50, (name) => mine.has(name));
  }, [
    events.data,
    workloads,
    replicaSets.data,
    pods.data,
    services.data,
    ingresses.data,
    appRef.app,
  ]);

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (i + step + TABS.length) % TABS.length;
    setTab(TABS[next]!);
    tabRefs.current[next]?.focus();
  };

  return (
    <>
      <div>
        <section className={styles.panel} aria-labelledby="workloads-title">
          <div className={styles.panelHead}>
            <h2 id="workloads-title" className={styles.panelTitle}>
              {t('apps.workloads')}
            </h2>
          </div>
          <Workloads workloads={workloads} pods={pods.data} t={t} />
        </section>
        <section className={styles.panel} aria-labelledby="endpoints-title">
          <div className={styles.panelHead}>
            <h2 id="endpoints-title" className={styles.panelTitle}>
              {t('apps.endpoints')}
            </h2>
          </div>
          <Endpoints services={services.data} ingresses={ingresses.data} t={t} />
        </section>
      </div>

      <div role="tablist" aria-label={t('apps.tabs', { app: appRef.app })} className={styles.tabs}>
        {TABS.map((id, i) => (
          <button
            key={id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`app-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`app-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className={styles.tab}
            onClick={() => setTab(id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(TAB_LABELS[id])}
            {id === 'events' && eventLines ? ` (${eventLines.length})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`app-panel-${tab}`} aria-labelledby={`app-tab-${tab}`}>
        {tab === 'pods' ? (
          <PodTable
            sources={podSources}
            labelSelector={selector}
            label={t('pods.tableApp', { app: appRef.app, env: appRef.env })}
          />
        ) : tab === 'history' ? (
          <RolloutHistory {...appRef} />
        ) : tab === 'config' ? (
          <Configuration config={config} t={t} />
        ) : tab === 'events' ? (
          <section className={styles.panel} aria-label={t('apps.tab.events')}>
            <EventList events={eventLines} t={t} emptyText={t('apps.events.noneApp')} />
          </section>
        ) : (
          <MetricsCharts points={metrics.points} error={metrics.error} t={t} />
        )}
      </div>
    </>
  );
}
