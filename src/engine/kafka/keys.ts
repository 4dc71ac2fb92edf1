// Record keys for a producer workload: uniform over N keys, Zipf(s) over N keys (a few
// keys dominate, as real customer or product ids do), an explicit hot key taking a share
// of traffic, or null keys. Keys are `${prefix}${index}`; partitions of keyed records are
// cached per key index so the partitioner runs once per key, not once per record.

import type { Rng } from '../core/rng';
import type { KeysConfig } from '../scenario/config';
import { partitionForKey } from './murmur2';

const CACHE_LIMIT = 200_000;

export interface KeySampler {
  config: KeysConfig;
  partitions: number;
  /** Zipf cumulative distribution, or null. */
  cdf: Float64Array | null;
  /** partition per key index, -1 when not computed yet. */
  partitionCache: Int16Array | null;
  /** Interned key strings per index (bounded like the partition cache). */
  keyCache: (string | undefined)[] | null;
  hotPartition: number;
}

export function createKeySampler(config: KeysConfig, partitions: number): KeySampler {
  let cdf: Float64Array | null = null;
  if (config.type === 'zipf') {
    cdf = new Float64Array(config.count);
    let sum = 0;
    for (let i = 0; i < config.count; i++) {
      sum += 1 / (i + 1) ** config.exponent;
      cdf[i] = sum;
    }
    for (let i = 0; i < config.count; i++) cdf[i] /= sum;
  }
  const count = config.type === 'null' ? 0 : config.count;
  const partitionCache = count > 0 && count <= CACHE_LIMIT ? new Int16Array(count).fill(-1) : null;
  const hotPartition = config.type === 'hot' ? partitionForKey(config.hotKey, partitions) : -1;
  const keyCache = partitionCache ? new Array<string | undefined>(count) : null;
  return { config, partitions, cdf, partitionCache, keyCache, hotPartition };
}

/** Key index for the next record: -1 for the hot key, -2 for a null key. */
export function sampleKeyIndex(s: KeySampler, rng: Rng): number {
  const c = s.config;
  switch (c.type) {
    case 'null':
      return -2;
    case 'uniform':
      return rng.int(c.count);
    case 'hot':
      return rng.float() < c.share ? -1 : rng.int(c.count);
    case 'zipf': {
      const cdf = s.cdf!;
      const u = rng.float();
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
  }
}

export function keyString(s: KeySampler, index: number): string | null {
  const c = s.config;
  if (index === -2 || c.type === 'null') return null;
  if (index === -1 && c.type === 'hot') return c.hotKey;
  const cache = s.keyCache;
  if (cache) {
    const cached = cache[index];
    if (cached !== undefined) return cached;
    const key = `${c.prefix}${index}`;
    cache[index] = key;
    return key;
  }
  return `${c.prefix}${index}`;
}

export function partitionOfIndex(s: KeySampler, index: number): number {
  if (index === -1) return s.hotPartition;
  const cache = s.partitionCache;
  if (cache) {
    const cached = cache[index];
    if (cached >= 0) return cached;
    const p = partitionForKey(keyString(s, index)!, s.partitions);
    cache[index] = p;
    return p;
  }
  return partitionForKey(keyString(s, index)!, s.partitions);
}

export function describeKeys(c: KeysConfig): string {
  switch (c.type) {
    case 'null':
      return 'null keys (sticky partitioner)';
    case 'uniform':
      return `uniform over ${c.count} keys`;
    case 'zipf':
      return `Zipf(${c.exponent}) over ${c.count} keys`;
    case 'hot':
      return `hot key "${c.hotKey}" at ${Math.round(c.share * 100)}% + uniform over ${c.count}`;
  }
}
