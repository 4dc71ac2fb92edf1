// Foundations: why a queue at all, how keys pick partitions, what a consumer group is,
// and what lag measures. Inline scenarios keep each lesson's numbers easy to reason about.

import type { LessonDocument } from '../schema';

const orders = (partitions: number) => ({ name: 'orders', partitions, 'retention.ms': 600_000 });
const checkout = (ratePerSec: number) => ({
  id: 'checkout',
  topic: 'orders',
  ratePerSec,
  keys: { type: 'uniform' as const, count: 5000, prefix: 'order-' },
});

export const whyAQueue: LessonDocument = {
  id: 'why-a-queue',
  title: 'Why a queue: a spike becomes lag, then drains',
  concept:
    'A queue sits between a fast, bursty producer and a slower consumer. The producer never waits for the consumer (decoupling), a burst is stored and worked off later (load levelling), and nothing is lost while the consumer is behind (resilience).',
  track: 'foundations',
  scenario: {
    id: 'why-a-queue',
    title: 'Checkout hands orders to payments through a topic',
    topics: [orders(3)],
    producers: [checkout(20)],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 20, distribution: 'constant' },
      },
    ],
  },
  steps: [
    {
      title: 'A calm day',
      narration:
        'Checkout publishes 20 orders a second. Two payments consumers, each able to charge about 50 orders a second, keep up easily: every partition is nearly empty behind its committed offset.',
      highlight: { part: 'producer' },
      runMs: 8000,
    },
    {
      title: 'The spike',
      narration:
        'A marketing email goes out and checkout jumps to 200 orders a second for 10 seconds, twice what payments can charge.',
      highlight: { part: 'throughput' },
      inject: [{ type: 'set-rate', ratePerSec: 200 }],
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'Checkout sends 200 orders/s; payments manages about 100/s. What happens to checkout?',
        choices: [
          {
            id: 'keeps-sending',
            label: 'It keeps publishing at full speed; the extra orders wait in the log',
          },
          { id: 'slowed', label: 'It is slowed down to the pace of payments' },
          { id: 'rejected', label: 'Orders beyond what payments can take are rejected' },
        ],
        answer: {
          value: { ratio: [{ delta: { metric: 'produced' } }, { const: 10 }] },
          unit: 'orders/s published',
          rule: [{ choice: 'keeps-sending', if: { gte: 180 } }, { choice: 'slowed' }],
        },
        expect: 'keeps-sending',
        why: [
          'Publishing only appends to the log; it never waits for a consumer to finish.',
          'That is decoupling: the slow side sets how fast work is done, not how fast it is accepted.',
        ],
      },
    },
    {
      title: 'The backlog',
      narration:
        'The spike is over. Look at the lag bars: the difference between each partition’s end and payments’ committed offset.',
      highlight: { groups: ['payments'], part: 'lag' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How many orders are waiting for payments right now (its total lag)?',
        answer: { value: { metric: 'groups.payments.lag' }, unit: 'records' },
        tolerance: { ratio: 0.3 },
        expect: { min: 300 },
        why: [
          'About 2,000 orders arrived while payments could charge about 1,000 of them.',
          'The rest are not lost: they sit in the log as lag, waiting their turn.',
        ],
      },
    },
    {
      title: 'Draining',
      narration: 'Traffic returns to 20 orders a second. Payments keeps working at its own pace.',
      highlight: { groups: ['payments'], part: 'lag' },
      inject: [{ type: 'set-rate', ratePerSec: 20 }],
      runMs: 40_000,
      prediction: {
        kind: 'choice',
        question: 'Forty seconds after the spike, where is the lag?',
        choices: [
          { id: 'drained', label: 'Back near zero: payments worked off the backlog' },
          { id: 'stuck', label: 'Still hundreds of orders: a backlog never shrinks by itself' },
        ],
        answer: {
          value: { metric: 'groups.payments.lag' },
          unit: 'records',
          rule: [{ choice: 'drained', if: { lte: 30 } }, { choice: 'stuck' }],
        },
        expect: 'drained',
        why: [
          'Payments has spare capacity at normal traffic, so each second it removes more than arrives.',
          'Load levelling: the peak was spread over the following seconds instead of overloading payments.',
        ],
      },
    },
  ],
};

