// Delivery semantics: where the commit sits relative to the side effect decides whether a
// crash loses orders or charges them twice; an idempotency store turns repeats into skips.
// Counts come from the sink (per message id, how many times the effect was applied).

import type { LessonDocument } from '../schema';

export const atMostOnce: LessonDocument = {
  id: 'at-most-once',
  title: 'At-most-once: commit first, lose on a crash',
  concept:
    'Committing the offset before processing means a crash in between leaves those records marked as done though they never were: they are lost, never repeated.',
  track: 'delivery',
  scenario: 'at-most-once',
  steps: [
    {
      title: 'Commit, then charge',
      narration:
        'payments commits each batch’s offsets as soon as it has fetched it, then charges the orders one by one.',
      highlight: { groups: ['payments'], part: 'commits' },
      runMs: 10_000,
    },
    {
      title: 'The crash',
      narration:
        'At 12 s, p-1 crashes right after committing a batch it has only started charging. It restarts 15 s later; meanwhile p-2 takes over its partitions from the committed offsets.',
      highlight: { members: ['p-1'], part: 'sink' },
      runMs: 25_000,
      prediction: {
        kind: 'number',
        question: 'How many orders are never charged?',
        answer: { value: { metric: 'groups.payments.lost' }, unit: 'orders lost' },
        tolerance: { ratio: 0.5 },
        expect: { min: 1 },
        why: [
          'The committed offset already pointed past the unfinished batch, so the new owner started after it.',
          'Nothing reads those records again: the commit promised work that never happened.',
        ],
      },
    },
    {
      title: 'Any double charges?',
      narration: 'Look at the sink: for each order id, how many times was it charged?',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'Was any order charged twice?',
        choices: [
          { id: 'none', label: 'No: at-most-once never repeats an order' },
          { id: 'some', label: 'Yes, a few' },
        ],
        answer: {
          value: { metric: 'groups.payments.duplicates' },
          unit: 'orders charged twice',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'Since the offset moves before the work, no record is ever handed out twice.',
          'Fine for metrics samples or pings, where a loss is cheaper than a repeat; wrong for payments.',
        ],
      },
    },
  ],
};

export const atLeastOnce: LessonDocument = {
  id: 'at-least-once',
  title: 'At-least-once: charge first, repeat on a crash',
  concept:
    'Committing after processing means a crash between the side effect and the commit makes the next owner process the same records again: nothing is lost, but some effects happen twice.',
  track: 'delivery',
  scenario: 'at-least-once',
  steps: [
    {
      title: 'Charge, then commit',
      narration: 'payments charges each order of a batch, then commits the batch’s offsets.',
      highlight: { groups: ['payments'], part: 'commits' },
      runMs: 10_000,
    },
    {
      title: 'The crash',
      narration:
        'At 12 s, p-1 crashes after charging a batch and before committing it. p-2 takes over its partitions from the last committed offset.',
      highlight: { members: ['p-1'], part: 'sink' },
      runMs: 25_000,
      prediction: {
        kind: 'number',
        question: 'How many orders are charged twice?',
        answer: { value: { metric: 'groups.payments.duplicates' }, unit: 'orders charged twice' },
        tolerance: { ratio: 0.5 },
        expect: { min: 1 },
        why: [
          'The committed offset was still before the batch, so the new owner fetched and charged it again.',
          'This is the default for Kafka, SQS and RabbitMQ with acks: consumers must expect repeats.',
        ],
      },
    },
    {
      title: 'Any losses?',
      narration: 'Now compare what was produced with what was charged at least once.',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'Was any order lost?',
        choices: [
          { id: 'none', label: 'No order was lost' },
          { id: 'some', label: 'A few orders were lost' },
        ],
        answer: {
          value: { metric: 'groups.payments.lost' },
          unit: 'orders lost',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'The offset only moves past work that is done, so a crash can only cause a repeat.',
          'To make the repeat harmless, remember what was done (the next lesson) before acknowledging.',
        ],
      },
    },
  ],
};

