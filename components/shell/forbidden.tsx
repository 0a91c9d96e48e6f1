// The 403 page's content: the user may not see this project. Names only what the URL already said.
import { getT } from '../../lib/i18n/server';
import { StatusPage } from './page-parts';

export async function Forbidden({ project }: { project: string }) {
  const t = await getT();
  return (
    <div data-testid="forbidden">
      <StatusPage
        code={t('forbidden.code')}
        title={t('forbidden.title')}
        body={t('forbidden.body', { project })}
        backLabel={t('common.backHome')}
      />
    </div>
  );
}
