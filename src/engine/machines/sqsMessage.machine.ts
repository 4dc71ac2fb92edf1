// One SQS message's lifecycle in its queue (domain.md §7), for the Statechart tab and as the
// rulebook the SQS backend is tested against: SendMessage → Available (or Delayed under
// DelaySeconds); ReceiveMessage → InFlight; DeleteMessage → Deleted; the visibility timeout
// (or ChangeMessageVisibility 0) → Available again; the receive past maxReceiveCount →
// DeadLettered; MessageRetentionPeriod → Expired. Messages are plain records in the engine
// (not actors): the backend moves them, and this machine states which moves are legal.

import { setup } from 'xstate';

export type SqsMessageEvent =
  | { type: 'ENQUEUED' }
  | { type: 'DELAYED' }
  | { type: 'DEDUPLICATED' }
  | { type: 'DELAY_ELAPSED' }
  | { type: 'RECEIVE' }
  | { type: 'DELETE' }
  | { type: 'VISIBILITY_TIMEOUT' }
  | { type: 'CHANGE_VISIBILITY' }
  | { type: 'DEAD_LETTER' }
  | { type: 'RETENTION_EXPIRED' }
  | { type: 'MOVED' };

export const sqsMessageMachine = setup({
  types: { events: {} as SqsMessageEvent },
}).createMachine({
  id: 'sqsMessage',
  initial: 'Sending',
  states: {
    Sending: {
      description: 'SendMessage reached the queue',
      on: {
        ENQUEUED: { target: 'Available', description: 'Visible at once' },
        DELAYED: { target: 'Delayed', description: 'DelaySeconds: hidden until the delay elapses' },
        DEDUPLICATED: {
          target: 'Deduplicated',
          description: 'FIFO: the same MessageDeduplicationId within 5 minutes; accepted, not stored',
        },
      },
    },
    Delayed: {
      on: {
        DELAY_ELAPSED: { target: 'Available', description: 'The delay elapsed' },
        RETENTION_EXPIRED: { target: 'Expired', description: 'MessageRetentionPeriod ran out' },
      },
    },
    Available: {
      description: 'Visible: the next ReceiveMessage may return it',
      on: {
        RECEIVE: {
          target: 'InFlight',
          description: 'Received: invisible for VisibilityTimeout; receive count + 1',
        },
        DEAD_LETTER: {
          target: 'DeadLettered',
          description: 'The receive past RedrivePolicy.maxReceiveCount moves it to the DLQ instead',
        },
        RETENTION_EXPIRED: { target: 'Expired', description: 'MessageRetentionPeriod ran out' },
        MOVED: { target: 'Moved', description: 'StartMessageMoveTask took it (a DLQ redrive)' },
      },
    },
    InFlight: {
      description: 'Received, not deleted; other consumers cannot receive it',
      on: {
        DELETE: { target: 'Deleted', description: 'DeleteMessage with the current receipt handle' },
        VISIBILITY_TIMEOUT: {
          target: 'Available',
          description: 'Not deleted in time (or ChangeMessageVisibility 0): visible again',
        },
        CHANGE_VISIBILITY: {
          target: 'InFlight',
          description: 'ChangeMessageVisibility restarts the timer now',
        },
        RECEIVE: {
          target: 'InFlight',
          description: 'Standard queues: occasionally a second copy is delivered (at-least-once)',
        },
        RETENTION_EXPIRED: {
          target: 'Expired',
          description: 'MessageRetentionPeriod ran out, even in flight',
        },
      },
    },
    Deleted: { type: 'final' },
    DeadLettered: {
      type: 'final',
      description: 'Now in the dead-letter queue, with its original message ID',
    },
    Expired: { type: 'final' },
    Deduplicated: { type: 'final' },
    Moved: { type: 'final' },
  },
});
