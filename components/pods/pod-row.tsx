'use client';
// One row of the pod list: the cells, the plain-words reason of a failing pod, CPU and memory bars
// against requests and limits, and the per-pod actions (disabled with the reason when not allowed).
import Link from 'next/link';
import { memo, type ReactNode } from 'react';
import type { PodUsage } from '../../lib/contracts/pods';
import { humanDuration } from '../../lib/format/duration';
import type { Translate } from '../../lib/i18n/messages';
import { podLogsHref, podTerminalHref } from '../../lib/routes';
import type { PodPermissions } from './pod-actions';
import { CodeIcon, LogsIcon, RestartIcon, ShellIcon, TrashIcon } from './pod-icons';
import { podProblem, type PodRow, type RevisionInfo } from './pod-rows';
import styles from './pods.module.css';

export type PodAction = 'restart' | 'delete' | 'yaml';

export function formatCpu(millis: number): string {
  return millis >= 1000
    ? `${(millis / 1000).toFixed(millis % 1000 === 0 ? 0 : 2)}`
    : `${Math.round(millis)}m`;
}

export function formatMemory(bytes: number): string {
  const mi = bytes / 2 ** 20;
  return mi >= 1024 ? `${(mi / 1024).toFixed(1)}Gi` : `${Math.round(mi)}Mi`;
}