export const keysAndPartitions: LessonDocument = {
  id: 'keys-and-partitions',
  title: 'Keys and partitions: same key, same partition',
  concept:
    'The default partitioner hashes the record key with murmur2 and takes it modulo the partition count. Many keys spread evenly; one key always lands on one partition, which is what keeps that key’s records in order.',
  track: 'foundations',
  scenario: {
    id: 'keys-and-partitions',
    title: 'Orders keyed by order id, nobody consuming yet',
    topics: [orders(6)],
    producers: [checkout(30)],
    groups: [],
  },
  steps: [
    {
      title: 'Many keys',
      narration:
        'Checkout publishes 30 orders a second, each keyed by its order id, out of 5,000 different ids, to a topic of 6 partitions.',
      highlight: { part: 'partitions' },
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'About 300 orders with 5,000 possible keys: how do they spread over the 6 partitions?',
        choices: [
          { id: 'even', label: 'Roughly evenly: the busiest partition has less than twice the quietest' },
          { id: 'lopsided', label: 'Very unevenly: one or two partitions get most of them' },
        ],
        answer: {
          value: {
            ratio: [
              { max: { snapshot: 'partitions.*.logEndOffset' } },
              { min: { snapshot: 'partitions.*.logEndOffset' } },
            ],
          },
          unit: '× busiest / quietest',
          decimals: 2,
          rule: [{ choice: 'even', if: { lt: 2 } }, { choice: 'lopsided' }],
        },
        expect: 'even',
        why: [
          'murmur2 scatters different keys uniformly, so each partition gets about a sixth.',
          'Even spread is what lets 6 consumers share the work equally.',
        ],
      },
    },
    {
      title: 'One key',
      narration:
        'Now every order carries the same key, customer-7 (think: all events of one customer, which must stay in order).',
      highlight: { part: 'partitions' },
      inject: [{ type: 'hot-key', key: 'customer-7', share: 1 }],
      runMs: 10_000,
      prediction: {
        kind: 'number',
        question: 'Over the next 10 s, how many of the 6 partitions receive new records?',
        answer: {
          value: { countWhere: { delta: { snapshot: 'partitions.*.logEndOffset' } }, is: { gt: 0 } },
        },
        tolerance: { abs: 0 },
        expect: { min: 1, max: 1 },
        why: [
          'The partition is a pure function of the key: hash(customer-7) mod 6 is the same every time.',
          'So one key is totally ordered within one partition, and never spread over several.',
        ],
      },
    },
    {
      title: 'Which partition?',
      narration:
        'Open the key inspector on one of the new records: it shows murmur2 of the key bytes and the partition it selects.',
      highlight: { part: 'key-inspector' },
      runMs: 5000,
      prediction: {
        kind: 'number',
        question: 'Which partition number holds customer-7? (The inspector shows murmur2 mod 6.)',
        answer: {
          value: { argmax: { delta: { snapshot: 'partitions.*.logEndOffset' } } },
          unit: 'partition',
        },
        tolerance: { abs: 0 },
        expect: { min: 0, max: 5 },
        why: [
          'Kafka’s default partitioner: toPositive(murmur2(key bytes)) % number of partitions.',
          'Order is kept only within a partition: records of different keys on different partitions interleave freely.',
        ],
      },
    },
  ],
};

export const consumerGroups: LessonDocument = {
  id: 'consumer-groups',
  title: 'Consumer groups: copies between groups, shares within one',
  concept:
    'Each consumer group reads every record of the topic (publish/subscribe between groups); inside a group, each partition has exactly one owner (competing consumers). So a group’s parallelism is capped by the partition count.',
  track: 'foundations',
  scenario: {
    id: 'consumer-groups',
    title: 'payments and analytics read the same orders',
    topics: [orders(4)],
    producers: [checkout(40)],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 4,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
      },
      {
        groupId: 'analytics',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 5 },
      },
    ],
  },
  steps: [
    {
      title: 'Two groups, one topic',
      narration:
        'payments has 4 consumers, analytics has 2. Both subscribe to orders. Watch the two committed-offset markers on each partition.',
      highlight: { groups: ['payments', 'analytics'], part: 'offsets' },
      runMs: 15_000,
      prediction: {
        kind: 'choice',
        question: 'After 15 s, has each group handled every order, or did the two groups split them?',
        choices: [
          { id: 'copies', label: 'Each group handled (almost) every order: each gets its own copy' },
          { id: 'split', label: 'They split the orders, about half each' },
        ],
        answer: {
          value: { ratio: [{ metric: 'groups.analytics.applied' }, { metric: 'groups.payments.applied' }] },
          unit: '× analytics / payments',
          decimals: 2,
          rule: [{ choice: 'copies', if: { gte: 0.8 } }, { choice: 'split' }],
        },
        expect: 'copies',
        why: [
          'Each group keeps its own committed offsets, so each reads the whole log at its own pace.',
          'That is pub/sub; inside one group the consumers compete for partitions instead.',
        ],
      },
    },
    {
      title: 'One consumer too many',
      narration:
        'payments already has one consumer per partition. Add a fifth consumer to payments with the group’s “Add consumer” control.',
      highlight: { groups: ['payments'], part: 'members' },
      await: { prompt: 'Add a consumer to payments', fault: { type: 'add-consumer', groupId: 'payments' } },
      runMs: 10_000,
      prediction: {
        kind: 'number',
        question:
          'payments has 4 partitions. After the rebalance, how many payments consumers own no partition?',
        answer: {
          value: {
            countWhere: { snapshot: 'groups.[groupId=payments].members.*.assigned' },
            is: { eq: 0 },
          },
          unit: 'idle consumers',
        },
        tolerance: { abs: 0 },
        expect: { min: 1, max: 1 },
        why: [
          'A partition has exactly one owner per group, so a fifth consumer on four partitions gets nothing.',
          'To read faster with more consumers, add partitions first.',
        ],
      },
    },
  ],
};

