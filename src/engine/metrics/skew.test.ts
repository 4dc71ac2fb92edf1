import { describe, expect, it } from 'vitest';
import { lagSkew, SKEW_MIN_LAG, SKEW_THRESHOLD } from './skew';

describe('lagSkew', () => {
  it.each([
    { lags: [0, 0, 0], median: 0, hot: [], isSkewed: false },
    { lags: [10, 10, 10, 10], median: 10, hot: [], isSkewed: false },
    { lags: [2, 3, 200, 1], median: 2.5, hot: [2], isSkewed: true },
    { lags: [0, 0, 19, 0], median: 0, hot: [], isSkewed: false },
    { lags: [0, 0, 20, 0], median: 0, hot: [2], isSkewed: true },
    { lags: [300], median: 300, hot: [], isSkewed: false },
    { lags: [100, 100, 600, 700], median: 350, hot: [], isSkewed: false },
  ])('$lags → median $median, hot $hot', ({ lags, median, hot, isSkewed }) => {
    const s = lagSkew(lags);
    expect(s.medianLag).toBe(median);
    expect(s.hotPartitions).toEqual(hot);
    expect(s.isSkewed).toBe(isSkewed);
  });

  it('needs a second of typical partition traffic behind at high rates', () => {
    expect(lagSkew([1, 1, 1, 100]).isSkewed).toBe(true);
    expect(lagSkew([1, 1, 1, 100], 4000).isSkewed).toBe(false);
    expect(lagSkew([1, 1, 1, 1001], 4000).hotPartitions).toEqual([3]);
  });

  it('reports max/median as the skew ratio', () => {
    expect(lagSkew([2, 2, 10]).skew).toBe(5);
    expect(lagSkew([0, 0, 7]).skew).toBe(7);
    expect(SKEW_THRESHOLD * SKEW_MIN_LAG).toBeGreaterThan(0);
  });
});
