// Amazon SQS lessons (issue 12): the visibility timeout and the ChangeMessageVisibility
// heartbeat, FIFO message groups and deduplication, and the redrive policy with its DLQ
// redrive. Each runs a queue preset; every answer is read from the engine's metrics, snapshot
// or events, never typed in. Facts: domain.md §7 and §11.

import type { LessonDocument } from '../schema';

export const visibilityTimeout: LessonDocument = {
  id: 'sqs-visibility-timeout',
  title: 'The visibility timeout: a job that takes longer than the timeout',
  concept:
    'ReceiveMessage does not remove a message: it hides it for VisibilityTimeout. If the worker has not called DeleteMessage when that runs out, the message is visible again and another worker receives it. A worker that may run longer calls ChangeMessageVisibility while it works, which restarts the timer.',
  track: 'queues',
  scenario: 'sqs-visibility-timeout',
  steps: [
    {
      title: 'Jobs longer than the timeout',
      narration:
        'Two standard queues each get a new job, one every 2 s. Both have VisibilityTimeout 10 s; a job takes 8 s on average, and some take much longer. "workers" read jobs and delete each job when it is done; nothing else.',
      highlight: { groups: ['workers'] },
      runMs: 60_000,
      prediction: {
        kind: 'choice',
        question: 'After a minute, has "workers" applied any job twice?',
        choices: [
          { id: 'yes', label: 'Yes: a job past 10 s was received again by a second worker' },
          { id: 'no', label: 'No: a received message belongs to its worker until it is deleted' },
        ],
        answer: {
          value: { metric: 'groups.workers.duplicates' },
          unit: 'jobs applied twice',
          rule: [{ choice: 'yes', if: { gt: 0 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'The timeout is a lease, not an owner: when it runs out the job is visible and ApproximateReceiveCount goes to 2.',
          'The first worker still finishes and applies the effect; its DeleteMessage then uses a receipt handle that is no longer current.',
        ],
      },
    },
    {
      title: 'The heartbeat',
      narration:
        '"heartbeat-workers" run the same jobs with the same 10 s timeout, but every 5 s of work they call ChangeMessageVisibility(VisibilityTimeout=10): the timer starts again from that call.',
      highlight: { groups: ['heartbeat-workers'] },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How often was a job received a second time on "heartbeat-workers" in the same minute?',
        choices: [
          { id: 'never', label: 'Never: the job stays hidden while its worker is alive' },
          { id: 'sometimes', label: 'As often as on "workers": long jobs still time out' },
        ],
        answer: {
          value: { metric: 'groups.heartbeat-workers.redeliveries' },
          unit: 'redeliveries',
          rule: [{ choice: 'never', if: { eq: 0 } }, { choice: 'sometimes' }],
        },
        expect: 'never',
        why: [
          'Each call pushes the deadline 10 s past the moment of the call, and the next call comes 5 s later.',
          'So VisibilityTimeout only has to cover one heartbeat interval, not the longest job.',
        ],
      },
    },
    {
      title: 'A frozen worker',
      narration:
        'The heartbeat runs inside the worker. Click consumer h-1 in the diagram (one of heartbeat-workers) and in its menu choose “Pause h-1 past the visibility timeout”: it stops for 15 s, like a long garbage-collection pause.',
      highlight: { groups: ['heartbeat-workers'], members: ['h-1'] },
      await: {
        prompt: 'Choose “Pause h-1 past the visibility timeout” in h-1’s menu',
        fault: { type: 'pause-consumer', memberId: 'h-1', durationMs: 15_000 },
        match: ['type', 'memberId'],
      },
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'Does a heartbeat-workers job get received a second time now?',
        choices: [
          { id: 'yes', label: 'Yes: no call while paused, so its job became visible' },
          { id: 'no', label: 'No: the heartbeat setting protects it' },
        ],
        answer: {
          value: { delta: { metric: 'groups.heartbeat-workers.redeliveries' } },
          unit: 'redeliveries',
          rule: [{ choice: 'yes', if: { gt: 0 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'A paused process calls nothing, so the 10 s ran out and another worker received the message.',
          'SQS stays at-least-once: the worker must also make its effect idempotent (an idempotency key), not rely on the timeout alone.',
        ],
      },
    },
  ],
  outro:
    'Pick VisibilityTimeout longer than a normal job, extend it with ChangeMessageVisibility for the long ones, and make the effect idempotent for the duplicate that can still come.',
};

export const fifoGroups: LessonDocument = {
  id: 'sqs-fifo-groups',
  title: 'SQS FIFO: a stuck message group blocks only itself',
  concept:
    'A FIFO queue keeps order per MessageGroupId: while one message of a group is in flight, no later message of that group is returned. Other groups go on. A MessageDeduplicationId seen in the last 5 minutes is accepted and not stored again.',
  track: 'queues',
  scenario: 'sqs-fifo',
  steps: [
    {
      title: 'One customer’s poison order',
      narration:
        'orders.fifo uses the customer id as MessageGroupId: 12 customers, 20 orders a second. At 5 s customer-7 sends an order that always fails. It stays in flight until its 10 s VisibilityTimeout runs out, then comes back.',
      highlight: { groups: ['fulfillment'] },
      runMs: 30_000,
      prediction: {
        kind: 'choice',
        question: 'At 30 s, whose orders are the ones waiting in orders.fifo?',
        choices: [
          { id: 'customer-7', label: 'Almost only customer-7’s: they wait behind the poison order' },
          { id: 'everyone', label: 'Every customer’s: the whole queue is stuck' },
        ],
        answer: {
          value: {
            ratio: [
              {
                countWhere: {
                  snapshot:
                    'queues.[isDeadLetterQueue=false].messages.[messageGroupId=customer-7].receiveCount',
                },
                is: { gte: 0 },
              },
              {
                countWhere: { snapshot: 'queues.[isDeadLetterQueue=false].messages.*.receiveCount' },
                is: { gte: 0 },
              },
            ],
          },
          unit: 'of the waiting orders are customer-7’s',
          decimals: 2,
          rule: [{ choice: 'customer-7', if: { gte: 0.8 } }, { choice: 'everyone' }],
        },
        expect: 'customer-7',
        why: [
          'Order is kept per group, so only customer-7’s later orders must wait for the one in flight.',
          'The other 11 groups have nothing in flight that blocks them: their orders are received and deleted within milliseconds.',
        ],
      },
    },
    {
      title: 'maxReceiveCount',
      narration:
        'The RedrivePolicy has maxReceiveCount 5 and a FIFO dead-letter queue, orders-dlq.fifo. Watch the poison order come back every 10 s.',
      highlight: { groups: ['fulfillment'], part: 'dlq' },
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'How many times is the poison order received before SQS moves it to orders-dlq.fifo?',
        answer: {
          value: {
            events: 'queue-received',
            field: 'receiveCount',
            agg: 'max',
            where: { queue: 'orders.fifo' },
            since: 'lesson',
          },
          unit: 'receives',
        },
        tolerance: { abs: 0 },
        expect: { min: 5, max: 5 },
        why: [
          'It can be received maxReceiveCount times; the next receive moves it to the DLQ with its message ID.',
          'Five receives 10 s apart: customer-7’s later orders waited about 50 s behind it.',
        ],
      },
    },
    {
      title: 'Still in order?',
      narration:
        'customer-7’s backlog is gone. The sink records, per key, whether an order was applied after a later one.',
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'Were any orders applied out of order?',
        choices: [
          { id: 'none', label: 'None: each group went strictly in order, the poison order left for the DLQ' },
          { id: 'some', label: 'Some: the blocked group was overtaken' },
        ],
        answer: {
          value: { metric: 'groups.fulfillment.outOfOrder' },
          unit: 'orders out of order',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'A group waits rather than skip its in-flight message, so within a group nothing overtakes.',
          'Across groups there is no order to keep; that is what lets the other customers flow.',
        ],
      },
    },
    {
      title: 'Lost acknowledgements',
      narration:
        'The producer sometimes resends a message because it never saw the answer. Press “Producer retries ×10 (lost acks)” on the Controls tab: the next 10 orders are sent twice, with the same MessageDeduplicationId.',
      await: {
        prompt: 'Press “Producer retries ×10 (lost acks)”',
        fault: { type: 'producer-retry', count: 10 },
        match: ['type'],
      },
      runMs: 5_000,
      prediction: {
        kind: 'number',
        question:
          'SQS answers both sends with success. How many of the 10 resent copies does orders.fifo drop instead of storing?',
        answer: {
          value: { count: 'queue-sent', where: { queue: 'orders.fifo', outcome: 'deduplicated' } },
          unit: 'sends deduplicated',
        },
        tolerance: { abs: 0 },
        expect: { min: 10, max: 10 },
        why: [
          'Within 5 minutes a FIFO queue accepts a send with a known MessageDeduplicationId and does not store it again.',
          'A standard queue would store both copies: deduplication belongs to FIFO queues only.',
        ],
      },
    },
  ],
};

export const redrive: LessonDocument = {
  id: 'sqs-redrive',
  title: 'Redrive policy: the DLQ after maxReceiveCount, and the way back',
  concept:
    'RedrivePolicy { deadLetterTargetArn, maxReceiveCount } moves a message that was received maxReceiveCount times without being deleted to the dead-letter queue, with its original message ID. StartMessageMoveTask moves DLQ messages back to their source once the cause is fixed.',
  track: 'queues',
  scenario: 'sqs-redrive',
  steps: [
    {
      title: 'A poison message and an outage',
      narration:
        'orders has VisibilityTimeout 5 s and maxReceiveCount 3. A poison message arrives at 3 s; the payment provider is down from 8 s to 20 s. A failed message is not deleted: it comes back when its visibility timeout runs out.',
      highlight: { groups: ['payments'], part: 'dlq' },
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'How many times at most is one message received from orders?',
        answer: {
          value: {
            events: 'queue-received',
            field: 'receiveCount',
            agg: 'max',
            where: { queue: 'orders' },
            since: 'lesson',
          },
          unit: 'receives',
        },
        tolerance: { abs: 0 },
        expect: { min: 3, max: 3 },
        why: [
          'After the third failed receive the message waits out its timeout once more; the receive that follows moves it to orders-dlq.',
          'The move keeps the original message ID, so a dead letter can be traced back to its order.',
        ],
      },
    },
    {
      title: 'Who is in the DLQ?',
      narration: 'About 60 orders were sent during the 12 s outage.',
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'Did every order sent during the outage end in orders-dlq?',
        choices: [
          { id: 'few', label: 'No, a few: only those whose three receives all fell inside the outage' },
          { id: 'all', label: 'Yes, all of them: each failed at least once' },
        ],
        answer: {
          value: { sum: { snapshot: 'queues.[isDeadLetterQueue=true].visible' } },
          unit: 'messages in orders-dlq',
          rule: [{ choice: 'few', if: { lt: 30 } }, { choice: 'all' }],
        },
        expect: 'few',
        why: [
          'Three receives 5 s apart span 10 s: only orders received early in the 12 s outage failed three times.',
          'The rest failed once or twice, came back after the outage and succeeded: no redrive needed for them.',
        ],
      },
    },
    {
      title: 'The redrive',
      narration:
        'At 35 s, long after the outage ended at 20 s, the timeline starts StartMessageMoveTask on orders-dlq (the DLQ menu’s “Redrive orders-dlq to orders” does the same): oldest first, back to orders.',
      highlight: { groups: ['payments'], part: 'dlq' },
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'How many messages are in orders-dlq at 60 s?',
        answer: {
          value: { sum: { snapshot: 'queues.[isDeadLetterQueue=true].visible' } },
          unit: 'messages',
        },
        tolerance: { abs: 0 },
        expect: { min: 1, max: 1 },
        why: [
          'The outage victims succeed on their next receive. The poison message fails three more times and is moved again.',
          'A redrive only helps messages whose cause is gone; a poison message needs a code fix or a purge.',
        ],
      },
    },
  ],
};
