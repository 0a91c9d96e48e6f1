'use client';
// The live log viewer of one pod or of all pods of an app: options, search and filter, a virtualized
// list of lines that follows the end until the user scrolls up, downloads, copy and line links, and
// why the stream stopped with a way to resume.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EndReason, LogTarget } from '../../lib/contracts/logs';
import { DEFAULT_MAX_PODS } from '../../lib/contracts/logs';
import { useT } from '../../lib/i18n/client';
import type { MessageKey } from '../../lib/i18n/messages';
import { Button } from '../ui/button';
import { ArrowDownIcon, ArrowUpIcon } from '../shell/icons';
import { DEFAULT_CAPACITY, type LogLine } from './log-model';
import { LogRow, podClass } from './log-row';
import { compileMatcher } from './search';
import { AnchorSeeker, anchorAt, sinceTimeFor } from './line-anchors';
import {
  formatLineLink,
  formatLineRange,
  parseLineLink,
  type LineAnchor,
  type LineRange,
} from './line-range';
import { useLineKeys } from './use-line-keys';
import { useLogStream } from './use-log-stream';
import styles from './logs.module.css';

export interface ContainerChoice {
  name: string;
  init: boolean;
}

export interface LogViewerProps {
  cluster: string;
  namespace: string;
  target: LogTarget;
  /** The containers of the pod (or across the app's pods), init ones included. */
  containers?: ContainerChoice[];
  /** The file name (without extension) for downloads. */
  name: string;
  /** Pod view: the API path of the whole log ("download full log"). */
  fullLogBase?: string;
}

const SINCE = { all: undefined, '5m': 300, '1h': 3600 } as const;
type Since = keyof typeof SINCE;
const TAILS = ['100', '1000', '10000', 'all'] as const;
type Tail = (typeof TAILS)[number];
const KEEPS = [10_000, DEFAULT_CAPACITY, 500_000];
const POD_CAPS = [1, 2, 5, DEFAULT_MAX_PODS, 20, 50];
const ROW_HEIGHT = 20;

