// One share consumer's application thread (KafkaShareConsumer): poll() sends a ShareFetch
// that carries the acknowledgements of the previous batch and acquires up to
// max.poll.records records from any share-partition of the topic; the application then
// processes them one by one and acknowledges each (ACCEPT, RELEASE or REJECT). There is
// no assignment, no rebalance and no offset commit: the broker's record states are the
// progress. Flat and guard-free, so it runs as a compiled table like the consumer loop.

import { setup } from 'xstate';

export type ShareLoopState = 'Stopped' | 'Polling' | 'Idle' | 'Processing' | 'Paused' | 'Crashed';

export type ShareLoopEvent =
  | { type: 'POLL' }
  | { type: 'NO_DATA' }
  | { type: 'PROCESS' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CRASH' }
  | { type: 'STOP' };

export type ShareLoopEventType = ShareLoopEvent['type'];

export type ShareLoopHook = 'schedulePoll';

const POLL = {
  target: '#shareConsumer.Polling',
  actions: 'schedulePoll',
  description: 'poll(): a ShareFetch with the pending acknowledgements runs as the next step',
} as const;

export const shareConsumerMachine = setup({
  types: { events: {} as ShareLoopEvent },
  actions: { schedulePoll: () => {} },
}).createMachine({
  id: 'shareConsumer',
  initial: 'Stopped',
  on: {
    CRASH: {
      target: '#shareConsumer.Crashed',
      description: 'crash-consumer: its acquired records wait for their locks to expire',
    },
    STOP: { target: '#shareConsumer.Stopped', description: 'The consumer left the share group' },
  },
  states: {
    Stopped: { description: 'Not a member of the share group', on: { POLL } },
    Polling: {
      description: 'ShareFetch: acknowledge the previous batch, acquire up to max.poll.records records',
      on: {
        PROCESS: { target: 'Processing', description: 'Records were acquired' },
        NO_DATA: { target: 'Idle', description: 'Nothing available: the fetch waits for data' },
      },
    },
    Idle: {
      description: 'Waiting for records to become available (new, released or lock expired)',
      on: { POLL, PAUSE: { target: 'Paused', description: 'pause-consumer while waiting for data' } },
    },
    Processing: {
      description: 'The application processes the acquired records and acknowledges each',
      on: {
        PROCESS: { target: 'Processing', description: 'The next acquired record' },
        POLL,
        PAUSE: {
          target: 'Paused',
          description: 'pause-consumer: a stop-the-world pause, its locks keep running',
        },
      },
    },
    Paused: {
      description: 'Frozen: the acquisition locks of its records run out meanwhile',
      on: {
        RESUME: {
          target: 'Processing',
          description: 'The pause ended: it carries on with the record in hand, or polls',
        },
      },
    },
    Crashed: { description: 'The process died; a restart polls again', on: { POLL } },
  },
});
