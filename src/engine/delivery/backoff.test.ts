import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import type { RetryConfig } from '../scenario/config';
import { backoffDelayMs } from './backoff';

const retry = (overrides: Partial<RetryConfig> = {}): RetryConfig => ({
  mode: 'blocking',
  maxAttempts: 10,
  backoffMs: 100,
  multiplier: 2,
  maxBackoffMs: 1000,
  jitter: 'none',
  ...overrides,
});

describe('backoffDelayMs', () => {
  it.each<[number, number]>([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])(
    'without jitter, after %i failed attempt(s) waits %i ms (×2 each time, capped at 1000)',
    (attempt, ms) => {
      expect(backoffDelayMs(retry(), attempt, new Rng(1))).toBe(ms);
    },
  );

  it.each<[string, Partial<RetryConfig>, number, number]>([
    ['multiplier 1 is a constant delay', { multiplier: 1 }, 7, 100],
    ['backoff 0 retries at once', { backoffMs: 0 }, 3, 0],
    ['a cap below the base caps the first delay too', { maxBackoffMs: 50 }, 1, 50],
    ['attempt 0 is treated as the first', {}, 0, 100],
    ['multiplier 3 grows faster', { multiplier: 3, maxBackoffMs: 10_000 }, 3, 900],
  ])('%s', (_name, overrides, attempt, ms) => {
    expect(backoffDelayMs(retry(overrides), attempt, new Rng(1))).toBe(ms);
  });

  it.each<['full' | 'equal', number, number]>([
    ['full', 0, 400],
    ['equal', 200, 400],
  ])('%s jitter draws within [%i, %i) for a 400 ms delay and spreads over the range', (jitter, lo, hi) => {
    const rng = new Rng(3);
    const delays = Array.from({ length: 5000 }, () => backoffDelayMs(retry({ jitter }), 3, rng));
    expect(delays.filter((d) => d < lo || d >= hi)).toEqual([]);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(Math.abs(mean - (lo + hi) / 2)).toBeLessThan(10);
    expect(Math.min(...delays)).toBeLessThan(lo + 5);
    expect(Math.max(...delays)).toBeGreaterThan(hi - 5);
  });

  it('jitter applies to the capped delay', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 1000; i++)
      expect(backoffDelayMs(retry({ jitter: 'full' }), 20, rng)).toBeLessThan(1000);
  });

  it('is deterministic for the same rng seed', () => {
    const draw = () => {
      const rng = new Rng(9);
      return [1, 2, 3, 4].map((a) => backoffDelayMs(retry({ jitter: 'equal' }), a, rng));
    };
    expect(draw()).toEqual(draw());
  });
});
