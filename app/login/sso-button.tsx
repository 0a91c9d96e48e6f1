'use client';
// "Sign in with SSO": starts the OIDC authorization code flow (rendered only when OIDC is configured).
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { useT } from '../../lib/i18n/client';

export function SsoButton({ callbackUrl }: { callbackUrl: string }) {
  const t = useT();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      block
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('oidc', { callbackUrl });
      }}
    >
      {t('login.sso')}
    </Button>
  );
}
