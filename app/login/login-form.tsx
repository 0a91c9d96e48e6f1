'use client';
// The username/password form: validates, signs in through next-auth's credentials provider, and
// goes to the callback path on success.
import { signIn } from 'next-auth/react';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/text-field';
import { useT } from '../../lib/i18n/client';
import type { MessageKey } from '../../lib/i18n/messages';
import { loginErrorKey } from '../../lib/i18n/login-errors';
import styles from './login.module.css';

export interface LoginFormProps {
  /** A same-origin path, already checked on the server. */
  callbackUrl: string;
  /** An error code from the URL (a failed SSO round trip). */
  initialError: string | null;
}

export function LoginForm({ callbackUrl, initialError }: LoginFormProps) {
  const t = useT();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<MessageKey | null>(loginErrorKey(initialError));
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({
    username: false,
    password: false,
  });
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const nowMissing = { username: username === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.username || nowMissing.password) {
      (nowMissing.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn('credentials', { redirect: false, username, password, callbackUrl });
      if (res && !res.error) {
        window.location.assign(callbackUrl);
        return;
      }
      setError(loginErrorKey(res?.error ?? 'Unknown'));
    } catch {
      setError('login.error.network');
    }
    setPending(false);
    if (passwordRef.current) {
      passwordRef.current.value = '';
      passwordRef.current.focus();
    }
  }

  return (
    // POST keeps a password out of the URL if someone submits before the page has hydrated.
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate aria-busy={pending}>
      {error ? (
        <p role="alert" className={styles.alert}>
          {t(error)}
        </p>
      ) : null}
      <TextField
        ref={usernameRef}
        id="username"
        name="username"
        label={t('login.username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        required
        error={missing.username ? t('login.usernameRequired') : null}
      />
      <TextField
        ref={passwordRef}
        id="password"
        name="password"
        type="password"
        label={t('login.password')}
        autoComplete="current-password"
        required
        error={missing.password ? t('login.passwordRequired') : null}
      />
      <Button type="submit" block disabled={pending}>
        {pending ? t('login.submitting') : t('login.submit')}
      </Button>
    </form>
  );
}
