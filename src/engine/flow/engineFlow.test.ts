import { describe, expect, it } from 'vitest';
import { createSimulation } from '../simulation';

describe('flow-control presets and checkpoints', () => {
  it.each(['backpressure', 'autoscale-on-lag', 'sync-vs-queue', 'dual-write-outbox'])(
    '%s: restoring a checkpoint and re-running gives the same metrics',
    (preset) => {
      const sim = createSimulation(preset, { seed: 3 });
      sim.advance(9000);
      const cp = sim.checkpoint();
      sim.advance(9000);
      const first = JSON.stringify(sim.metrics());
      sim.restore(cp);
      sim.advance(9000);
      expect(JSON.stringify(sim.metrics())).toBe(first);
    },
  );
});
