// In-flight messages by receipt handle, for the SQS backend's hot path. Receipts come from one
// broker-wide counter, so a queue sees them increasing: a window array indexed by receipt −
// `offset` holds them (set is a push, delete nulls a slot and slides past the leading holes),
// and a Map keeps the few that stay in flight long enough to pin a window much larger than
// what is live. Iteration is in receipt order, the insertion order of the Map it replaces.
// Plain data (arrays, a Map, numbers): checkpoints clone it with the world.

import { clearArray } from './deque';

export interface ReceiptIndex<T> {
  /** Window slots; slot `head + i` holds receipt `offset + i` (null: settled, or another queue's). */
  slots: (T | null)[];
  head: number;
  offset: number;
  /** Live entries in the sliding range. */
  live: number;
  /** Receipts below `offset` still in flight, in receipt order. */
  old: Map<number, T>;
}

/** Window length past which the oldest live entries move to `old` (besides 4 × live). */
const SLACK = 4096;

export function createReceiptIndex<T>(): ReceiptIndex<T> {
  return { slots: [], head: 0, offset: 0, live: 0, old: new Map() };
}

export function receiptGet<T>(r: ReceiptIndex<T>, receipt: number): T | undefined {
  if (receipt < r.offset) return r.old.get(receipt);
  const i = r.head + (receipt - r.offset);
  return i < r.slots.length ? (r.slots[i] ?? undefined) : undefined;
}

/** Adds a receipt above every one added before. */
export function receiptSet<T>(r: ReceiptIndex<T>, receipt: number, item: T): void {
  if (r.live === 0 && r.head === r.slots.length) {
    // Empty window: restart it at this receipt.
    clearArray(r.slots);
    r.head = 0;
    r.offset = receipt;
  }
  const i = r.head + (receipt - r.offset);
  if (i < r.slots.length) throw new Error(`receipt ${receipt} is not above the last one`);
  while (r.slots.length < i) r.slots.push(null);
  r.slots.push(item);
  r.live += 1;
  if (r.slots.length - r.head > 4 * r.live + SLACK) spill(r);
}

export function receiptDelete<T>(r: ReceiptIndex<T>, receipt: number): void {
  if (receipt < r.offset) {
    r.old.delete(receipt);
    return;
  }
  const i = r.head + (receipt - r.offset);
  if (i >= r.slots.length || r.slots[i] === null) return;
  r.slots[i] = null;
  r.live -= 1;
  slide(r);
}

/** Drops leading holes; compacts the array once most of it is behind the head. */
function slide<T>(r: ReceiptIndex<T>): void {
  while (r.head < r.slots.length && r.slots[r.head] === null) {
    r.head += 1;
    r.offset += 1;
  }
  if (r.head === r.slots.length) {
    clearArray(r.slots);
    r.head = 0;
  } else if (r.head >= 1024 && r.head * 2 >= r.slots.length) {
    r.slots = r.slots.slice(r.head);
    r.head = 0;
  }
}

/** Moves the oldest live entries to `old` until the window is at most twice what is live. */
function spill<T>(r: ReceiptIndex<T>): void {
  while (r.slots.length - r.head > 2 * r.live + 1 && r.live > 0) {
    const item = r.slots[r.head];
    if (item !== null) {
      r.old.set(r.offset, item);
      r.slots[r.head] = null;
      r.live -= 1;
    }
    slide(r);
  }
}

/** Every entry, in receipt order. */
export function* receiptValues<T>(r: ReceiptIndex<T>): Generator<T> {
  yield* r.old.values();
  for (let i = r.head; i < r.slots.length; i++) {
    const item = r.slots[i];
    if (item !== null) yield item;
  }
}
