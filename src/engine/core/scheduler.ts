// A discrete-event scheduler over virtual time: a binary min-heap ordered by (atMs, seq).
// `seq` grows with every schedule call, so events at the same instant run in the order
// they were scheduled — the stable tie-break that makes runs reproducible.

export interface Scheduled<E> {
  atMs: number;
  seq: number;
  event: E;
}

export class Scheduler<E> {
  private heap: Scheduled<E>[] = [];
  private nextSeq = 0;
  private cancelled = new Set<number>();

  get size(): number {
    return this.heap.length - this.cancelled.size;
  }

  schedule(atMs: number, event: E): number {
    const item: Scheduled<E> = { atMs, seq: this.nextSeq++, event };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
    return item.seq;
  }

  /** Lazily cancels: the entry stays in the heap and is skipped when it surfaces. */
  cancel(seq: number): void {
    if (seq >= 0 && seq < this.nextSeq) this.cancelled.add(seq);
  }

  /** The time of the next live event, or Infinity. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.heap.length > 0 ? this.heap[0].atMs : Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the next live event at or before `limitMs`. */
  popUntil(limitMs: number): Scheduled<E> | undefined {
    this.dropCancelledTop();
    const heap = this.heap;
    if (heap.length === 0 || heap[0].atMs > limitMs) return undefined;
    return this.popTop();
  }

  /** Plain data for checkpoints; events must themselves be plain data. */
  save(): { items: Scheduled<E>[]; nextSeq: number; cancelled: number[] } {
    return { items: this.heap.slice(), nextSeq: this.nextSeq, cancelled: [...this.cancelled] };
  }

  static restore<E>(saved: { items: Scheduled<E>[]; nextSeq: number; cancelled: number[] }): Scheduler<E> {
    const s = new Scheduler<E>();
    s.heap = saved.items.slice();
    s.nextSeq = saved.nextSeq;
    s.cancelled = new Set(saved.cancelled);
    return s;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.cancelled.size > 0 && this.cancelled.has(this.heap[0].seq)) {
      this.cancelled.delete(this.heap[0].seq);
      this.popTop();
    }
  }

  private popTop(): Scheduled<E> {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
