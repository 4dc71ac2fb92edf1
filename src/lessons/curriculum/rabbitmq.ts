// RabbitMQ lessons (issue 12): a poison message nacked with requeue, classic vs quorum, and
// the dead-letter exchange that stops it; routing through a topic exchange. Every answer is
// read from the engine (metrics of the groups), never typed in.

import type { LessonDocument } from '../schema';

export const nackRequeue: LessonDocument = {
  id: 'rabbitmq-nack-requeue',
  title: 'nack with requeue: a hot loop on a classic queue, a delivery limit on a quorum queue',
  concept:
    'basic.nack with requeue=true puts a message back at once (classic: at its original position), so a poison message is redelivered forever and burns a consumer. Quorum queues count returns in x-delivery-count and, past x-delivery-limit (20 by default since RabbitMQ 4.0), dead-letter the message with x-death reason delivery_limit.',
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
        'orders-classic has no delivery limit: the poison order goes back to its position every time.',
      highlight: { groups: ['classic-workers'] },
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'Is classic-workers still redelivering the poison order?',
        choices: [
          { id: 'yes', label: 'Yes: a hot requeue loop' },
          { id: 'no', label: 'No: it was dropped' },
        ],
        answer: {
          value: { metric: 'groups.classic-workers.redeliveries' },
          unit: 'redeliveries',
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
