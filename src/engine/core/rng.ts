// The one source of randomness in the engine: xoroshiro128+ from pure-rand, seeded per
// simulation. Its state is four numbers, so checkpoints copy it and replays are exact.
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

const TWO_POW_32 = 4294967296;

export class Rng {
  private gen: Generator;

  constructor(seed: number, state?: readonly number[]) {
    this.gen = state ? xoroshiro128plusFromState(state) : xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.gen.next() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Exponentially distributed with the given mean (inverse-CDF sampling). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal via Box–Muller (one value per call; simplicity over speed). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  state(): number[] {
    return [...this.gen.getState()];
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(0, state);
  }
}
