// The Amazon SQS presets (issue 12): the visibility timeout shorter than the processing time
// (duplicates, and the heartbeat that fixes it), a redrive policy moving failing messages to a
// DLQ and the redrive back, and a FIFO queue where one stuck message group blocks only itself.

import type { Scenario } from './schema';

const ARN = 'arn:aws:sqs:us-east-1:123456789012';

export const QUEUE_PRESETS: Record<string, Scenario> = {
  'sqs-visibility-timeout': {
    id: 'sqs-visibility-timeout',
    title: 'SQS: processing outlasts the visibility timeout',
    description:
      'Two standard queues get the same jobs. Their VisibilityTimeout is 10 s and a job takes 8 s on average. ' +
      'On "jobs" a job that runs past 10 s becomes visible again and a second worker receives it: the effect ' +
      'is applied twice, and the first worker\'s DeleteMessage carries a stale receipt handle. On "jobs-heartbeat" ' +
      'the workers call ChangeMessageVisibility every 5 s while they work: no duplicates.',
    topics: [],
    queues: [
      { name: 'jobs', type: 'sqs-standard', VisibilityTimeout: 10, ReceiveMessageWaitTimeSeconds: 20 },
      {
        name: 'jobs-heartbeat',
        type: 'sqs-standard',
        VisibilityTimeout: 10,
        ReceiveMessageWaitTimeSeconds: 20,
      },
    ],
    producers: [
      {
        id: 'scheduler',
        queue: 'jobs',
        ratePerSec: 0.5,
        keys: { type: 'uniform', count: 1000, prefix: 'job-' },
      },
      {
        id: 'scheduler-2',
        queue: 'jobs-heartbeat',
        ratePerSec: 0.5,
        keys: { type: 'uniform', count: 1000, prefix: 'job-' },
      },
    ],
    groups: [
      { groupId: 'workers', queue: 'jobs', consumers: 6, processing: { meanMs: 8000 } },
      {
        groupId: 'heartbeat-workers',
        queue: 'jobs-heartbeat',
        consumers: 6,
        processing: { meanMs: 8000 },
        visibilityHeartbeat: { intervalMs: 5000, VisibilityTimeout: 10 },
      },
    ],
    timeline: [
      { at: 0, caption: 'VisibilityTimeout 10 s, jobs take 8 s on average (exponential): some take longer.' },
      {
        at: 20_000,
        caption:
          '"workers": a job past 10 s is visible again; another worker receives it (ApproximateReceiveCount 2).',
      },
      {
        at: 40_000,
        caption: '"heartbeat-workers" extend with ChangeMessageVisibility every 5 s: each job once.',
      },
    ],
  },
  'sqs-redrive': {
    id: 'sqs-redrive',
    title: 'SQS: redrive policy, dead-letter queue and redrive',
    description:
      'orders has RedrivePolicy { deadLetterTargetArn: orders-dlq, maxReceiveCount: 3 }. A failed message stays ' +
      'in flight until its 5 s VisibilityTimeout runs out and is received again; the receive after the third ' +
      'moves it to orders-dlq with its original message ID. A poison message and a 12 s outage of the payment ' +
      'provider (8 s to 20 s) fill the DLQ; ' +
      'once the outage is over, a redrive (StartMessageMoveTask) moves the messages back: the outage victims ' +
      'succeed, the poison message returns to the DLQ.',
    topics: [],
    queues: [
      {
        name: 'orders',
        type: 'sqs-standard',
        VisibilityTimeout: 5,
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: { deadLetterTargetArn: `${ARN}:orders-dlq`, maxReceiveCount: 3 },
      },
      { name: 'orders-dlq', type: 'sqs-standard', MessageRetentionPeriod: 1_209_600 },
    ],
    producers: [
      {
        id: 'checkout',
        queue: 'orders',
        ratePerSec: 5,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        queue: 'orders',
        consumers: 2,
        MaxNumberOfMessages: 10,
        processing: { meanMs: 40 },
      },
    ],
    timeline: [
      {
        at: 3_000,
        fault: { type: 'poison-message', key: 'order-poison' },
        caption: 'A poison message is sent.',
      },
      {
        at: 8_000,
        fault: { type: 'outage', durationMs: 12_000 },
        caption:
          'The payment provider is down for 12 s: every message fails and waits out its visibility timeout.',
      },
      {
        at: 35_000,
        fault: { type: 'redrive', queue: 'orders-dlq', ratePerSec: 20 },
        caption: 'The provider is back: StartMessageMoveTask moves the DLQ back to orders, oldest first.',
      },
    ],
  },
  'sqs-fifo': {
    id: 'sqs-fifo',
    title: 'SQS FIFO: a stuck message group blocks only itself',
    description:
      'orders.fifo uses the customer id as MessageGroupId. While a message of a group is in flight, no other ' +
      "message of that group is returned. One customer's message is poison: it fails, waits out its 10 s " +
      "VisibilityTimeout and comes back, five times, and that customer's later orders wait behind it. Every " +
      'other customer flows. After maxReceiveCount the message moves to orders-dlq.fifo and the group drains, in order.',
    topics: [],
    queues: [
      {
        name: 'orders.fifo',
        type: 'sqs-fifo',
        VisibilityTimeout: 10,
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: { deadLetterTargetArn: `${ARN}:orders-dlq.fifo`, maxReceiveCount: 5 },
      },
      { name: 'orders-dlq.fifo', type: 'sqs-fifo' },
    ],
    producers: [
      {
        id: 'checkout',
        queue: 'orders.fifo',
        ratePerSec: 20,
        keys: { type: 'uniform', count: 12, prefix: 'customer-' },
      },
    ],
    groups: [
      {
        groupId: 'fulfillment',
        queue: 'orders.fifo',
        consumers: 3,
        MaxNumberOfMessages: 1,
        processing: { meanMs: 20 },
      },
    ],
    timeline: [
      {
        at: 5_000,
        fault: { type: 'poison-message', key: 'customer-7' },
        caption: 'customer-7 sends a poison message: group customer-7 is stuck behind it.',
      },
      {
        at: 30_000,
        caption: "Every other customer flows; customer-7's orders pile up, visible but not returned.",
      },
    ],
  },
};
