'use client';
// The live pod list (screen 4) of an environment, an app or a namespace: status with its reason in
// plain words, ready, restarts, age, CPU and memory against requests and limits, revision (old/new
// during a rollout), owner, IP and node; text and status filters, sortable columns, selection with
// bulk restart/delete, per-pod actions disabled with the reason when the user may not. The body is
// virtualized, so 10,000 rows stay smooth, and the connection state ("reconnecting") is shown.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useDeferredValue,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { PodUsage } from '../../lib/contracts/pods';
import type { StreamObject } from '../../lib/contracts/stream';
import { useT } from '../../lib/i18n/client';
import type { MessageKey, Translate } from '../../lib/i18n/messages';
import type { StatusTone } from '../../lib/k8s/pod-status';
import type { ConnectionState } from '../hooks/stream-client';
import {
  AlertIcon,
  ArrowDownIcon,
  ArrowUpDownIcon,
  ArrowUpIcon,
  BoxIcon,
  CheckIcon,
  RefreshIcon,
  SearchIcon,
  XIcon,
} from '../shell/icons';
import { deletePod, usePodPermissions, type PodPermissions } from './pod-actions';
import { ConfirmDialog, YamlDialog } from './pod-dialogs';
import { PodRowView, type PodAction, type RowColumns } from './pod-row';
import {
  filterByTone,
  filterRows,
  podRevision,
  podRow,
  revisionIndex,
  sortRows,
  toneCounts,
  type PodRow,
  type RevisionInfo,
  type SortDir,
  type SortKey,
} from './pod-rows';
import styles from './pods.module.css';
import { useNow } from './use-now';
import { POD_LIST, useMergedLists, type ListKind, type PodSource } from './use-pod-lists';
import { usePodMetrics } from './use-pod-metrics';

const ROW_HEIGHT = 48;

type ColumnKey = SortKey | 'cpu' | 'memory' | 'revision' | 'actions';

interface Column {
  key: ColumnKey;
  label: MessageKey;
  width?: string;
  sortable?: boolean;
  /** Below which table width it hides (pods.module.css container queries): most useful stays. */
  hideOn?: 'tiny' | 'narrow' | 'medium' | 'wide';
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'pods.col.name', sortable: true },
  { key: 'namespace', label: 'pods.col.namespace', width: '150px', hideOn: 'wide', sortable: true },
  { key: 'status', label: 'pods.col.status', width: '168px', sortable: true },
  { key: 'ready', label: 'pods.col.ready', width: '84px', hideOn: 'narrow', sortable: true },
  { key: 'restarts', label: 'pods.col.restarts', width: '112px', hideOn: 'tiny', sortable: true },
  { key: 'age', label: 'pods.col.age', width: '76px', hideOn: 'narrow', sortable: true },
  { key: 'cpu', label: 'pods.col.cpu', width: '104px', hideOn: 'tiny' },
  { key: 'memory', label: 'pods.col.memory', width: '104px', hideOn: 'narrow' },
  { key: 'revision', label: 'pods.col.revision', width: '92px', hideOn: 'medium' },
  { key: 'owner', label: 'pods.col.owner', width: '150px', hideOn: 'wide', sortable: true },
  { key: 'ip', label: 'pods.col.ip', width: '112px', hideOn: 'wide', sortable: true },
  { key: 'node', label: 'pods.col.node', width: '112px', hideOn: 'medium', sortable: true },
  { key: 'actions', label: 'pods.col.actions', width: '158px' },
];

/** Counts with digit grouping (10,000 pods); one locale, so the server's and the browser's agree. */
const count = (n: number): string => n.toLocaleString('en');

const TONES: readonly StatusTone[] = ['error', 'warning', 'progress', 'ok', 'done', 'unknown'];

const REPLICA_SETS: ListKind = { group: 'apps', version: 'v1', resource: 'replicasets' };

function LiveBadge({ connection, t }: { connection: ConnectionState; t: Translate }) {
  const label =
    connection === 'open'
      ? t('pods.live')
      : connection === 'reconnecting'
        ? t('pods.reconnecting').split(/[.。]/)[0]
        : t('pods.connecting');
  return (
    <span className={styles.live} data-state={connection} data-testid="stream-state">
      <span className={styles.liveDot} aria-hidden="true" />
      {label}
    </span>
  );
}

/** Where `el` starts in the document, kept current as the page above it changes height. */
function useDocumentTop(el: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    const measure = () => {
      const next = Math.round(node.getBoundingClientRect().top + window.scrollY);
      setTop((prev) => (prev === next ? prev : next));
    };
    // Fires once at once, then whenever the page's height changes (banners, rows).
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [el]);
  return top;
}

