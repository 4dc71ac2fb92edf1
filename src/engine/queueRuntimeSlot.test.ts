import { describe, expect, it, vi } from 'vitest';
import { getPreset } from './api';
import { needsQueueRuntime } from './queueRuntimeSlot';

describe('queue runtime slot', () => {
  it.each([
    ['default', false],
    ['hot-partition', false],
    ['sqs-redrive', true],
    ['sqs-fifo', true],
    ['rabbitmq-routing', true],
    ['rabbitmq-nack-requeue', true],
  ])('needsQueueRuntime(%s) is %s', (id, needs) => {
    expect(needsQueueRuntime(getPreset(id))).toBe(needs);
  });

  it('a scenario with queues cannot start before the runtime is provided; loadQueueRuntime provides it', async () => {
    vi.resetModules();
    // A fresh module graph: the slot is empty until something provides it.
    const slot = await import('./queueRuntimeSlot');
    const { createSimulation } = await import('./simulation');
    const sqs = 'sqs-redrive';
    expect(slot.hasQueueRuntime()).toBe(false);
    expect(() => createSimulation(sqs, { seed: 1 })).toThrow(/queue runtime .* is not loaded/);
    // Kafka-only scenarios never need it.
    expect(createSimulation('default', { seed: 1 }).snapshot().queues).toBeUndefined();
    const loading = slot.loadQueueRuntime();
    expect(slot.loadQueueRuntime()).toBe(loading);
    await loading;
    expect(slot.hasQueueRuntime()).toBe(true);
    const sim = createSimulation(sqs, { seed: 1 });
    sim.advance(2000);
    expect(sim.snapshot().queues?.length).toBeGreaterThan(0);
    vi.resetModules();
  });
});
