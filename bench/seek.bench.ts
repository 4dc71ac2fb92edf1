// Time travel: random seeks in a 10-minute run of the default scenario (restore the
// nearest checkpoint, re-simulate deterministically, rebuild the frame), and what a long
// session of the large view holds and pays per checkpoint.

import type { Scenario } from '../src/engine';
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

/**
 * The large view kept playing for 10 simulated minutes, as a session does in the page
 * (checkpoints every 5 s): heap held by the whole session, and the cost of one checkpoint.
 */
export function largeSessionFigures(scenario: Scenario): { heapMb: number; checkpointMs: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const session = new Session(scenario, 1);
  session.advanceTo(600_000);
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  // The session takes one every 5 s of simulated time on its own; time a few more directly.
  const save = () => (session as unknown as { saveCheckpoint(): void }).saveCheckpoint();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    save();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { heapMb, checkpointMs: times[2] };
}
