// When things go wrong: retries with and without backoff, poison messages and the DLQ,
// the hot partition, and retention deleting what a slow group has not read yet.

import type { LessonDocument } from '../schema';

const orders = (partitions: number, retentionMs = 600_000) => ({
  name: 'orders',
  partitions,
  'retention.ms': retentionMs,
});
const checkout = (ratePerSec: number) => ({
  id: 'checkout',
  topic: 'orders',
  ratePerSec,
  keys: { type: 'uniform' as const, count: 5000, prefix: 'order-' },
});
const lastLag = { max: { metric: 'groups.payments.lagByPartition' } };

export const retries: LessonDocument = {
  id: 'retries',
  title: 'Retries: backoff with jitter and a cap vs a retry storm',
  concept:
    'Retrying at once and forever multiplies the load on a dependency that is already down. Exponential backoff with jitter spaces the attempts out and de-synchronises clients; a cap on attempts sends what still fails to a dead-letter queue.',
  track: 'failures',
  scenario: {
    id: 'retries',
    title: 'storm and backoff call the same payment API',
    topics: [orders(3)],
    producers: [checkout(30)],
    groups: [
      {
        groupId: 'storm',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
        retry: { mode: 'blocking', maxAttempts: 1000, backoffMs: 0, multiplier: 1, jitter: 'none' },
        dlq: { enabled: true },
      },
      {
        groupId: 'backoff',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
        retry: {
          mode: 'blocking',
          maxAttempts: 6,
          backoffMs: 500,
          multiplier: 2,
          maxBackoffMs: 8000,
          jitter: 'full',
        },
        dlq: { enabled: true },
      },
    ],
  },
  steps: [
    {
      title: 'Two retry policies',
      narration:
        'storm retries immediately, up to 1,000 times. backoff waits 0.5 s, then 1 s, 2 s, 4 s… (capped at 8 s, with full jitter) and gives up after 6 attempts.',
      highlight: { groups: ['storm', 'backoff'], part: 'retry' },
      runMs: 8000,
    },
    {
      title: 'The payment API goes down',
      narration: 'For 10 s every call to the payment API times out, for both groups.',
      highlight: { groups: ['storm', 'backoff'], part: 'retry' },
      inject: [{ type: 'outage', durationMs: 10_000 }],
      runMs: 12_000,
      prediction: {
        kind: 'choice',
        question: 'Which group sends more failing calls to the payment API during the outage?',
        choices: [
          { id: 'storm', label: 'storm, many times more' },
          { id: 'similar', label: 'About the same: both must retry every order' },
          { id: 'backoff', label: 'backoff' },
        ],
        answer: {
          value: {
            ratio: [
              { delta: { metric: 'groups.storm.failedAttempts' } },
              { delta: { metric: 'groups.backoff.failedAttempts' } },
            ],
          },
          unit: '× storm / backoff failed calls',
          decimals: 1,
          rule: [
            { choice: 'storm', if: { gte: 3 } },
            { choice: 'backoff', if: { lte: 0.33 } },
            { choice: 'similar' },
          ],
        },
        expect: 'storm',
        why: [
          'Without backoff each consumer calls as fast as the call fails: the load on the broken API multiplies.',
          'Backoff with jitter spends the outage waiting, and the attempts that remain are spread out in time.',
        ],
      },
    },
    {
      title: 'Counting the storm',
      narration: 'Look at the failed attempts of each group.',
      highlight: { groups: ['storm'], part: 'retry' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How many failed calls did storm make in total?',
        answer: { value: { metric: 'groups.storm.failedAttempts' }, unit: 'failed calls' },
        tolerance: { ratio: 0.5 },
        expect: { min: 100 },
        why: [
          'Three consumers retrying a failing call every few milliseconds for 10 s.',
          'In production that hammering is what keeps a recovering service down: cap and back off.',
        ],
      },
    },
  ],
};

