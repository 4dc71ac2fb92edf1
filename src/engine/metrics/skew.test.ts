import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../kafka/murmur2';
import { createSimulation } from '../simulation';
import { lagSkew, partitionName, SKEW_MIN_LAG, SKEW_THRESHOLD } from './skew';

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

  it.each([
    { lags: [2, 2, 10], skew: 5 },
    { lags: [10, 10, 10, 10], skew: 1 },
    { lags: [2, 3, 200, 1], skew: 80 },
    { lags: [300], skew: 1 },
  ])('reports max / median as the skew ratio: $lags → $skew', ({ lags, skew }) => {
    expect(lagSkew(lags).skew).toBe(skew);
  });

  it.each([
    { lags: [0, 0, 0], hot: [] },
    { lags: [0, 0, 7], hot: [] },
    { lags: [0, 0, 500, 0], hot: [2] },
    { lags: [0, 0, 0, 40, 60], hot: [3, 4] },
    { lags: [], hot: [] },
  ])('has no skew ratio when the median lag is 0: $lags (hot $hot)', ({ lags, hot }) => {
    const s = lagSkew(lags);
    expect(s.skew).toBeNull();
    expect(s.hotPartitions).toEqual(hot);
  });

  it('calls a partition hot only past the threshold times the median', () => {
    const median = 2 * SKEW_MIN_LAG;
    const atThreshold = SKEW_THRESHOLD * median;
    expect(lagSkew([median, median, atThreshold - 1]).hotPartitions).toEqual([]);
    expect(lagSkew([median, median, atThreshold]).hotPartitions).toEqual([2]);
  });

  it('names partitions as Kafka does', () => {
    expect(partitionName('orders', 3)).toBe('orders-3');
  });

  it('names the hot partitions in the group metrics, and gives no ratio before anything lags', () => {
    const sim = createSimulation('hot-partition', { seed: 1 });
    const before = sim.metrics().groups.payments;
    expect(before.skew).toBeNull();
    expect(before.hotPartitions).toEqual([]);
    sim.advance(20_000);
    const g = sim.metrics().groups.payments;
    const hot = partitionForKey('merchant-42', 6);
    expect(g.hotPartitions).toEqual([`orders-${hot}`]);
    // The other partitions are caught up: the hot one is named, the ratio is undefined.
    expect(g.lagByPartition.filter((lag) => lag === 0).length).toBeGreaterThanOrEqual(3);
    expect(g.skew).toBeNull();
    sim.advance(10_000);
    const later = sim.metrics().groups.payments;
    const { skew } = lagSkew(later.lagByPartition);
    expect(later.skew).toBe(skew);
  });
});
