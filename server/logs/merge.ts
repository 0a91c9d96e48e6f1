// Merging the lines of several sources into one sequence ordered by time (stable: equal times keep
// source order), as the app view shows all pods of an app in one stream.

export interface Timed {
  time: string;
}

/**
 * K-way merge of queues each already in time order: calls `emit` with the queue's index and the item,
 * in time order, and removes what it emitted. With `upTo`, only items of that time or earlier go (the
 * rest wait for the next merge); without it, every item. No intermediate arrays: this runs for every
 * line.
 */
export function mergeByTime<T extends Timed>(
  queues: T[][],
  emit: (queue: number, item: T) => void,
  upTo?: string,
): void {
  const pos = new Array<number>(queues.length).fill(0);
  const live: number[] = [];
  for (let i = 0; i < queues.length; i++) if (queues[i]!.length > 0) live.push(i);
  for (;;) {
    let best = -1;
    let bestTime = '';
    for (const i of live) {
      const item = queues[i]![pos[i]!];
      if (item !== undefined && (best < 0 || item.time < bestTime)) {
        best = i;
        bestTime = item.time;
      }
    }
    if (best < 0 || (upTo !== undefined && bestTime > upTo)) break;
    emit(best, queues[best]![pos[best]!]!);
    pos[best] = pos[best]! + 1;
  }
  for (const i of live) {
    const q = queues[i]!;
    if (pos[i] === q.length) q.length = 0;
    else q.splice(0, pos[i]);
  }
}