export const poisonMessage: LessonDocument = {
  id: 'poison-message',
  title: 'Poison messages: retries exhausted, dead-letter queue, redrive',
  concept:
    'A record that can never be processed (a broken schema) fails every retry. After a capped number of attempts it goes to a dead-letter queue so the partition moves on. Redriving it without a fix brings it back; a loop guard parks it after a few redrives.',
  track: 'failures',
  scenario: 'poison-message',
  steps: [
    {
      title: 'Normal traffic',
      narration: 'payments retries a failing record up to 4 attempts with backoff, then dead-letters it.',
      highlight: { groups: ['payments'], part: 'retry' },
      runMs: 6000,
    },
    {
      title: 'The poison record',
      narration: 'At 8 s, an order with a broken schema is published. It fails to deserialize every time.',
      highlight: { groups: ['payments'], part: 'dlq' },
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How many attempts does payments make before the record is dead-lettered?',
        answer: { value: { events: 'dead-lettered', field: 'attempts', agg: 'first' }, unit: 'attempts' },
        tolerance: { abs: 0 },
        expect: { min: 4, max: 4 },
        why: [
          'retry.maxAttempts is 4: the first try and three retries with growing backoff.',
          'Capping retries is what stops one bad record from blocking its partition forever.',
        ],
      },
    },
    {
      title: 'Redrive without a fix',
      narration:
        'Someone redrives the dead-letter queue back to the topic before anyone fixed the consumer. Inspect the dead letter first: its reason and attempts say why it failed.',
      highlight: { part: 'dlq' },
      inject: [{ type: 'redrive' }],
      runMs: 15_000,
      prediction: {
        kind: 'choice',
        question: 'What happens to the redriven poison record?',
        choices: [
          { id: 'back', label: 'It fails all its attempts again and returns to the DLQ' },
          { id: 'processed', label: 'It is processed this time' },
        ],
        answer: {
          value: { count: 'dead-lettered' },
          unit: 'dead-letterings this step',
          rule: [{ choice: 'back', if: { gte: 1 } }, { choice: 'processed' }],
        },
        expect: 'back',
        why: [
          'Nothing changed about the record or the code, so it fails exactly as before.',
          'Redrive after the fix is deployed; inspect first, redrive second.',
        ],
      },
    },
    {
      title: 'Redrive again',
      narration: 'And again: the record loops between the topic and the DLQ.',
      highlight: { part: 'dlq' },
      inject: [{ type: 'redrive' }],
      runMs: 15_000,
    },
    {
      title: 'And again',
      narration: 'A third redrive. Each loop costs four attempts and a blocked partition.',
      highlight: { part: 'dlq' },
      inject: [{ type: 'redrive' }],
      runMs: 15_000,
    },
    {
      title: 'The loop guard',
      narration: 'One more redrive. The DLQ counts how many times each message was redriven.',
      highlight: { part: 'dlq' },
      inject: [{ type: 'redrive' }],
      runMs: 5000,
      prediction: {
        kind: 'choice',
        question: 'This is the record’s fourth redrive. What does the loop guard do?',
        choices: [
          { id: 'parked', label: 'Parks it in the DLQ: no more automatic redrives' },
          { id: 'loops', label: 'Sends it round again' },
        ],
        answer: {
          value: { sum: { snapshot: 'deadLetters.*.isParked' } },
          unit: 'parked dead letters',
          rule: [{ choice: 'parked', if: { gte: 1 } }, { choice: 'loops' }],
        },
        expect: 'parked',
        why: [
          'After 3 redrives a message is parked instead of looped, so a human looks at it.',
          'Without a guard a poison message can circle forever, burning retries each time.',
        ],
      },
    },
  ],
};

