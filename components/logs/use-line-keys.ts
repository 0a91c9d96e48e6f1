'use client';
// Keyboard reach for the lines of a log view: the list is one Tab stop whose focused line roves with
// the arrow keys (the virtualized list scrolls along), Shift extends the selected range, and keys copy
// the line or a link to the range. Focus is kept on the line (a sequence number, so it survives new
// lines and the ring dropping old ones); moving it stops following, as scrolling up does.
import {
  useEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { LogModel } from './log-model';

export interface LineKeysOptions {
  model: LogModel;
  scroller: RefObject<HTMLDivElement | null>;
  /** The rows in view now. */
  visible: () => { first: number; last: number } | undefined;
  rowHeight: number;
  follow: boolean;
  setFollow: (follow: boolean) => void;
  scrollToRow: (row: number, align: 'auto') => void;
  /** Selects the lines `from`–`to` (1-based numbers of this view) for a link. */
  select: (from: number, to: number) => void;
  selected: () => { from: number; to: number } | undefined;
  copyLine: (row: number) => void;
  copyLink: (range: { from: number; to: number }) => void;
}

export interface LineKeys {
  /** The row that holds the Tab stop, or -1 (then the scroller holds it). */
  activeRow: number;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  onFocus: (e: FocusEvent<HTMLDivElement>) => void;
  onBlur: (e: FocusEvent<HTMLDivElement>) => void;
}

const isCopy = (e: KeyboardEvent): boolean =>
  (e.key === 'c' || e.key === 'C') &&
  (e.ctrlKey || e.metaKey
    ? // Ctrl+C copies the line only when no text is selected (else the browser copies the text).
      (window.getSelection()?.toString() ?? '') === ''
    : !e.altKey && !e.shiftKey);

export function useLineKeys(o: LineKeysOptions): LineKeys {
  'use no memo'; // reads the mutable model: see LogViewer
  const { model } = o;
  const [activeSeq, setActiveSeq] = useState<number | undefined>();
  // Where a Shift selection started (a line number), until a move without Shift.
  const anchor = useRef<number | undefined>(undefined);
  // Whether focus is in the list: the focused line then gets DOM focus once it is rendered.
  const [inside, setInside] = useState(false);
  // While following, focus stays on the live end (so the focused line never scrolls away).
  const activeRow =
    o.follow && inside ? model.rows - 1 : activeSeq === undefined ? -1 : model.rowOf(activeSeq);

  const focusRow = (row: number): void => {
    const seq = model.seqAt(row);
    if (seq !== undefined) setActiveSeq(seq);
  };

  useEffect(() => {
    if (!inside || activeRow < 0) return;
    const el = o.scroller.current?.querySelector<HTMLElement>(`[data-index="${activeRow}"]`);
    if (el && !el.contains(document.activeElement)) el.focus({ preventScroll: true });
  });

  const move = (from: number, row: number, extend: boolean): void => {
    const to = Math.max(0, Math.min(model.rows - 1, row));
    const fromSeq = model.seqAt(from);
    const toSeq = model.seqAt(to);
    if (toSeq === undefined || fromSeq === undefined) return;
    o.setFollow(false);
    if (extend) {
      anchor.current ??= fromSeq + 1;
      o.select(Math.min(anchor.current, toSeq + 1), Math.max(anchor.current, toSeq + 1));
    } else {
      anchor.current = undefined;
    }
    focusRow(to);
    o.scrollToRow(to, 'auto');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (model.rows === 0) return;
    const row = activeRow >= 0 ? activeRow : (o.visible()?.first ?? 0);
    const page = Math.max(1, Math.floor((o.scroller.current?.clientHeight ?? 0) / o.rowHeight) - 1);
    const n = (model.seqAt(row) ?? 0) + 1;
    let handled = true;
    if (e.key === 'ArrowDown') move(row, row + 1, e.shiftKey);
    else if (e.key === 'ArrowUp') move(row, row - 1, e.shiftKey);
    else if (e.key === 'PageDown') move(row, row + page, e.shiftKey);
    else if (e.key === 'PageUp') move(row, row - page, e.shiftKey);
    else if (e.key === 'Home') move(row, 0, e.shiftKey);
    else if (e.key === 'End') move(row, model.rows - 1, e.shiftKey);
    else if (e.key === ' ') {
      anchor.current = n;
      o.select(n, n);
      o.setFollow(false);
    } else if (isCopy(e)) o.copyLine(row);
    else if (e.key === 'Enter' || ((e.key === 'l' || e.key === 'L') && !e.ctrlKey && !e.metaKey)) {
      const range = o.selected() ?? { from: n, to: n };
      o.select(range.from, range.to);
      o.copyLink(range);
    } else handled = false;
    if (handled) e.preventDefault();
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>): void => {
    setInside(true);
    if (e.target === e.currentTarget) {
      // Tab into the list while its focused line is not rendered: focus a line in view instead.
      const r = o.visible();
      if (activeRow < 0 || !r || activeRow < r.first || activeRow > r.last)
        focusRow(o.follow ? model.rows - 1 : (r?.first ?? 0));
      return;
    }
    // A click on a line makes it the focused one.
    const index = (e.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index');
    if (index) focusRow(Number(index));
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>): void => {
    if (!e.currentTarget.contains(e.relatedTarget)) setInside(false);
  };

  return { activeRow, onKeyDown, onFocus, onBlur };
}
