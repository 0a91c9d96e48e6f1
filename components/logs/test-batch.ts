// For tests: lines as the log worker batches them for the page.
import { LogFeed, type LineBatch } from './log-feed';

export function batchOf(rows: readonly (readonly [number, string, string])[]): LineBatch {
  const feed = new LogFeed(rows.length);
  feed.receive(JSON.stringify({ type: 'lines', lines: rows }));
  const op = feed.take()?.ops[0];
  if (op?.kind !== 'lines') throw new Error('no lines');
  return op.lines;
}
