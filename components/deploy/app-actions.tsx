'use client';
// AppActions: the app's actions for the app dashboard's header: Update (the edit form), Scale (with
// the quota preflight), Restart (rolling, as kubectl does, with the preflight) and Delete (after typing the app's name).
// Each is disabled, with the reason, where the user's role does not allow it.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useT } from '../../lib/i18n/client';
import { editAppHref, projectHref } from '../../lib/routes';
import { useCan } from '../hooks/use-can';
import { Notice } from '../shell/page-parts';
import { Button } from '../ui/button';
import buttonStyles from '../ui/button.module.css';
import { TextField } from '../ui/text-field';
import { appsApi } from './api';
import type { AppRef } from './app-ref';
import styles from './deploy.module.css';
import { Dialog } from './dialog';
import { PreflightPanel, usePreflight } from './preflight-panel';
import { deploymentCheck, useAppObjects } from './use-app-objects';

type Open = 'scale' | 'restart' | 'delete' | undefined;

function useAction(run: () => Promise<unknown>, done: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return {
    busy,
    error,
    go: async () => {
      setBusy(true);
      setError(undefined);
      try {
        await run();
        done();
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
  };
}

function ScaleDialog({
  appRef,
  replicas,
  generation,
  onClose,
}: {
  appRef: AppRef;
  replicas: number;
  generation: number | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const [value, setValue] = useState(String(replicas));
  const n = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 50;
  const preflight = usePreflight(
    appRef,
    valid ? { app: appRef.app, replicas: n } : undefined,
    generation,
  );
  const action = useAction(() => appsApi.scale(appRef, n), onClose);
  return (
    <Dialog open title={t('deploy.scale.title', { app: appRef.app })} onClose={onClose}>
      <TextField
        id="scale-replicas"
        label={t('deploy.field.replicas')}
        type="number"
        min={0}
        max={50}
        value={value}
        error={valid ? undefined : t('deploy.scale.invalid')}
        onChange={(e) => setValue(e.target.value)}
      />
      <PreflightPanel
        result={valid ? preflight.data : undefined}
        error={preflight.error}
        pending={preflight.isFetching}
      />
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <div className={styles.dialogActions}>
        <Button variant="secondary" onClick={onClose}>
          {t('deploy.cancel')}
        </Button>
        <Button
          onClick={action.go}
          disabled={!valid || action.busy || preflight.data?.fits === false}
        >
          {t('deploy.scale.confirm', { replicas: valid ? n : '…' })}
        </Button>
      </div>
    </Dialog>
  );
}

function RestartDialog({
  appRef,
  generation,
  onClose,
}: {
  appRef: AppRef;
  generation: number | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const preflight = usePreflight(appRef, { app: appRef.app, restart: true }, generation);
  const action = useAction(() => appsApi.restart(appRef), onClose);
  return (
    <Dialog open title={t('deploy.restart.title', { app: appRef.app })} onClose={onClose}>
      <p>{t('deploy.restart.body')}</p>
      <PreflightPanel
        result={preflight.data}
        error={preflight.error}
        pending={preflight.isFetching}
      />
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <div className={styles.dialogActions}>
        <Button variant="secondary" onClick={onClose}>
          {t('deploy.cancel')}
        </Button>
        <Button onClick={action.go} disabled={action.busy || preflight.data?.fits === false}>
          {t('deploy.restart.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

function DeleteDialog({ appRef, onClose }: { appRef: AppRef; onClose: () => void }) {
  const t = useT();
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const [kept, setKept] = useState<string[]>();
  const action = useAction(
    async () => {
      const res = await appsApi.remove(appRef);
      if (res.kept.length) setKept(res.kept.map((k) => `${k.object}: ${k.reason}`));
      else router.push(projectHref(appRef.project, appRef.env));
    },
    () => undefined,
  );
  if (kept)
    return (
      <Dialog open title={t('deploy.delete.done', { app: appRef.app })} onClose={onClose}>
        <Notice tone="warning">
          {t('deploy.delete.kept')}
          <ul>
            {kept.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </Notice>
        <div className={styles.dialogActions}>
          <Button onClick={() => router.push(projectHref(appRef.project, appRef.env))}>
            {t('deploy.delete.back')}
          </Button>
        </div>
      </Dialog>
    );
  return (
    <Dialog open title={t('deploy.delete.title', { app: appRef.app })} onClose={onClose}>
      <p>{t('deploy.delete.body', { namespace: appRef.namespace })}</p>
      <TextField
        id="delete-confirm"
        label={t('deploy.delete.type', { app: appRef.app })}
        value={typed}
        autoComplete="off"
        onChange={(e) => setTyped(e.target.value)}
      />
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <div className={styles.dialogActions}>
        <Button variant="secondary" onClick={onClose}>
          {t('deploy.cancel')}
        </Button>
        <Button
          className={styles.danger}
          onClick={action.go}
          disabled={typed !== appRef.app || action.busy}
        >
          {t('deploy.delete.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

export function AppActions(props: AppRef) {
  const t = useT();
  const [open, setOpen] = useState<Open>();
  const { deployment } = useAppObjects(props);
  const can = useCan([
    deploymentCheck(props, 'update'),
    deploymentCheck(props, 'patch', 'scale'),
    deploymentCheck(props, 'patch'),
    deploymentCheck(props, 'delete'),
  ]);
  const [mayUpdate, mayScale, mayRestart, mayDelete] = can ?? [];
  const denied = t('deploy.readOnly', { namespace: props.namespace });
  const anyDenied = can !== undefined && can.some((c) => !c);
  const replicas = (deployment?.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const close = () => setOpen(undefined);

  return (
    <div className={styles.appActions}>
      <div className={styles.inline} role="group" aria-label={t('deploy.actions')}>
        {mayUpdate ? (
          <Link
            href={editAppHref(props.project, props.app, props.env)}
            className={`${buttonStyles.button} ${buttonStyles.secondary}`}
          >
            {t('deploy.update')}
          </Link>
        ) : (
          <Button variant="secondary" disabled title={can ? denied : undefined}>
            {t('deploy.update')}
          </Button>
        )}
        <Button
          variant="secondary"
          disabled={!mayScale}
          title={can && !mayScale ? denied : undefined}
          onClick={() => setOpen('scale')}
        >
          {t('deploy.scale')}
        </Button>
        <Button
          variant="secondary"
          disabled={!mayRestart}
          title={can && !mayRestart ? denied : undefined}
          onClick={() => setOpen('restart')}
        >
          {t('deploy.restart')}
        </Button>
        <Button
          variant="secondary"
          className={styles.danger}
          disabled={!mayDelete}
          title={can && !mayDelete ? denied : undefined}
          onClick={() => setOpen('delete')}
        >
          {t('deploy.delete')}
        </Button>
      </div>
      {anyDenied ? <p className={styles.muted}>{denied}</p> : null}
      {open === 'scale' ? (
        <ScaleDialog
          appRef={props}
          replicas={replicas}
          generation={deployment?.metadata.generation as number | undefined}
          onClose={close}
        />
      ) : null}
      {open === 'restart' ? (
        <RestartDialog
          appRef={props}
          generation={deployment?.metadata.generation as number | undefined}
          onClose={close}
        />
      ) : null}
      {open === 'delete' ? <DeleteDialog appRef={props} onClose={close} /> : null}
    </div>
  );
}
