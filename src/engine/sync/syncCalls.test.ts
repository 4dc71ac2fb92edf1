import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';

const sync = (over: Partial<NonNullable<Scenario['sync']>> = {}): Scenario => ({
  topics: [{ name: 'orders', partitions: 1 }],
  producers: [],
  groups: [],
  sync: {
    ratePerSec: 100,
    maximumPoolSize: 10,
    serviceMeanMs: 50,
    connectionTimeoutMs: 500,
    requestTimeoutMs: 2000,
    stopMs: 5000,
    ...over,
  },
});

function metricsAfter(s: Scenario, ms: number) {
  const sim = createSimulation(s, { seed: 1 });
  sim.advance(ms);
  return sim.metrics().sync!;
}

describe('the synchronous path (no queue)', () => {
  it('under capacity every call succeeds, once', () => {
    // 10 connections / 50 ms = 200 calls/s of capacity for 100 calls/s.
    const m = metricsAfter(sync(), 8000);
    expect(m.requests).toBe(500);
    expect(m.succeeded).toBe(500);
    expect(m).toMatchObject({ rejected: 0, timedOut: 0, failed: 0, amplification: 1 });
  });

  it('over capacity, calls wait for a connection and are rejected after connectionTimeoutMs', () => {
    const m = metricsAfter(sync({ ratePerSec: 1000 }), 8000);
    expect(m.rejected).toBeGreaterThan(2000);
    expect(m.succeeded).toBeLessThan(1200);
    expect(m.failed).toBe(m.rejected + m.timedOut);
  });

  it('client retries multiply the attempts: amplification above 1', () => {
    const m = metricsAfter(sync({ ratePerSec: 1000, maxRetries: 3, retryBackoffMs: 200 }), 10_000);
    expect(m.amplification).toBeGreaterThan(2);
    expect(m.attempts).toBeGreaterThan(m.requests);
  });

  it('a call slower than requestTimeoutMs times out, and the dependency still completes it', () => {
    const m = metricsAfter(sync({ ratePerSec: 20, serviceMeanMs: 400, requestTimeoutMs: 300 }), 10_000);
    expect(m.timedOut).toBeGreaterThan(0);
    expect(m.completedAfterTimeout).toBe(m.timedOut);
  });

  it('never holds more than maximumPoolSize connections', () => {
    const sim = createSimulation(sync({ ratePerSec: 1000 }), { seed: 2 });
    for (let t = 0; t < 50; t++) {
      sim.advance(100);
      expect(sim.metrics().sync!.inUse).toBeLessThanOrEqual(10);
    }
  });
});
