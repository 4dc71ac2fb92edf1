// A log-bucketed latency histogram (about 4% relative precision, 0 ms to ~days) in a
// fixed Float64Array, so recording is O(1) and memory never grows. Percentiles are read
// by a cumulative scan, like HdrHistogram with a coarse precision.

const GROWTH = 1.04;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 600;

export interface Histogram {
  counts: Float64Array;
  count: number;
  max: number;
}

export function createHistogram(): Histogram {
  return { counts: new Float64Array(BUCKETS), count: 0, max: 0 };
}

function bucketOf(valueMs: number): number {
  if (valueMs < 1) return 0;
  const b = 1 + Math.floor(Math.log(valueMs) / LOG_GROWTH);
  return b < BUCKETS ? b : BUCKETS - 1;
}

/** The representative value of a bucket: the geometric middle of its range. */
function bucketValue(bucket: number): number {
  if (bucket === 0) return 0.5;
  return GROWTH ** (bucket - 0.5);
}

export function record(h: Histogram, valueMs: number): void {
  h.counts[bucketOf(valueMs)] += 1;
  h.count += 1;
  if (valueMs > h.max) h.max = valueMs;
}

export function percentile(h: Histogram, p: number): number {
  if (h.count === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * h.count));
  let seen = 0;
  for (let b = 0; b < BUCKETS; b++) {
    seen += h.counts[b];
    if (seen >= rank) return Math.min(bucketValue(b), h.max);
  }
  return h.max;
}

export function reset(h: Histogram): void {
  h.counts.fill(0);
  h.count = 0;
  h.max = 0;
}

export function merge(into: Histogram, from: Histogram): void {
  for (let b = 0; b < BUCKETS; b++) into.counts[b] += from.counts[b];
  into.count += from.count;
  if (from.max > into.max) into.max = from.max;
}

/**
 * Percentiles of several histograms taken together (`ps` ascending), in one scan and
 * without merging them into a new one.
 */
export function percentilesOf(hs: readonly Histogram[], ps: readonly number[]): number[] {
  let count = 0;
  let max = 0;
  for (const h of hs) {
    count += h.count;
    if (h.max > max) max = h.max;
  }
  const out = ps.map(() => 0);
  if (count === 0) return out;
  const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * count)));
  let next = 0;
  let seen = 0;
  for (let b = 0; b < BUCKETS && next < ranks.length; b++) {
    for (const h of hs) seen += h.counts[b];
    while (next < ranks.length && seen >= ranks[next]) out[next++] = Math.min(bucketValue(b), max);
  }
  while (next < ranks.length) out[next++] = max;
  return out;
}
