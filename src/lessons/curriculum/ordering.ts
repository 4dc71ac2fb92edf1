// Per-key order under retries, on the retry-ordering preset: the same inventory updates read
// by three groups that differ only in retry.mode. Blocking keeps order and stalls the
// partition; non-blocking retry topics keep throughput and break order (the sink counts
// it); per-key parking keeps order and throughput by holding only the failing item.

import type { LessonDocument } from '../schema';

const ALL = ['blocking', 'retry-topics', 'park-key'];

export const retryOrdering: LessonDocument = {
  id: 'retry-ordering',
  title: 'Retries and per-key order: blocking, retry topics, per-key parking',
  concept:
    'A record that fails must wait somewhere. Blocking retries keep it at the head of its partition: order kept, the partition stalls. Retry topics move it aside: throughput kept, later updates of its key overtake it. Parking holds only its key.',
  track: 'delivery',
  scenario: 'retry-ordering',
  steps: [
    {
      title: 'One topic, three retry modes',
      narration:
        '200 items, 300 stock updates/s keyed by item over 6 partitions, so an item’s updates stay in order in its partition. 3% of calls to the inventory service time out and are retried up to 4 times with backoff. blocking retries in place; retry-topics republishes the failed update to inventory.retry.N and moves on; park-key moves on too, but holds that item’s later updates behind it.',
      highlight: { groups: ALL, part: 'retry' },
      runMs: 10_000,
    },
    {
      title: 'Throughput',
      narration: 'The three groups read the same records. Watch their lag.',
      highlight: { groups: ALL, part: 'lag' },
      runMs: 20_000,
      prediction: {
        kind: 'choice',
        question: 'After 30 s, how many updates has blocking applied compared with park-key?',
        choices: [
          { id: 'fewer', label: 'Clearly fewer: each retry stalls its whole partition' },
          { id: 'same', label: 'About the same: 3% failures are too few to matter' },
          { id: 'more', label: 'More: it never skips ahead' },
        ],
        answer: {
          value: {
            ratio: [{ metric: 'groups.blocking.applied' }, { metric: 'groups.park-key.applied' }],
          },
          unit: '× blocking / park-key updates applied',
          decimals: 2,
          rule: [
            { choice: 'fewer', if: { lte: 0.9 } },
            { choice: 'more', if: { gte: 1.1 } },
            { choice: 'same' },
          ],
        },
        expect: 'fewer',
        why: [
          'A blocked record holds its partition for the whole backoff (0.5 s, 1 s, 2 s…), and the updates behind it, of every item, wait.',
          'retry-topics and park-key only set the failing update aside, so their partitions keep pace with the producer.',
        ],
      },
    },
    {
      title: 'Order',
      narration:
        'A retried update of retry-topics succeeds seconds later, after newer updates of the same item went through. The sink counts each update first applied after a later one of its item: out of order.',
      highlight: { groups: ['retry-topics'], part: 'sink' },
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'After one minute, how many updates has retry-topics applied out of order?',
        answer: { value: { metric: 'groups.retry-topics.outOfOrder' }, unit: 'updates out of order' },
        tolerance: { ratio: 0.5 },
        expect: { min: 50 },
        why: [
          'Every failure whose item got another update during its backoff lands late: an older stock level overwrites a newer one.',
          'Non-blocking retry topics trade per-key order for throughput. Fine for independent events, wrong for state updates.',
        ],
      },
    },
    {
      title: 'Per-key parking',
      narration:
        'park-key sets the failing update aside like retry-topics, and parks the item’s later updates behind it until it succeeds or is dead-lettered. Other items flow.',
      highlight: { groups: ['park-key'], part: 'sink' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How many updates has park-key applied out of order?',
        choices: [
          { id: 'none', label: 'None' },
          { id: 'some', label: 'Some, fewer than retry-topics' },
          { id: 'as-many', label: 'As many as retry-topics' },
        ],
        answer: {
          value: { metric: 'groups.park-key.outOfOrder' },
          unit: 'updates out of order',
          rule: [
            { choice: 'none', if: { eq: 0 } },
            { choice: 'some', if: { lt: 50 } },
            { choice: 'as-many' },
          ],
        },
        expect: 'none',
        why: [
          'Only one update per item is ever in flight: the item waits, not the partition.',
          'The cost is a parking store to keep and release in order, which is what the parked event shows.',
        ],
      },
    },
    {
      title: 'The price of blocking',
      narration: 'blocking kept every item in order too. Look at what it cost.',
      highlight: { groups: ['blocking'], part: 'lag' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How many updates is blocking behind the producer after one minute?',
        answer: { value: { metric: 'groups.blocking.lag' }, unit: 'records behind' },
        tolerance: { ratio: 0.5 },
        expect: { min: 1000 },
        why: [
          'Each retry stalls a partition for its backoff; with 3% failures that is most of the time, and the lag only grows.',
          'Same order guarantee as park-key, paid for with the whole partition’s throughput.',
        ],
      },
    },
  ],
  outro:
    'Pick by what the records are: independent events can take retry topics; state updates per key need blocking or per-key parking, and parking keeps the throughput.',
};
