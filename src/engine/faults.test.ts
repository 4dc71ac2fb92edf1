import { describe, expect, it } from 'vitest';
import { createSimulation, type Scenario, ScenarioError, type SimEventOf } from './index';

const scenario: Scenario = {
  id: 'reset',
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 30, keys: { type: 'uniform', count: 100 } }],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 1,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      processing: { meanMs: 5 },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
};

function run() {
  const sim = createSimulation(scenario, { seed: 3 });
  const resets: SimEventOf<'offsets-reset'>[] = [];
  sim.on('offsets-reset', (e) => resets.push(e as SimEventOf<'offsets-reset'>));
  sim.advance(10_000);
  return { sim, resets };
}

describe('reset-offsets', () => {
  it('with a partition moves only that partition of the group', () => {
    const { sim, resets } = run();
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: 'earliest', partition: 1 });
    expect(resets.map((e) => e.partition)).toEqual([1]);
    expect(resets[0].offset).toBe(0);
    expect(sim.snapshot().partitions[1].lag.payments).toBe(sim.snapshot().partitions[1].logEndOffset);
    expect(sim.snapshot().partitions[0].lag.payments).toBeLessThan(10);
  });

  it('to a time seeks to the first record produced at or after it, as --to-datetime does', () => {
    const { sim, resets } = run();
    const at5s = sim.snapshot().partitions.map((p) => {
      let first = p.logEndOffset;
      for (let o = p.logEndOffset - 1; o >= p.logStartOffset; o--) {
        const r = sim.record('orders', p.partition, o);
        if (r && r.producedAtMs >= 5000) first = o;
      }
      return first;
    });
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: { timestampMs: 5000 } });
    expect(resets.map((e) => e.offset)).toEqual(at5s);
    expect(at5s.every((o, p) => o > 0 && o < sim.snapshot().partitions[p].logEndOffset)).toBe(true);
  });

  it('to a time after the last record seeks to the log end', () => {
    const { sim, resets } = run();
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: { timestampMs: 60_000 }, partition: 2 });
    expect(resets[0].offset).toBe(sim.snapshot().partitions[2].logEndOffset);
  });

  it('names the partition when the topic has no such partition', () => {
    const { sim } = run();
    expect(() => sim.inject({ type: 'reset-offsets', groupId: 'payments', to: 0, partition: 3 })).toThrow(
      ScenarioError,
    );
  });
});

describe('active faults', () => {
  it('a pause-consumer fault is listed with its end until the pause runs out', () => {
    const { sim } = run();
    sim.inject({ type: 'pause-consumer', memberId: 'p-1', durationMs: 4000 });
    sim.advance(1000);
    expect(sim.snapshot().faults).toContainEqual({
      type: 'pause-consumer',
      label: 'p-1: paused (no poll, no heartbeat)',
      untilMs: 14_000,
    });
    sim.advance(3500);
    expect(sim.snapshot().faults.filter((f) => f.type === 'pause-consumer')).toEqual([]);
  });
});

describe('a slow-down on a crashed consumer', () => {
  const slowOf = (sim: ReturnType<typeof createSimulation>, id: string) =>
    sim
      .snapshot()
      .faults.filter((f) => f.type === 'slow-consumer' && f.label.startsWith(`${id}:`))
      .map((f) => f.label);

  it('is not listed while a Kafka member is Crashed, and its restart runs at normal speed', () => {
    const { sim } = run();
    sim.inject({ type: 'slow-consumer', memberId: 'p-1', factor: 10 });
    expect(slowOf(sim, 'p-1')).toEqual(['p-1: ×10 processing time']);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(100);
    expect(sim.snapshot().groups[0].members.find((m) => m.memberId === 'p-1')?.state).toBe('Crashed');
    expect(slowOf(sim, 'p-1')).toEqual([]);
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    sim.advance(100);
    expect(slowOf(sim, 'p-1')).toEqual([]);
    expect(sim.snapshot().groups[0].members.find((m) => m.memberId === 'p-1')?.processingFactor).toBe(1);
  });

  it('is not listed while a share consumer is Crashed', () => {
    const sim = createSimulation('kafka-share-group', { seed: 1 });
    sim.advance(3000);
    const share = sim.snapshot().groups.find((g) => g.members.some((m) => m.memberId === 'workers-1'));
    expect(share).toBeDefined();
    sim.inject({ type: 'slow-consumer', memberId: 'workers-1', factor: 10 });
    expect(slowOf(sim, 'workers-1')).toEqual(['workers-1: ×10 processing time']);
    sim.inject({ type: 'crash-consumer', memberId: 'workers-1' });
    expect(slowOf(sim, 'workers-1')).toEqual([]);
  });
});