export const lag: LessonDocument = {
  id: 'lag',
  title: 'Lag: in records, in time, per partition',
  concept:
    'Lag is the log-end offset minus the committed offset, per partition; lag in time is the age of the oldest record not yet consumed. A group is caught up when both are near zero and stay there.',
  track: 'foundations',
  scenario: {
    id: 'lag',
    title: 'payments with one consumer that slows down',
    topics: [orders(4)],
    producers: [checkout(40)],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10, distribution: 'constant' },
      },
    ],
  },
  steps: [
    {
      title: 'Healthy',
      narration:
        'Two consumers share 4 partitions (range assignor: p-1 owns partitions 0 and 1, p-2 owns 2 and 3). Each can process 100 orders a second; 40 arrive.',
      highlight: { groups: ['payments'], part: 'lag' },
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'How far behind is payments after 10 s?',
        choices: [
          { id: 'caught-up', label: 'A handful of records at most: caught up' },
          { id: 'behind', label: 'Hundreds of records behind' },
        ],
        answer: {
          value: { metric: 'groups.payments.lag' },
          unit: 'records',
          rule: [{ choice: 'caught-up', if: { lte: 20 } }, { choice: 'behind' }],
        },
        expect: 'caught-up',
        why: [
          'When consumers are faster than the producer, lag is just the records in flight.',
          'A small lag that stays flat is healthy; a lag that keeps growing is the alarm.',
        ],
      },
    },
    {
      title: 'One slow consumer',
      narration: 'p-1 becomes 20× slower (a slow database on its host). p-2 is unaffected.',
      highlight: { members: ['p-1'], partitions: [0, 1], part: 'lag' },
      inject: [{ type: 'slow-consumer', memberId: 'p-1', factor: 20 }],
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'After 30 s, how many of the 4 partitions lag by more than 100 records?',
        answer: {
          value: { countWhere: { metric: 'groups.payments.lagByPartition' }, is: { gt: 100 } },
          unit: 'partitions',
        },
        tolerance: { abs: 0 },
        expect: { min: 2, max: 2 },
        why: [
          'Lag is per partition: only p-1’s two partitions fall behind; p-2’s stay near zero.',
          'A total lag figure hides this; per-partition lag points at the one consumer in trouble.',
        ],
      },
    },
    {
      title: 'Lag in time',
      narration:
        'Records tell you how much work is waiting; time tells you how late the results are. Look at the age of the oldest unread order.',
      highlight: { members: ['p-1'], part: 'lag' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How old, in seconds, is the oldest order payments has not yet consumed?',
        answer: { value: { ratio: [{ metric: 'groups.payments.lagMs' }, { const: 1000 }] }, unit: 's' },
        tolerance: { ratio: 0.3 },
        expect: { min: 10, max: 40 },
        why: [
          'Lag in time is what a customer feels: how long ago the order they are waiting for was placed.',
          'The same record lag means very different delays at 10 or 1,000 records per second.',
        ],
      },
    },
    {
      title: 'Caught up again',
      narration: 'p-1 recovers its normal speed.',
      highlight: { groups: ['payments'], part: 'lag' },
      inject: [{ type: 'slow-consumer', memberId: 'p-1', factor: 1 }],
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'Thirty seconds later, what does the lag look like?',
        choices: [
          { id: 'zero', label: 'Near zero records and near zero seconds: caught up' },
          { id: 'flat', label: 'It stopped growing but stays at its peak' },
        ],
        answer: {
          value: { metric: 'groups.payments.lag' },
          unit: 'records',
          rule: [{ choice: 'zero', if: { lte: 20 } }, { choice: 'flat' }],
        },
        expect: 'zero',
        why: [
          'With spare capacity, a consumer eats into its backlog every second until it reaches the log end.',
          'Caught up means lag back near zero in records and in time, not merely stable.',
        ],
      },
    },
  ],
};
