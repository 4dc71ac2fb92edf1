// One queue consumer's loop: ReceiveMessage → process each message → DeleteMessage (or ack)
// → receive again, with the pause after an empty short poll and the armed crash points as
// real transitions. SQS is pull: the consumer asks and may wait (long polling); RabbitMQ
// pushes within prefetch, and the same states read "waiting for a delivery" there.
//
// Like the Kafka consumer loop it steps once per message, so it stays flat and guard-free:
// `queueConsumerTable.ts` compiles it into a lookup table the engine runs (tested equal to
// XState's own `transition()`), and its state lives in the world as plain data.

import { setup } from 'xstate';

export type QueueConsumerState = 'Stopped' | 'Receiving' | 'Processing' | 'Backoff' | 'Crashed';

export type QueueConsumerEvent =
  | { type: 'START' }
  | { type: 'RECEIVE' }
  | { type: 'BATCH' }
  | { type: 'EMPTY' }
  | { type: 'NEXT' }
  | { type: 'RESTART' }
  | { type: 'STOP' }
  | { type: 'CRASH' }
  | { type: 'CRASH_BEFORE_PROCESS' }
  | { type: 'CRASH_AFTER_PROCESS' }
  | { type: 'CRASH_AFTER_DELETE' };

export type QueueConsumerEventType = QueueConsumerEvent['type'];

/** The engine hooks the machine names (queues/runtime/consumer.ts implements them). */
export type QueueConsumerHook = 'requestReceive' | 'scheduleReceive' | 'disarmCrash';

const hook = () => {};

const RECEIVE = {
  target: '#queueConsumer.Receiving',
  actions: 'requestReceive',
  description: 'ReceiveMessage (SQS) or wait for the next push within prefetch (RabbitMQ)',
} as const;

const crashAt = (description: string) =>
  ({ target: '#queueConsumer.Crashed', actions: 'disarmCrash', description }) as const;

export const queueConsumerMachine = setup({
  types: { events: {} as QueueConsumerEvent },
  actions: { requestReceive: hook, scheduleReceive: hook, disarmCrash: hook },
}).createMachine({
  id: 'queueConsumer',
  initial: 'Stopped',
  on: {
    STOP: {
      target: '#queueConsumer.Stopped',
      description: 'The consumer leaves (removed, or its group stops)',
    },
    CRASH: crashAt('crash-consumer (now): the process dies; what it holds stays in flight until its timeout'),
  },
  states: {
    Stopped: {
      description: 'Not consuming yet, or gone',
      on: { START: RECEIVE },
    },
    Receiving: {
      description: 'A ReceiveMessage call is out (a long poll waits up to WaitTimeSeconds)',
      on: {
        BATCH: {
          target: 'Processing',
          description: 'Messages arrived: each is in flight, invisible to others',
        },
        EMPTY: {
          target: 'Backoff',
          actions: 'scheduleReceive',
          description:
            'Nothing came back: receive again (at once after a long poll, after pollIntervalMs otherwise)',
        },
      },
    },
    Processing: {
      description: 'The application processes one message of the batch',
      on: {
        NEXT: { target: 'Processing', description: 'The next message of the batch' },
        RECEIVE,
        CRASH_BEFORE_PROCESS: crashAt('Armed crash point: before processing the next message'),
        CRASH_AFTER_PROCESS: crashAt('Armed crash point: processed, DeleteMessage (ack) not sent'),
        CRASH_AFTER_DELETE: crashAt('Armed crash point: deleted (acked) first, processing not finished'),
      },
    },
    Backoff: {
      description: 'Waiting before the next ReceiveMessage',
      on: { RECEIVE },
    },
    Crashed: {
      description: 'The process died; its in-flight messages come back when their visibility times out',
      on: { RESTART: RECEIVE },
    },
  },
});
