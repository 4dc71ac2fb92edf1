// Plain-data containers for the broker's hot path: a growable ring deque and a binary
// min-heap over messages. Both are arrays and numbers only, so checkpoints structuredClone
// them, and pushing or popping allocates nothing beyond the occasional doubling of an array.

/** A FIFO deque over a power-of-two array. `tags` is a parallel lane of numbers. */
export interface Ring<T> {
  items: (T | null)[];
  tags: number[];
  head: number;
  size: number;
}

export function createRing<T>(capacity = 16): Ring<T> {
  return {
    items: new Array<T | null>(capacity).fill(null),
    tags: new Array<number>(capacity).fill(0),
    head: 0,
    size: 0,
  };
}

function grow<T>(r: Ring<T>): void {
  const n = r.items.length;
  const items = new Array<T | null>(n * 2).fill(null);
  const tags = new Array<number>(n * 2).fill(0);
  for (let i = 0; i < r.size; i++) {
    const j = (r.head + i) & (n - 1);
    items[i] = r.items[j];
    tags[i] = r.tags[j];
  }
  r.items = items;
  r.tags = tags;
  r.head = 0;
}

export function ringPush<T>(r: Ring<T>, item: T, tag = 0): void {
  if (r.size === r.items.length) grow(r);
  const j = (r.head + r.size) & (r.items.length - 1);
  r.items[j] = item;
  r.tags[j] = tag;
  r.size++;
}

/** The i-th item from the head (0 = head). */
export function ringAt<T>(r: Ring<T>, i: number): T {
  return r.items[(r.head + i) & (r.items.length - 1)] as T;
}

export function ringTagAt<T>(r: Ring<T>, i: number): number {
  return r.tags[(r.head + i) & (r.items.length - 1)];
}

export function ringShift<T>(r: Ring<T>): T | undefined {
  if (r.size === 0) return undefined;
  const item = r.items[r.head] as T;
  r.items[r.head] = null;
  r.head = (r.head + 1) & (r.items.length - 1);
  r.size--;
  return item;
}

/**
 * A binary min-heap ordered by (key, tie), each entry carrying a token. Keys are copied in at
 * push time (parallel number arrays, no wrapper objects), so later changes to the item do not
 * break the heap; the token lets the owner recognise an entry that went stale.
 */
export interface Heap<T> {
  keys: number[];
  ties: number[];
  tokens: number[];
  items: T[];
}

export function createHeap<T>(): Heap<T> {
  return { keys: [], ties: [], tokens: [], items: [] };
}

function before(h: Heap<unknown>, i: number, key: number, tie: number): boolean {
  return h.keys[i] < key || (h.keys[i] === key && h.ties[i] < tie);
}

function put<T>(h: Heap<T>, i: number, key: number, tie: number, token: number, item: T): void {
  h.keys[i] = key;
  h.ties[i] = tie;
  h.tokens[i] = token;
  h.items[i] = item;
}

function move<T>(h: Heap<T>, from: number, to: number): void {
  put(h, to, h.keys[from], h.ties[from], h.tokens[from], h.items[from]);
}

export function heapPush<T>(h: Heap<T>, item: T, key: number, tie: number, token: number): void {
  let i = h.items.length;
  h.items.push(item);
  h.keys.push(key);
  h.ties.push(tie);
  h.tokens.push(token);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (before(h, parent, key, tie) || (h.keys[parent] === key && h.ties[parent] === tie)) break;
    move(h, parent, i);
    i = parent;
  }
  put(h, i, key, tie, token, item);
}

/** Removes the top entry. */
export function heapPop<T>(h: Heap<T>): void {
  const n = h.items.length - 1;
  if (n < 0) return;
  const key = h.keys[n];
  const tie = h.ties[n];
  const token = h.tokens[n];
  const item = h.items[n];
  h.items.pop();
  h.keys.pop();
  h.ties.pop();
  h.tokens.pop();
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(h, r, h.keys[l], h.ties[l]) ? r : l;
    if (!before(h, c, key, tie)) break;
    move(h, c, i);
    i = c;
  }
  put(h, i, key, tie, token, item);
}
