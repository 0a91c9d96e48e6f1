// Not found inside the console (an unknown project, a mistyped path): the shell stays around it.
import { StatusPage } from '../../components/shell/page-parts';
import { getT } from '../../lib/i18n/server';

export default async function ConsoleNotFound() {
  const t = await getT();
  return (
    <div data-testid="not-found">
      <StatusPage
        code={t('notFound.code')}
        title={t('notFound.title')}
        body={t('notFound.body')}
        backLabel={t('common.backHome')}
      />
    </div>
  );
}