describe('active faults on queue consumers and groups', () => {
  /** The first consumer of `queue` in a preset, after `ms` of virtual time. */
  function queueSim(preset: string, queue: string, ms = 3000) {
    const sim = createSimulation(preset, { seed: 1 });
    sim.advance(ms);
    const c = sim.snapshot().queues!.find((q) => q.name === queue)!.consumers[0];
    return { sim, id: c.consumerId, groupId: c.groupId };
  }

  it('a paused SQS consumer is listed by name, with what it stops doing and its end, until the pause runs out', () => {
    const { sim, id } = queueSim('sqs-redrive', 'orders');
    sim.inject({ type: 'pause-consumer', memberId: id, durationMs: 4000 });
    const paused = sim.snapshot().faults.find((f) => f.type === 'pause-consumer');
    expect(paused).toEqual({
      type: 'pause-consumer',
      label: expect.stringMatching(
        new RegExp(`^${id}: paused \\(no ReceiveMessage, no ChangeMessageVisibility`),
      ),
      untilMs: 7000,
    });
    sim.advance(3900);
    expect(sim.snapshot().faults.some((f) => f.type === 'pause-consumer')).toBe(true);
    sim.advance(200);
    expect(sim.snapshot().faults.filter((f) => f.type === 'pause-consumer')).toEqual([]);
  });

  it('a paused RabbitMQ consumer says so in RabbitMQ terms, and a crash ends the pause', () => {
    const { sim, id } = queueSim('rabbitmq-nack-requeue', 'orders-classic');
    sim.inject({ type: 'pause-consumer', memberId: id, durationMs: 10_000 });
    expect(sim.snapshot().faults.find((f) => f.type === 'pause-consumer')?.label).toMatch(
      new RegExp(`^${id}: paused \\(no ack`),
    );
    sim.inject({ type: 'crash-consumer', memberId: id });
    expect(sim.snapshot().faults.filter((f) => f.type === 'pause-consumer')).toEqual([]);
  });

  it('a slowed queue consumer is listed until a factor of 1 resumes it; a crash hides it, a restart clears it', () => {
    const { sim, id } = queueSim('sqs-visibility-timeout', 'jobs');
    const slow = () =>
      sim
        .snapshot()
        .faults.filter((f) => f.type === 'slow-consumer')
        .map((f) => f.label);
    sim.inject({ type: 'slow-consumer', memberId: id, factor: 4 });
    expect(slow()).toEqual([`${id}: ×4 processing time`]);
    sim.inject({ type: 'slow-consumer', memberId: id, factor: 1 });
    expect(slow()).toEqual([]);
    sim.inject({ type: 'slow-consumer', memberId: id, factor: 3 });
    sim.inject({ type: 'crash-consumer', memberId: id });
    expect(slow()).toEqual([]);
    expect(sim.snapshot().faults.map((f) => f.label)).not.toContain(`${id}: ×3 processing time`);
    sim.inject({ type: 'restart-consumer', memberId: id });
    // The restarted process runs at normal speed: the slow-down does not come back.
    expect(slow()).toEqual([]);
    const c = sim
      .snapshot()
      .queues!.flatMap((q) => q.consumers)
      .find((x) => x.consumerId === id);
    expect((c as { processingFactor?: number }).processingFactor).toBe(1);
  });

  it('an armed crash, an outage and a failure rate on a queue group are listed and leave when resolved', () => {
    const { sim, id, groupId } = queueSim('sqs-redrive', 'orders', 20_000);
    sim.inject({ type: 'crash-consumer', memberId: id, point: 'before-process' });
    sim.inject({ type: 'outage', groupId, durationMs: 2000 });
    sim.inject({ type: 'failure-rate', groupId, rate: 0.25 });
    const labels = () => sim.snapshot().faults.map((f) => f.label);
    expect(labels()).toEqual(
      expect.arrayContaining([
        `${id}: crash armed (before processing its next message)`,
        `${groupId}: dependency outage`,
        `${groupId}: 25.0% of attempts fail`,
      ]),
    );
    sim.inject({ type: 'failure-rate', groupId, rate: 0 });
    sim.advance(2500);
    expect(labels()).not.toContain(`${groupId}: dependency outage`);
    expect(labels()).not.toContain(`${groupId}: 25.0% of attempts fail`);
    expect(labels()).not.toContain(`${id}: crash armed (before processing its next message)`);
  });

  it.each([
    ['sqs-redrive', 'orders', 'DeleteMessage'],
    ['rabbitmq-nack-requeue', 'orders-classic', 'the ack'],
  ])('an armed crash on %s says what the consumer settles with (%s: %s)', (preset, queue, settling) => {
    const { sim, id } = queueSim(preset, queue);
    const crash = { type: 'crash-consumer', memberId: id, point: 'after-process-before-commit' } as const;
    expect(sim.inject(crash)).toBe(`${id} will crash after processing, before ${settling}`);
    expect(sim.describeFault(crash)).toBe(`crash ${id} after processing, before ${settling}`);
    expect(sim.snapshot().faults.map((f) => f.label)).toContain(
      `${id}: crash armed (after processing, before ${settling})`,
    );
    // A queue-only scenario: a fault naming no group is about messages.
    expect(sim.describeFault({ type: 'duplicate-delivery', count: 2 })).toBe(
      'deliver the next 2 messages twice',
    );
  });

  it('a consumer that left is no longer listed', () => {
    const { sim, id } = queueSim('sqs-redrive', 'orders');
    sim.inject({ type: 'slow-consumer', memberId: id, factor: 5 });
    expect(sim.snapshot().faults.map((f) => f.label)).toContain(`${id}: ×5 processing time`);
    sim.inject({ type: 'remove-consumer', memberId: id });
    expect(sim.snapshot().faults.filter((f) => f.label.startsWith(`${id}:`))).toEqual([]);
  });
});
