import { describe, expect, it } from 'vitest';
import type { ProducerFlowConfig } from '../scenario/flowConfig';
import { createSimulation } from '../simulation';
import { admitSends } from './producerFlow';
import { createProducerFlowRt } from './state';

const base: ProducerFlowConfig = {
  bufferMemoryBytes: 10_000,
  maxBlockMs: 100,
  byteRate: Number.POSITIVE_INFINITY,
  rateLimit: null,
  shedding: null,
};
const total = (runs: { count: number }[]) => runs.reduce((n, r) => n + r.count, 0);

describe('producer backpressure', () => {
  it('without a quota the accumulator hands every send to the broker at once', () => {
    const f = createProducerFlowRt(base);
    expect(total(admitSends(f, 50, 5, 100, () => 0))).toBe(50);
    expect(f.bufferedRecords).toBe(0);
  });

  it('producer_byte_rate drains buffer.memory no faster than the quota', () => {
    const f = createProducerFlowRt({ ...base, byteRate: 10_000 });
    // 10 ms at 10,000 B/s = 100 bytes = one 100-byte record.
    expect(total(admitSends(f, 20, 10, 100, () => 0))).toBe(1);
    expect(f.bufferedRecords).toBe(19);
  });

  it('a full buffer blocks send(); after max.block.ms the blocked sends fail with a timeout', () => {
    const f = createProducerFlowRt({ ...base, byteRate: 1 });
    admitSends(f, 150, 10, 100, () => 0); // room for 100 records
    expect(f.bufferedRecords).toBe(100);
    expect(f.blockedRecords).toBe(50);
    expect(f.blockedTotal).toBe(50);
    admitSends(f, 0, 50, 100, () => 0);
    expect(f.timedOut).toBe(0);
    admitSends(f, 0, 111, 100, () => 0);
    expect(f.timedOut).toBe(50);
    expect(f.blockedMs).toBe(50 * 100);
    expect(f.blockedRecords).toBe(0);
  });

  it('blocked sends enter the buffer as it drains, oldest first, and their wait is counted', () => {
    const f = createProducerFlowRt({ ...base, byteRate: 100_000 });
    admitSends(f, 110, 0, 100, () => 0);
    expect(f.blockedRecords).toBe(10);
    const out = admitSends(f, 0, 20, 100, () => 0); // drains 20 records
    expect(total(out)).toBe(20);
    expect(f.blockedRecords).toBe(10);
    admitSends(f, 0, 30, 100, () => 0); // the freed room takes the blocked sends
    expect(f.blockedRecords).toBe(0);
    expect(f.blockedMs).toBe(10 * 30);
  });

  it('the token bucket rejects sends past its rate and refills with time', () => {
    const f = createProducerFlowRt({ ...base, rateLimit: { ratePerSec: 100, burst: 10 } });
    expect(total(admitSends(f, 30, 0, 100, () => 0))).toBe(10);
    expect(f.rateLimited).toBe(20);
    expect(total(admitSends(f, 30, 100, 100, () => 0))).toBe(10);
    expect(f.rateLimited).toBe(40);
  });

  it('sheds the low-priority share only while the lag passes the threshold', () => {
    const f = createProducerFlowRt({
      ...base,
      shedding: { lowPriorityShare: 0.25, lagThreshold: 1000, groupId: null },
    });
    expect(total(admitSends(f, 100, 0, 100, () => 999))).toBe(100);
    expect(total(admitSends(f, 100, 10, 100, () => 1001))).toBe(75);
    expect(f.shed).toBe(25);
    expect(f.attempted).toBe(200);
  });

  it('in a simulation, sends blocked by a small quota fail and the metrics say so', () => {
    const sim = createSimulation(
      {
        topics: [{ name: 'orders', partitions: 2 }],
        producers: [
          {
            id: 'checkout',
            topic: 'orders',
            ratePerSec: 1000,
            messageBytes: 1000,
            producer_byte_rate: 500_000,
            'buffer.memory': 100_000,
            'max.block.ms': 1000,
          },
        ],
        groups: [],
      },
      { seed: 1 },
    );
    sim.advance(10_000);
    const p = sim.metrics().producers!.checkout;
    expect(p.blocked).toBeGreaterThan(0);
    expect(p.timedOut).toBeGreaterThan(3000);
    expect(sim.metrics().produced).toBeGreaterThan(4800);
    expect(sim.metrics().produced).toBeLessThanOrEqual(5000);
  });

  it('a scenario without flow settings has no producer flow metrics', () => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(1000);
    expect(sim.metrics().producers).toBeUndefined();
    expect(sim.metrics().sync).toBeUndefined();
    expect(sim.metrics().services).toBeUndefined();
  });
});
