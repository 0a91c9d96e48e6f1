// Merging the lines of several sources into one list ordered by time (stable: equal times keep
// source order), as the app view shows all pods of an app in one stream.

export interface Timed {
  time: string;
}

/** K-way merge of queues each already in time order; the queues are left empty. */
export function mergeByTime<T extends Timed>(queues: T[][]): T[] {
  const live = queues.filter((q) => q.length > 0);
  if (live.length === 0) return [];
  if (live.length === 1) {
    const only = live[0]!.splice(0);
    return only;
  }
  const total = live.reduce((n, q) => n + q.length, 0);
  const out: T[] = new Array<T>(total);
  const pos = live.map(() => 0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let bestTime = '';
    for (let i = 0; i < live.length; i++) {
      const q = live[i]!;
      const p = pos[i]!;
      if (p >= q.length) continue;
      const t = q[p]!.time;
      if (best < 0 || t < bestTime) {
        best = i;
        bestTime = t;
      }
    }
    out[k] = live[best]![pos[best]!]!;
    pos[best]!++;
  }
  for (const q of live) q.length = 0;
  return out;
}
