'use client';
// The live pod list of an environment (screen 4, first cut): name, status with reason, ready,
// restarts, age, pod IP and node; text filter, sortable columns, a virtualized body so thousands
// of rows stay smooth, and the connection state ("reconnecting") of the tab's stream.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useDeferredValue,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { humanDuration } from '../../lib/format/duration';
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
  RefreshIcon,
  SearchIcon,
  XIcon,
} from '../shell/icons';
import {
  filterRows,
  podRow,
  sortRows,
  toneCounts,
  type PodRow,
  type SortDir,
  type SortKey,
} from './pod-rows';
import styles from './pods.module.css';
import { useNow } from './use-now';
import { usePodLists, type PodSource } from './use-pod-lists';

const ROW_HEIGHT = 40;

interface Column {
  key: SortKey;
  label: MessageKey;
  width?: string;
  /** Below which table width it hides (pods.module.css container queries): most useful stays. */
  hideOn?: 'narrow' | 'medium' | 'wide';
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'pods.col.name' },
  { key: 'namespace', label: 'pods.col.namespace', width: '160px', hideOn: 'wide' },
  { key: 'status', label: 'pods.col.status', width: '176px' },
  { key: 'ready', label: 'pods.col.ready', width: '88px', hideOn: 'narrow' },
  { key: 'restarts', label: 'pods.col.restarts', width: '112px', hideOn: 'narrow' },
  { key: 'age', label: 'pods.col.age', width: '92px', hideOn: 'narrow' },
  { key: 'ip', label: 'pods.col.ip', width: '116px', hideOn: 'medium' },
  { key: 'node', label: 'pods.col.node', width: '124px', hideOn: 'medium' },
];

const TONES: readonly StatusTone[] = ['error', 'warning', 'progress', 'ok', 'done', 'unknown'];

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

const Row = memo(function Row({
  row,
  index,
  now,
  showNamespace,
  t,
}: {
  row: PodRow;
  index: number;
  now: number;
  showNamespace: boolean;
  t: Translate;
}) {
  const ago =
    row.lastRestartAt !== undefined && now > 0 ? humanDuration(now - row.lastRestartAt) : undefined;
  return (
    <tr aria-rowindex={index + 2} className={styles.row} data-testid="pod-row" data-pod={row.name}>
      <td className={styles.nameCell}>
        <span className={styles.truncate} title={row.name}>
          {row.name}
        </span>
      </td>
      {showNamespace ? (
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
      <td className={`${styles.num} ${styles.narrow}`} data-some={row.restarts > 0 || undefined}>
        <span className={styles.truncate}>
          {ago === undefined ? row.restarts : t('pods.restartsAgo', { n: row.restarts, ago })}
        </span>
      </td>
      <td className={`${styles.num} ${styles.narrow}`}>
        {row.createdAt !== undefined && now > 0 ? humanDuration(now - row.createdAt) : '—'}
      </td>
      <td className={`${styles.mono} ${styles.medium}`}>{row.ip || '—'}</td>
      <td className={`${styles.muted} ${styles.medium}`}>
        <span className={styles.truncate} title={row.node}>
          {row.node || '—'}
        </span>
      </td>
    </tr>
  );
});

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

function VirtualBody({
  rows,
  columns,
  showNamespace,
  t,
}: {
  rows: readonly PodRow[];
  columns: number;
  showNamespace: boolean;
  t: Translate;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  const top = useDocumentTop(body);
  const now = useNow();
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: top,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - top : 0;
  const padBottom = last ? virtualizer.getTotalSize() - (last.end - top) : 0;
  return (
    <tbody ref={body}>
      {padTop > 0 ? (
        <tr aria-hidden="true" className={styles.spacer} style={{ height: padTop }}>
          <td colSpan={columns} />
        </tr>
      ) : null}
      {items.map((vi) => {
        const row = rows[vi.index];
        return row ? (
          <Row
            key={row.key}
            row={row}
            index={vi.index}
            now={now}
            showNamespace={showNamespace}
            t={t}
          />
        ) : null;
      })}
      {padBottom > 0 ? (
        <tr aria-hidden="true" className={styles.spacer} style={{ height: padBottom }}>
          <td colSpan={columns} />
        </tr>
      ) : null}
    </tbody>
  );
}

export function PodTable({
  sources,
  envLabel,
}: {
  sources: readonly PodSource[];
  envLabel: string;
}) {
  const t = useT();
  const filterId = useId();
  const { pods, errors, status, connection } = usePodLists(sources);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'name', dir: 'asc' });
  const showNamespace = sources.length > 1;
  const columns = COLUMNS.filter((c) => showNamespace || c.key !== 'namespace');

  const rows = useMemo(() => (pods ?? []).map(podRow), [pods]);
  const counts = useMemo(() => toneCounts(rows), [rows]);
  const shown = useMemo(
    () => sortRows(filterRows(rows, deferredQuery), sort.key, sort.dir),
    [rows, deferredQuery, sort],
  );

  const toggleSort = (key: SortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'restarts' ? 'desc' : 'asc' },
    );

  let message: { text: string; hint?: string; icon: 'box' | 'search' } | undefined;
  if (status === 'pending') message = { text: t('pods.loading'), icon: 'box' };
  else if (rows.length === 0 && status === 'success')
    message = { text: t('pods.empty'), hint: t('pods.emptyHint'), icon: 'box' };
  else if (shown.length === 0 && rows.length > 0)
    message = { text: t('pods.noMatch', { filter: deferredQuery.trim() }), icon: 'search' };

  return (
    <section className={styles.panel} aria-labelledby={`${filterId}-title`}>
      <div className={styles.toolbar}>
        <div className={styles.toolbarStart}>
          <h2 id={`${filterId}-title`} className={styles.title}>
            {t('pods.title')}
          </h2>
          {pods ? (
            <span className={styles.total} data-testid="pod-count">
              {query.trim() !== ''
                ? t('pods.shown', { shown: shown.length, total: rows.length })
                : rows.length === 1
                  ? t('pods.total.one')
                  : t('pods.total.other', { n: rows.length })}
            </span>
          ) : null}
          <ul className={styles.tones}>
            {TONES.filter((tone) => counts[tone] > 0).map((tone) => (
              <li key={tone} className={styles.toneChip} data-tone={tone}>
                <span className={styles.statusDot} aria-hidden="true" />
                {counts[tone]} {t(`pods.tone.${tone}`)}
              </li>
            ))}
          </ul>
        </div>
        <div className={styles.toolbarEnd}>
          <LiveBadge connection={connection} t={t} />
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
          aria-label={t('pods.table', { env: envLabel })}
          aria-rowcount={shown.length + 1}
          aria-busy={status === 'pending' || undefined}
        >
          <thead>
            <tr aria-rowindex={1}>
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
                    <button
                      type="button"
                      className={styles.sortButton}
                      data-active={active || undefined}
                      onClick={() => toggleSort(c.key)}
                      title={t('pods.sortBy', { column: t(c.label) })}
                    >
                      <span className={styles.truncate}>{t(c.label)}</span>
                      <Icon size={12} className={styles.sortIcon} />
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          {message ? (
            <tbody>
              <tr>
                <td colSpan={columns.length} className={styles.messageCell}>
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
                        onClick={() => setQuery('')}
                      >
                        <XIcon size={12} />
                        {t('pods.clearFilter')}
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            </tbody>
          ) : (
            <VirtualBody
              rows={shown}
              columns={columns.length}
              showNamespace={showNamespace}
              t={t}
            />
          )}
        </table>
      </div>
    </section>
  );
}
