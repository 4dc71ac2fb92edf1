/**
 * The iteration order of a java.util.HashMap (or HashSet) with String keys, for the places where Kafka's
 * assignors walk such a map and their output depends on it. Follows OpenJDK 8+: String.hashCode over UTF-16
 * code units, the spread `h ^ (h >>> 16)`, bucket `(n - 1) & hash`, a table of 16 buckets that doubles once
 * the size passes 0.75 × capacity (a resize splits each bucket into a low and a high one, keeping order),
 * new keys appended at the tail of their bucket, iteration bucket by bucket.
 */

const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
/** A bucket reaching this many entries is treeified (or, below 64 buckets, the table is resized instead). */
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** java.lang.String.hashCode: s[0]·31^(n−1) + … + s[n−1] in 32-bit two's complement. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.hash: folds the high half into the low half, because the bucket index only reads the low bits. */
export function javaHashMapHash(key: string): number {
  const h = javaStringHashCode(key);
  return h ^ (h >>> 16);
}

/** HashMap.tableSizeFor: the smallest power of two ≥ the requested capacity (at least 1). */
function tableSizeFor(capacity: number): number {
  let n = 1;
  while (n < capacity) n *= 2;
  return n;
}

/**
 * The order in which `for (K key : map.keySet())` visits `keys`, inserted in the given order into
 * `new HashMap<>(initialCapacity)` (default `new HashMap<>()`). Re-inserting a key keeps its place, as
 * `put` on an existing key does. Treeified buckets (8+ colliding keys in a table of 64+) keep insertion order
 * here, which matches Java only while such a bucket is not rebalanced; Kafka's small groups never get there.
 */
export function javaHashMapOrder(keys: readonly string[], initialCapacity = DEFAULT_CAPACITY): string[] {
  let capacity = tableSizeFor(initialCapacity);
  let table: { key: string; hash: number }[][] = Array.from({ length: capacity }, () => []);
  const present = new Set<string>();

  const resize = () => {
    const oldCapacity = capacity;
    capacity *= 2;
    const next: { key: string; hash: number }[][] = Array.from({ length: capacity }, () => []);
    // Each bucket splits by the one new index bit: low entries stay at j, high ones move to j + oldCapacity.
    for (let j = 0; j < oldCapacity; j++) {
      for (const entry of table[j]) next[(entry.hash & oldCapacity) === 0 ? j : j + oldCapacity].push(entry);
    }
    table = next;
  };

  for (const key of keys) {
    if (present.has(key)) continue;
    present.add(key);
    const hash = javaHashMapHash(key);
    const bucket = table[(capacity - 1) & hash];
    bucket.push({ key, hash });
    // putVal calls treeifyBin once a bucket holds more than TREEIFY_THRESHOLD entries; below
    // MIN_TREEIFY_CAPACITY buckets that resizes the table instead.
    if (bucket.length > TREEIFY_THRESHOLD && capacity < MIN_TREEIFY_CAPACITY) resize();
    if (present.size > capacity * LOAD_FACTOR) resize();
  }
  return table.flatMap((bucket) => bucket.map((entry) => entry.key));
}
