import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, murmur2String, partitionForKey, toPositive, utf8 } from './murmur2';

describe('murmur2', () => {
  // Kafka's UtilsTest.testMurmur2 vectors.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j to %i like Kafka Utils.murmur2', (key, expected) => {
    expect(murmur2(utf8(key))).toBe(expected);
    expect(murmur2String(key)).toBe(expected);
  });

  it('hashes non-ASCII keys over their UTF-8 bytes, as StringSerializer sends them', () => {
    expect([...utf8('é')]).toEqual([0xc3, 0xa9]);
    expect([...utf8('🙂')]).toEqual([0xf0, 0x9f, 0x99, 0x82]);
    for (const key of ['é', 'café', '🙂', 'ключ-7', 'user-🙂-é']) {
      expect(murmur2String(key)).toBe(murmur2(utf8(key)));
    }
  });

  it('agrees with hashing TextEncoder bytes for any string, short or long', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (key) => {
        expect(murmur2String(key)).toBe(murmur2(utf8(key)));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a signed 32-bit integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = murmur2(bytes);
        expect(h | 0).toBe(h);
      }),
      { numRuns: 300 },
    );
  });
});

describe('toPositive', () => {
  it('clears the sign bit instead of taking the absolute value', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(Math.abs(-1)).toBe(1);
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(479470107)).toBe(479470107);
    expect(toPositive(-2147483648)).toBe(0);
  });

  it('sends "21" to partition 0 of 3, where Math.abs would send it to 2', () => {
    expect(partitionForKey('21', 3)).toBe(0);
    expect(Math.abs(murmur2String('21')) % 3).toBe(2);
  });
});

describe('partitionForKey', () => {
  it.each([
    ['21', 3, 0],
    ['foobar', 3, 0],
    ['abc', 3, 0],
    ['key-0', 3, 1],
    ['user-42', 3, 1],
    ['abc', 6, 3],
    ['user-42', 6, 4],
  ])('puts key %j on partition %i of %i → %i', (key, numPartitions, expected) => {
    expect(partitionForKey(key, numPartitions)).toBe(expected);
  });

  it('always picks a partition in [0, numPartitions)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 10_000 }),
        (key, numPartitions) => {
          const partition = partitionForKey(key, numPartitions);
          expect(Number.isInteger(partition)).toBe(true);
          expect(partition).toBeGreaterThanOrEqual(0);
          expect(partition).toBeLessThan(numPartitions);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects numPartitions %s', (numPartitions) => {
    expect(() => partitionForKey('k', numPartitions)).toThrow(RangeError);
    expect(() => partitionForKey('k', numPartitions)).toThrow(/numPartitions/);
  });
});
