/**
 * Kafka's default partitioner for keyed records: `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`
 * (KafkaProducer.partition() → BuiltInPartitioner.partitionForKey). The hash is a bit-exact port of
 * `org.apache.kafka.common.utils.Utils.murmur2` over the UTF-8 bytes that StringSerializer produces.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Keys up to this many UTF-8 bytes are hashed from a reused buffer; longer ones allocate. */
const SCRATCH_BYTES = 1024;
const scratch = new Uint8Array(SCRATCH_BYTES);
const encoder = new TextEncoder();

/** UTF-8 bytes of `s`, as Kafka's StringSerializer (default encoding UTF-8) would send them. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Java ints overflow silently, so every multiply goes through Math.imul and every shift result is
 * folded back to a signed 32-bit value; the result is a Java `int` (may be negative).
 */
function murmur2Prefix(data: Uint8Array, length: number): number {
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // Java's fall-through switch over length % 4, written as cascading ifs.
  const tail = length & ~3;
  const remaining = length & 3;
  if (remaining === 3) h ^= data[tail + 2] << 16;
  if (remaining >= 2) h ^= data[tail + 1] << 8;
  if (remaining >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** Kafka's `Utils.murmur2(byte[])`: signed 32-bit result. */
export function murmur2(bytes: Uint8Array): number {
  return murmur2Prefix(bytes, bytes.length);
}

/** Kafka's `Utils.toPositive`: clears the sign bit. Not Math.abs: toPositive(-1) is 2147483647. */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * murmur2 of the UTF-8 bytes of `key` without allocating: ASCII keys are copied char by char (a char
 * code below 0x80 is its own UTF-8 byte); other keys are encoded into the same buffer with encodeInto.
 */
export function murmur2String(key: string): number {
  const length = key.length;
  if (length <= SCRATCH_BYTES) {
    let isAscii = true;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      if (code >= 0x80) {
        isAscii = false;
        break;
      }
      scratch[i] = code;
    }
    if (isAscii) return murmur2Prefix(scratch, length);
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so this fits whenever it can.
    if (length * 3 <= SCRATCH_BYTES) {
      const { written } = encoder.encodeInto(key, scratch);
      return murmur2Prefix(scratch, written);
    }
  }
  return murmur2(utf8(key));
}

/** The partition Kafka's default partitioner picks for a non-null String key. */
export function partitionForKey(key: string, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions <= 0) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return toPositive(murmur2String(key)) % numPartitions;
}
