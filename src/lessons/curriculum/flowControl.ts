// Flow control: what a queue buys under a spike (the world without one), backpressure at
// the producer and retention as the last buffer, autoscaling consumers on lag, and why the
// outbox pattern replaces dual writes. Every answer is read from the engine.

import type { LessonDocument } from '../schema';

export const withoutAQueue: LessonDocument = {
  id: 'without-a-queue',
  title: 'The world without a queue: a flash sale against a bounded connection pool',
  concept:
    'Calling a dependency directly couples your users to its capacity: past it, calls wait for a connection, are rejected or time out, and users retry, so the overload multiplies itself. A queue absorbs the spike and lets the dependency drain it at its own rate: later, not refused.',
  track: 'flow-control',
  scenario: 'sync-vs-queue',
  steps: [
    {
      title: 'Two paths, one sale',
      narration:
        'For 20 s, 500 checkouts/s. checkout-direct calls the payment API through 50 connections (about 250 calls/s); checkout publishes to orders and payments (12 consumers, the same 250/s) reads them.',
      highlight: { groups: ['payments'] },
      runMs: 25_000,
      prediction: {
        kind: 'number',
        question:
          'Users retry a rejected call up to 3 times. How many calls does the payment API receive per checkout on the direct path?',
        answer: { value: { metric: 'sync.amplification' }, unit: 'calls per checkout', decimals: 2 },
        tolerance: { ratio: 0.3 },
        expect: { min: 2 },
        why: [
          'Half the checkouts find no connection; each rejection comes back as a retry, which takes a connection a new checkout needed.',
          'The article’s outage: the retry storm tripled the load on a dependency that was already full.',
        ],
      },
    },
    {
      title: 'And the queue?',
      narration: 'The same orders wait in the log and payments keeps working through them.',
      highlight: { groups: ['payments'] },
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'How many orders did the queued path refuse?',
        choices: [
          { id: 'none', label: 'None: they waited in the log and were all charged' },
          { id: 'same', label: 'About as many as the direct path rejected' },
        ],
        answer: {
          value: { diff: [{ metric: 'groups.payments.produced' }, { metric: 'groups.payments.applied' }] },
          unit: 'orders not charged',
          rule: [{ choice: 'none', if: { lte: 0 } }, { choice: 'same' }],
        },
        expect: 'none',
        why: [
          'The log is the buffer: a spike becomes lag, and lag drains when the spike ends.',
          'The price is latency: the last orders waited tens of seconds. A queue trades refusals for delay.',
        ],
      },
    },
  ],
};

export const backpressure: LessonDocument = {
  id: 'backpressure',
  title: 'Backpressure: a full buffer blocks, a limiter rejects, shedding drops, retention deletes',
  concept:
    'When producers outpace what is downstream, something has to give. Kafka’s producer blocks send() when buffer.memory is full and fails after max.block.ms; a token bucket rejects sends past its rate; load shedding drops low-priority work on purpose; and when nothing pushes back, retention deletes what a slow group has not read.',
  track: 'flow-control',
  scenario: 'backpressure',
  steps: [
    {
      title: 'Bursts against a quota',
      narration:
        'checkout bursts to 1,000 orders/s, but its broker quota (producer_byte_rate) takes 600 kB/s: its 400 kB buffer fills and send() blocks for up to max.block.ms = 2 s.',
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'What happens to a send that stays blocked longer than max.block.ms?',
        choices: [
          { id: 'fails', label: 'It fails with a TimeoutException: the record is never sent' },
          { id: 'waits', label: 'It keeps waiting until there is room' },
        ],
        answer: {
          value: { metric: 'producers.checkout.timedOut' },
          unit: 'sends failed after max.block.ms',
          rule: [{ choice: 'fails', if: { gte: 1 } }, { choice: 'waits' }],
        },
        expect: 'fails',
        why: [
          'max.block.ms bounds how long send() may block; the application gets the exception and must decide.',
          'Blocking pushes the problem upstream: the caller is now slow, which is the point of backpressure.',
        ],
      },
    },
    {
      title: 'The slow reader',
      narration:
        'archiver reads at most 125 records/s; retention.ms is 30 s. Nobody slows the producers down for it.',
      highlight: { groups: ['archiver'] },
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How many records has retention deleted before archiver read them?',
        answer: { value: { metric: 'groups.archiver.lostToRetention' }, unit: 'records lost to retention' },
        tolerance: { ratio: 0.5 },
        expect: { min: 1000 },
        why: [
          'Kafka does not wait for consumers: retention deletes by age, read or not.',
          'The log is the last buffer. Watch lag in seconds against retention.ms, and scale or shed before it runs out.',
        ],
      },
    },
  ],
};

