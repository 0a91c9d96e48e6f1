'use client';
// The pod list's modal dialogs: confirming a restart or delete, and one pod's YAML. Native <dialog>
// opened with showModal, so focus is trapped and Escape closes, as the platform does it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../../lib/i18n/client';
import { Button } from '../ui/button';
import { podYaml } from './pod-actions';
import styles from './pods.module.css';

function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      data-wide={wide || undefined}
      aria-labelledby="pod-dialog-title"
      onClose={onClose}
    >
      <h2 id="pod-dialog-title" className={styles.dialogTitle}>
        {title}
      </h2>
      <div className={styles.dialogBody}>{children}</div>
      <div className={styles.dialogFooter}>{footer}</div>
    </dialog>
  );
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('pods.action.cancel')}
          </Button>
          <Button
            className={styles.danger}
            data-testid="confirm-action"
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {body}
    </Modal>
  );
}

export function YamlDialog({
  cluster,
  namespace,
  pod,
  onClose,
}: {
  cluster: string;
  namespace: string;
  pod: string;
  onClose: () => void;
}) {
  const t = useT();
  const [text, setText] = useState<{ ok: boolean; body: string }>();
  useEffect(() => {
    let live = true;
    podYaml(cluster, namespace, pod).then(
      (body) => live && setText({ ok: true, body }),
      (err: Error) => live && setText({ ok: false, body: err.message }),
    );
    return () => {
      live = false;
    };
  }, [cluster, namespace, pod]);
  return (
    <Modal
      title={t('pods.yamlTitle', { pod })}
      onClose={onClose}
      wide
      footer={
        <Button variant="secondary" onClick={onClose}>
          {t('pods.action.close')}
        </Button>
      }
    >
      {text === undefined ? (
        <p role="status">{t('pods.loadingYaml')}</p>
      ) : text.ok ? (
        <pre className={styles.yaml} tabIndex={0} data-testid="pod-yaml">
          {text.body}
        </pre>
      ) : (
        <p role="alert">{text.body}</p>
      )}
    </Modal>
  );
}
