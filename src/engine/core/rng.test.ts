import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

const floats = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.float());

describe('Rng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(floats(new Rng(seed), 20)).toEqual(floats(new Rng(seed), 20));
      }),
      { numRuns: 50 },
    );
  });

  it('gives different sequences for different seeds', () => {
    expect(floats(new Rng(1), 10)).not.toEqual(floats(new Rng(2), 10));
    expect(floats(new Rng(0), 10)).not.toEqual(floats(new Rng(-1), 10));
  });

  it('continues the same sequence after a state round-trip through JSON', () => {
    const rng = new Rng(42);
    floats(rng, 7);
    const copy = Rng.fromState(JSON.parse(JSON.stringify(rng.state())));
    expect(floats(copy, 50)).toEqual(floats(rng, 50));
  });

  it('state() is a copy: drawing afterwards does not change a saved state', () => {
    const rng = new Rng(3);
    const saved = rng.state();
    const expected = floats(Rng.fromState(saved), 5);
    floats(rng, 5);
    expect(floats(Rng.fromState(saved), 5)).toEqual(expected);
  });

  it.each<[string, (rng: Rng) => number, (x: number) => boolean]>([
    ['float is in [0, 1)', (r) => r.float(), (x) => x >= 0 && x < 1],
    ['int(6) is an integer in [0, 6)', (r) => r.int(6), (x) => Number.isInteger(x) && x >= 0 && x < 6],
    ['int(1) is always 0', (r) => r.int(1), (x) => x === 0],
    [
      'exponential(50) is finite and non-negative',
      (r) => r.exponential(50),
      (x) => Number.isFinite(x) && x >= 0,
    ],
    ['normal() is finite', (r) => r.normal(), (x) => Number.isFinite(x)],
  ])('%s', (_name, draw, isInRange) => {
    const rng = new Rng(7);
    const outside = Array.from({ length: 20_000 }, () => draw(rng)).filter((x) => !isInRange(x));
    expect(outside).toEqual([]);
  });

  it.each<[string, (rng: Rng) => number, number, number]>([
    ['float has mean 1/2', (r) => r.float(), 0.5, 0.01],
    ['int(10) has mean 4.5', (r) => r.int(10), 4.5, 0.1],
    ['exponential(40) has mean 40', (r) => r.exponential(40), 40, 1.5],
    ['normal() has mean 0', (r) => r.normal(), 0, 0.03],
  ])('%s over 20k draws', (_name, draw, mean, tolerance) => {
    const rng = new Rng(11);
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) sum += draw(rng);
    expect(Math.abs(sum / n - mean)).toBeLessThan(tolerance);
  });

  it('int(n) hits every value of a small range about equally often', () => {
    const rng = new Rng(5);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)] += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
