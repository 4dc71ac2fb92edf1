// Time travel: random seeks in a 10-minute run of the default scenario (restore the
// nearest checkpoint, re-simulate deterministically, rebuild the frame).

import { Rng } from '../src/engine/core/rng';
import { Session } from '../src/store/session';

export function seekP95Ms(): { p95: number; buildMs: number } {
  const t0 = performance.now();
  const session = new Session('default', 1);
  session.advanceTo(600_000);
  const buildMs = performance.now() - t0;
  const rng = new Rng(99);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const target = Math.floor(rng.float() * 600_000);
    const start = performance.now();
    session.seek(target);
    session.frame();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p95: times[Math.floor(times.length * 0.95)], buildMs };
}
