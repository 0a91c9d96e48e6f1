'use client';
// Signs the user out (next-auth's CSRF-checked POST) and returns to the login page.
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useT } from '../../lib/i18n/client';
import { Button, type ButtonVariant } from './button';

export function SignOutButton({ variant = 'secondary' }: { variant?: ButtonVariant }) {
  const t = useT();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ redirect: false });
        } finally {
          // A full load, so no server-rendered page of the old session stays in the router cache.
          window.location.assign('/login');
        }
      }}
    >
      {t('auth.signOut')}
    </Button>
  );
}
