// Every pod of one namespace (the namespace-scoped pod list). A namespace of one of the user's
// projects is placed under its project; any other (e.g. `sim-load`) is shown when the user may list
// its pods, which is asked of the API server as the user — the stream authorizes again per user.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { firstPods } from '../../../../../../../server/domain/first-pods';
import { PodTable } from '../../../../../../../components/pods/pod-table';
import { Breadcrumbs } from '../../../../../../../components/shell/breadcrumbs';
import { BoxIcon } from '../../../../../../../components/shell/icons';
import { PageHeader, StatusPage } from '../../../../../../../components/shell/page-parts';
import { NamespaceParams } from '../../../../../../../lib/contracts/pods';
import { getT } from '../../../../../../../lib/i18n/server';
import { appHref, projectHref } from '../../../../../../../lib/routes';
import { wharf } from '../../../../../../../server/context';
import { kubeJson, KubeError } from '../../../../../../../server/kube/transport';
import { namespacePlace, requireIdentity } from '../../../../../data';

type Params = Promise<{ cluster: string; namespace: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ namespace }, t] = await Promise.all([params, getT()]);
  return { title: `${t('pods.title')} · ${namespace} · ${t('app.name')}` };
}

/** Whether the user may list pods there: 'yes', 'no' (403) or 'missing' (404). */
async function mayListPods(cluster: string, namespace: string): Promise<'yes' | 'no' | 'missing'> {
  const conn = wharf().clusters.get(cluster);
  if (!conn) return 'missing';
  const who = await requireIdentity();
  try {
    await kubeJson(conn, {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { limit: 1 },
      as: who,
    });
    return 'yes';
  } catch (err) {
    if (err instanceof KubeError && err.code === 403) return 'no';
    if (err instanceof KubeError && err.code === 404) return 'missing';
    throw err;
  }
}

export default async function NamespacePodsPage({ params }: { params: Params }) {
  const [raw, t] = await Promise.all([params, getT()]);
  const parsed = NamespaceParams.safeParse(raw);
  if (!parsed.success) notFound();
  const { cluster, namespace } = parsed.data;
  const place = await namespacePlace(cluster, namespace);
  if (!place) {
    const access = await mayListPods(cluster, namespace);
    if (access === 'missing') notFound();
    if (access === 'no')
      return (
        <div data-testid="forbidden">
          <StatusPage
            code={t('forbidden.code')}
            title={t('pods.forbiddenTitle')}
            body={t('pods.forbiddenBody', { namespace })}
            backLabel={t('common.backHome')}
          />
        </div>
      );
  }
  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={[
          { label: t('shell.overview'), href: '/' },
          ...(place
            ? [
                { label: place.project.name, href: projectHref(place.project.name, place.env) },
                ...(place.app
                  ? [{ label: place.app, href: appHref(place.project.name, place.app, place.env) }]
                  : []),
              ]
            : [{ label: cluster }]),
          { label: namespace },
        ]}
      />
      <PageHeader
        title={namespace}
        icon={<BoxIcon size={20} />}
        subtitle={
          <span>
            {t('project.cluster')}: <strong>{cluster}</strong>
            {place
              ? ` · ${t('pods.envOf', { project: place.project.name, env: place.env })}`
              : null}
          </span>
        }
      />
      <PodTable
        label={t('pods.tableNamespace', { namespace })}
        sources={[{ cluster, namespace }]}
        initialPods={await firstPods(wharf(), await requireIdentity(), cluster, namespace)}
      />
    </>
  );
}
