// The SQS lessons' own claims, checked against the engine: every figure their narration
// states (settings, rates, times, counts) and every control a step asks the learner to use
// (by the accessible name the diagram menu or the Controls tab gives it). The answers
// themselves are checked for every seed by curriculum.test.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimEvent } from '../../engine';
import { queueConsumerMenu, queueMenu } from '../../ui/queueMenu';
import type { LessonDocument } from '../schema';
import { fifoGroups, redrive, visibilityTimeout } from './sqs';

/** Everything the learner reads in a lesson, as one string. */
function text(lesson: LessonDocument): string {
  return [
    lesson.concept,
    lesson.outro ?? '',
    ...lesson.steps.flatMap((s) => [
      s.narration,
      s.await?.prompt ?? '',
      s.prediction?.question ?? '',
      ...(s.prediction?.why ?? []),
      ...(s.prediction?.kind === 'choice' ? s.prediction.choices.map((c) => c.label) : []),
    ]),
  ].join('\n');
}

function run(preset: string, ms: number, seed = 1) {
  const sim = createSimulation(preset, { seed });
  const events: SimEvent[] = [];
  sim.on('*', (e) => events.push(e));
  sim.advance(ms);
  return { sim, events, snap: sim.snapshot() };
}

const of = <T extends SimEvent['type']>(events: SimEvent[], type: T) =>
  events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);

describe('lesson sqs-visibility-timeout states what the engine does', () => {
  const says = text(visibilityTimeout);

  it('the settings it names: VisibilityTimeout 10 s, jobs of 8 s on average, one job every 2 s, a heartbeat every 5 s', () => {
    expect(says).toContain('VisibilityTimeout 10 s');
    expect(says).toContain('8 s on average');
    expect(says).toContain('one every 2 s');
    expect(says).toContain('every 5 s of work they call ChangeMessageVisibility(VisibilityTimeout=10)');
    const { sim, snap, events } = run('sqs-visibility-timeout', 60_000);
    for (const q of snap.queues ?? []) expect(q.settings.VisibilityTimeout, q.name).toBe(10);
    expect(sim.metrics().groups.workers.produced).toBe(30);
    const preset = sim.scenario;
    const heartbeat = preset.groups.find((g) => g.groupId === 'heartbeat-workers');
    expect(heartbeat?.visibilityHeartbeat).toEqual({ intervalMs: 5000, VisibilityTimeout: 10 });
    expect(preset.groups.every((g) => g.processing?.meanMs === 8000)).toBe(true);
    // A job past 10 s is received again, with ApproximateReceiveCount 2.
    expect(of(events, 'queue-received').some((e) => e.queue === 'jobs' && e.receiveCount === 2)).toBe(true);
  });

  it('h-1 is a heartbeat-workers consumer, and its menu pauses it for 15 s under the name the step gives', () => {
    const step = visibilityTimeout.steps[2];
    const { snap } = run('sqs-visibility-timeout', 60_000);
    const h1 = snap.queues
      ?.find((q) => q.name === 'jobs-heartbeat')
      ?.consumers.find((c) => c.consumerId === 'h-1');
    expect(h1?.groupId).toBe('heartbeat-workers');
    const item = queueConsumerMenu(snap, 'jobs-heartbeat', 'h-1')?.items.find((i) =>
      step.narration.includes(`“${i.name}”`),
    );
    expect(item?.name).toBe('Pause h-1 past the visibility timeout');
    expect(step.await?.prompt).toContain(item!.name);
    expect(item?.action).toEqual({ kind: 'fault', fault: step.await?.fault });
    expect(step.narration).toContain('it stops for 15 s');
  });
});

