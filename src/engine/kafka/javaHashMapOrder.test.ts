import { describe, expect, it } from 'vitest';
import { javaHashMapHash, javaHashMapOrder, javaStringHashCode } from './javaHashMapOrder';

describe('javaStringHashCode', () => {
  it.each<[string, number]>([
    // "" hashes to 0; "a" is its code unit 97; "ab" = 97·31 + 98 = 3105.
    ['', 0],
    ['a', 97],
    ['ab', 3105],
    // "Aa" = 65·31 + 97 = 2112 and "BB" = 66·31 + 66 = 2112: the classic Java collision.
    ['Aa', 2112],
    ['BB', 2112],
    // Long strings overflow 32 bits and wrap to negative, as Java's int arithmetic does:
    // "consumer1".hashCode() is 0xe6e7fafb = -421004549.
    ['consumer1', -421004549],
    // Code units, not code points: U+1F600 is the surrogate pair D83D DE00, so 0xd83d·31 + 0xde00 = 1772899.
    ['\u{1F600}', 1772899],
  ])('"%s".hashCode() is %i', (s, expected) => {
    expect(javaStringHashCode(s)).toBe(expected);
  });
});

describe('javaHashMapHash', () => {
  it('folds the high 16 bits into the low ones', () => {
    // 0xe6e7fafb ^ (0xe6e7fafb >>> 16 = 0x0000e6e7) = 0xe6e71c1c, whose low four bits are 12.
    expect(javaHashMapHash('consumer1') >>> 0).toBe(0xe6e71c1c);
    // Below 2^16 the fold changes nothing.
    expect(javaHashMapHash('a')).toBe(97);
  });
});

describe('javaHashMapOrder', () => {
  it('walks the buckets in index order, whatever the insertion order', () => {
    // "c", "a", "b" hash to 99, 97, 98: buckets 3, 1, 2 of 16.
    expect(javaHashMapOrder(['c', 'a', 'b'])).toEqual(['a', 'b', 'c']);
  });

  it('visits consumer1..consumer4 in reverse, as Kafka tests see them', () => {
    // hashCodes 0xe6e7fafb..0xe6e7fafe, spread by ^ 0xe6e7 to 0x…1c1c, 1c1b, 1c1a, 1c19:
    // buckets 12, 11, 10, 9 of 16, so consumer4 comes first and consumer1 last.
    expect(javaHashMapOrder(['consumer1', 'consumer2', 'consumer3', 'consumer4'])).toEqual([
      'consumer4',
      'consumer3',
      'consumer2',
      'consumer1',
    ]);
    // consumer0..consumer2 (Kafka's rack-aware helpers) land in buckets 13, 12, 11.
    expect(javaHashMapOrder(['consumer0', 'consumer1', 'consumer2'])).toEqual([
      'consumer2',
      'consumer1',
      'consumer0',
    ]);
  });

  it('keeps insertion order within a bucket, and a re-put key keeps its place', () => {
    // "Aa" and "BB" share hash 2112 (bucket 0): the first one put stays first.
    expect(javaHashMapOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaHashMapOrder(['Aa', 'BB', 'Aa'])).toEqual(['Aa', 'BB']);
  });

  it('splits buckets when the 13th key passes the 0.75 load factor of 16', () => {
    // "q" (113) and "a" (97) both land in bucket 1 of 16 (113 & 15 = 97 & 15 = 1), "q" first as it was put
    // first. "b".."k" fill buckets 2..11: twelve keys, threshold 12, no resize yet.
    const fillers = ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    expect(javaHashMapOrder(['q', 'a', ...fillers])).toEqual(['q', 'a', ...fillers]);
    // The 13th key ("l", bucket 12) resizes to 32: 97 & 31 = 1 keeps "a" in bucket 1, 113 & 31 = 17 moves
    // "q" to bucket 17, after everything else.
    expect(javaHashMapOrder(['q', 'a', ...fillers, 'l'])).toEqual(['a', ...fillers, 'l', 'q']);
  });

  it('resizes instead of treeifying when a bucket of a small table gets a ninth key', () => {
    // Code units 48, 64, 80, …, 176 are multiples of 16: all in bucket 0 of 16, in insertion order.
    const keys = [48, 64, 80, 96, 112, 128, 144, 160, 176].map((c) => String.fromCharCode(c));
    expect(javaHashMapOrder(keys.slice(0, 8))).toEqual(keys.slice(0, 8));
    // The ninth makes treeifyBin resize to 32 (the table is under 64): bit 16 sends 48, 80, 112, 144, 176
    // to bucket 16, while 64, 96, 128, 160 stay in bucket 0.
    expect(javaHashMapOrder(keys).map((k) => k.charCodeAt(0))).toEqual([
      64, 96, 128, 160, 48, 80, 112, 144, 176,
    ]);
  });

  it('honours an initial capacity like new HashMap<>(n)', () => {
    // new HashMap<>(2): 2 buckets, threshold 1. "c" (99) goes to bucket 1; "b" (98) makes size 2 > 1 and
    // resizes to 4 buckets (threshold 3); "a" (97) fits. Buckets of 4: a→1, b→2, c→3.
    expect(javaHashMapOrder(['c', 'b', 'a'], 2)).toEqual(['a', 'b', 'c']);
    // new HashMap<>(64) leaves "q" (113 & 63 = 49) after "a" (97 & 63 = 33) from the start.
    expect(javaHashMapOrder(['q', 'a'], 64)).toEqual(['a', 'q']);
  });
});