interface BodyProps {
  rows: readonly PodRow[];
  rowColumns: RowColumns;
  clusterOf: (namespace: string) => string;
  usage: ReadonlyMap<string, PodUsage>;
  revisions: ReadonlyMap<string, RevisionInfo>;
  permissions: ReadonlyMap<string, PodPermissions>;
  selected: ReadonlySet<string>;
  onSelect: (key: string, on: boolean) => void;
  onAction: (action: PodAction, row: PodRow) => void;
  t: Translate;
}

function VirtualBody({ rows, ...rest }: BodyProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const top = useDocumentTop(body);
  const now = useNow();
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: top,
    // Before the window is measured (server render, hydration): a screenful of rows.
    initialRect: { width: 1280, height: 960 },
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - top : 0;
  const padBottom = last ? virtualizer.getTotalSize() - (last.end - top) : 0;
  return (
    <tbody ref={body}>
      {/* One cell, not a row's worth: columns the table's width hides (CSS) would come back as
          empty ones for a cell spanning them, squeezing the pod name. */}
      {padTop > 0 ? (
        <tr aria-hidden="true" className={styles.spacer} style={{ height: padTop }}>
          <td />
        </tr>
      ) : null}
      {items.map((vi) => {
        const row = rows[vi.index];
        return row ? (
          <PodRowView
            key={row.key}
            row={row}
            cluster={rest.clusterOf(row.namespace)}
            index={vi.index}
            now={now}
            columns={rest.rowColumns}
            usage={rest.usage.get(row.key)}
            revision={podRevision(row, rest.revisions)}
            permissions={rest.permissions.get(row.namespace)}
            selected={rest.selected.has(row.key)}
            onSelect={rest.onSelect}
            onAction={rest.onAction}
            t={rest.t}
          />
        ) : null;
      })}
      {padBottom > 0 ? (
        <tr aria-hidden="true" className={styles.spacer} style={{ height: padBottom }}>
          <td />
        </tr>
      ) : null}
    </tbody>
  );
}

type Pending = { action: 'restart' | 'delete'; rows: PodRow[] } | { action: 'yaml'; row: PodRow };

