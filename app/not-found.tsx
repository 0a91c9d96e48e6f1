// Not found for URLs outside every route: a page of its own (the console shell needs a matched route).
import type { Metadata } from 'next';
import { StatusPage } from '../components/shell/page-parts';
import { getT } from '../lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t('notFound.title')} · ${t('app.name')}` };
}

export default async function NotFound() {
  const t = await getT();
  return (
    <main data-testid="not-found">
      <StatusPage
        code={t('notFound.code')}
        title={t('notFound.title')}
        body={t('notFound.body')}
        backLabel={t('common.backHome')}
      />
    </main>
  );
}
