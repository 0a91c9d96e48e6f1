'use client';
// A modal dialog on the native <dialog> (focus trap, Escape and the backdrop come with it).
import { useEffect, useRef, type ReactNode } from 'react';
import styles from './deploy.module.css';

export function Dialog({
  open,
  title,
  onClose,
  children,
  wide = false,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      data-wide={wide || undefined}
      aria-label={title}
      onClose={onClose}
    >
      {open ? (
        <>
          <h2 className={styles.dialogTitle}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
