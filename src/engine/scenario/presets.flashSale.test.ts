// The flash-sale preset as the article states it: 70k checkouts a minute for 10 minutes,
// 2% transient payment timeouts, 5 attempts with exponential backoff and jitter, and an
// idempotent consumer that keeps duplicate charges under 0.01% while consumers crash and stall.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../simulation';
import { getPreset } from './presets';

describe('flash-sale preset', () => {
  it('retries 5 times with exponential backoff and full jitter, through 4 retry topics', () => {
    const [payments] = getPreset('flash-sale').groups;
    expect(payments.retry).toMatchObject({
      mode: 'retry-topics',
      maxAttempts: 5,
      multiplier: 2,
      jitter: 'full',
    });
    const sim = createSimulation('flash-sale', { seed: 1 });
    expect(sim.snapshot().groups[0].retryTopics.map((t) => t.name)).toEqual([
      'orders.retry.1',
      'orders.retry.2',
      'orders.retry.3',
      'orders.retry.4',
    ]);
  });

  it('crashes and stalls consumers on its timeline; the idempotency store skips the redeliveries', () => {
    const timeline = getPreset('flash-sale').timeline ?? [];
    expect(timeline.filter((e) => e.fault?.type === 'crash-consumer').length).toBeGreaterThanOrEqual(2);
    expect(timeline.filter((e) => e.fault?.type === 'pause-consumer').length).toBeGreaterThanOrEqual(2);
    const sim = createSimulation('flash-sale', { seed: 1 });
    sim.advance(19_000);
    expect(sim.metrics().groups.payments.deduplicated).toBe(0);
    sim.advance(41_000);
    const g = sim.metrics().groups.payments;
    expect(g.deduplicated).toBeGreaterThan(0);
    expect(g.duplicates / g.applied).toBeLessThanOrEqual(0.0001);
    expect(g.lost).toBe(0);
  });
});
