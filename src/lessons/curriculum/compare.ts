// The comparison (issue 12): "Kafka or RabbitMQ or SQS?" asked of one run. The compare-brokers
// preset sends the same orders and the same faults to every system; every answer is a cell of
// the table the engine fills (metrics().comparison), never a number typed in here.

import type { LessonDocument } from '../schema';

const ALL_GROUPS = ['payments', 'workers', 'sqs-workers', 'fifo-workers', 'rabbit-workers'];

export const compareBrokers: LessonDocument = {
  id: 'compare-brokers',
  title: 'Kafka, SQS or RabbitMQ? The same orders, the same faults, side by side',
  concept:
    'A log (Kafka) keeps records and lets each group keep its own position: order per key, replay, many readers. A queue (SQS, RabbitMQ) hands each message to one consumer and forgets it once done. What follows a crash is each system’s own clock: a session timeout, a lock, a visibility timeout, or none.',
  track: 'queues',
  scenario: 'compare-brokers',
  steps: [
    {
      title: 'One workload, five readers',
      narration:
        'One producer per system sends the same workload, 20 orders a second for 30 customers, to a Kafka topic (read by the consumer group payments and the share group workers), an SQS standard queue, an SQS FIFO queue whose MessageGroupId is the customer, and a RabbitMQ quorum queue: 4 producers × 20 msg/s = 80 msg/s in all. Each reader has 4 consumers. The table in Outcomes fills as it runs.',
      highlight: { groups: ALL_GROUPS },
      runMs: 15_000,
      prediction: {
        kind: 'number',
        question:
          'Out of order means an order applied after a later order of the same customer. How many did SQS FIFO apply out of order?',
        answer: { value: { metric: 'comparison.fifo-workers.outOfOrder' }, unit: 'orders' },
        tolerance: { abs: 0 },
        expect: { min: 0, max: 0 },
        why: [
          'FIFO keeps order within a MessageGroupId: while one message of a group is in flight, no other message of that group is handed out.',
          'It does not hold the whole queue: orders of the other customers are handed out meanwhile, to any free consumer.',
        ],
      },
    },
    {
      title: 'The other side of the same promise',
      narration:
        'SQS standard has no message groups: it hands any visible message to any of its 4 consumers that asks.',
      highlight: { groups: ['sqs-workers'] },
      runMs: 1000,
      prediction: {
        kind: 'choice',
        question: 'Did SQS standard apply some customer’s orders out of order?',
        choices: [
          { id: 'yes', label: 'Yes: best-effort ordering' },
          { id: 'no', label: 'No: a queue is first in, first out' },
        ],
        answer: {
          value: { metric: 'comparison.sqs-workers.outOfOrder' },
          unit: 'orders',
          rule: [{ choice: 'yes', if: { gt: 0 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'The queue hands messages out in about the order they came, but 4 consumers finish them in any order.',
          'Need order per customer on SQS: a FIFO queue with MessageGroupId. On Kafka: the customer as the key.',
        ],
      },
    },
    {
      title: 'A consumer crashes with work in hand',
      narration:
        'At 15 s the first consumer of each system slows down tenfold, so messages pile up in its hands; at 20 s it crashes. Nothing it held was finished. Each system gets that work to another consumer by its own rule.',
      highlight: { groups: ALL_GROUPS },
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question:
          'How long after the crash did RabbitMQ deliver one of the crashed consumer’s unacked messages to another consumer?',
        answer: { value: { metric: 'comparison.rabbit-workers.redeliveryDelayMs' }, unit: 'ms' },
        tolerance: { abs: 100 },
        expect: { min: 0, max: 0 },
        why: [
          'The consumer’s channel closes with its process; RabbitMQ requeues every unacked message at once and pushes it to a consumer with room in its prefetch.',
          'Nothing was acked, so nothing is lost; had it applied a message before the crash, that message would now be applied twice.',
        ],
      },
    },
    {
      title: 'The clocks of the others',
      narration:
        'SQS does not know a consumer died: a received message stays invisible until its VisibilityTimeout (10 s here) runs out. A Kafka consumer group learns it when session.timeout.ms (10 s) passes without a heartbeat, then rebalances.',
      highlight: { groups: ['sqs-workers', 'payments'] },
      runMs: 1000,
      prediction: {
        kind: 'number',
        question: 'And the Kafka consumer group: how long from the crash to the re-read of its records?',
        answer: {
          value: { metric: 'comparison.payments.redeliveryDelayMs' },
          unit: 'ms',
        },
        tolerance: { ratio: 0.2 },
        expect: { min: 10_000, max: 20_000 },
        why: [
          'First session.timeout.ms (10 s) without a heartbeat, then the rebalance; the new owner reads from the last committed offset.',
          'SQS, in the table: at most the 10 s VisibilityTimeout, counted from when the message was received. The share group: at most its 15 s acquisition lock.',
        ],
      },
    },
    {
      title: 'Reading it all again',
      narration:
        'A new team wants every order of the last minute. On the queues, every processed order was deleted (SQS DeleteMessage) or acked (RabbitMQ). The Kafka topic keeps records for retention.ms (10 minutes), read or not.',
      highlight: { groups: ['payments', 'workers'] },
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How many orders could a new Kafka consumer group read from the start of the topic?',
        answer: { value: { metric: 'comparison.payments.retained' }, unit: 'orders' },
        tolerance: { ratio: 0.15 },
        expect: { min: 1000 },
        why: [
          'A log is not emptied by reading: each group keeps its own offset, so a new group (or an offset reset) replays.',
          'That is also Kafka’s fan-out: payments and workers each read every order. A queue gives each message to one consumer; fan-out needs a queue per reader (SNS → SQS, or an exchange bound to several queues).',
        ],
      },
    },
  ],
  outro:
    'Per-key order, replay and many independent readers: a log. One message to one worker, deleted when done, a redelivery rule and a DLQ per queue: a queue. The share group puts queue behaviour on a Kafka log.',
};