describe('lesson sqs-fifo-groups states what the engine does', () => {
  const says = text(fifoGroups);

  it('12 customers, 20 orders a second, a poison order from customer-7 at 5 s, back every 10 s, 5 receives, then orders-dlq.fifo', () => {
    for (const figure of [
      '12 customers, 20 orders a second',
      'At 5 s customer-7',
      'every 10 s',
      'maxReceiveCount 5',
    ])
      expect(says).toContain(figure);
    const { sim, events } = run('sqs-fifo', 60_000);
    const sent = of(events, 'queue-sent').filter((e) => e.queue === 'orders.fifo' && e.atMs < 30_000);
    expect(sent.length / 30).toBeCloseTo(20, 0);
    const groups = new Set(
      of(events, 'queue-processed')
        .filter((e) => e.queue === 'orders.fifo')
        .map((e) => e.key),
    );
    expect(groups.size).toBe(12);
    const poison = of(events, 'queue-received').filter(
      (e) => e.queue === 'orders.fifo' && e.receiveCount > 1,
    );
    const poisonId = poison[0].messageId;
    const receives = of(events, 'queue-received').filter((e) => e.messageId === poisonId);
    expect(receives[0].atMs).toBe(5_000);
    expect(receives.map((e, i) => e.atMs - (receives[i - 1]?.atMs ?? e.atMs - 10_000))).toEqual(
      receives.map(() => 10_000),
    );
    expect(receives).toHaveLength(5);
    const moved = of(events, 'queue-dead-lettered').find((e) => e.messageId === poisonId);
    expect(moved?.target).toBe('orders-dlq.fifo');
    // "customer-7's later orders waited about 50 s behind it": from its first receive to the move.
    expect(says).toContain('waited about 50 s behind it');
    expect(moved!.atMs - receives[0].atMs).toBe(50_000);
    expect(sim.metrics().groups.fulfillment.deadLettered).toBe(1);
  });

  it('the Controls tab button it names sends the next 10 messages twice', () => {
    const step = fifoGroups.steps[3];
    const controls = readFileSync(new URL('../../ui/ControlsPanel.tsx', import.meta.url), 'utf8');
    expect(step.narration).toContain('“Producer retries ×10 (lost acks)”');
    expect(controls).toContain(
      "tryInject({ type: 'producer-retry', count: 10 })}>\n            Producer retries ×10 (lost acks)",
    );
    expect(step.await?.fault).toEqual({ type: 'producer-retry', count: 10 });
  });
});

describe('lesson sqs-redrive states what the engine does', () => {
  const says = text(redrive);

  it('VisibilityTimeout 5 s, maxReceiveCount 3, poison at 3 s, outage 8–20 s, about 60 orders sent during it, redrive at 35 s', () => {
    for (const figure of [
      'VisibilityTimeout 5 s and maxReceiveCount 3',
      'A poison message arrives at 3 s',
      'from 8 s to 20 s',
      'About 60 orders were sent during the 12 s outage',
      'At 35 s',
    ])
      expect(says).toContain(figure);
    const { snap, events } = run('sqs-redrive', 36_000);
    const orders = snap.queues?.find((q) => q.name === 'orders');
    expect(orders?.settings.VisibilityTimeout).toBe(5);
    expect(orders?.settings.maxReceiveCount ?? orders?.settings['RedrivePolicy.maxReceiveCount']).toBe(3);
    const inOutage = of(events, 'queue-sent').filter(
      (e) => e.queue === 'orders' && e.atMs >= 8_000 && e.atMs < 20_000,
    );
    expect(inOutage.length).toBeGreaterThanOrEqual(55);
    expect(inOutage.length).toBeLessThanOrEqual(65);
    const faults = of(events, 'fault').map((e) => [e.atMs, e.fault.type]);
    expect(faults).toEqual(
      expect.arrayContaining([
        [3_000, 'poison-message'],
        [8_000, 'outage'],
        [35_000, 'redrive'],
      ]),
    );
    expect(of(events, 'queue-moved').every((e) => e.from === 'orders-dlq' && e.to === 'orders')).toBe(true);
  });

  it('the DLQ menu item the narration names does the redrive', () => {
    const { snap } = run('sqs-redrive', 30_000);
    const item = queueMenu(snap, 'orders-dlq')?.items.find((i) => i.name.startsWith('Redrive'));
    expect(item?.name).toBe('Redrive orders-dlq to orders');
    expect(redrive.steps[2].narration).toContain(`“${item!.name}”`);
    expect(item?.action).toEqual({ kind: 'fault', fault: { type: 'redrive', queue: 'orders-dlq' } });
  });
});