const END_TEXT: Record<EndReason, MessageKey> = {
  completed: 'logs.end.completed',
  exited: 'logs.end.exited',
  waiting: 'logs.end.waiting',
  deleted: 'logs.end.deleted',
  forbidden: 'logs.end.forbidden',
  notFound: 'logs.end.notFound',
  invalid: 'logs.end.invalid',
  lost: 'logs.end.lost',
  error: 'logs.end.error',
};

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.log`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LogViewer(props: LogViewerProps) {
  // The model is mutable and changes under the same identity (a version bump re-renders):
  // the compiler's memoization by identity would show stale rows and counts.
  'use no memo';
  const t = useT();
  const app = props.target.kind === 'app';
  const [container, setContainer] = useState(props.target.container);
  const [previous, setPrevious] = useState(false);
  const [since, setSince] = useState<Since>('all');
  const [tail, setTail] = useState<Tail>('1000');
  const [capacity, setCapacity] = useState(DEFAULT_CAPACITY);
  const [maxPods, setMaxPods] = useState(DEFAULT_MAX_PODS);
  const [showTime, setShowTime] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [filterText, setFilterText] = useState('');
  const [filterRegex, setFilterRegex] = useState(false);
  const [current, setCurrent] = useState<{ row: number; index: number } | undefined>();
  const [range, setRange] = useState<{ from: number; to: number } | undefined>();
  const [notice, setNotice] = useState('');
  // Opening a stable line link starts the log just before the linked line.
  const [linkSince, setLinkSince] = useState<string | undefined>();

  const target = useMemo<LogTarget>(
    () =>
      props.target.kind === 'pod'
        ? { kind: 'pod', pod: props.target.pod, container }
        : { kind: 'app', app: props.target.app, container },
    [props.target, container],
  );
  const stream = useLogStream({
    cluster: props.cluster,
    namespace: props.namespace,
    target,
    previous,
    sinceSeconds: linkSince ? undefined : SINCE[since],
    sinceTime: linkSince,
    tailLines: tail === 'all' ? undefined : Number(tail),
    maxPods: app ? maxPods : undefined,
    capacity,
  });
  const { model, version, sources, state } = stream;

  const filter = compileMatcher(filterText, filterRegex);
  const search = compileMatcher(query, false);
  const filterMatcher = filter.ok ? filter.matcher : undefined;
  const searchMatcher = search.ok ? search.matcher : undefined;
  // Filter and search are applied to the model when they change (the handlers) and to every new model
  // (new options) from the latest values.
  const matchers = useRef({ filter: filterMatcher, search: searchMatcher });
  useEffect(() => {
    model.setFilter(matchers.current.filter);
    model.setSearch(matchers.current.search);
  }, [model]);
  const applyFilter = (text: string, regex: boolean): void => {
    setFilterText(text);
    setFilterRegex(regex);
    const r = compileMatcher(text, regex);
    matchers.current.filter = r.ok ? r.matcher : undefined;
    model.setFilter(matchers.current.filter);
    setCurrent(undefined);
  };
  const applySearch = (text: string): void => {
    setQuery(text);
    const r = compileMatcher(text, false);
    matchers.current.search = r.ok ? r.matcher : undefined;
    model.setSearch(matchers.current.search);
    setCurrent(undefined);
  };

  const scroller = useRef<HTMLDivElement>(null);
  const keysHelp = useId();
  const programmatic = useRef(false);
  const rows = model.rows;
  // The viewer re-renders once per animation frame with new lines anyway; nothing to memoize here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // room for the floating buttons below the last line
    paddingEnd: 44,
  });

  const scrollToRow = useCallback(
    (row: number, align: 'start' | 'center' | 'end' | 'auto') => {
      programmatic.current = true;
      virtualizer.scrollToIndex(row, { align });
    },
    [virtualizer],
  );

  // Following: every batch of lines scrolls to the end (one layout per animation frame).
  useLayoutEffect(() => {
    if (!follow || rows === 0) return;
    const el = scroller.current;
    if (!el) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
  }, [follow, rows, version, wrap]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT;
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    if (atEnd !== follow) setFollow(atEnd);
  };

  // A link to lines: scroll there once the lines have arrived, highlight them, and stay there. A stable
  // link (`#L=…`) waits for the lines it names in the view that starts just before them; an old one
  // (`#L10-L20`) names positions in the view.
  const wanted = useRef<
    | { kind: 'position'; range: LineRange }
    | { kind: 'anchors'; from: LineAnchor; to: LineAnchor; seekers?: [AnchorSeeker, AnchorSeeker] }
  >(undefined);
  useEffect(() => {
    const link = parseLineLink(window.location.hash);
    if (!link) return;
    setFollow(false);
    if (link.kind === 'position') {
      wanted.current = link;
      setRange(link.range);
      return;
    }
    wanted.current = link;
    setLinkSince(sinceTimeFor(link.from.time));
    setTail('all');
  }, []);
  useEffect(() => {
    const w = wanted.current;
    if (!w) return;
    let first: number;
    if (w.kind === 'position') first = w.range.from - 1;
    else {
      // Only the view that starts just before the lines is searched (new options, new model).
      if (linkSince === undefined) return;
      if (w.seekers?.[0].model !== model)
        w.seekers = [new AnchorSeeker(w.from, model), new AnchorSeeker(w.to, model)];
      const [from, to] = w.seekers;
      if (!from.feed(sources) || !to.feed(sources)) return;
      wanted.current = undefined;
      if (from.found === undefined || to.found === undefined) {
        setNotice(t('logs.linkMissing'));
        return;
      }
      first = from.found;
      setRange({ from: first + 1, to: to.found + 1 });
    }
    const row = model.rowOf(first);
    if (row < 0) return;
    wanted.current = undefined;
    scrollToRow(row, 'start');
  }, [model, version, sources, linkSince, scrollToRow, t]);

  // A stable link where both ends are container lines; else the positions.
  const hashOf = useCallback(
    (r: LineRange): string => {
      const from = anchorAt(model, sources, r.from - 1);
      const to = anchorAt(model, sources, r.to - 1);
      return from && to ? formatLineLink(from, to) : formatLineRange(r);
    },
    [model, sources],
  );
  const selectRange = (next: LineRange): void => {
    window.history.replaceState(null, '', hashOf(next));
    setRange(next);
    setFollow(false);
  };
  // Stable for the memoized rows: the range comes from the updater.
  const onNumber = useCallback(
    (n: number, extend: boolean) => {
      setRange((r) => {
        const next =
          extend && r ? { from: Math.min(r.from, n), to: Math.max(r.to, n) } : { from: n, to: n };
        window.history.replaceState(null, '', hashOf(next));
        return next;
      });
      setFollow(false);
    },
    [hashOf],
  );

  const copy = useCallback(
    (text: string, done: MessageKey) => {
      void navigator.clipboard?.writeText(text).then(
        () => setNotice(t(done)),
        () => undefined,
      );
    },
    [t],
  );
  const onCopy = useCallback((text: string) => copy(text, 'logs.copied'), [copy]);

  const keys = useLineKeys({
    model,
    scroller,
    visible: () =>
      virtualizer.range
        ? { first: virtualizer.range.startIndex, last: virtualizer.range.endIndex }
        : undefined,
    rowHeight: ROW_HEIGHT,
    follow,
    setFollow,
    scrollToRow,
    select: (from, to) => selectRange({ from, to }),
    selected: () => range,
    copyLine: (row) => {
      const line = model.rowAt(row);
      if (line && !line.marker) copy(line.plain, 'logs.copied');
    },
    copyLink: (r) => {
      const { origin, pathname, search } = window.location;
      copy(`${origin}${pathname}${search}${hashOf(r)}`, 'logs.linkCopied');
    },
  });

  const jump = (back: boolean): void => {
    // Without a current hit, start from the first line in view (so it can be the first hit).
    const from = current?.row ?? (back ? -1 : (virtualizer.range?.startIndex ?? 0) - 1);
    const hit = model.nextHit(from, back);
    if (!hit) return;
    setCurrent(hit);
    setFollow(false);
    scrollToRow(hit.row, 'center');
  };

  const format = (line: LogLine): string => {
    const pod = app ? `[${sources[line.src]?.pod ?? ''}] ` : '';
    return `${pod}${showTime ? `${line.time} ` : ''}${line.plain}`;
  };

  const podsShown = sources.length;
  const ended = state.phase === 'ended' || state.phase === 'lost';
  const canResume =
    ended &&
    state.reason !== 'completed' &&
    state.reason !== 'deleted' &&
    state.reason !== 'forbidden' &&
    state.reason !== 'invalid' &&
    state.reason !== 'notFound';
  const containerName = container ?? props.containers?.find((c) => !c.init)?.name;

  return (
    <section className={styles.viewer} aria-label={t('logs.title')}>
      <div className={styles.toolbar} role="group" aria-label={t('logs.options')}>
        {props.containers && props.containers.length > 0 ? (
          <label className={styles.field}>
            <span>{t('logs.container')}</span>
            <select
              value={containerName}
              onChange={(e) => setContainer(e.target.value)}
              data-testid="logs-container"
            >
              {props.containers.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.init ? t('logs.initContainer', { name: c.name }) : c.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {app ? (
          <label className={styles.field}>
            <span>{t('logs.maxPods')}</span>
            <select value={maxPods} onChange={(e) => setMaxPods(Number(e.target.value))}>
              {POD_CAPS.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={previous}
              onChange={(e) => setPrevious(e.target.checked)}
            />
            <span>{t('logs.previous')}</span>
          </label>
        )}
        <label className={styles.field}>
          <span>{t('logs.since')}</span>
          <select
            value={since}
            onChange={(e) => {
              setSince(e.target.value as Since);
              setLinkSince(undefined);
            }}
          >
            <option value="all">{t('logs.since.all')}</option>
            <option value="5m">{t('logs.since.5m')}</option>
            <option value="1h">{t('logs.since.1h')}</option>
          </select>
        </label>
        <label className={styles.field}>
          <span>{t('logs.tail')}</span>
          <select value={tail} onChange={(e) => setTail(e.target.value as Tail)}>
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n === 'all' ? t('logs.tail.all') : n}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>{t('logs.keep')}</span>
          <select value={capacity} onChange={(e) => setCapacity(Number(e.target.value))}>
            {KEEPS.map((n) => (
              <option key={n} value={n}>
                {t('logs.keepLines', { n: n.toLocaleString() })}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={showTime}
            onChange={(e) => setShowTime(e.target.checked)}
          />
          <span>{t('logs.timestamps')}</span>
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          <span>{t('logs.wrap')}</span>
        </label>
        <span className={styles.spacer} />
        <Button
          variant="secondary"
          className={styles.tool}
          onClick={() => download(props.name, model.text(format))}
        >
          {t('logs.download')}
        </Button>
        {props.fullLogBase ? (
          <a
            className={styles.toolLink}
            href={`${props.fullLogBase}?${new URLSearchParams({
              ...(containerName ? { container: containerName } : {}),
              previous: String(previous),
            }).toString()}`}
            download
          >
            {t('logs.downloadFull')}
          </a>
        ) : null}
      </div>

      <div className={styles.searchbar}>
        <div className={styles.searchGroup} role="search">
          <input
            type="search"
            className={styles.input}
            placeholder={t('logs.searchPlaceholder')}
            aria-label={t('logs.search')}
            value={query}
            onChange={(e) => applySearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') jump(e.shiftKey);
            }}
          />
          <Button
            variant="secondary"
            className={styles.icon}
            aria-label={t('logs.prevMatch')}
            onClick={() => jump(true)}
            disabled={model.hits === 0}
          >
            <ArrowUpIcon size={14} />
          </Button>
          <Button
            variant="secondary"
            className={styles.icon}
            aria-label={t('logs.nextMatch')}
            onClick={() => jump(false)}
            disabled={model.hits === 0}
          >
            <ArrowDownIcon size={14} />
          </Button>
          <span className={styles.count} aria-live="polite" data-testid="logs-matches">
            {query === ''
              ? ''
              : model.hits === 0
                ? t('logs.noMatches')
                : current
                  ? t('logs.matches', { current: current.index + 1, total: model.hits })
                  : t('logs.matchCount', { total: model.hits })}
          </span>
        </div>
        <div className={styles.searchGroup}>
          <input
            type="search"
            className={styles.input}
            placeholder={t('logs.filterPlaceholder')}
            aria-label={t('logs.filter')}
            aria-invalid={!filter.ok}
            value={filterText}
            onChange={(e) => applyFilter(e.target.value, filterRegex)}
          />
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={filterRegex}
              onChange={(e) => applyFilter(filterText, e.target.checked)}
            />
            <span>{t('logs.regex')}</span>
          </label>
        </div>
        {!filter.ok ? (
          <p className={styles.error} role="alert">
            {t('logs.badRegex', { error: filter.error })}
          </p>
        ) : null}
      </div>

      <div className={styles.status}>
        <span className={styles.state} data-phase={state.phase} data-testid="logs-state">
          {state.phase === 'connecting'
            ? t('logs.connecting')
            : state.phase === 'live'
              ? t('logs.live')
              : t(END_TEXT[state.reason ?? 'error'])}
        </span>
        <span data-testid="logs-count" data-received={model.ring.end}>
          {filterMatcher
            ? t('logs.shown', { shown: rows.toLocaleString(), n: model.ring.size.toLocaleString() })
            : t('logs.lines', { n: rows.toLocaleString() })}
        </span>
        {model.ring.dropped > 0 ? (
          <span className={styles.warn} data-testid="logs-dropped">
            {t('logs.dropped', {
              n: model.ring.dropped.toLocaleString(),
              cap: capacity.toLocaleString(),
            })}
          </span>
        ) : null}
        {app && state.totalPods > podsShown ? (
          <span className={styles.warn} data-testid="logs-cap">
            {t('logs.cap', { shown: podsShown, total: state.totalPods, max: state.maxPods })}
          </span>
        ) : null}
        {app && sources.length > 0 ? (
          <ul className={styles.legend} aria-label={t('logs.pods')}>
            {sources.map((s) => (
              <li key={s.id} className={`${styles.pod} ${podClass(s.id)}`}>
                {s.pod}
              </li>
            ))}
          </ul>
        ) : null}
        <span className={styles.spacer} />
        {range ? (
          <span className={styles.rangeInfo}>
            {t('logs.linkRange', { from: range.from, to: range.to })}
            <Button
              variant="ghost"
              className={styles.tool}
              onClick={() => {
                setRange(undefined);
                window.history.replaceState(
                  null,
                  '',
                  window.location.pathname + window.location.search,
                );
              }}
            >
              {t('logs.clearSelection')}
            </Button>
          </span>
        ) : null}
        <span className={styles.notice} role="status">
          {notice}
        </span>
      </div>

      {ended ? (
        <div
          className={styles.banner}
          role="alert"
          data-testid="logs-ended"
          data-reason={state.reason}
        >
          <span>
            <strong>{t(END_TEXT[state.reason ?? 'error'])}</strong>
            {state.message ? ` ${state.message}` : ''}
          </span>
          {canResume ? (
            <Button variant="secondary" className={styles.tool} onClick={stream.resume}>
              {t('logs.resume')}
            </Button>
          ) : null}
        </div>
      ) : null}

      <div className={styles.frame}>
        <div
          ref={scroller}
          className={`${styles.scroller} ${wrap ? styles.wrap : ''}`}
          onScroll={onScroll}
          onKeyDown={keys.onKeyDown}
          onFocus={keys.onFocus}
          onBlur={keys.onBlur}
          role="log"
          aria-live="off"
          aria-label={t('logs.viewer')}
          aria-describedby={keysHelp}
          title={t('logs.keys')}
          tabIndex={
            keys.activeRow >= 0 &&
            virtualizer.getVirtualItems().some((i) => i.index === keys.activeRow)
              ? -1
              : 0
          }
          data-testid="logs-lines"
        >
          {rows === 0 ? (
            <p className={styles.empty}>
              {state.phase === 'connecting' ? t('logs.connecting') : t('logs.empty')}
            </p>
          ) : (
            <div
              role="list"
              aria-label={t('logs.viewer')}
              style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}
            >
              {virtualizer.getVirtualItems().map((item) => {
                const line = model.rowAt(item.index);
                const seq = model.seqAt(item.index);
                if (!line || seq === undefined) return null;
                const n = seq + 1;
                return (
                  <div
                    key={item.key}
                    data-index={item.index}
                    ref={wrap ? virtualizer.measureElement : undefined}
                    role="listitem"
                    tabIndex={item.index === keys.activeRow ? 0 : -1}
                    aria-describedby={item.index === keys.activeRow ? keysHelp : undefined}
                    className={styles.slot}
                    style={{
                      transform: `translateY(${item.start}px)`,
                      height: wrap ? undefined : ROW_HEIGHT,
                    }}
                  >
                    <LogRow
                      line={line}
                      number={n}
                      pod={app ? sources[line.src]?.pod : undefined}
                      showTime={showTime}
                      search={searchMatcher}
                      current={current?.row === item.index}
                      selected={range !== undefined && n >= range.from && n <= range.to}
                      t={t}
                      onNumber={onNumber}
                      onCopy={onCopy}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </div>
        <p id={keysHelp} className={styles.keys}>
          {t('logs.keys')}
        </p>
        <div className={styles.float}>
          <Button
            variant="secondary"
            className={styles.tool}
            onClick={() => {
              setFollow(false);
              scrollToRow(0, 'start');
            }}
          >
            <ArrowUpIcon size={14} /> {t('logs.top')}
          </Button>
          <Button
            variant="secondary"
            className={styles.tool}
            onClick={() => {
              setFollow(false);
              scrollToRow(Math.max(0, rows - 1), 'end');
            }}
          >
            <ArrowDownIcon size={14} /> {t('logs.bottom')}
          </Button>
          {follow ? (
            <span className={styles.followOn} data-testid="logs-following">
              {t('logs.following')}
            </span>
          ) : (
            <Button variant="primary" className={styles.tool} onClick={() => setFollow(true)}>
              {t('logs.jumpToLive')}
            </Button>
          )}
        </div>
      </div>
    </section>
  );
}
