// The lines the browser holds: a fixed-capacity ring addressed by an ever-growing sequence number, so
// that views (filter, search, selection) keep pointing at the same line while old ones fall off.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Sequence number of the oldest line still held. */
  private head = 0;
  /** Sequence number the next pushed line gets. */
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.items = new Array<T | undefined>(capacity);
  }

  /** Appends and returns the line's sequence number; the oldest line drops when full. */
  push(item: T): number {
    const seq = this.next++;
    this.items[seq % this.capacity] = item;
    if (this.next - this.head > this.capacity) this.head = this.next - this.capacity;
    return seq;
  }

  /** Counts `n` lines that never arrived here as pushed and dropped: their numbers are skipped. */
  skip(n: number): void {
    for (let i = 0; i < Math.min(n, this.capacity); i++)
      this.items[(this.next + i) % this.capacity] = undefined;
    this.next += n;
    if (this.next - this.head > this.capacity) this.head = this.next - this.capacity;
  }

  /** The line with this sequence number, or undefined once it was dropped (or never held). */
  at(seq: number): T | undefined {
    return seq >= this.head && seq < this.next ? this.items[seq % this.capacity] : undefined;
  }

  get first(): number {
    return this.head;
  }
  get end(): number {
    return this.next;
  }
  get size(): number {
    return this.next - this.head;
  }
  /** Lines dropped because the ring was full. */
  get dropped(): number {
    return this.head;
  }
}

/**
 * An ordered list of sequence numbers (the lines a filter keeps, the lines a search hits) that forgets
 * the ones the ring dropped without shifting the array each time.
 */
export class SeqIndex {
  private seqs: number[] = [];
  private start = 0;

  push(seq: number): void {
    this.seqs.push(seq);
  }

  /** Forgets every sequence number below `first`. */
  prune(first: number): void {
    while (this.start < this.seqs.length && this.seqs[this.start]! < first) this.start++;
    if (this.start > 4096 && this.start * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.start);
      this.start = 0;
    }
  }

  get length(): number {
    return this.seqs.length - this.start;
  }

  at(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.seqs[this.start + i] : undefined;
  }

  /** Position of the first entry ≥ seq (binary search), `length` when none. */
  lowerBound(seq: number): number {
    let lo = this.start;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }
}