export const effectivelyOnce: LessonDocument = {
  id: 'effectively-once',
  title: 'Effectively-once: an idempotency store turns repeats into skips',
  concept:
    'At-least-once delivery plus an idempotency store written in the same transaction as the side effect: a repeated order id is recognised and skipped, so every order is charged exactly once. The acknowledgement comes after that record is saved.',
  track: 'delivery',
  scenario: 'effectively-once',
  steps: [
    {
      title: 'Remember every order id',
      narration:
        'Same topology as at-least-once, but each charge also records its order id in an idempotency store, atomically.',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 10_000,
    },
    {
      title: 'Repeats on purpose',
      narration:
        'At 10 s the next 20 records are delivered twice; at 12 s p-1 crashes after charging a batch and before committing it.',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 25_000,
      prediction: {
        kind: 'number',
        question: 'How many orders end up charged twice?',
        answer: { value: { metric: 'groups.payments.duplicates' }, unit: 'orders charged twice' },
        tolerance: { abs: 0 },
        expect: { min: 0, max: 0 },
        why: [
          'Every repeat finds its order id already in the store and is skipped instead of charged.',
          'The id is saved with the charge before the ack, so a crash in between cannot forget it.',
        ],
      },
    },
    {
      title: 'The skips',
      narration: 'The repeats still arrived; they just did no harm.',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How many repeated deliveries did the idempotency store skip?',
        answer: { value: { metric: 'groups.payments.deduplicated' }, unit: 'skips' },
        tolerance: { ratio: 0.5 },
        expect: { min: 20 },
        why: [
          'At least the 20 duplicated deliveries, plus the crashed batch that p-2 received again.',
          'Delivery stayed at-least-once; the effect became exactly-once.',
        ],
      },
    },
    {
      title: 'The duplicate budget',
      narration:
        'A flash-sale design allows at most 0.01% of orders to be charged twice. Compare the figure with that budget.',
      highlight: { groups: ['payments'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'Is payments within a 0.01% duplicate-charge budget?',
        choices: [
          { id: 'within', label: 'Yes, within the budget' },
          { id: 'over', label: 'No, over the budget' },
        ],
        answer: {
          value: {
            times: [
              { ratio: [{ metric: 'groups.payments.duplicates' }, { metric: 'groups.payments.applied' }] },
              { const: 100 },
            ],
          },
          unit: '% charged twice',
          decimals: 4,
          rule: [{ choice: 'within', if: { lte: 0.01 } }, { choice: 'over' }],
        },
        expect: 'within',
        why: [
          'Duplicates divided by orders charged, as a percentage: 0 here.',
          'Without the store, one crash already repeats a whole batch: far above 0.01% at this volume.',
        ],
      },
    },
  ],
};

export const replay: LessonDocument = {
  id: 'replay',
  title: 'Replay: reset offsets to the earliest',
  concept:
    'A log keeps records after they are read, so a group can rewind its committed offsets and read everything again (to rebuild a view or fix a bug). A plain at-least-once consumer repeats every effect; an idempotent one skips them.',
  track: 'delivery',
  scenario: {
    id: 'replay',
    title: 'ledger and billing read the same orders',
    topics: [{ name: 'orders', partitions: 3, 'retention.ms': 600_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 20,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'ledger',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 5 },
      },
      {
        groupId: 'billing',
        topic: 'orders',
        consumers: 2,
        delivery: 'effectively-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 5 },
      },
    ],
  },
  steps: [
    {
      title: 'Both caught up',
      narration:
        'ledger appends each order to a ledger table (no duplicate check); billing checks an idempotency store first.',
      highlight: { groups: ['ledger', 'billing'], part: 'offsets' },
      runMs: 20_000,
    },
    {
      title: 'Rewind',
      narration:
        'An operator resets both groups to the earliest offset (kafka-consumer-groups --reset-offsets --to-earliest) and they read the topic again.',
      highlight: { groups: ['ledger', 'billing'], part: 'offsets' },
      inject: [
        { type: 'reset-offsets', groupId: 'ledger', to: 'earliest' },
        { type: 'reset-offsets', groupId: 'billing', to: 'earliest' },
      ],
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How many orders does ledger record a second time?',
        answer: { value: { metric: 'groups.ledger.duplicates' }, unit: 'orders applied twice' },
        tolerance: { ratio: 0.25 },
        expect: { min: 300 },
        why: [
          'Every record before the reset is delivered again, and ledger applies each one again.',
          'A replay is at-least-once at scale: only safe if consumers are idempotent.',
        ],
      },
    },
    {
      title: 'The idempotent consumer',
      narration: 'billing read the same records again.',
      highlight: { groups: ['billing'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How many orders did billing charge twice?',
        choices: [
          { id: 'none', label: 'None: it skipped every order id it had seen' },
          { id: 'as-many', label: 'As many as ledger' },
        ],
        answer: {
          value: { metric: 'groups.billing.duplicates' },
          unit: 'orders charged twice',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'as-many' }],
        },
        expect: 'none',
        why: [
          'billing’s idempotency store already held every replayed order id.',
          'This is why replays are routine with Kafka: fix a bug, rewind, reprocess, as long as effects are idempotent.',
        ],
      },
    },
  ],
};
