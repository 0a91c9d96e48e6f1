'use client';
// The project dashboard (screen 2): every app × environment with ready/desired, image tag, revision
// and health (degraded with its reason); per environment the counts and quota use; for the selected
// environment who has which role (when the user may list RoleBindings) and the recent events. All
// live from the tab's stream: nothing polls.
import Link from 'next/link';
import { useMemo } from 'react';
import { useT } from '../../lib/i18n/client';
import type { Translate } from '../../lib/i18n/messages';
import { appHref } from '../../lib/routes';
import type { StreamObject } from '../../lib/contracts/stream';
import {
  membersOf,
  quotaLines,
  recentEvents,
  summarizeApps,
  type AppSummary,
} from '../apps/app-model';
import styles from '../apps/apps.module.css';
import { EventList } from '../apps/event-list';
import { HealthBadge } from '../apps/health-badge';
import { QuotaChart } from '../apps/quota-chart';
import { POD_LIST, useMergedLists, type ListKind, type PodSource } from '../pods/use-pod-lists';
import type { EnvironmentGroup } from './environments';

const KINDS = {
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  services: { group: '', version: 'v1', resource: 'services' },
  quotas: { group: '', version: 'v1', resource: 'resourcequotas' },
  events: { group: '', version: 'v1', resource: 'events' },
  bindings: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
} satisfies Record<string, ListKind>;

function sourcesOf(groups: readonly EnvironmentGroup[]): PodSource[] {
  return groups.flatMap((g) =>
    g.namespaces.map((n) => ({ cluster: n.cluster, namespace: n.namespace })),
  );
}

function inEnv(
  group: EnvironmentGroup,
  items: readonly StreamObject[] | undefined,
): StreamObject[] {
  const names = new Set(group.namespaces.map((n) => n.namespace));
  return (items ?? []).filter((o) => names.has(o.metadata.namespace ?? ''));
}

function AppCell({
  project,
  env,
  app,
  t,
}: {
  project: string;
  env: string;
  app: AppSummary | undefined;
  t: Translate;
}) {
  if (!app) return <span className={styles.muted}>{t('apps.notDeployed')}</span>;
  return (
    <Link
      href={appHref(project, app.app, env)}
      className={styles.cell}
      data-testid="app-cell"
      data-app={app.app}
      data-env={env}
      data-health={app.health}
    >
      <span className={styles.cellTop}>
        <HealthBadge health={app.health} t={t} />
        <span className={styles.num} title={t('apps.readyOfDesired')}>
          {app.ready}/{app.desired}
        </span>
      </span>
      {app.reason ? (
        <span className={styles.reason} data-testid="app-reason">
          {app.reason}
          {app.reasonPods ? ` · ${t('apps.podsAffected', { n: app.reasonPods })}` : ''}
        </span>
      ) : null}
      <span className={`${styles.mono} ${styles.muted}`} title={app.image}>
        {app.tag}
        {app.revision ? ` · r${app.revision}` : ''}
      </span>
    </Link>
  );
}