function UsageBar({
  used,
  request,
  limit,
  format,
  t,
}: {
  used: number | undefined;
  request: number | undefined;
  limit: number | undefined;
  format: (v: number) => string;
  t: Translate;
}) {
  if (used === undefined) return <span className={styles.muted}>—</span>;
  const cap = limit ?? request;
  const share = cap ? Math.min(1, used / cap) : undefined;
  const title = [
    t('pods.usage.used', { v: format(used) }),
    request !== undefined ? t('pods.usage.request', { v: format(request) }) : undefined,
    limit !== undefined ? t('pods.usage.limit', { v: format(limit) }) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const tone =
    share === undefined
      ? 'none'
      : share >= 0.9
        ? 'high'
        : request !== undefined && used > request
          ? 'over'
          : 'ok';
  return (
    <span className={styles.usage} title={title}>
      <span className={styles.usageText}>{format(used)}</span>
      {share !== undefined ? (
        <span className={styles.usageTrack} aria-hidden="true">
          <span
            className={styles.usageFill}
            data-tone={tone}
            style={{ width: `${Math.max(share * 100, 2)}%` }}
          />
          {request !== undefined && limit ? (
            <span
              className={styles.usageMark}
              style={{ left: `${Math.min(100, (request / limit) * 100)}%` }}
            />
          ) : null}
        </span>
      ) : null}
    </span>
  );
}

function ActionButton({
  label,
  reason,
  allowed,
  onClick,
  href,
  children,
  testid,
}: {
  label: string;
  /** Why it is disabled; shown as its title. */
  reason: string;
  allowed: boolean;
  onClick?: () => void;
  href?: string;
  children: ReactNode;
  testid: string;
}) {
  if (allowed && href)
    return (
      <Link
        href={href}
        className={styles.action}
        aria-label={label}
        title={label}
        data-testid={testid}
      >
        {children}
      </Link>
    );
  return (
    <button
      type="button"
      className={styles.action}
      aria-label={allowed ? label : `${label}: ${reason}`}
      title={allowed ? label : reason}
      disabled={!allowed}
      onClick={onClick}
      data-testid={testid}
    >
      {children}
    </button>
  );
}

export interface RowColumns {
  namespace: boolean;
  revision: boolean;
}

export const PodRowView = memo(function PodRowView({
  row,
  cluster,
  index,
  now,
  columns,
  usage,
  revision,
  permissions,
  selected,
  onSelect,
  onAction,
  t,
}: {
  row: PodRow;
  cluster: string;
  index: number;
  now: number;
  columns: RowColumns;
  usage: PodUsage | undefined;
  revision: RevisionInfo | undefined;
  permissions: PodPermissions | undefined;
  selected: boolean;
  onSelect: (key: string, on: boolean) => void;
  onAction: (action: PodAction, row: PodRow) => void;
  t: Translate;
}) {
  const ago =
    row.lastRestartAt !== undefined && now > 0 ? humanDuration(now - row.lastRestartAt) : undefined;
  const problem = podProblem(row);
  const why = problem ? t(problem.key, 'n' in problem ? { n: problem.n } : {}) : undefined;
  const checking = t('pods.action.checking');
  const mayNot = (what: string) =>
    t('pods.action.notAllowed', { action: what, namespace: row.namespace });
  const reason = (allowed: boolean | undefined, what: string) =>
    allowed === undefined ? checking : mayNot(what);
  return (
    <tr
      aria-rowindex={index + 2}
      className={styles.row}
      data-selected={selected || undefined}
      data-testid="pod-row"
      data-pod={row.name}
    >
      <td className={styles.selectCell}>
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(row.key, e.target.checked)}
          aria-label={t('pods.select', { pod: row.name })}
        />
      </td>
      <td className={styles.nameCell}>
        <span className={styles.truncate} title={row.name}>
          {row.name}
        </span>
        {why ? (
          <span className={styles.why} title={why} data-testid="pod-why">
            {why}
          </span>
        ) : null}
      </td>
      {columns.namespace ? (
        <td className={`${styles.muted} ${styles.wide}`}>
          <span className={styles.truncate} title={row.namespace}>
            {row.namespace}
          </span>
        </td>
      ) : null}
      <td>
        <span className={styles.status} data-tone={row.tone} title={row.reason}>
          <span className={styles.statusDot} aria-hidden="true" />
          <span className={styles.truncate} data-testid="pod-status">
            {row.reason}
          </span>
        </span>
      </td>
      <td
        className={`${styles.num} ${styles.narrow}`}
        data-short={row.readyContainers < row.totalContainers || undefined}
      >
        {row.readyContainers}/{row.totalContainers}
      </td>
      <td className={`${styles.num} ${styles.tiny}`} data-some={row.restarts > 0 || undefined}>
        <span className={styles.truncate}>
          {ago === undefined ? row.restarts : t('pods.restartsAgo', { n: row.restarts, ago })}
        </span>
      </td>
      <td className={`${styles.num} ${styles.narrow}`}>
        {row.createdAt !== undefined && now > 0 ? humanDuration(now - row.createdAt) : '—'}
      </td>
      <td className={styles.tiny}>
        <UsageBar
          used={usage ? usage.cpuMillis : undefined}
          request={
            row.resources.cpuRequest !== undefined ? row.resources.cpuRequest * 1000 : undefined
          }
          limit={row.resources.cpuLimit !== undefined ? row.resources.cpuLimit * 1000 : undefined}
          format={formatCpu}
          t={t}
        />
      </td>
      <td className={styles.narrow}>
        <UsageBar
          used={usage?.memoryBytes}
          request={row.resources.memoryRequest}
          limit={row.resources.memoryLimit}
          format={formatMemory}
          t={t}
        />
      </td>
      {columns.revision ? (
        <td className={styles.medium}>
          {revision ? (
            <span className={styles.revision} data-newest={revision.newest || undefined}>
              {t(revision.newest ? 'pods.revision.new' : 'pods.revision.old', {
                n: revision.revision,
              })}
            </span>
          ) : (
            <span className={styles.muted}>—</span>
          )}
        </td>
      ) : null}
      <td className={`${styles.muted} ${styles.wide}`}>
        <span
          className={styles.truncate}
          title={row.owner ? `${row.owner.kind}/${row.owner.name}` : undefined}
        >
          {row.owner ? row.owner.name : '—'}
        </span>
      </td>
      <td className={`${styles.mono} ${styles.wide}`}>{row.ip || '—'}</td>
      <td className={`${styles.muted} ${styles.medium}`}>
        <span className={styles.truncate} title={row.node}>
          {row.node || '—'}
        </span>
      </td>
      <td className={styles.actionsCell}>
        <span className={styles.actions}>
          <ActionButton
            label={t('pods.action.logs')}
            allowed={permissions?.logs === true}
            reason={reason(permissions?.logs, t('pods.verb.logs'))}
            href={podLogsHref(cluster, row.namespace, row.name)}
            testid="pod-logs"
          >
            <LogsIcon />
          </ActionButton>
          <ActionButton
            label={t('pods.action.shell')}
            allowed={permissions?.exec === true}
            reason={reason(permissions?.exec, t('pods.verb.exec'))}
            href={podTerminalHref(cluster, row.namespace, row.name)}
            testid="pod-shell"
          >
            <ShellIcon />
          </ActionButton>
          <ActionButton
            label={t('pods.action.restart')}
            allowed={permissions?.delete === true && row.owner !== undefined}
            reason={
              permissions?.delete === true
                ? t('pods.action.noController')
                : reason(permissions?.delete, t('pods.verb.delete'))
            }
            onClick={() => onAction('restart', row)}
            testid="pod-restart"
          >
            <RestartIcon />
          </ActionButton>
          <ActionButton
            label={t('pods.action.delete')}
            allowed={permissions?.delete === true}
            reason={reason(permissions?.delete, t('pods.verb.delete'))}
            onClick={() => onAction('delete', row)}
            testid="pod-delete"
          >
            <TrashIcon />
          </ActionButton>
          <ActionButton
            label={t('pods.action.yaml')}
            allowed
            reason=""
            onClick={() => onAction('yaml', row)}
            testid="pod-yaml-button"
          >
            <CodeIcon />
          </ActionButton>
        </span>
      </td>
    </tr>
  );
});
