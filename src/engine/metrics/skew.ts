// Partition skew: which partitions of a group are hot, and the median they are compared
// with. The engine's `isSkewed` alert and the Lag tab's hot-partition marks both come from
// here, so they always agree. Kafka has no such metric; lag exporters (Burrow, Lag Exporter)
// alert on one partition far behind the others, which is what this follows.

/** A partition counts as hot when its lag passes 5× the median partition lag… */
export const SKEW_THRESHOLD = 5;
/** …and at least this many records, or one second of typical partition traffic. */
export const SKEW_MIN_LAG = 20;

export interface LagSkew {
  /** Median partition lag (the mean of the middle two for an even count). */
  medianLag: number;
  maxLag: number;
  /**
   * max / median partition lag; null when the median is 0 (half the partitions or more
   * have no lag): a ratio to nothing is undefined, however far behind the max is.
   */
  skew: number | null;
  /** Partitions whose lag is hot, in partition order. */
  hotPartitions: number[];
  /** True when the topic has more than one partition and one of them is hot. */
  isSkewed: boolean;
}

/**
 * Computes skew from lag per partition. `producedPerSec` is the topic's produce rate: a
 * partition must be a second of typical per-partition traffic behind, so jitter at high
 * rates is not called skew.
 */
export function lagSkew(lagByPartition: readonly number[], producedPerSec = 0): LagSkew {
  const n = lagByPartition.length;
  const sorted = [...lagByPartition].sort((a, b) => a - b);
  const medianLag = n === 0 ? 0 : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const maxLag = sorted[n - 1] ?? 0;
  const skew = medianLag === 0 ? null : maxLag / medianLag;
  const floor = Math.max(
    SKEW_THRESHOLD * Math.max(medianLag, 1),
    SKEW_MIN_LAG,
    n > 0 ? producedPerSec / n : 0,
  );
  const hotPartitions: number[] = [];
  for (let p = 0; p < n; p++) if (lagByPartition[p] >= floor) hotPartitions.push(p);
  return { medianLag, maxLag, skew, hotPartitions, isSkewed: n > 1 && hotPartitions.length > 0 };
}

/** Kafka's name for a topic-partition, as its tools print it: `orders-3`. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