export const autoscaling: LessonDocument = {
  id: 'autoscaling',
  title: 'Autoscaling consumers on lag, and the partition ceiling',
  concept:
    'An autoscaler (KEDA’s Kafka scaler) adds consumers as lag grows: one per lagThreshold records, with cooldowns so it does not flap. In a consumer group each partition has one owner, so consumers past the partition count sit idle.',
  track: 'flow-control',
  scenario: 'autoscale-on-lag',
  steps: [
    {
      title: 'The sale starts',
      narration:
        'At 10 s checkout jumps to 700 orders/s; each consumer handles 100/s. The autoscaler may go up to 8 consumers; the topic has 6 partitions.',
      highlight: { groups: ['payments'] },
      runMs: 35_000,
      prediction: {
        kind: 'choice',
        question: 'The autoscaler reaches 8 consumers. What do the last two do?',
        choices: [
          { id: 'idle', label: 'Nothing: they own no partition' },
          { id: 'share', label: 'They share the busiest partitions' },
        ],
        answer: {
          value: { metric: 'groups.payments.autoscale.idle' },
          unit: 'idle consumers',
          rule: [{ choice: 'idle', if: { gte: 1 } }, { choice: 'share' }],
        },
        expect: 'idle',
        why: [
          'A partition is read by one member of a group: parallelism is capped by the partition count.',
          'KEDA caps replicas at the partition count unless allowIdleConsumers is set, for exactly this reason.',
        ],
      },
    },
  ],
};

export const outbox: LessonDocument = {
  id: 'outbox',
  title: 'Dual writes vs the transactional outbox',
  concept:
    'Writing the database and publishing an event are two systems: no crash-safe order exists between them. Commit-then-publish loses events, publish-then-commit invents them. The outbox writes the event in the same transaction and a relay publishes it: a crash can only repeat an event, and idempotent consumers absorb that.',
  track: 'flow-control',
  scenario: 'dual-write-outbox',
  steps: [
    {
      title: 'A crash between the two writes',
      narration:
        'At 8 s each service crashes between its two writes: commit-first after committing, publish-first after publishing, outbox after its transaction.',
      runMs: 12_000,
      prediction: {
        kind: 'number',
        question: 'How many committed orders of commit-first will never have an event?',
        answer: { value: { metric: 'services.commit-first.lostEvents' }, unit: 'lost events' },
        tolerance: { abs: 0 },
        expect: { min: 1, max: 1 },
        why: [
          'The order committed, then the process died before publishing: nothing remembers that an event is owed.',
          'publish-first has the mirror image: one event for an order that never committed (a phantom).',
        ],
      },
    },
    {
      title: 'The relay crashes',
      narration:
        'At 16 s the outbox relay crashes after publishing a batch and before marking the rows sent.',
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'What does the relay crash cost the outbox service?',
        choices: [
          { id: 'duplicates', label: 'Duplicate events, nothing lost' },
          { id: 'lost', label: 'The batch is lost' },
          { id: 'nothing', label: 'Nothing at all' },
        ],
        answer: {
          value: {
            diff: [{ metric: 'services.outbox.duplicateEvents' }, { metric: 'services.outbox.lostEvents' }],
          },
          unit: 'duplicates minus lost events',
          rule: [
            { choice: 'duplicates', if: { gte: 1 } },
            { choice: 'lost', if: { lt: 0 } },
            { choice: 'nothing' },
          ],
        },
        expect: 'duplicates',
        why: [
          'The rows were still in the outbox table, so the restarted relay published them again.',
          'At-least-once publishing: the consumers must deduplicate by event id.',
        ],
      },
    },
  ],
};
