// The merged live log of all pods of an app in one namespace (components/logs).
import type { Metadata } from 'next';
import { AppLogPage } from '../../../../../../../log-page';
import { getT } from '../../../../../../../../../lib/i18n/server';

type Params = Promise<{ cluster: string; namespace: string; app: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ app }, t] = await Promise.all([params, getT()]);
  return { title: `${t('logs.appTitle', { app })} · ${t('app.name')}` };
}

export default async function Page({ params }: { params: Params }) {
  const p = await params;
  return <AppLogPage cluster={p.cluster} namespace={p.namespace} app={p.app} />;
}
