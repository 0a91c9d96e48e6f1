// The console's landing page; the dashboards arrive with the console foundation issue.
import { SignOutButton } from '../components/ui/sign-out-button';
import { getT } from '../lib/i18n/server';
import { currentIdentity } from '../server/auth/identity';

export default async function Home() {
  const [identity, t] = await Promise.all([currentIdentity(), getT()]);
  return (
    <main style={{ maxWidth: 720, margin: '15vh auto', padding: '0 24px' }}>
      <h1 style={{ fontSize: 40, margin: 0 }}>Wharf</h1>
      <p style={{ color: 'var(--muted)', fontSize: 18 }}>
        Self-service console for your Kubernetes platform: deploy apps, watch pods and logs, open
        shells, manage members and quotas.
      </p>
      {identity ? (
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <p data-testid="signed-in-as">{t('auth.signedInAs', { username: identity.username })}</p>
          <SignOutButton />
        </div>
      ) : null}
    </main>
  );
}
