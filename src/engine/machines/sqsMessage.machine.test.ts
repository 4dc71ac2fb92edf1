import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { QueueEvent } from '../queues/backend';
import { createHarness } from '../queues/testHarness';
import { type SqsMessageEvent, sqsMessageMachine } from './sqsMessage.machine';

/** The lifecycle event a queue event stands for, for one message in one queue. */
function lifecycleEvent(e: QueueEvent, queue: string, messageId: number): SqsMessageEvent | null {
  if (!('messageId' in e) || e.messageId !== messageId) return null;
  switch (e.type) {
    case 'queue-sent':
      if (e.queue !== queue) return null;
      return {
        type:
          e.outcome === 'delayed' ? 'DELAYED' : e.outcome === 'deduplicated' ? 'DEDUPLICATED' : 'ENQUEUED',
      };
    case 'queue-received':
      return e.queue === queue ? { type: 'RECEIVE' } : null;
    case 'queue-settled':
      if (e.queue !== queue || e.outcome !== 'ok') return null;
      return { type: e.settlement === 'delete' ? 'DELETE' : 'CHANGE_VISIBILITY' };
    case 'queue-returned':
      return e.queue === queue ? { type: 'VISIBILITY_TIMEOUT' } : null;
    case 'queue-dead-lettered':
      return e.queue === queue ? { type: 'DEAD_LETTER' } : null;
    case 'queue-dropped':
      return e.queue === queue ? { type: 'RETENTION_EXPIRED' } : null;
    default:
      return null;
  }
}

/** Replays the backend's events for one message through the machine; fails on an illegal move. */
function replay(events: QueueEvent[], queue: string, messageId: number): string[] {
  let [snapshot] = initialTransition(sqsMessageMachine);
  const states: string[] = [];
  for (const e of events) {
    const event = lifecycleEvent(e, queue, messageId);
    if (!event) continue;
    const isLegal = snapshot.can(event);
    expect(isLegal, `${String(snapshot.value)} cannot take ${event.type}`).toBe(true);
    [snapshot] = transition(sqsMessageMachine, snapshot, event);
    states.push(String(snapshot.value));
  }
  return states;
}

describe('SQS message lifecycle machine', () => {
  it('follows the backend through timeouts, a visibility change, redelivery and the DLQ', () => {
    const h = createHarness([
      {
        name: 'orders',
        type: 'sqs-standard',
        VisibilityTimeout: 10,
        RedrivePolicy: { deadLetterTargetArn: 'dlq', maxReceiveCount: 3 },
      },
      { name: 'dlq', type: 'sqs-standard' },
    ]);
    h.send('orders');
    const [first] = h.receive('orders', 'c-1')!;
    h.settle('orders', first, { kind: 'change-visibility', visibilityTimeoutSeconds: 20 });
    h.runUntil(20_000);
    const [second] = h.receive('orders', 'c-1')!;
    h.settle('orders', second, { kind: 'change-visibility', visibilityTimeoutSeconds: 0 });
    h.receive('orders', 'c-1');
    h.runUntil(40_000);
    h.receive('orders', 'c-1');
    expect(replay(h.events, 'orders', 0)).toEqual([
      'Available',
      'InFlight',
      'InFlight',
      'Available',
      'InFlight',
      'InFlight',
      'Available',
      'InFlight',
      'Available',
      'DeadLettered',
    ]);
  });

  it('ends Deleted after a delete, Expired after retention, Deduplicated for a FIFO re-send', () => {
    const h = createHarness([
      { name: 'a', type: 'sqs-standard', MessageRetentionPeriod: 60 },
      { name: 'b.fifo', type: 'sqs-fifo' },
    ]);
    h.send('a');
    h.send('a');
    const [d] = h.receive('a', 'c-1', 1)!;
    h.settle('a', d);
    h.runUntil(60_000);
    h.send('b.fifo', { messageId: 7, messageGroupId: 'g', messageDeduplicationId: 'x' });
    h.send('b.fifo', { messageId: 8, messageGroupId: 'g', messageDeduplicationId: 'x' });
    expect(replay(h.events, 'a', 0).at(-1)).toBe('Deleted');
    expect(replay(h.events, 'a', 1).at(-1)).toBe('Expired');
    expect(replay(h.events, 'b.fifo', 8)).toEqual(['Deduplicated']);
  });
});
