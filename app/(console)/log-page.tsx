// The server half of both log pages: the 403/404 decision (namespacePlace, then the pod as the user),
// breadcrumbs up to the project and app, the header, and the client viewer.
import { notFound } from 'next/navigation';
import { namespacePlace, requireIdentity, type NamespacePlace } from './data';
import type { LogTarget } from '../../lib/contracts/logs';
import { getT } from '../../lib/i18n/server';
import { appHref, appLogsHref, projectHref } from '../../lib/routes';
import { wharf } from '../../server/context';
import { KubeError, kubeJson } from '../../server/kube/transport';
import {
  appContainers,
  containerNames,
  defaultContainer,
  type PodLike,
} from '../../server/logs/pods';
import { Breadcrumbs, type Crumb } from '../../components/shell/breadcrumbs';
import { BoxIcon } from '../../components/shell/icons';
import { PageHeader, StatusPage } from '../../components/shell/page-parts';
import { LogViewer } from '../../components/logs/log-viewer';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function crumbs(
  place: NamespacePlace,
  app: string | undefined,
  rest: Crumb[],
  home: string,
): Crumb[] {
  const project = place.project.name;
  return [
    { label: home, href: '/' },
    { label: project, href: projectHref(project) },
    { label: place.env, href: projectHref(project, place.env) },
    ...(app ? [{ label: app, href: appHref(project, app, place.env) }] : []),
    ...rest,
  ];
}

interface Where {
  cluster: string;
  namespace: string;
}

async function placeOf(w: Where) {
  if (!LABEL.test(w.cluster) || !LABEL.test(w.namespace)) notFound();
  return namespacePlace(w.cluster, w.namespace);
}

async function NoAccess({ cluster, namespace }: Where) {
  const t = await getT();
  return (
    <div data-testid="forbidden">
      <StatusPage
        code="403"
        title={t('logs.noAccess.title')}
        body={t('logs.noAccess.body', { cluster, namespace })}
        backLabel={t('common.backHome')}
      />
    </div>
  );
}

/** One pod's live log. */
/** What both pages start from: the place, the user, the words and the cluster (404 for a bad name). */
async function opening(where: Where, name: string) {
  if (!SUBDOMAIN.test(name) || name.length > 253) notFound();
  const [place, who, t] = await Promise.all([placeOf(where), requireIdentity(), getT()]);
  return { place, who, t, conn: wharf().clusters.get(where.cluster) };
}

export async function PodLogPage({
  cluster,
  namespace,
  pod,
  container,
}: Where & { pod: string; container?: string }) {
  const { place, who, t, conn } = await opening({ cluster, namespace }, pod);
  if (!place || !conn) return <NoAccess cluster={cluster} namespace={namespace} />;
  let obj: PodLike & { metadata?: { labels?: Record<string, string> } };
  try {
    obj = await kubeJson(conn, {
      path: `/api/v1/namespaces/${namespace}/pods/${pod}`,
      as: { username: who.username, groups: [...who.groups] },
    });
  } catch (e) {
    if (!(e instanceof KubeError) || (e.code !== 404 && e.code !== 403)) throw e;
    const missing = e.code === 404;
    return (
      <div data-testid={missing ? 'not-found' : 'forbidden'}>
        <StatusPage
          code={String(e.code)}
          title={missing ? t('logs.podMissing.title') : t('logs.podForbidden.title')}
          body={missing ? t('logs.podMissing.body', { pod, namespace }) : e.message}
          backLabel={t('common.backHome')}
        />
      </div>
    );
  }
  const containers = containerNames(obj);
  const chosen = containers.some((c) => c.name === container) ? container : defaultContainer(obj);
  const app = obj.metadata?.labels?.['app.kubernetes.io/name'];
  const target: LogTarget = { kind: 'pod', pod, container: chosen };
  const base = `/api/clusters/${cluster}/namespaces/${namespace}/pods/${pod}/log`;
  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={crumbs(
          place,
          app,
          [{ label: pod }, { label: t('logs.title') }],
          t('shell.overview'),
        )}
      />
      <PageHeader
        title={t('logs.podTitle', { pod })}
        icon={<BoxIcon size={20} />}
        subtitle={t('logs.where', { cluster, namespace })}
      >
        {app ? (
          <a href={appLogsHref(cluster, namespace, app)}>{t('logs.appTitle', { app })}</a>
        ) : null}
      </PageHeader>
      <LogViewer
        cluster={cluster}
        namespace={namespace}
        target={target}
        containers={containers}
        name={pod}
        fullLogBase={base}
      />
    </>
  );
}

/** The merged live log of every pod of an app in one namespace. */
export async function AppLogPage({ cluster, namespace, app }: Where & { app: string }) {
  const { place, who, t, conn } = await opening({ cluster, namespace }, app);
  if (!place || !conn) return <NoAccess cluster={cluster} namespace={namespace} />;
  // The container picker offers the containers of the app's pods as the user may list them; without
  // that right there is no picker and the stream says why it cannot read.
  const pods = await kubeJson<{ items: PodLike[] }>(conn, {
    path: `/api/v1/namespaces/${namespace}/pods`,
    query: { labelSelector: `app.kubernetes.io/name=${app}` },
    as: { username: who.username, groups: [...who.groups] },
  }).catch((e: unknown) => {
    if (e instanceof KubeError) return { items: [] };
    throw e;
  });
  const { containers, main } = appContainers(pods.items);
  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={crumbs(place, app, [{ label: t('logs.title') }], t('shell.overview'))}
      />
      <PageHeader
        title={t('logs.appTitle', { app })}
        icon={<BoxIcon size={20} />}
        subtitle={t('logs.where', { cluster, namespace })}
      />
      <LogViewer
        cluster={cluster}
        namespace={namespace}
        target={{ kind: 'app', app, container: main }}
        containers={containers}
        name={app}
      />
    </>
  );
}
