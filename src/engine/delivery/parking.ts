// Per-key parking (retry.mode 'park-key'): while one record of a key is retrying, the
// key's later records wait behind it in a parking store instead of being processed, so the
// key stays in order; records of other keys keep flowing through the partition. When the
// retrying record is applied or given up (dead-lettered or skipped), the key's parked
// records are released in order. This is how Uber-style and "parking lot" designs keep
// per-key order with non-blocking retries. Unkeyed records retry like retry topics.

import type { BatchEntry, GroupRt } from '../world';

/** True when the record's key has a record retrying: it must wait behind it. */
export function isKeyParked(g: GroupRt, entry: BatchEntry): boolean {
  const key = entry.record.key;
  return key !== null && g.parked[key] !== undefined;
}

/** A record of this key failed and is retrying: later records of the key will wait. */
export function parkKey(g: GroupRt, key: string | null): void {
  if (key !== null && g.parked[key] === undefined) g.parked[key] = [];
}

/** Puts a record behind its key's retrying record. */
export function parkBehind(g: GroupRt, entry: BatchEntry): void {
  const key = entry.record.key;
  if (key === null) return;
  const list = g.parked[key] ?? [];
  g.parked[key] = list;
  list.push({ ...entry, attempt: 1, firstErrorAtMs: -1, isRedelivery: false });
  g.parkedCount += 1;
}

/** The key's next parked record, or null (and the key is free again) when none is left. */
export function takeParked(g: GroupRt, key: string): BatchEntry | null {
  const list = g.parked[key];
  if (!list) return null;
  const next = list.shift();
  if (!next) {
    delete g.parked[key];
    return null;
  }
  g.parkedCount -= 1;
  return next;
}

/** Every parked record (for in-flight counts and pruning limits). */
export function parkedEntries(g: GroupRt): BatchEntry[] {
  const out: BatchEntry[] = [];
  for (const key in g.parked) for (const e of g.parked[key]) out.push(e);
  return out;
}
