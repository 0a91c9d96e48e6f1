// Merging the lines of several sources into one sequence ordered by time (stable: equal times keep
// source order), as the app view shows all pods of an app in one stream.

export interface Timed {
  time: string;
}

/**
 * K-way merge of queues each already in time order: calls `emit` with the queue's index and the item,
 * in time order, then empties the queues. No intermediate arrays: this runs for every line.
 */
export function mergeByTime<T extends Timed>(
  queues: T[][],
  emit: (queue: number, item: T) => void,
): void {
  const live: number[] = [];
  for (let i = 0; i < queues.length; i++) if (queues[i]!.length > 0) live.push(i);
  if (live.length === 1) {
    const q = live[0]!;
    for (const item of queues[q]!) emit(q, item);
  } else if (live.length > 1) {
    const pos = new Array<number>(queues.length).fill(0);
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
      if (best < 0) break;
      emit(best, queues[best]![pos[best]!]!);
      pos[best] = pos[best]! + 1;
    }
  }
  for (const i of live) queues[i]!.length = 0;
}
