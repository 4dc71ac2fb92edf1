// One record of a share-partition, as the share-partition leader tracks it (KIP-932):
// Available → Acquired (a consumer fetched it: the delivery count goes up by one and an
// acquisition lock of `share.record.lock.duration.ms` starts) → Acknowledged (ACCEPT), or
// Archived (REJECT), or back to Available (RELEASE, or the lock expired), unless the
// delivery count reached `share.delivery.count.limit`: then it is Archived instead.
//
// The engine steps this machine for every acquisition and acknowledgement, so it runs as a
// compiled table (`recordTable.ts`, tested equal to XState's `transition()`); the Statechart
// tab draws the machine itself.

import { assign, setup } from 'xstate';

import type { ShareRecordState } from './types';

export type { ShareRecordState };

export interface ShareRecordContext {
  deliveryCount: number;
  deliveryCountLimit: number;
}

export type ShareRecordEvent =
  | { type: 'ACQUIRE' }
  | { type: 'ACCEPT' }
  | { type: 'RELEASE' }
  | { type: 'REJECT' }
  | { type: 'LOCK_EXPIRED' };

export type ShareRecordEventType = ShareRecordEvent['type'];

export type ShareRecordGuard = 'isDeliveryCountLimitReached';
export type ShareRecordAction = 'countDelivery';

/** Released or expired at the limit: archived, not redelivered (poison-message protection). */
const backToAvailable = (why: string) =>
  [
    {
      guard: 'isDeliveryCountLimitReached',
      target: 'Archived',
      description: `${why} at the delivery count limit: archived instead of redelivered`,
    },
    { target: 'Available', description: `${why}: available to any consumer of the group again` },
  ] as const;

export const shareRecordMachine = setup({
  types: {
    context: {} as ShareRecordContext,
    events: {} as ShareRecordEvent,
    input: {} as { deliveryCountLimit: number },
  },
  guards: {
    isDeliveryCountLimitReached: ({ context }) => context.deliveryCount >= context.deliveryCountLimit,
  },
  actions: {
    countDelivery: assign({ deliveryCount: ({ context }) => context.deliveryCount + 1 }),
  },
}).createMachine({
  id: 'shareRecord',
  context: ({ input }) => ({ deliveryCount: 0, deliveryCountLimit: input.deliveryCountLimit }),
  initial: 'Available',
  states: {
    Available: {
      description: 'Between SPSO and SPEO (or beyond SPEO): any consumer of the share group may acquire it',
      on: {
        ACQUIRE: {
          target: 'Acquired',
          actions: 'countDelivery',
          description: 'A ShareFetch hands it to one consumer: delivery count + 1, the lock starts',
        },
      },
    },
    Acquired: {
      description: 'Locked to one consumer for share.record.lock.duration.ms',
      on: {
        ACCEPT: { target: 'Acknowledged', description: 'ACCEPT: processed, done' },
        REJECT: { target: 'Archived', description: 'REJECT: unprocessable, never delivered again' },
        RELEASE: backToAvailable('RELEASE'),
        LOCK_EXPIRED: backToAvailable('The acquisition lock expired'),
      },
    },
    Acknowledged: { type: 'final', description: 'Done; SPSO moves past it' },
    Archived: { type: 'final', description: 'Rejected or out of deliveries; counted, no DLQ of its own' },
  },
});
