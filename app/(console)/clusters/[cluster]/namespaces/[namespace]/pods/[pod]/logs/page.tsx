// One pod's live log (components/logs).
import type { Metadata } from 'next';
import { PodLogPage } from '../../../../../../../log-page';
import { getT } from '../../../../../../../../../lib/i18n/server';

type Params = Promise<{ cluster: string; namespace: string; pod: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ pod }, t] = await Promise.all([params, getT()]);
  return { title: `${t('logs.podTitle', { pod })} · ${t('app.name')}` };
}

export default async function Page({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [p, q] = await Promise.all([params, searchParams]);
  const container = typeof q.container === 'string' ? q.container : undefined;
  return (
    <PodLogPage cluster={p.cluster} namespace={p.namespace} pod={p.pod} container={container} />
  );
}
