// Per-message-id counters in fixed-size chunks (message ids are dense integers). The sink
// counts how many times each message's side effect was applied; the idempotency store is
// the same structure holding 0/1. Chunks far below every live record can be pruned, so a
// long run with bounded retention keeps bounded memory; ids that can come back later
// (dead-lettered, in a retry topic, redriven) are pinned first and survive pruning.

const CHUNK_BITS = 14;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

export interface IdCounter {
  chunks: Record<number, Uint16Array>;
  /** Chunks below this index were pruned; their pinned ids live in `pinned`. */
  prunedBelow: number;
  pinned: Record<number, number>;
  /** Distinct ids with a count ≥ 1 and ≥ 2, and the sum of all counts. */
  distinct: number;
  repeated: number;
  total: number;
}

export function createIdCounter(): IdCounter {
  return { chunks: {}, prunedBelow: 0, pinned: {}, distinct: 0, repeated: 0, total: 0 };
}

export function countOf(c: IdCounter, id: number): number {
  const chunkIndex = id >>> CHUNK_BITS;
  if (chunkIndex < c.prunedBelow) return c.pinned[id] ?? 0;
  const chunk = c.chunks[chunkIndex];
  return chunk ? chunk[id & CHUNK_MASK] : 0;
}

/** Adds one to the id's count and returns the new count. */
export function increment(c: IdCounter, id: number): number {
  const chunkIndex = id >>> CHUNK_BITS;
  let next: number;
  if (chunkIndex < c.prunedBelow) {
    next = (c.pinned[id] ?? 0) + 1;
    c.pinned[id] = next;
  } else {
    let chunk = c.chunks[chunkIndex];
    if (!chunk) {
      chunk = new Uint16Array(CHUNK_SIZE);
      c.chunks[chunkIndex] = chunk;
    }
    const i = id & CHUNK_MASK;
    next = chunk[i] < 0xffff ? chunk[i] + 1 : 0xffff;
    chunk[i] = next;
  }
  c.total += 1;
  if (next === 1) c.distinct += 1;
  else if (next === 2) c.repeated += 1;
  return next;
}

/** Keeps an id's count reachable after its chunk is pruned. */
export function pin(c: IdCounter, id: number): void {
  if (!(id in c.pinned)) c.pinned[id] = countOf(c, id);
}

/** Drops every chunk whose ids are all below `minLiveId`; totals are kept. */
export function pruneBelow(c: IdCounter, minLiveId: number): void {
  const limit = minLiveId >>> CHUNK_BITS;
  if (limit <= c.prunedBelow) return;
  for (const key of Object.keys(c.pinned)) {
    const id = Number(key);
    const chunkIndex = id >>> CHUNK_BITS;
    if (chunkIndex >= c.prunedBelow && chunkIndex < limit)
      c.pinned[id] = c.chunks[chunkIndex]?.[id & CHUNK_MASK] ?? 0;
  }
  for (let i = c.prunedBelow; i < limit; i++) delete c.chunks[i];
  c.prunedBelow = limit;
}
