import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import type { KeysConfig } from '../scenario/config';
import { createKeySampler, describeKeys, keyString, partitionOfIndex, sampleKeyIndex } from './keys';
import { partitionForKey } from './murmur2';

const SAMPLES = 10_000;

/** Draws `n` keys and counts them. */
const countKeys = (config: KeysConfig, partitions: number, seed = 1, n = SAMPLES) => {
  const sampler = createKeySampler(config, partitions);
  const rng = new Rng(seed);
  const counts = new Map<string | null, number>();
  for (let i = 0; i < n; i++) {
    const key = keyString(sampler, sampleKeyIndex(sampler, rng));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};
const sortedShares = (counts: Map<unknown, number>) =>
  [...counts.values()].sort((a, b) => b - a).map((c) => c / SAMPLES);

describe('key samplers', () => {
  it('uniform keys spread evenly: no key takes much more than 1/count', () => {
    const shares = sortedShares(countKeys({ type: 'uniform', count: 20, prefix: 'k-' }, 6));
    expect(shares).toHaveLength(20);
    expect(shares[0]).toBeLessThan(0.065);
    expect(shares[19]).toBeGreaterThan(0.035);
  });

  it.each<[number, number]>([
    [1.1, 0.08],
    [2, 0.5],
  ])('zipf(%s) over 1000 keys is skewed: the top key takes its 1/H share (> %s)', (exponent, minTopShare) => {
    const counts = countKeys({ type: 'zipf', count: 1000, exponent, prefix: 'k-' }, 6);
    let harmonic = 0;
    for (let i = 1; i <= 1000; i++) harmonic += 1 / i ** exponent;
    const top = (counts.get('k-0') ?? 0) / SAMPLES;
    expect(top).toBeGreaterThan(minTopShare);
    expect(Math.abs(top - 1 / harmonic)).toBeLessThan(0.02);
    // Rank 2 gets 1/2^s of rank 1.
    const second = (counts.get('k-1') ?? 0) / SAMPLES;
    expect(Math.abs(second / top - 1 / 2 ** exponent)).toBeLessThan(0.12);
  });

  it('zipf(0) is uniform', () => {
    const shares = sortedShares(countKeys({ type: 'zipf', count: 10, exponent: 0, prefix: 'k-' }, 6));
    expect(shares[0] - shares[9]).toBeLessThan(0.03);
  });

  it.each([0.1, 0.6, 0.95])('a hot key with share %s takes that share of 10k samples', (share) => {
    const counts = countKeys({ type: 'hot', count: 500, hotKey: 'merchant-42', share, prefix: 'order-' }, 6);
    expect(Math.abs((counts.get('merchant-42') ?? 0) / SAMPLES - share)).toBeLessThan(0.02);
    // The rest stays uniform over the ordinary keys.
    for (const [key, count] of counts) if (key !== 'merchant-42') expect(count / SAMPLES).toBeLessThan(0.02);
  });

  it('null keys sample as null', () => {
    const counts = countKeys({ type: 'null' }, 6, 1, 100);
    expect([...counts.entries()]).toEqual([[null, 100]]);
  });

  it('keys read as the prefix followed by the key index', () => {
    const sampler = createKeySampler({ type: 'uniform', count: 10, prefix: 'order-' }, 3);
    expect(keyString(sampler, 7)).toBe('order-7');
    expect(keyString(sampler, 7)).toBe('order-7'); // cached
  });

  it.each<[string, KeysConfig, number]>([
    ['uniform', { type: 'uniform', count: 300, prefix: 'order-' }, 6],
    ['zipf', { type: 'zipf', count: 300, exponent: 1.1, prefix: 'user-' }, 7],
    ['hot', { type: 'hot', count: 300, hotKey: 'merchant-42', share: 0.5, prefix: 'order-' }, 12],
    ['uniform beyond the partition cache', { type: 'uniform', count: 300_000, prefix: 'k' }, 5],
  ])('the partition of every %s key is murmur2 partitionForKey', (_name, config, partitions) => {
    const sampler = createKeySampler(config, partitions);
    const rng = new Rng(2);
    for (let i = 0; i < 2000; i++) {
      const index = sampleKeyIndex(sampler, rng);
      const key = keyString(sampler, index)!;
      expect(partitionOfIndex(sampler, index), key).toBe(partitionForKey(key, partitions));
    }
  });

  it('matches the reference vectors: "key-0" and "user-42" land on partition 1 of 3', () => {
    const sampler = createKeySampler({ type: 'uniform', count: 100, prefix: 'key-' }, 3);
    expect(partitionOfIndex(sampler, 0)).toBe(1);
    const users = createKeySampler({ type: 'uniform', count: 100, prefix: 'user-' }, 6);
    expect(partitionOfIndex(users, 42)).toBe(4);
  });

  it('describes each key distribution in words', () => {
    expect(describeKeys({ type: 'null' })).toContain('null');
    expect(describeKeys({ type: 'zipf', count: 5, exponent: 1.1, prefix: '' })).toBe('Zipf(1.1) over 5 keys');
    expect(describeKeys({ type: 'hot', count: 5, hotKey: 'h', share: 0.6, prefix: '' })).toContain('60%');
  });
});
