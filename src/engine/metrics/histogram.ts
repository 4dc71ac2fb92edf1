// A log-bucketed latency histogram (about 4% relative precision, 0 ms to ~days) in a
// fixed Uint32Array (2.4 kB, copied into every checkpoint), so recording is O(1) and memory
// never grows. Percentiles are read by a cumulative scan, like HdrHistogram with a coarse
// precision. A bucket saturates at 2^32 − 1 instead of wrapping.

const GROWTH = 1.04;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 600;
const MAX_COUNT = 0xffffffff;

export interface Histogram {
  counts: Uint32Array;
  count: number;
  max: number;
}

export function createHistogram(): Histogram {
  return { counts: new Uint32Array(BUCKETS), count: 0, max: 0 };
}

function bucketByLog(valueMs: number): number {
  const b = 1 + Math.floor(Math.log(valueMs) / LOG_GROWTH);
  return b < BUCKETS ? b : BUCKETS - 1;
}

// Below TABLE_MS a lookup by the whole milliseconds and a step or two up the bucket bounds
// replace the logarithm: recording sits on the engine's hot path (several per message).
const TABLE_MS = 4096;
const LOWER_BOUND = Float64Array.from({ length: BUCKETS + 1 }, (_, b) =>
  b === 0 ? 0 : Math.exp((b - 1) * LOG_GROWTH),
);
const BUCKET_OF_MS = Uint16Array.from({ length: TABLE_MS }, (_, ms) => (ms < 1 ? 0 : bucketByLog(ms)));

export function bucketOf(valueMs: number): number {
  if (valueMs < 1) return 0;
  if (valueMs >= TABLE_MS) return bucketByLog(valueMs);
  let b = BUCKET_OF_MS[valueMs | 0];
  while (valueMs >= LOWER_BOUND[b + 1]) b++;
  return b;
}

/** The representative value of a bucket: the geometric middle of its range. */
function bucketValue(bucket: number): number {
  if (bucket === 0) return 0.5;
  return GROWTH ** (bucket - 0.5);
}

export function record(h: Histogram, valueMs: number): void {
  recordInBucket(h, bucketOf(valueMs), valueMs);
}

/** Records a value whose bucket is known (one bucketOf for several histograms). */
export function recordInBucket(h: Histogram, b: number, valueMs: number): void {
  if (h.counts[b] < MAX_COUNT) h.counts[b] += 1;
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
  for (let b = 0; b < BUCKETS; b++) into.counts[b] = Math.min(MAX_COUNT, into.counts[b] + from.counts[b]);
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