/** Every app × environment, then per environment its counts and quota use. */
export function ProjectOverview({
  project,
  groups,
  selected,
}: {
  project: string;
  groups: readonly EnvironmentGroup[];
  /** The environment the app names link to. */
  selected: string;
}) {
  const t = useT();
  const sources = useMemo(() => sourcesOf(groups), [groups]);
  const deployments = useMergedLists(sources, KINDS.deployments);
  const statefulsets = useMergedLists(sources, KINDS.statefulsets);
  const services = useMergedLists(sources, KINDS.services);
  const pods = useMergedLists(sources, POD_LIST);
  const quotas = useMergedLists(sources, KINDS.quotas);

  const perEnv = useMemo(
    () =>
      groups.map((g) => {
        const workloads = [...inEnv(g, deployments.items), ...inEnv(g, statefulsets.items)];
        const envPods = inEnv(g, pods.items);
        return {
          group: g,
          apps: summarizeApps(workloads, envPods),
          services: inEnv(g, services.items).length,
          pods: envPods.length,
          quota: quotaLines(inEnv(g, quotas.items)),
        };
      }),
    [groups, deployments.items, statefulsets.items, pods.items, services.items, quotas.items],
  );
  const appNames = [...new Set(perEnv.flatMap((e) => e.apps.map((a) => a.app)))].sort();
  const loading = deployments.items === undefined || pods.items === undefined;

  return (
    <>
      <section className={styles.panel} aria-labelledby="apps-title" data-testid="app-matrix">
        <div className={styles.panelHead}>
          <h2 id="apps-title" className={styles.panelTitle}>
            {t('apps.title')}
          </h2>
          <span className={styles.muted}>{t('apps.count', { n: appNames.length })}</span>
        </div>
        {loading ? (
          <p className={styles.empty}>{t('apps.loading')}</p>
        ) : appNames.length === 0 ? (
          <p className={styles.empty}>{t('apps.none')}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">{t('apps.col.app')}</th>
                  {groups.map((g) => (
                    <th key={g.env} scope="col">
                      <span className={styles.envHead}>
                        {g.env}
                        <span>{g.clusters.join(', ')}</span>
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {appNames.map((name) => (
                  <tr key={name} data-testid="app-row" data-app={name}>
                    <th scope="row" className={styles.appName}>
                      <Link href={appHref(project, name, selected)}>{name}</Link>
                    </th>
                    {perEnv.map((e) => (
                      <td key={e.group.env}>
                        <AppCell
                          project={project}
                          env={e.group.env}
                          app={e.apps.find((a) => a.app === name)}
                          t={t}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className={styles.grid}>
        {perEnv.map((e) => (
          <section
            key={e.group.env}
            className={styles.panel}
            aria-label={t('apps.envCard', { env: e.group.env })}
            data-testid="env-card"
          >
            <div className={styles.panelHead}>
              <h2 className={styles.panelTitle}>{e.group.env}</h2>
              <span className={`${styles.muted} ${styles.small}`}>
                {e.group.clusters.join(', ')}
              </span>
            </div>
            <div className={styles.panelBody}>
              <dl className={styles.counts}>
                <div>
                  <dt>{t('apps.count.apps')}</dt>
                  <dd data-testid="count-apps">{loading ? '—' : e.apps.length}</dd>
                </div>
                <div>
                  <dt>{t('apps.count.services')}</dt>
                  <dd>{services.items ? e.services : '—'}</dd>
                </div>
                <div>
                  <dt>{t('apps.count.pods')}</dt>
                  <dd>{pods.items ? e.pods : '—'}</dd>
                </div>
              </dl>
              <h3 className={`${styles.muted} ${styles.small}`} style={{ margin: '8px 0 4px' }}>
                {t('apps.quota.title')}
              </h3>
              {quotas.items ? <QuotaChart lines={e.quota} t={t} /> : null}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}

/**
 * One environment's people and activity: who has which role (only when the user may list
 * RoleBindings; otherwise the panel is left out) and the recent events.
 */
export function EnvActivity({ group }: { group: EnvironmentGroup }) {
  const t = useT();
  const sources = useMemo(() => sourcesOf([group]), [group]);
  const events = useMergedLists(sources, KINDS.events);
  const bindings = useMergedLists(sources, KINDS.bindings);
  const selected = group.env;
  const members = useMemo(
    () => (bindings.items && bindings.errors.length === 0 ? membersOf(bindings.items) : undefined),
    [bindings.items, bindings.errors.length],
  );
  const eventLines = useMemo(
    () => (events.items ? recentEvents(events.items, 8) : undefined),
    [events.items],
  );
  return (
    <div className={styles.columns}>
      {members ? (
        <section className={styles.panel} aria-labelledby="members-title" data-testid="members">
          <div className={styles.panelHead}>
            <h2 id="members-title" className={styles.panelTitle}>
              {t('apps.members.title', { env: selected })}
            </h2>
          </div>
          {members.length === 0 ? (
            <p className={styles.empty}>{t('apps.members.none')}</p>
          ) : (
            <ul className={styles.list}>
              {members.map((m) => (
                <li key={`${m.kind}/${m.name}`} data-testid="member">
                  <span style={{ flex: 1, minWidth: 0 }}>
                    <strong>{m.name}</strong>
                    {m.kind !== 'User' ? <span className={styles.muted}> ({m.kind})</span> : null}
                  </span>
                  <ul className={styles.chips} aria-label={t('apps.members.roles')}>
                    {m.roles.map((r) => (
                      <li key={r} className={styles.chip}>
                        {r}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section
        className={styles.panel}
        aria-labelledby="events-title"
        style={members ? undefined : { gridColumn: '1 / -1' }}
      >
        <div className={styles.panelHead}>
          <h2 id="events-title" className={styles.panelTitle}>
            {t('apps.events.title', { env: selected })}
          </h2>
        </div>
        <EventList events={eventLines} t={t} emptyText={t('apps.events.none')} />
      </section>
    </div>
  );
}
