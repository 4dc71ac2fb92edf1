// RabbitMQ lessons (issue 12): a poison message nacked with requeue, classic vs quorum, and
// the dead-letter exchange that stops it; routing through a topic exchange. Every answer is
// read from the engine (metrics of the groups), never typed in.

import type { LessonDocument } from '../schema';

export const nackRequeue: LessonDocument = {
  id: 'rabbitmq-nack-requeue',
  title: 'nack with requeue: a hot loop on a classic queue, a delivery limit on a quorum queue',
  concept:
    'basic.nack with requeue=true puts a message back in its queue at once (a classic queue puts it back at its original position) and delivers it again. Quorum queues count each return in x-delivery-count; a message returned more often than x-delivery-limit (20 by default since RabbitMQ 4.0) is dead-lettered with x-death reason delivery_limit.',
  track: 'queues',
  scenario: 'rabbitmq-nack-requeue',
  steps: [
    {
      title: 'The poison order',
      narration:
        'The fanout exchange orders copies every order into orders-classic and orders-quorum. At 5 s a poison order arrives; both groups nack failures with requeue=true.',
      highlight: { groups: ['classic-workers', 'quorum-workers'] },
      runMs: 30_000,
      prediction: {
        kind: 'number',
        question: 'How many times was the poison order redelivered to quorum-workers?',
        answer: { value: { metric: 'groups.quorum-workers.redeliveries' }, unit: 'redeliveries' },
        tolerance: { abs: 0 },
        expect: { min: 20, max: 20 },
        why: [
          'Each nack with requeue returns it and adds 1 to x-delivery-count.',
          'The 21st delivery’s return passes x-delivery-limit 20: the queue dead-letters it to orders-dlq.',
        ],
      },
    },
    {
      title: 'And the classic queue?',
      narration:
        'orders-classic got the same poison order at the same time. It is a classic queue: classic queues have no x-delivery-limit. Run 10 s more.',
      highlight: { groups: ['classic-workers'] },
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'In these 10 s, is classic-workers still being handed the poison order?',
        choices: [
          { id: 'yes', label: 'Yes: a hot requeue loop' },
          { id: 'no', label: 'No: it was dropped' },
        ],
        answer: {
          value: { delta: { metric: 'groups.classic-workers.redeliveries' } },
          unit: 'redeliveries in these 10 s',
          rule: [{ choice: 'yes', if: { gt: 100 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'Requeue is immediate, so the loop runs as fast as the consumer fails it.',
          'The fix: nack with requeue=false to a dead-letter exchange, or a quorum queue with a delivery limit.',
        ],
      },
    },
  ],
};

export const topicRouting: LessonDocument = {
  id: 'rabbitmq-routing',
  title: 'Topic exchanges: * is one word, # is zero or more',
  concept:
    'A topic exchange routes each message once to every queue with a binding pattern that matches its routing key: * stands for exactly one dot-separated word, # for zero or more. Fan-out comes from bindings, not from the publisher.',
  track: 'queues',
  scenario: 'rabbitmq-routing',
  steps: [
    {
      title: 'Seven routing keys, four bindings',
      narration:
        'services publishes order.eu.created, order.us.created, payment.eu.failed, payment.us.settled, payment.us.failed, order.apac.cancelled and shipment.eu.dispatched in turn.',
      highlight: { groups: ['eu-ops', 'audit'] },
      runMs: 20_000,
      prediction: {
        kind: 'choice',
        question: 'eu-ops binds "*.eu.*". What share of the events does it receive?',
        choices: [
          { id: 'three', label: 'Three in seven: the keys with eu as their second word' },
          { id: 'all', label: 'All of them: * matches anything' },
        ],
        answer: {
          value: { ratio: [{ metric: 'groups.eu-ops.produced' }, { metric: 'groups.audit.produced' }] },
          unit: 'of all events',
          decimals: 2,
          rule: [{ choice: 'three', if: { lt: 0.5 } }, { choice: 'all' }],
        },
        expect: 'three',
        why: [
          '* matches exactly one word, so *.eu.* needs three words with eu in the middle.',
          'audit binds "#", which matches every key, so it counts every event.',
        ],
      },
    },
  ],
};

export const dlxRetry: LessonDocument = {
  id: 'rabbitmq-dlx-retry',
  title: 'Retry with a delay: a TTL queue and two dead-letter exchanges',
  concept:
    'Core RabbitMQ cannot redeliver a message later (a delayed-message exchange is a plugin). The usual build: reject with requeue=false into a dead-letter exchange that routes to a queue with x-message-ttl and no consumers; when the TTL runs out, that queue dead-letters the message back. RabbitMQ records every dead-lettering in the message’s x-death header.',
  track: 'queues',
  scenario: 'rabbitmq-dlx-retry',
  steps: [
    {
      title: 'The loop',
      narration:
        'payments rejects an order it cannot process (requeue=false). orders dead-letters it to the exchange "retry", bound to orders-retry: x-message-ttl 5000, no consumers. Expired there, it is dead-lettered to "orders-x" and lands in orders again. From 10 s the payment provider is down for 12 s.',
      highlight: { groups: ['payments'], part: 'retry' },
      runMs: 21_000,
      prediction: {
        kind: 'number',
        question:
          'At 21 s, the order that has waited longest sits in orders-retry. How many times has payments rejected it so far (its highest x-death count)?',
        answer: {
          value: { max: { snapshot: 'queues.[name=orders-retry].messages.*.xDeath.*.count' } },
          unit: 'rejections',
        },
        tolerance: { abs: 0 },
        expect: { min: 3, max: 3 },
        why: [
          'An order from the start of the outage was rejected at about 10 s, 15 s and 20 s: one try every TTL.',
          'Between tries it waited in orders-retry, which nobody reads: the pause is the TTL, not a consumer sleeping.',
        ],
      },
    },
    {
      title: 'Reading the history',
      narration:
        'Click orders-retry in the diagram and choose “Inspect orders-retry” to read the x-death history of each order.',
      highlight: { groups: ['payments'], part: 'retry' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question:
          'That order has been rejected in orders three times and has expired in orders-retry twice. How many entries does its x-death header hold?',
        answer: {
          value: { max: { snapshot: 'queues.[name=orders-retry].messages.*.xDeath' } },
          unit: 'entries',
        },
        tolerance: { abs: 0 },
        expect: { min: 2, max: 2 },
        why: [
          'Entries are compressed per {queue, reason}: a new trip raises a count, it does not add an entry.',
          'The message was rejected in orders and expired in orders-retry: two pairs, however many trips.',
        ],
      },
    },
    {
      title: 'After the outage',
      narration: 'The provider is back at 22 s. Orders in orders-retry return within 5 s and try again.',
      highlight: { groups: ['payments'] },
      runMs: 9_000,
      prediction: {
        kind: 'number',
        question:
          'How many failed attempts did the 12 s outage cost in all (about 120 orders arrived during it)?',
        answer: { value: { metric: 'groups.payments.failedAttempts' }, unit: 'failed attempts' },
        tolerance: { ratio: 0.25 },
        expect: { min: 150, max: 300 },
        why: [
          'Each order failed about once every 5 s while the outage lasted: fewer than 2 tries each on average.',
          'With nack requeue=true the same orders would be redelivered at once, as fast as the consumer fails them.',
        ],
      },
    },
    {
      title: 'Anything lost?',
      narration: 'The loop has no end of its own: it stops when processing succeeds.',
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How many orders did the outage lose?',
        choices: [
          { id: 'none', label: 'None: every rejected order came back and was applied' },
          { id: 'some', label: 'Some: the ones that expired in orders-retry' },
        ],
        answer: {
          value: { metric: 'groups.payments.lost' },
          unit: 'orders lost',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'An expired message with a dead-letter exchange is dead-lettered, not discarded: here back to orders.',
          'Without a cap a poison message would loop forever, 5 s at a time; read the x-death count and park it after N trips.',
        ],
      },
    },
  ],
};

export const maxLength: LessonDocument = {
  id: 'rabbitmq-max-length',
  title: 'A full queue: x-max-length and the three x-overflow modes',
  concept:
    'x-max-length caps the ready messages of a queue. What happens to the next publish is x-overflow: drop-head (the default) drops the oldest ready message, reject-publish refuses the new one (a publisher with confirms on gets basic.nack), reject-publish-dlx refuses it and dead-letters it with reason maxlen.',
  track: 'queues',
  scenario: 'rabbitmq-max-length',
  steps: [
    {
      title: 'A spike against a limit of 20',
      narration:
        'The fanout exchange orders copies every order into orders-drop-head, orders-reject and orders-reject-dlx, each with x-max-length 20 and one consumer that handles about 10 orders a second. At 10 s the rate goes from 8 to 40 orders a second for 5 s.',
      highlight: { groups: ['drop-head-workers', 'reject-workers'] },
      runMs: 14_000,
      prediction: {
        kind: 'choice',
        question: 'At 14 s, which queue holds the newer orders?',
        choices: [
          { id: 'drop-head', label: 'orders-drop-head: it made room by dropping its oldest' },
          { id: 'reject', label: 'orders-reject: it keeps taking new ones' },
        ],
        answer: {
          value: {
            cmp: [
              { min: { snapshot: 'queues.[name=orders-drop-head].messages.[state=ready].sentAtMs' } },
              '>',
              { min: { snapshot: 'queues.[name=orders-reject].messages.[state=ready].sentAtMs' } },
            ],
          },
          rule: [{ choice: 'drop-head', if: { eq: 1 } }, { choice: 'reject' }],
        },
        expect: 'drop-head',
        why: [
          'drop-head keeps the newest 20: every arrival past the limit pushes the oldest ready order out.',
          'reject-publish keeps what it admitted before it was full and refuses newcomers until there is room.',
        ],
      },
    },
    {
      title: 'What the spike cost',
      narration:
        'Open Outcomes: each group shows "dropped (x-overflow drop-head)" or "rejected at publish (x-overflow …)" beside lost and dead-lettered.',
      highlight: { groups: ['drop-head-workers', 'reject-workers', 'reject-dlx-workers'] },
      runMs: 6_000,
      prediction: {
        kind: 'number',
        question: 'How many orders did orders-drop-head drop to stay at 20?',
        answer: {
          value: { metric: 'groups.drop-head-workers.overflow.droppedHead' },
          unit: 'orders dropped',
        },
        tolerance: { ratio: 0.25 },
        expect: { min: 80, max: 200 },
        why: [
          'For 5 s about 40 a second came in and about 10 went out: the rest of the excess fell off the head.',
          'Nothing else holds a copy of a dropped order, so the group counts every one of them as lost.',
        ],
      },
    },
    {
      title: 'The one that keeps them',
      narration:
        'orders-reject-dlx refuses orders like orders-reject does, and has a dead-letter exchange bound to orders-overflow, which nobody reads yet.',
      highlight: { groups: ['reject-dlx-workers'], part: 'dlq' },
      runMs: 0,
      prediction: {
        kind: 'choice',
        question: 'How many of reject-dlx-workers’ orders were lost?',
        choices: [
          {
            id: 'none',
            label: 'None: the refused orders wait in orders-overflow with x-death reason maxlen',
          },
          { id: 'some', label: 'As many as it refused' },
        ],
        answer: {
          value: { metric: 'groups.reject-dlx-workers.lost' },
          unit: 'orders lost',
          rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
        },
        expect: 'none',
        why: [
          'reject-publish-dlx turns the overflow into dead letters that can be replayed when the spike is over.',
          'reject-publish alone tells the publisher (basic.nack with confirms on); a publisher that does not resend loses them.',
        ],
      },
    },
  ],
};
