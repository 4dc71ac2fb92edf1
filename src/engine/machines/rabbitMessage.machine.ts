// One RabbitMQ message's life in one queue (rabbitmq-website docs/confirms.md, nack.md, dlx.md,
// ttl.md): ready in the queue, pushed to a consumer (unacked), then acked, returned to the
// queue (requeued: nack/reject with requeue=true, or the channel closed with it unacked),
// dead-lettered (reject without requeue, TTL, length limit, quorum delivery limit, with a DLX),
// expired or dropped (the same triggers without a DLX). A dead-lettered message starts a new
// life in the queue its DLX routes it to.
//
// Messages are plain records, not actors: the broker steps `message.state` through the table
// `compileMessageTable` builds from this machine (tested equal to XState's `transition()`),
// and the Statechart tab draws the machine itself.

import { setup } from 'xstate';

export type RabbitMessageState =
  | 'Ready'
  | 'Unacked'
  | 'Requeued'
  | 'Acked'
  | 'DeadLettered'
  | 'Expired'
  | 'Dropped';

export type RabbitMessageEvent =
  | { type: 'DELIVER' }
  | { type: 'ACK' }
  | { type: 'REQUEUE' }
  | { type: 'DEAD_LETTER' }
  | { type: 'EXPIRE' }
  | { type: 'DROP' };

export type RabbitMessageEventType = RabbitMessageEvent['type'];

const DEAD_LETTER = {
  target: '#rabbitMessage.DeadLettered',
  description: 'Republished to the x-dead-letter-exchange with an x-death entry',
} as const;

const DROP = {
  target: '#rabbitMessage.Dropped',
  description: 'Rejected, over x-max-length or past x-delivery-limit, with no dead-letter exchange',
} as const;

const EXPIRE = {
  target: '#rabbitMessage.Expired',
  description: 'Its TTL ran out (the lower of x-message-ttl and expiration) with no dead-letter exchange',
} as const;

export const rabbitMessageMachine = setup({
  types: { events: {} as RabbitMessageEvent },
}).createMachine({
  id: 'rabbitMessage',
  initial: 'Ready',
  states: {
    Ready: {
      description: 'In the queue, waiting for a consumer with prefetch room',
      on: {
        DELIVER: { target: 'Unacked', description: 'Pushed to a consumer (basic.deliver)' },
        DEAD_LETTER,
        EXPIRE,
        DROP,
      },
    },
    Unacked: {
      description: 'Delivered, not yet acknowledged; counts against the consumer prefetch',
      on: {
        ACK: { target: 'Acked', description: 'basic.ack: the broker deletes it' },
        REQUEUE: {
          target: 'Requeued',
          description: 'basic.nack/reject with requeue=true, or the channel closed (consumer_timeout, crash)',
        },
        DEAD_LETTER: {
          target: 'DeadLettered',
          description: 'basic.nack/reject with requeue=false and a dead-letter exchange',
        },
        DROP: {
          target: 'Dropped',
          description: 'basic.nack/reject with requeue=false, no dead-letter exchange',
        },
      },
    },
    Requeued: {
      description:
        'Back in the queue with redelivered=true: classic at its original position, quorum at the back (or near the head with a delivery limit)',
      on: {
        DELIVER: { target: 'Unacked', description: 'Pushed again, flagged redelivered' },
        DEAD_LETTER: {
          target: 'DeadLettered',
          description: 'Past the quorum x-delivery-limit, over the length limit, or expired, with a DLX',
        },
        EXPIRE,
        DROP,
      },
    },
    Acked: { type: 'final', description: 'Acknowledged and deleted from the queue' },
    DeadLettered: { type: 'final', description: 'Left this queue through its dead-letter exchange' },
    Expired: { type: 'final', description: 'Expired and discarded; expired messages are never delivered' },
    Dropped: { type: 'final', description: 'Discarded without a dead-letter exchange' },
  },
});

export type MessageTable = Record<
  RabbitMessageState,
  Partial<Record<RabbitMessageEventType, RabbitMessageState>>
>;

interface NodeLike {
  key: string;
  on: Record<string, readonly { target?: readonly NodeLike[] }[]>;
  states: Record<string, NodeLike>;
}

/** State × event → next state, read from the machine (flat, guard-free, no actions). */
export function compileMessageTable(): MessageTable {
  const root = rabbitMessageMachine.root as unknown as NodeLike;
  const table = {} as MessageTable;
  for (const [key, node] of Object.entries(root.states)) {
    const row: Partial<Record<RabbitMessageEventType, RabbitMessageState>> = {};
    for (const [type, transitions] of Object.entries(node.on)) {
      const target = transitions[0]?.target?.[0];
      if (target) row[type as RabbitMessageEventType] = target.key as RabbitMessageState;
    }
    table[key as RabbitMessageState] = row;
  }
  return table;
}

/** The queue-contract name of each machine state (types.ts `QueueMessageState`). */
export const VIEW_STATE_OF = {
  Ready: 'ready',
  Unacked: 'unacked',
  Requeued: 'ready',
  Acked: 'acked',
  DeadLettered: 'dead-lettered',
  Expired: 'expired',
  Dropped: 'dropped',
} as const satisfies Record<RabbitMessageState, string>;
