import { describe, expect, it } from 'vitest';
import { formatCountShort, formatMs, formatTime } from './format';

describe('formatCountShort', () => {
  it('is exact, with separators, below 100,000', () => {
    expect(formatCountShort(0)).toBe('0');
    expect(formatCountShort(11_945)).toBe('11,945');
    expect(formatCountShort(99_999)).toBe('99,999');
  });

  it('abbreviates larger counts to fit a small box', () => {
    expect(formatCountShort(100_000)).toBe('100.0k');
    expect(formatCountShort(123_456)).toBe('123.5k');
    expect(formatCountShort(2_520_000)).toBe('2.52M');
  });

  it('abbreviates from a lower threshold when asked', () => {
    expect(formatCountShort(9_999, 10_000)).toBe('9,999');
    expect(formatCountShort(23_269, 10_000)).toBe('23.3k');
  });
});

describe('formatTime and formatMs', () => {
  it('shows simulated time as m:ss.s and durations in ms or s', () => {
    expect(formatTime(61_500)).toBe('1:01.5');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(2500)).toBe('2.5 s');
    expect(formatMs(25_000)).toBe('25 s');
  });
});
