// One complete lesson written as an instructor would write it in JSON: the example the
// README documents. It exercises every kind of step (plain run, injected fault with a
// choice prediction, an awaited learner action with a number prediction); a test runs it.

import type { LessonDocument } from './schema';

export const EXAMPLE_LESSON: LessonDocument = {
  id: 'example-crash-and-scale',
  title: 'A crash before the commit, then one more consumer',
  concept: 'At-least-once repeats work after a crash; a new member triggers a rebalance.',
  track: 'custom',
  scenario: 'at-least-once',
  steps: [
    { narration: 'payments charges orders, then commits.', runMs: 5000 },
    {
      narration: 'p-2 will crash after charging its next batch, before committing it.',
      highlight: { groups: ['payments'], members: ['p-2'], part: 'sink' },
      inject: [
        {
          type: 'crash-consumer',
          memberId: 'p-2',
          point: 'after-process-before-commit',
          restartAfterMs: 5000,
        },
      ],
      runMs: 20_000,
      prediction: {
        kind: 'choice',
        question: 'Was any order charged twice?',
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
        ],
        answer: {
          value: { metric: 'groups.payments.duplicates' },
          unit: 'orders',
          rule: [{ choice: 'yes', if: { gt: 0 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'The batch was charged but its offsets were not committed.',
          'Its next owner charged it again.',
        ],
      },
    },
    {
      narration: 'Add a consumer to payments from the diagram.',
      highlight: { groups: ['payments'], part: 'rebalance' },
      await: { prompt: 'Add a consumer to payments', fault: { type: 'add-consumer', groupId: 'payments' } },
      runMs: 10_000,
      prediction: {
        kind: 'number',
        question: 'How many rebalances complete in payments?',
        answer: { value: { count: 'rebalance-completed', where: { groupId: 'payments' } } },
        tolerance: { abs: 0 },
        expect: { min: 1 },
        why: [
          'A join changes membership, so the group rebalances.',
          'Each completed rebalance is one generation.',
        ],
      },
    },
  ],
};
