// Per-key order at the sink. A record is out of order when its side effect is applied for
// the first time after a later record of the same key (same partition, higher offset) had
// been applied. Re-applications (redeliveries after a crash) are duplicates, counted by
// the sink, not here. Unkeyed records promise no per-key order and are not tracked.
//
// One number per key: the partition and the highest offset applied, packed into a double.
// A key whose records move to another partition (partitions added) starts over there: the
// offsets of two partitions cannot be compared. Pruning drops keys whose highest applied
// offset is below every offset the group can still apply for the first time in that
// partition, so unique-key workloads keep bounded memory; it runs when the map has doubled
// since the last pruning, so its cost is amortised.

const PARTITION_STRIDE = 2 ** 32;
const PRUNE_MIN_SIZE = 1 << 14;

export interface OrderTracker {
  highest: Map<string, number>;
  outOfOrder: number;
  /** Map size after the last pruning (the next one waits until it has doubled). */
  prunedAtSize: number;
}

export function createOrderTracker(): OrderTracker {
  return { highest: new Map(), outOfOrder: 0, prunedAtSize: 0 };
}

/** Notes a first application; returns true when it came after a later record of its key. */
export function noteFirstApplication(
  t: OrderTracker,
  key: string | null,
  partition: number,
  offset: number,
): boolean {
  if (key === null) return false;
  const packed = partition * PARTITION_STRIDE + offset;
  const previous = t.highest.get(key);
  if (
    previous === undefined ||
    previous < partition * PARTITION_STRIDE ||
    previous >= (partition + 1) * PARTITION_STRIDE
  ) {
    t.highest.set(key, packed);
    return false;
  }
  if (offset > previous - partition * PARTITION_STRIDE) {
    t.highest.set(key, packed);
    return false;
  }
  t.outOfOrder += 1;
  return true;
}

/** True when the tracker has grown enough since its last pruning to be worth pruning. */
export function isPruneDue(t: OrderTracker): boolean {
  return t.highest.size >= PRUNE_MIN_SIZE && t.highest.size >= 2 * t.prunedAtSize;
}

/**
 * Drops every key whose highest applied offset is below `minLiveOffset[partition]`, the
 * lowest offset that can still be applied for the first time there.
 */
export function pruneOrder(t: OrderTracker, minLiveOffset: readonly number[]): void {
  for (const [key, packed] of t.highest) {
    const partition = Math.floor(packed / PARTITION_STRIDE);
    const limit = minLiveOffset[partition];
    if (limit !== undefined && packed - partition * PARTITION_STRIDE < limit) t.highest.delete(key);
  }
  t.prunedAtSize = t.highest.size;
}
