import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCountShort, groupDigits } from './format';

describe('groupDigits', () => {
  it('writes integers as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -123_456_789, 2 ** 53 - 1])
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => groupDigits(n) === n.toLocaleString('en-US')),
      { numRuns: 2000 },
    );
  });

  it('leaves non-integers to toLocaleString', () => {
    expect(groupDigits(1234.5)).toBe('1,234.5');
    expect(groupDigits(-0)).toBe('0');
  });

  it('short counts: exact with separators, then k and M', () => {
    expect(formatCountShort(12_345)).toBe('12,345');
    expect(formatCountShort(123_456)).toBe('123.5k');
    expect(formatCountShort(1_234_567)).toBe('1.23M');
  });
});
