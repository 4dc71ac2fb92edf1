// Which consumer and message the Statechart tab follows in the queue half, and the machine
// states it lights for them.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine';
import { rabbitMessageMachine } from '../engine/machines/rabbitMessage.machine';
import { queueFixtureFrame } from '../viz/queueFixture';
import { queueChartFocus, rabbitMessageState } from './QueueStatecharts';

describe('queue statecharts', () => {
  it('follows the selected consumer and the message it holds, in the SQS machine’s state names', () => {
    const snap = queueFixtureFrame('sqs').snapshot;
    const jobs = snap.queues?.find((q) => q.name === 'jobs');
    const focus = queueChartFocus(snap, { kind: 'queue-consumer', queue: 'jobs', consumerId: 'worker-2' });
    expect(focus?.consumer?.consumerId).toBe('worker-2');
    expect(focus?.message?.consumerId).toBe('worker-2');
    expect(focus?.messageState).toBe('InFlight');
    const withState = {
      ...snap,
      queues: snap.queues?.map((q) =>
        q === jobs ? { ...q, consumers: q.consumers.map((c) => ({ ...c, state: 'Processing' })) } : q,
      ),
    };
    expect(queueChartFocus(withState, { kind: 'queue', queue: 'jobs' })?.consumerState).toBe('Processing');
  });

  it('lights no message for a selected consumer that holds none, rather than another consumer’s', () => {
    const snap = queueFixtureFrame('sqs').snapshot;
    const jobs = snap.queues!.find((q) => q.name === 'jobs')!;
    const idle = {
      ...snap,
      queues: snap.queues?.map((q) =>
        q === jobs ? { ...q, messages: q.messages.filter((m) => m.consumerId !== 'worker-2') } : q,
      ),
    };
    const focus = queueChartFocus(idle, { kind: 'queue-consumer', queue: 'jobs', consumerId: 'worker-2' });
    expect(focus?.consumer?.consumerId).toBe('worker-2');
    expect(focus?.message).toBeUndefined();
    expect(focus?.messageState).toBeNull();
    expect(focus?.holdsNothing).toBe(true);
    // With the queue selected instead, the chart follows a message again.
    expect(queueChartFocus(idle, { kind: 'queue', queue: 'jobs' })?.message).toBeDefined();
  });

  it('shows a selected DLQ’s next message as Available', () => {
    const snap = queueFixtureFrame('sqs').snapshot;
    const focus = queueChartFocus(snap, { kind: 'queue', queue: 'jobs-dlq' });
    expect(focus?.queue.name).toBe('jobs-dlq');
    expect(focus?.consumer).toBeUndefined();
    expect(focus?.messageState).toBe('Available');
  });

  it('follows the first queue with consumers when nothing is selected', () => {
    const focus = queueChartFocus(queueFixtureFrame('all').snapshot, null);
    expect(focus?.queue.name).toBe('jobs');
    expect(focus?.consumer?.consumerId).toBe('worker-1');
  });

  it('follows a RabbitMQ consumer’s unacked message in the RabbitMQ machine, live from the engine', () => {
    const sim = createSimulation('rabbitmq-nack-requeue', { seed: 1 });
    const states = new Set(Object.keys(rabbitMessageMachine.root.states));
    const classic = () => sim.snapshot().queues!.find((x) => x.name === 'orders-classic')!;
    let unacked = 0;
    for (let t = 0; t < 20; t++) {
      sim.advance(53);
      const snap = sim.snapshot();
      const q = classic();
      for (const c of q.consumers) {
        const focus = queueChartFocus(snap, {
          kind: 'queue-consumer',
          queue: q.name,
          consumerId: c.consumerId,
        });
        expect(focus?.queue.name).toBe('orders-classic');
        if (focus?.message?.consumerId === c.consumerId) {
          expect(focus.messageState).toBe('Unacked');
          unacked += 1;
        } else if (focus?.messageState) expect(states).toContain(focus.messageState);
      }
    }
    expect(unacked).toBeGreaterThan(0);
    // Both consumers crash: their unacked messages go back to the queue, flagged redelivered,
    // and stay there (Requeued) while nobody consumes.
    let held: number[] = [];
    for (let i = 0; i < 500 && held.length === 0; i++) {
      sim.advance(7);
      held = classic()
        .messages.filter((m) => m.state === 'unacked')
        .map((m) => m.messageId);
    }
    expect(held.length).toBeGreaterThan(0);
    for (const c of classic().consumers) sim.inject({ type: 'crash-consumer', memberId: c.consumerId });
    const snap = sim.snapshot();
    const back = classic().messages.filter((m) => held.includes(m.messageId));
    expect(back.map(rabbitMessageState)).toEqual(held.map(() => 'Requeued'));
    const focus = queueChartFocus(snap, { kind: 'queue', queue: 'orders-classic' });
    expect(states).toContain(focus?.messageState);
  });

  it('names every RabbitMQ view state after a state of the RabbitMQ machine', () => {
    const states = Object.keys(rabbitMessageMachine.root.states);
    const view = { messageId: 1, key: null, receiveCount: 1, sentAtMs: 0 };
    expect(rabbitMessageState({ ...view, state: 'ready' })).toBe('Ready');
    expect(rabbitMessageState({ ...view, state: 'ready', redelivered: true })).toBe('Requeued');
    for (const state of ['unacked', 'acked', 'dead-lettered', 'expired', 'dropped'] as const)
      expect(states).toContain(rabbitMessageState({ ...view, state }));
    expect(rabbitMessageState({ ...view, state: 'in-flight' })).toBeNull();
  });
});