export function PodTable({
  sources,
  label,
  labelSelector,
  initialPods,
}: {
  sources: readonly PodSource[];
  /** What the table lists, for its accessible name ("Pods in test"). */
  label: string;
  /** Narrows the list to one app (`app.kubernetes.io/name=ai-api`). */
  labelSelector?: string;
  /** The first rows, rendered with the page, shown until the live list arrives. */
  initialPods?: readonly StreamObject[];
}) {
  const t = useT();
  const filterId = useId();
  const podKind = useMemo(
    () => (labelSelector ? { ...POD_LIST, labelSelector } : POD_LIST),
    [labelSelector],
  );
  const { items: pods, errors, status, connection } = useMergedLists(sources, podKind);
  const { items: replicaSets } = useMergedLists(sources, REPLICA_SETS);
  // Metrics only once the list is there: at 10,000 pods they would compete with the snapshot.
  const metrics = usePodMetrics(sources, labelSelector, pods !== undefined);
  const permissions = usePodPermissions(sources);
  const [query, setQuery] = useState('');
  const [tone, setTone] = useState<StatusTone | 'all'>('all');
  const deferredQuery = useDeferredValue(query);
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'name', dir: 'asc' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const showNamespace = sources.length > 1;
  const revisions = useMemo(() => revisionIndex(replicaSets ?? []), [replicaSets]);
  const rowColumns = useMemo(
    (): RowColumns => ({ namespace: showNamespace, revision: revisions.size > 0 }),
    [showNamespace, revisions.size],
  );
  const columns = COLUMNS.filter(
    (c) =>
      (rowColumns.namespace || c.key !== 'namespace') &&
      (rowColumns.revision || c.key !== 'revision'),
  );
  const clusterByNs = useMemo(
    () => new Map(sources.map((s) => [s.namespace, s.cluster])),
    [sources],
  );
  const clusterOf = useCallback((ns: string) => clusterByNs.get(ns) ?? '', [clusterByNs]);

  const rows = useMemo(() => (pods ?? initialPods ?? []).map(podRow), [pods, initialPods]);
  const counts = useMemo(() => toneCounts(rows), [rows]);
  const shown = useMemo(
    () => sortRows(filterByTone(filterRows(rows, deferredQuery), tone), sort.key, sort.dir),
    [rows, deferredQuery, tone, sort],
  );
  // Selection follows the pods: a deleted pod leaves it.
  const selectedRows = useMemo(() => rows.filter((r) => selected.has(r.key)), [rows, selected]);
  const filtering = query.trim() !== '' || tone !== 'all';

  const onSelect = useCallback((key: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const onAction = useCallback((action: PodAction, row: PodRow) => {
    setPending(action === 'yaml' ? { action, row } : { action, rows: [row] });
  }, []);

  const run = async (action: 'restart' | 'delete', targets: PodRow[]) => {
    setNotice(undefined);
    const results = await Promise.allSettled(
      targets.map((r) => deletePod(clusterOf(r.namespace), r.namespace, r.name)),
    );
    const failed = results.flatMap((r) =>
      r.status === 'rejected' ? [String((r.reason as Error).message)] : [],
    );
    setSelected(new Set());
    if (failed.length > 0)
      setNotice({
        ok: false,
        text: t('pods.action.failed', {
          n: failed.length,
          total: targets.length,
          reason: failed[0] ?? '',
        }),
      });
    else
      setNotice({
        ok: true,
        text:
          action === 'restart'
            ? t('pods.action.restarted', { n: targets.length })
            : t('pods.action.deleted', { n: targets.length }),
      });
  };

  const mayDeleteAll =
    selectedRows.length > 0 &&
    selectedRows.every((r) => permissions.get(r.namespace)?.delete === true);
  const mayRestartAll = mayDeleteAll && selectedRows.every((r) => r.owner !== undefined);
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(r.key));

  const toggleSort = (key: SortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'restarts' ? 'desc' : 'asc' },
    );

  let message: { text: string; hint?: string; icon: 'box' | 'search' } | undefined;
  if (status === 'pending' && rows.length === 0) message = { text: t('pods.loading'), icon: 'box' };
  else if (rows.length === 0 && status === 'success')
    message = { text: t('pods.empty'), hint: t('pods.emptyHint'), icon: 'box' };
  else if (shown.length === 0 && rows.length > 0)
    message = {
      text: deferredQuery.trim()
        ? t('pods.noMatch', { filter: deferredQuery.trim() })
        : t('pods.noMatchStatus'),
      icon: 'search',
    };

  return (
    <section className={styles.panel} aria-labelledby={`${filterId}-title`} data-testid="pod-table">
      <div className={styles.toolbar}>
        <div className={styles.toolbarStart}>
          <h2 id={`${filterId}-title`} className={styles.title}>
            {t('pods.title')}
          </h2>
          {pods ? (
            <span className={styles.total} data-testid="pod-count">
              {filtering
                ? t('pods.shown', { shown: count(shown.length), total: count(rows.length) })
                : rows.length === 1
                  ? t('pods.total.one')
                  : t('pods.total.other', { n: count(rows.length) })}
            </span>
          ) : rows.length > 0 ? (
            <span className={styles.total}>{t('pods.loading')}</span>
          ) : null}
          <ul className={styles.tones}>
            {(pods ? TONES : [])
              .filter((x) => counts[x] > 0)
              .map((x) => (
                <li key={x} className={styles.toneChip} data-tone={x}>
                  <span className={styles.statusDot} aria-hidden="true" />
                  {count(counts[x])} {t(`pods.tone.${x}`)}
                </li>
              ))}
          </ul>
        </div>
        <div className={styles.toolbarEnd}>
          <LiveBadge connection={connection} t={t} />
          <select
            className={styles.select}
            value={tone}
            onChange={(e) => setTone(e.target.value as StatusTone | 'all')}
            aria-label={t('pods.statusFilter')}
            data-testid="status-filter"
          >
            <option value="all">{t('pods.statusAll')}</option>
            {TONES.map((x) => (
              <option key={x} value={x}>
                {t(`pods.tone.${x}`)} ({counts[x]})
              </option>
            ))}
          </select>
          <div className={styles.filter}>
            <SearchIcon size={14} className={styles.filterIcon} />
            <input
              id={filterId}
              type="search"
              className={styles.filterInput}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('pods.filterPlaceholder')}
              aria-label={t('pods.filter')}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        </div>
      </div>

      {selectedRows.length > 0 ? (
        <div className={styles.bulk} role="region" aria-label={t('pods.bulk.label')}>
          <strong>{t('pods.bulk.selected', { n: selectedRows.length })}</strong>
          <button
            type="button"
            className={styles.linkButton}
            disabled={!mayRestartAll}
            title={mayRestartAll ? undefined : t('pods.bulk.notAllowed')}
            onClick={() => setPending({ action: 'restart', rows: selectedRows })}
            data-testid="bulk-restart"
          >
            {t('pods.action.restart')}
          </button>
          <button
            type="button"
            className={styles.linkButton}
            disabled={!mayDeleteAll}
            title={mayDeleteAll ? undefined : t('pods.bulk.notAllowed')}
            onClick={() => setPending({ action: 'delete', rows: selectedRows })}
            data-testid="bulk-delete"
          >
            {t('pods.action.delete')}
          </button>
          <button
            type="button"
            className={styles.linkButton}
            onClick={() => setSelected(new Set())}
          >
            <XIcon size={12} />
            {t('pods.bulk.clear')}
          </button>
        </div>
      ) : null}
      {notice ? (
        <div
          className={notice.ok ? styles.banner : styles.error}
          data-ok={notice.ok || undefined}
          role={notice.ok ? 'status' : 'alert'}
          data-testid="pod-notice"
        >
          {notice.ok ? <CheckIcon size={15} /> : <AlertIcon size={15} />}
          {notice.text}
        </div>
      ) : null}
      {connection === 'reconnecting' ? (
        <div className={styles.banner} role="status" data-testid="reconnecting">
          <RefreshIcon size={15} className={styles.spin} />
          {t('pods.reconnecting')}
        </div>
      ) : null}
      {errors.map(({ source, error }) => (
        <div key={`${source.cluster}/${source.namespace}`} className={styles.error} role="alert">
          <AlertIcon size={15} />
          {t('pods.error', { namespace: source.namespace, message: error.message })}
        </div>
      ))}

      <div className={styles.tableWrap}>
        <table
          className={styles.table}
          aria-label={label}
          aria-rowcount={shown.length + 1}
          aria-busy={status === 'pending' || undefined}
        >
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className={styles.selectCell} style={{ width: '40px' }}>
                <input
                  type="checkbox"
                  checked={allShownSelected}
                  disabled={shown.length === 0}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(shown.map((r) => r.key)) : new Set())
                  }
                  aria-label={t('pods.selectAll')}
                />
              </th>
              {columns.map((c) => {
                const active = sort.key === c.key;
                const Icon = active
                  ? sort.dir === 'asc'
                    ? ArrowUpIcon
                    : ArrowDownIcon
                  : ArrowUpDownIcon;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    style={c.width ? { width: c.width } : undefined}
                    className={c.hideOn ? styles[c.hideOn] : undefined}
                    aria-sort={
                      active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                    }
                  >
                    {c.sortable ? (
                      <button
                        type="button"
                        className={styles.sortButton}
                        data-active={active || undefined}
                        onClick={() => toggleSort(c.key as SortKey)}
                        title={t('pods.sortBy', { column: t(c.label) })}
                      >
                        <span className={styles.truncate}>{t(c.label)}</span>
                        <Icon size={12} className={styles.sortIcon} />
                      </button>
                    ) : (
                      <span className={styles.plainHead}>{t(c.label)}</span>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          {message ? null : (
            <VirtualBody
              rows={shown}
              rowColumns={rowColumns}
              clusterOf={clusterOf}
              usage={metrics.usage}
              revisions={revisions}
              permissions={permissions}
              selected={selected}
              onSelect={onSelect}
              onAction={onAction}
              t={t}
            />
          )}
        </table>
        {message ? (
          <div className={styles.message} role="status">
            <span className={styles.messageIcon}>
              {message.icon === 'search' ? <SearchIcon size={18} /> : <BoxIcon size={18} />}
            </span>
            <strong>{message.text}</strong>
            {message.hint ? <span className={styles.muted}>{message.hint}</span> : null}
            {message.icon === 'search' ? (
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => {
                  setQuery('');
                  setTone('all');
                }}
              >
                <XIcon size={12} />
                {t('pods.clearFilter')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {pending?.action === 'yaml' ? (
        <YamlDialog
          cluster={clusterOf(pending.row.namespace)}
          namespace={pending.row.namespace}
          pod={pending.row.name}
          onClose={() => setPending(undefined)}
        />
      ) : pending ? (
        <ConfirmDialog
          title={t(
            pending.action === 'restart' ? 'pods.confirm.restartTitle' : 'pods.confirm.deleteTitle',
            {
              n: pending.rows.length,
            },
          )}
          body={
            <>
              <p>
                {t(
                  pending.action === 'restart'
                    ? 'pods.confirm.restartBody'
                    : 'pods.confirm.deleteBody',
                )}
              </p>
              <ul className={styles.confirmList}>
                {pending.rows.slice(0, 10).map((r) => (
                  <li key={r.key}>
                    <code>{r.name}</code>
                  </li>
                ))}
                {pending.rows.length > 10 ? (
                  <li>{t('pods.confirm.more', { n: pending.rows.length - 10 })}</li>
                ) : null}
              </ul>
            </>
          }
          confirmLabel={t(
            pending.action === 'restart' ? 'pods.action.restart' : 'pods.action.delete',
          )}
          onConfirm={() => void run(pending.action, pending.rows)}
          onClose={() => setPending(undefined)}
        />
      ) : null}
    </section>
  );
}
