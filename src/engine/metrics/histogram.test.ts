import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import {
  bucketOf,
  createHistogram,
  type Histogram,
  merge,
  percentile,
  percentilesOf,
  record,
  reset,
} from './histogram';

const histogramOf = (values: number[]): Histogram => {
  const h = createHistogram();
  for (const v of values) record(h, v);
  return h;
};
/** The exact nearest-rank percentile, to compare against. */
const exact = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
};
const relativeError = (a: number, b: number) => Math.abs(a - b) / b;

describe('histogram', () => {
  const rng = new Rng(21);
  const distributions: [string, number[]][] = [
    ['uniform 1–10 000 ms', Array.from({ length: 20_000 }, (_, i) => 1 + (i % 10_000))],
    ['exponential, mean 40 ms', Array.from({ length: 20_000 }, () => 1 + rng.exponential(40))],
    [
      'a long tail: 99% at ~20 ms, 1% at ~5 s',
      Array.from({ length: 10_000 }, (_, i) => (i % 100 === 0 ? 5000 + i / 10 : 20 + (i % 7))),
    ],
  ];

  it.each(distributions)('percentiles of %s are within 5%% of the exact values', (_name, values) => {
    const h = histogramOf(values);
    for (const p of [50, 90, 99, 99.9]) {
      const expected = exact(values, p);
      expect(
        relativeError(percentile(h, p), expected),
        `p${p}: ${percentile(h, p)} vs ${expected}`,
      ).toBeLessThan(0.05);
    }
    expect(h.count).toBe(values.length);
    expect(h.max).toBe(Math.max(...values));
  });

  it('p100 is the maximum, never above it', () => {
    const h = histogramOf([3, 7, 1234.5]);
    expect(percentile(h, 100)).toBe(1234.5);
    expect(percentile(histogramOf([10]), 50)).toBeLessThanOrEqual(10);
  });

  it('reads 0 for an empty histogram and a sub-millisecond value as under 1 ms', () => {
    expect(percentile(createHistogram(), 99)).toBe(0);
    expect(percentile(histogramOf([0, 0.2]), 50)).toBeLessThan(1);
  });

  it('puts huge values in the last bucket without losing the max', () => {
    const h = histogramOf([1e12]);
    expect(h.max).toBe(1e12);
    expect(percentile(h, 50)).toBeGreaterThan(1e9);
  });

  it('merge gives the same percentiles as recording everything in one histogram', () => {
    const a = Array.from({ length: 500 }, (_, i) => i + 1);
    const b = Array.from({ length: 500 }, (_, i) => 1000 + i * 3);
    const merged = histogramOf(a);
    merge(merged, histogramOf(b));
    const whole = histogramOf([...a, ...b]);
    for (const p of [10, 50, 90, 99]) expect(percentile(merged, p)).toBe(percentile(whole, p));
    expect(merged.count).toBe(1000);
    expect(merged.max).toBe(whole.max);
  });

  it('percentilesOf reads several histograms as one, in one scan, without changing them', () => {
    const a = histogramOf(Array.from({ length: 900 }, (_, i) => 1 + (i % 50)));
    const b = histogramOf(Array.from({ length: 100 }, (_, i) => 4000 + i * 10));
    const whole = histogramOf([
      ...Array.from({ length: 900 }, (_, i) => 1 + (i % 50)),
      ...Array.from({ length: 100 }, (_, i) => 4000 + i * 10),
    ]);
    const ps = [50, 90, 95, 99, 100];
    expect(percentilesOf([a, b], ps)).toEqual(ps.map((p) => percentile(whole, p)));
    // p95 falls in b's values, p50 in a's: neither histogram alone gives both.
    const [p50, p95] = percentilesOf([a, b], [50, 95]);
    expect(p50).toBeLessThan(60);
    expect(p95).toBeGreaterThan(3900);
    expect([a.count, b.count]).toEqual([900, 100]);
    expect(percentilesOf([createHistogram(), createHistogram()], [50, 99])).toEqual([0, 0]);
  });

  it('the lookup below 4 s puts every value in the bucket the logarithm gives', () => {
    const byLog = (v: number) => (v < 1 ? 0 : 1 + Math.floor(Math.log(v) / Math.log(1.04)));
    const values = [
      0,
      0.5,
      1,
      1.04,
      25.5,
      4095.999,
      4096,
      ...Array.from({ length: 50_000 }, () => rng.float() * 5000),
    ];
    const disagree = values.filter((v) => bucketOf(v) !== byLog(v));
    expect(disagree).toEqual([]);
  });

  it('a full bucket saturates instead of wrapping to zero', () => {
    const h = histogramOf([100]);
    const b = h.counts.indexOf(1);
    h.counts[b] = 0xffffffff;
    record(h, 100);
    expect(h.counts[b]).toBe(0xffffffff);
    merge(h, histogramOf([100]));
    expect(h.counts[b]).toBe(0xffffffff);
  });

  it('reset empties it', () => {
    const h = histogramOf([1, 2, 3]);
    reset(h);
    expect([h.count, h.max, percentile(h, 50)]).toEqual([0, 0, 0]);
  });
});
