// The web terminal into a pod (screen 7): decided on the server which containers the user may pick (the
// pod read as the user); a namespace outside the user's projects is not found. Whether the user may
// exec at all is the API server's answer, shown in the terminal in its own words.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TerminalWorkspace } from '../../../../../../../../../components/terminal/terminal-workspace';
import { Breadcrumbs } from '../../../../../../../../../components/shell/breadcrumbs';
import { BoxIcon } from '../../../../../../../../../components/shell/icons';
import { Notice, PageHeader } from '../../../../../../../../../components/shell/page-parts';
import { ExecTargetSchema } from '../../../../../../../../../lib/contracts/exec';
import { getT } from '../../../../../../../../../lib/i18n/server';
import { podLogsHref, projectHref } from '../../../../../../../../../lib/routes';
import { wharf } from '../../../../../../../../../server/context';
import {
  podContainers,
  type PodContainers,
} from '../../../../../../../../../server/exec/containers';
import { KubeError } from '../../../../../../../../../server/kube/transport';
import { namespacePlace, requireIdentity } from '../../../../../../../data';

type Params = Promise<{ cluster: string; namespace: string; pod: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ pod }, t] = await Promise.all([params, getT()]);
  return { title: `${t('terminal.pageTitle', { pod })} · ${t('app.name')}` };
}

export default async function PodTerminalPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [raw, query, t, who] = await Promise.all([params, searchParams, getT(), requireIdentity()]);
  const asked = Array.isArray(query.container) ? query.container[0] : query.container;
  const parsed = ExecTargetSchema.safeParse({ ...raw, container: asked || undefined });
  if (!parsed.success) notFound();
  const { cluster, namespace, pod, container } = parsed.data;
  const connection = wharf().clusters.get(cluster);
  const place = connection ? await namespacePlace(cluster, namespace) : undefined;
  if (!connection || !place) notFound();

  let found: PodContainers | undefined;
  let error: string | undefined;
  try {
    found = await podContainers(connection, namespace, pod, who);
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) notFound();
    error = err instanceof Error ? err.message : String(err);
  }

  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={[
          { label: t('shell.overview'), href: '/' },
          { label: place.project.name, href: projectHref(place.project.name) },
          { label: place.env, href: projectHref(place.project.name, place.env) },
          { label: pod },
          { label: t('terminal.title') },
        ]}
      />
      <PageHeader
        title={pod}
        icon={<BoxIcon size={20} />}
        subtitle={t('terminal.subtitle', { namespace, cluster })}
      >
        <Link href={podLogsHref(cluster, namespace, pod, container)}>{t('terminal.logs')}</Link>
      </PageHeader>
      {error !== undefined ? (
        <Notice tone="error">{t('terminal.podError', { message: error })}</Notice>
      ) : !found || found.containers.length === 0 ? (
        <Notice>{t('terminal.noContainers')}</Notice>
      ) : (
        <TerminalWorkspace
          cluster={cluster}
          namespace={namespace}
          pod={pod}
          containers={found.containers}
          initialContainer={
            container && found.containers.includes(container) ? container : found.defaultContainer
          }
          user={who.username}
        />
      )}
    </>
  );
}
