// End-to-end latency (issue 13 §6): queue latency is low and lag near zero, yet customers
// wait longer and longer. Splitting an order's time into stages — waiting in the log,
// processing, retries, the DLQ — shows where it goes. Every figure is the engine's.

import type { LessonDocument } from '../schema';

const LATENCY = 'groups.payments.latency';

export const endToEndLatency: LessonDocument = {
  id: 'end-to-end-latency',
  title: 'Lag near zero, customers waiting: where end-to-end time goes',
  concept:
    'Consumer lag and queue latency only cover the wait in the log. An order’s end-to-end time also holds processing, retries (backoff and retry-topic waits) and time in the DLQ. Measure each stage and the end-to-end p99 against an SLO, or a growing stage hides behind a healthy lag graph.',
  track: 'failures',
  scenario: 'retries-pile-up',
  steps: [
    {
      title: 'A healthy start',
      narration:
        'checkout sends 100 orders/s; six payments consumers could take 600/s. 1% of payment calls time out and are retried through retry topics (1 s, 2 s, 4 s … backoff), off the main partitions. The Outcomes panel shows where the time goes, stage by stage.',
      highlight: { groups: ['payments'], part: 'latency' },
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How long does an order wait in the log before a consumer starts on it (p99, in ms)?',
        answer: { value: { metric: `${LATENCY}.queueMs.p99` }, unit: 'ms (p99, waiting in the log)' },
        tolerance: { abs: 50 },
        expect: { max: 200 },
        why: [
          'The consumers have six times the capacity they need: a record is fetched almost as soon as it is written.',
          'This is the number a lag graph and a “queue latency” alert watch.',
        ],
      },
    },
    {
      title: 'The payment API degrades',
      narration:
        'From 20 s the payment API times out more and more: 15% of calls, then 35%, then half. Watch lag and the stage chart in Outcomes.',
      highlight: { groups: ['payments'], part: 'latency' },
      runMs: 45_000,
      prediction: {
        kind: 'choice',
        question:
          'Lag stays near zero, yet orders take far longer from checkout to charged. Which stage is growing?',
        choices: [
          { id: 'queue', label: 'Waiting in the log: the consumers are falling behind' },
          { id: 'processing', label: 'Processing: each payment call got slower' },
          { id: 'retries', label: 'Retries: failed payments wait in retry topics between attempts' },
          { id: 'dlq', label: 'The DLQ: orders wait there to be redriven' },
        ],
        answer: {
          value: {
            diff: [
              { delta: { metric: `${LATENCY}.retriesMs.p99` } },
              { delta: { metric: `${LATENCY}.queueMs.p99` } },
            ],
          },
          unit: 'ms more p99 growth in retries than in the log',
          rule: [{ choice: 'retries', if: { gt: 1000 } }, { choice: 'queue' }],
        },
        expect: 'retries',
        why: [
          'A failed payment leaves the main partition for a retry topic, so the partition keeps flowing and lag stays low; the order waits out its backoff there, 1 s, 2 s, 4 s …',
          'Queue latency measures only the first wait. The time moved to a stage the lag graph does not show.',
        ],
      },
    },
    {
      title: 'Against the SLO',
      narration:
        'The scenario’s SLO: end-to-end p99 ≤ 5 s. The red dashed line on the stage chart is that budget, and Budgets lists it as measured / budget.',
      highlight: { groups: ['payments'], part: 'latency' },
      runMs: 15_000,
      prediction: {
        kind: 'number',
        question: 'What is the end-to-end p99 of orders charged in the last 10–20 s, in seconds?',
        answer: {
          value: { ratio: [{ metric: `${LATENCY}.endToEndMs.p99` }, { const: 1000 }] },
          unit: 's (end-to-end p99)',
          decimals: 1,
        },
        tolerance: { ratio: 0.5 },
        expect: { min: 5 },
        why: [
          'Far over the 5 s budget, while the log wait p99 is still tens of milliseconds: no lag alert fires.',
          'Alert on end-to-end time per stage, cap retries, and shed or park work when a dependency degrades instead of queueing it in retries.',
        ],
      },
    },
  ],
  outro:
    'Low queue latency is not low latency. Track each stage and the end-to-end p99 against an SLO: here retries held the time, and adding consumers would not have helped.',
};
