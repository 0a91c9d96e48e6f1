'use client';
// One row of the log: line number (selects a range to link to), pod tag, timestamp, the text with its
// ANSI colours and search highlights, and a copy button; or a marker line of the console's own.
import { memo, type CSSProperties, type MouseEvent } from 'react';
import type { MessageKey, Translate } from '../../lib/i18n/messages';
import { parseAnsi, type AnsiStyle } from './ansi';
import type { LogLine } from './log-model';
import { markSegments, type Matcher } from './search';
import styles from './logs.module.css';

const PALETTE_SIZE = 8;

const MARKERS: Record<string, MessageKey> = {
  started: 'logs.marker.started',
  restarted: 'logs.marker.restarted',
  joined: 'logs.marker.joined',
  left: 'logs.marker.left',
  'end.completed': 'logs.marker.end.completed',
  'end.exited': 'logs.marker.end.exited',
  'end.waiting': 'logs.marker.end.waiting',
  'end.deleted': 'logs.marker.end.deleted',
  'end.forbidden': 'logs.marker.end.forbidden',
  'end.notFound': 'logs.marker.end.notFound',
  'end.invalid': 'logs.marker.end.invalid',
  'end.lost': 'logs.marker.end.lost',
};

function markerKey(kind: string): MessageKey {
  return MARKERS[kind] ?? 'logs.marker.end.error';
}

function styleOf(s: AnsiStyle): { className: string; style?: CSSProperties } {
  const cls: string[] = [];
  const css: CSSProperties = {};
  if (typeof s.fg === 'number') cls.push(styles[`fg${s.fg}`] ?? '');
  else if (s.fg) css.color = s.fg;
  if (typeof s.bg === 'number') cls.push(styles[`bg${s.bg}`] ?? '');
  else if (s.bg) css.backgroundColor = s.bg;
  if (s.bold) cls.push(styles.bold ?? '');
  if (s.dim) cls.push(styles.dim ?? '');
  if (s.italic) cls.push(styles.italic ?? '');
  if (s.underline) cls.push(styles.underline ?? '');
  return { className: cls.join(' '), style: Object.keys(css).length > 0 ? css : undefined };
}

/** The class that colours a source's pod tag (the palette repeats after eight pods). */
export function podClass(src: number): string {
  return styles[`pod${src % PALETTE_SIZE}`] ?? '';
}

export interface RowProps {
  line: LogLine;
  /** 1-based number of the line in this view (its sequence number + 1). */
  number: number;
  pod?: string;
  showTime: boolean;
  search: Matcher | undefined;
  current: boolean;
  selected: boolean;
  t: Translate;
  onNumber: (number: number, extend: boolean) => void;
  onCopy: (text: string) => void;
}

export const LogRow = memo(function LogRow(p: RowProps) {
  const { line, t } = p;
  const clickNumber = (e: MouseEvent) => p.onNumber(p.number, e.shiftKey);
  const classes = [
    styles.row,
    p.selected ? styles.selectedRow : '',
    p.current ? styles.currentRow : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (line.marker) {
    const kind = line.marker.kind;
    const tone = kind.startsWith('end.') ? styles.markerEnd : styles.markerInfo;
    return (
      <div className={`${classes} ${styles.marker} ${tone}`} data-marker={kind}>
        <span className={styles.gutter} />
        {p.pod ? <span className={`${styles.pod} ${podClass(line.src)}`}>{p.pod}</span> : null}
        <span className={styles.text}>
          {t(markerKey(kind))}
          {line.marker.detail ? `: ${line.marker.detail}` : ''}
        </span>
      </div>
    );
  }
  const pieces = markSegments(parseAnsi(line.text), p.search ? p.search.ranges(line.plain) : []);
  return (
    <div className={classes} data-line={p.number}>
      <button
        type="button"
        className={styles.gutter}
        onClick={clickNumber}
        aria-label={t('logs.lineLink', { n: p.number })}
        tabIndex={-1}
      >
        {p.number}
      </button>
      {p.pod ? <span className={`${styles.pod} ${podClass(line.src)}`}>{p.pod}</span> : null}
      {p.showTime ? <span className={styles.time}>{line.time}</span> : null}
      <span className={styles.text}>
        {pieces.map((piece, i) => {
          const s = styleOf(piece.style);
          return piece.hit ? (
            <mark key={i} className={`${styles.hit} ${s.className}`} style={s.style}>
              {piece.text}
            </mark>
          ) : s.className || s.style ? (
            <span key={i} className={s.className} style={s.style}>
              {piece.text}
            </span>
          ) : (
            piece.text
          );
        })}
      </span>
      <button
        type="button"
        className={styles.copy}
        onClick={() => p.onCopy(line.plain)}
        aria-label={t('logs.copyLine', { n: p.number })}
        tabIndex={-1}
      >
        {t('logs.copy')}
      </button>
    </div>
  );
});