export const hotPartition: LessonDocument = {
  id: 'hot-partition',
  title: 'The hot partition playbook',
  concept:
    'When one partition is far behind the others, the cause is usually the key distribution, not the consumer count: one hot key sends most records to one partition, which only one consumer per group can read. Inspect per-partition lag and keys first; spread the hot key.',
  track: 'failures',
  scenario: 'hot-partition',
  steps: [
    {
      title: 'A flash sale on one merchant',
      narration:
        'Checkout sends 60 orders a second over 6 partitions; each payments consumer charges about 33 a second (30 ms each). From 10 s, merchant-42 sends 60% of all orders, and its orders share one key, so they all hash to one partition.',
      highlight: { groups: ['payments'], part: 'lag' },
      inject: [{ type: 'set-config', groupId: 'payments', processingMeanMs: 30 }],
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'What share of payments’ total lag sits on the single worst partition (out of 6)?',
        answer: {
          value: {
            times: [
              {
                ratio: [
                  { max: { metric: 'groups.payments.lagByPartition' } },
                  { metric: 'groups.payments.lag' },
                ],
              },
              { const: 100 },
            ],
          },
          unit: '% of the lag',
        },
        tolerance: { abs: 10 },
        expect: { min: 60 },
        why: [
          'One partition receives most of the traffic; its single owner cannot keep up, the others idle.',
          'Per-partition lag shows the skew at once; a total lag figure would hide it.',
        ],
      },
    },
    {
      title: 'Scale out?',
      narration: 'The first reflex: add three consumers, one per partition.',
      highlight: { groups: ['payments'], part: 'members' },
      inject: [
        { type: 'add-consumer', groupId: 'payments' },
        { type: 'add-consumer', groupId: 'payments' },
        { type: 'add-consumer', groupId: 'payments' },
      ],
      runMs: 20_000,
      prediction: {
        kind: 'choice',
        question: 'With 6 consumers for 6 partitions, does the hot partition’s lag go down?',
        choices: [
          { id: 'no', label: 'No: it is still one partition read by one consumer' },
          { id: 'yes', label: 'Yes: more consumers, less lag' },
        ],
        answer: {
          value: { delta: lastLag },
          unit: 'records change in the worst partition’s lag',
          rule: [{ choice: 'no', if: { gte: 0 } }, { choice: 'yes' }],
        },
        expect: 'no',
        why: [
          'A partition has one owner per group: the hot partition’s reader did not get any faster.',
          'The rebalance even paused everyone for a moment. Inspect keys before scaling consumers.',
        ],
      },
    },
    {
      title: 'Spread the hot key',
      narration:
        'Inspecting a record of the hot partition shows key merchant-42. The fix: key these orders by order id (or add a salt to the merchant key) so they spread over all partitions.',
      highlight: { groups: ['payments'], part: 'key-inspector' },
      inject: [{ type: 'hot-key', key: 'merchant-42', share: 0 }],
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'With the key spread, does the worst partition’s lag go down?',
        choices: [
          { id: 'yes', label: 'Yes, it drains' },
          { id: 'no', label: 'No, it keeps growing' },
        ],
        answer: {
          value: { delta: lastLag },
          unit: 'records change in the worst partition’s lag',
          rule: [{ choice: 'yes', if: { lt: 0 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'New orders now spread over 6 partitions, so the hot partition’s owner finally gets ahead.',
          'The price: orders of one merchant are no longer in one partition, so no longer ordered together.',
        ],
      },
    },
  ],
};

export const retention: LessonDocument = {
  id: 'retention',
  title: 'Retention: a slow group loses what it never read',
  concept:
    'A topic keeps records for retention.ms whether or not anyone has read them. A group that falls further behind than the retention window loses the oldest unread records: retention deletes them first.',
  track: 'failures',
  scenario: {
    id: 'retention',
    title: 'fast and slow read a topic that keeps 15 s of records',
    topics: [orders(2, 15_000)],
    producers: [checkout(20)],
    groups: [
      {
        groupId: 'fast',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 5 },
      },
      {
        groupId: 'slow',
        topic: 'orders',
        consumers: 1,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 100, distribution: 'constant' },
      },
    ],
  },
  steps: [
    {
      title: 'Two readers, one short retention',
      narration:
        'orders keeps records for 15 s. fast keeps up; slow handles 10 orders a second while 20 arrive.',
      highlight: { groups: ['fast', 'slow'], part: 'retention' },
      runMs: 10_000,
    },
    {
      title: 'Falling out of the window',
      narration: 'slow’s oldest unread order gets older every second. Watch the log start move past it.',
      highlight: { groups: ['slow'], part: 'retention' },
      runMs: 50_000,
      prediction: {
        kind: 'number',
        question: 'How many orders has slow lost to retention by now?',
        answer: { value: { metric: 'groups.slow.lost' }, unit: 'orders lost' },
        tolerance: { ratio: 0.3 },
        expect: { min: 1 },
        why: [
          'Once slow is more than 15 s behind, retention deletes records before slow reaches them.',
          'Lag in time above the retention window is the alarm: raise retention or make the consumer faster.',
        ],
      },
    },
    {
      title: 'And the fast group?',
      narration: 'fast read every record within milliseconds of its arrival.',
      highlight: { groups: ['fast'], part: 'retention' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How many orders did fast lose?',
        choices: [
          { id: 'none', label: 'None' },
          { id: 'some', label: 'Some: retention deletes for everyone' },
        ],
        answer: {
          value: { metric: 'groups.fast.lost' },
          unit: 'orders lost',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'Retention deletes old records for everyone, but fast had already read them.',
          'Unlike a queue, a log does not wait for readers: each group must read records before retention deletes them.',
        ],
      },
    },
  ],
};
