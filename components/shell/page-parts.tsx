// Page furniture shared by the console's screens: the header with title and subtitle, empty and
// error states, and the full-page 403/404 message.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AlertIcon } from './icons';
import styles from './page-parts.module.css';

export function PageHeader({
  title,
  subtitle,
  icon,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  icon?: ReactNode;
  /** Actions or facts to the right of the title. */
  children?: ReactNode;
}) {
  return (
    <div className={styles.header}>
      <div className={styles.headerMain}>
        {icon ? <span className={styles.headerIcon}>{icon}</span> : null}
        <div className={styles.headerText}>
          <h1 className={styles.title} title={title}>
            {title}
          </h1>
          {subtitle ? <div className={styles.subtitle}>{subtitle}</div> : null}
        </div>
      </div>
      {children ? <div className={styles.headerAside}>{children}</div> : null}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  headingLevel = 3,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className={styles.empty}>
      {icon ? <span className={styles.emptyIcon}>{icon}</span> : null}
      <Heading className={styles.emptyTitle}>{title}</Heading>
      {children ? <div className={styles.emptyBody}>{children}</div> : null}
    </div>
  );
}

/** A message in a box: `error` for failures (announced), `info` for the rest. */
export function Notice({
  tone = 'info',
  children,
}: {
  tone?: 'info' | 'error' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={styles.notice} data-tone={tone} role={tone === 'error' ? 'alert' : undefined}>
      <AlertIcon size={16} />
      <div>{children}</div>
    </div>
  );
}

/** The whole-page 403 / 404 message with a way back. */
export function StatusPage({
  code,
  title,
  body,
  backLabel,
}: {
  code: string;
  title: string;
  body: string;
  backLabel: string;
}) {
  return (
    <section className={styles.status} aria-labelledby="status-title">
      <p className={styles.statusCode}>{code}</p>
      <h1 id="status-title" className={styles.statusTitle}>
        {title}
      </h1>
      <p className={styles.statusBody}>{body}</p>
      <Link href="/" className={styles.statusLink}>
        {backLabel}
      </Link>
    </section>
  );
}
