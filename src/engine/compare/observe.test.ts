import { describe, expect, it } from 'vitest';
import type { EngineConfig } from '../scenario/config';
import type { SimEvent } from '../types';
import { createComparisonObservations, observeComparison } from './observe';

const CONFIG = {
  groups: [
    { groupId: 'payments', share: undefined },
    { groupId: 'workers', share: {} },
  ],
  queueGroups: [{ groupId: 'sqs-workers', queue: 'jobs' }],
} as unknown as Pick<EngineConfig, 'groups' | 'queueGroups'>;

const received = (atMs: number, consumerId: string, messageId: number): SimEvent => ({
  type: 'queue-received',
  atMs,
  queue: 'jobs',
  consumerId,
  messageId,
  receiveCount: 1,
  redelivered: false,
});
const crashFault = (atMs: number, memberId: string): SimEvent => ({
  type: 'fault',
  atMs,
  fault: { type: 'crash-consumer', memberId },
});
const crashed = (atMs: number, groupId: string, memberId: string): SimEvent => ({
  type: 'member-state',
  atMs,
  groupId,
  memberId,
  from: 'Stable',
  to: 'Crashed',
});
const acquired = (atMs: number, memberId: string, messageId: number): SimEvent => ({
  type: 'acquired',
  atMs,
  groupId: 'workers',
  memberId,
  topic: 'orders',
  partition: 0,
  offset: messageId,
  messageId,
  deliveryCount: 1,
  lockUntilMs: atMs + 5000,
});
const fetched = (atMs: number, memberId: string, fromOffset: number, toOffset: number): SimEvent => ({
  type: 'fetched',
  atMs,
  groupId: 'payments',
  memberId,
  topic: 'orders',
  partition: 0,
  fromOffset,
  toOffset,
});

function fold(events: SimEvent[]) {
  const o = createComparisonObservations(CONFIG);
  for (const e of events) observeComparison(o, e);
  return o.crashes;
}

describe('observeComparison', () => {
  it.each([
    {
      name: 'a queue message held at the crash, received again later: crash → that receive',
      events: [received(100, 's-1', 7), crashFault(200, 's-1'), received(10_150, 's-2', 7)],
      held: 1,
      redeliveredAtMs: 10_150,
    },
    {
      name: 'a message the consumer deleted before the crash is not a redelivery',
      events: [
        received(100, 's-1', 7),
        {
          type: 'queue-settled',
          atMs: 150,
          queue: 'jobs',
          consumerId: 's-1',
          messageId: 7,
          settlement: 'delete',
          outcome: 'ok',
        } as SimEvent,
        crashFault(200, 's-1'),
        received(300, 's-2', 7),
      ],
      held: 0,
      redeliveredAtMs: null,
    },
    {
      name: 'requeued at the crash instant, before the fault event (RabbitMQ): a delay of 0',
      events: [received(100, 's-1', 7), received(200, 's-2', 7), crashFault(200, 's-1')],
      held: 1,
      redeliveredAtMs: 200,
    },
    {
      name: 'a share record whose lock expired is still the crashed holder’s until acquired again',
      events: [
        acquired(100, 'workers-1', 3),
        crashed(200, 'workers', 'workers-1'),
        {
          type: 'acknowledged',
          atMs: 5100,
          groupId: 'workers',
          memberId: 'workers-1',
          topic: 'orders',
          partition: 0,
          offset: 3,
          messageId: 3,
          ack: 'LOCK_EXPIRED',
          to: 'Available',
          deliveryCount: 1,
        } as SimEvent,
        acquired(5200, 'workers-2', 3),
      ],
      held: 1,
      redeliveredAtMs: 5200,
    },
    {
      name: 'Kafka: records fetched past the committed offset come back when another member fetches them',
      events: [
        fetched(100, 'p-1', 0, 9),
        {
          type: 'committed',
          atMs: 150,
          groupId: 'payments',
          memberId: 'p-1',
          offsets: [{ topic: 'orders', partition: 0, offset: 4 }],
        } as SimEvent,
        crashed(200, 'payments', 'p-1'),
        fetched(12_000, 'p-2', 4, 9),
      ],
      held: 6,
      redeliveredAtMs: 12_000,
    },
    {
      name: 'Kafka: a member that committed all it fetched holds nothing',
      events: [
        fetched(100, 'p-1', 0, 9),
        {
          type: 'committed',
          atMs: 150,
          groupId: 'payments',
          memberId: 'p-1',
          offsets: [{ topic: 'orders', partition: 0, offset: 10 }],
        } as SimEvent,
        crashed(200, 'payments', 'p-1'),
        fetched(12_000, 'p-2', 10, 12),
      ],
      held: 0,
      redeliveredAtMs: null,
    },
  ])('$name', ({ events, held, redeliveredAtMs }) => {
    const [crash] = fold(events);
    expect(crash.heldCount).toBe(held);
    expect(crash.firstRedeliveryAtMs).toBe(redeliveredAtMs);
  });

  it('an armed crash (a point other than now) of a queue consumer is not taken as a crash at the fault', () => {
    const crashes = fold([
      received(100, 's-1', 7),
      {
        type: 'fault',
        atMs: 200,
        fault: { type: 'crash-consumer', memberId: 's-1', point: 'before-process' },
      },
    ]);
    expect(crashes).toEqual([]);
  });
});
