// A discrete-event scheduler over virtual time: a binary min-heap ordered by (atMs, seq).
// `seq` grows with every schedule call, so events at the same instant run in the order
// they were scheduled — the stable tie-break that makes runs reproducible.
//
// The heap is three parallel arrays (times, sequence numbers, events) rather than one object
// per entry: scheduling allocates nothing, and sifting compares numbers read from two flat
// arrays. The engine runs one or two entries per delivery, a million deliveries a second.

export interface Scheduled<E> {
  atMs: number;
  seq: number;
  event: E;
}

export class Scheduler<E> {
  private at: number[] = [];
  private seqs: number[] = [];
  private events: E[] = [];
  private nextSeq = 0;
  private cancelled = new Set<number>();
  /** The time and sequence number of the event `popEventUntil` returned last. */
  lastAtMs = 0;
  lastSeq = -1;

  get size(): number {
    return this.at.length - this.cancelled.size;
  }

  schedule(atMs: number, event: E): number {
    const seq = this.nextSeq++;
    const at = this.at;
    const seqs = this.seqs;
    const events = this.events;
    let i = at.length;
    at.push(atMs);
    seqs.push(seq);
    events.push(event);
    // Sift up: a new entry goes before its parent only when strictly earlier (its seq is the
    // largest, so an equal time never moves it up).
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!(atMs < at[parent])) break;
      at[i] = at[parent];
      seqs[i] = seqs[parent];
      events[i] = events[parent];
      i = parent;
    }
    at[i] = atMs;
    seqs[i] = seq;
    events[i] = event;
    return seq;
  }

  /** Lazily cancels: the entry stays in the heap and is skipped when it surfaces. */
  cancel(seq: number): void {
    if (seq >= 0 && seq < this.nextSeq) this.cancelled.add(seq);
  }

  /** The time of the next live event, or Infinity. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.at.length > 0 ? this.at[0] : Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the next live event at or before `limitMs`. */
  popUntil(limitMs: number): Scheduled<E> | undefined {
    const event = this.popEventUntil(limitMs);
    if (event === undefined) return undefined;
    return { atMs: this.lastAtMs, seq: this.lastSeq, event };
  }

  /**
   * `popUntil` without the entry object: the next live event at or before `limitMs` (undefined
   * when none), its time and sequence number in `lastAtMs` and `lastSeq`.
   */
  popEventUntil(limitMs: number): E | undefined {
    if (this.cancelled.size > 0) this.dropCancelledTop();
    if (this.at.length === 0 || this.at[0] > limitMs) return undefined;
    return this.popTop();
  }

  /** Plain data for checkpoints; events must themselves be plain data. */
  save(): { items: Scheduled<E>[]; nextSeq: number; cancelled: number[] } {
    const items: Scheduled<E>[] = [];
    for (let i = 0; i < this.at.length; i++)
      items.push({ atMs: this.at[i], seq: this.seqs[i], event: this.events[i] });
    return { items, nextSeq: this.nextSeq, cancelled: [...this.cancelled] };
  }

  static restore<E>(saved: { items: Scheduled<E>[]; nextSeq: number; cancelled: number[] }): Scheduler<E> {
    const s = new Scheduler<E>();
    // The items are in heap order already (save keeps it).
    for (const item of saved.items) {
      s.at.push(item.atMs);
      s.seqs.push(item.seq);
      s.events.push(item.event);
    }
    s.nextSeq = saved.nextSeq;
    s.cancelled = new Set(saved.cancelled);
    return s;
  }

  private dropCancelledTop(): void {
    while (this.at.length > 0 && this.cancelled.size > 0 && this.cancelled.has(this.seqs[0])) {
      this.cancelled.delete(this.seqs[0]);
      this.popTop();
    }
  }

  /** Removes the top entry; returns its event and sets `lastAtMs` / `lastSeq`. */
  private popTop(): E {
    const at = this.at;
    const seqs = this.seqs;
    const events = this.events;
    const topEvent = events[0];
    this.lastAtMs = at[0];
    this.lastSeq = seqs[0];
    const lastAt = at.pop()!;
    const lastSeq = seqs.pop()!;
    const lastEvent = events.pop()!;
    const n = at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (at[r] < at[l] || (at[r] === at[l] && seqs[r] < seqs[l])) ? r : l;
        if (!(at[c] < lastAt || (at[c] === lastAt && seqs[c] < lastSeq))) break;
        at[i] = at[c];
        seqs[i] = seqs[c];
        events[i] = events[c];
        i = c;
      }
      at[i] = lastAt;
      seqs[i] = lastSeq;
      events[i] = lastEvent;
    }
    return topEvent;
  }
}
