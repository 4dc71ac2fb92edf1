// Plain-data containers the queue backends share: a deque (array + head index, compacted
// lazily, so shift is O(1) amortised) and a binary min-heap ordered by (atMs, seq). Both are
// arrays and numbers, so checkpoints clone them with the world.

export interface Deque<T> {
  items: T[];
  head: number;
}

export function createDeque<T>(): Deque<T> {
  return { items: [], head: 0 };
}

export function dequeSize<T>(d: Deque<T>): number {
  return d.items.length - d.head;
}

export function pushBack<T>(d: Deque<T>, item: T): void {
  d.items.push(item);
}

export function pushFront<T>(d: Deque<T>, item: T): void {
  if (d.head > 0) d.items[--d.head] = item;
  else d.items.unshift(item);
}

export function peekFront<T>(d: Deque<T>): T | undefined {
  return d.head < d.items.length ? d.items[d.head] : undefined;
}

export function popFront<T>(d: Deque<T>): T | undefined {
  if (d.head >= d.items.length) return undefined;
  const item = d.items[d.head];
  d.items[d.head] = undefined as T;
  d.head += 1;
  if (d.head === d.items.length) {
    clearArray(d.items);
    d.head = 0;
  } else if (d.head >= 1024 && d.head * 2 >= d.items.length) {
    d.items = d.items.slice(d.head);
    d.head = 0;
  }
  return item;
}

/**
 * Empties an array. A short one is popped: setting `length = 0` calls into the runtime and
 * drops the backing store, several times the cost of the pops for the one or two items a
 * queue that keeps up holds (a FIFO group, the visible list, the receipts in flight).
 */
export function clearArray<T>(a: T[]): void {
  if (a.length > 16) a.length = 0;
  else while (a.length > 0) a.pop();
}

/** Inserts keeping ascending order of `rank` (the items are assumed sorted by it). */
export function insertSorted<T>(d: Deque<T>, item: T, rank: (x: T) => number): void {
  const r = rank(item);
  let lo = d.head;
  let hi = d.items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rank(d.items[mid]) <= r) lo = mid + 1;
    else hi = mid;
  }
  if (lo === d.head && d.head > 0) d.items[--d.head] = item;
  else d.items.splice(lo, 0, item);
}

/** Removes the first item for which `match` holds; true when one was removed. */
export function removeWhere<T>(d: Deque<T>, match: (x: T) => boolean): boolean {
  for (let i = d.head; i < d.items.length; i++) {
    if (match(d.items[i])) {
      d.items.splice(i, 1);
      return true;
    }
  }
  return false;
}

/** The live items, front first (a copy). */
export function dequeItems<T>(d: Deque<T>): T[] {
  return d.items.slice(d.head);
}

// ---- min-heap by (atMs, seq) --------------------------------------------------------------

export interface Timed {
  atMs: number;
  seq: number;
}

function earlier(a: Timed, b: Timed): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export function heapPush<T extends Timed>(heap: T[], item: T): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!earlier(item, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = item;
}

export function heapPop<T extends Timed>(heap: T[]): T | undefined {
  if (heap.length === 0) return undefined;
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && earlier(heap[r], heap[l]) ? r : l;
      if (!earlier(heap[c], last)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

export function heapTopMs<T extends Timed>(heap: T[]): number {
  return heap.length > 0 ? heap[0].atMs : Number.POSITIVE_INFINITY;
}
