// The RabbitMQ presets (issue 12): a topic exchange fanning events out by wildcard, a poison
// message nacked with requeue (forever on a classic queue; stopped by the quorum delivery
// limit), retry with a delay built from a TTL queue and dead-letter exchanges, and a queue
// length limit under each x-overflow mode.

import type { Scenario } from './schema';

export const RABBITMQ_PRESETS: Record<string, Scenario> = {
  'rabbitmq-routing': {
    id: 'rabbitmq-routing',
    title: 'RabbitMQ: a topic exchange fans out by wildcard',
    description:
      'Services publish to the topic exchange "events" with routing keys <entity>.<region>.<event>. Four queues ' +
      'bind with patterns: eu-ops "*.eu.*" (* is exactly one word), orders "order.#" (# is zero or more words), ' +
      'failures "#.failed" and audit "#". Each message lands once in every queue with a matching binding: ' +
      'order.eu.created in eu-ops, orders and audit; payment.us.failed in failures and audit. Keys nothing binds ' +
      'except "#" reach audit only.',
    topics: [],
    queues: [
      { name: 'eu-ops', type: 'rabbitmq-classic' },
      { name: 'orders', type: 'rabbitmq-quorum' },
      { name: 'failures', type: 'rabbitmq-classic' },
      { name: 'audit', type: 'rabbitmq-classic' },
    ],
    exchanges: [
      {
        name: 'events',
        type: 'topic',
        bindings: [
          { queue: 'eu-ops', key: '*.eu.*' },
          { queue: 'orders', key: 'order.#' },
          { queue: 'failures', key: '#.failed' },
          { queue: 'audit', key: '#' },
        ],
      },
    ],
    producers: [
      {
        id: 'services',
        exchange: 'events',
        routingKeys: [
          'order.eu.created',
          'order.us.created',
          'payment.eu.failed',
          'payment.us.settled',
          'payment.us.failed',
          'order.apac.cancelled',
          'shipment.eu.dispatched',
        ],
        ratePerSec: 14,
        keys: { type: 'uniform', count: 5000, prefix: 'evt-' },
      },
    ],
    groups: [
      { groupId: 'eu-ops', queue: 'eu-ops', consumers: 1, prefetch: 10, processing: { meanMs: 30 } },
      { groupId: 'order-service', queue: 'orders', consumers: 2, prefetch: 10, processing: { meanMs: 60 } },
      { groupId: 'alerts', queue: 'failures', consumers: 1, prefetch: 10, processing: { meanMs: 20 } },
      { groupId: 'audit', queue: 'audit', consumers: 1, prefetch: 50, processing: { meanMs: 10 } },
    ],
    timeline: [
      {
        at: 0,
        caption: 'Routing keys <entity>.<region>.<event>; bindings "*.eu.*", "order.#", "#.failed", "#".',
      },
      {
        at: 10_000,
        caption:
          'audit ("#") gets every event; eu-ops ("*.eu.*") only the three .eu. keys; orders ("order.#") the three keys that start with order.',
      },
    ],
  },
  'rabbitmq-nack-requeue': {
    id: 'rabbitmq-nack-requeue',
    title: 'RabbitMQ: a poison message nacked with requeue, classic vs quorum',
    description:
      'The fanout exchange "orders" copies every order into a classic queue and a quorum queue. Both consumer ' +
      'groups nack a failed message with requeue=true. A poison message fails every time: on the classic queue ' +
      'it goes back to its original position and is redelivered at once, forever (redelivered=true, a hot loop ' +
      'burning a consumer). The quorum queue counts returns in x-delivery-count; past x-delivery-limit (20 by ' +
      'default since RabbitMQ 4.0) it is dead-lettered to orders-dlq with x-death reason delivery_limit.',
    topics: [],
    queues: [
      { name: 'orders-classic', type: 'rabbitmq-classic' },
      { name: 'orders-quorum', type: 'rabbitmq-quorum', 'x-dead-letter-exchange': 'orders-dlx' },
      { name: 'orders-dlq', type: 'rabbitmq-classic' },
    ],
    exchanges: [
      {
        name: 'orders',
        type: 'fanout',
        bindings: [
          { queue: 'orders-classic', key: '' },
          { queue: 'orders-quorum', key: '' },
        ],
      },
      { name: 'orders-dlx', type: 'fanout', bindings: [{ queue: 'orders-dlq', key: '' }] },
    ],
    producers: [
      {
        id: 'checkout',
        exchange: 'orders',
        routingKey: 'order',
        ratePerSec: 10,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'classic-workers',
        queue: 'orders-classic',
        consumers: 2,
        prefetch: 5,
        requeue: true,
        processing: { meanMs: 50 },
      },
      {
        groupId: 'quorum-workers',
        queue: 'orders-quorum',
        consumers: 2,
        prefetch: 5,
        requeue: true,
        processing: { meanMs: 50 },
      },
    ],
    timeline: [
      {
        at: 5_000,
        fault: { type: 'poison-message', key: 'order-poison' },
        caption: 'A poison order is published.',
      },
      {
        at: 15_000,
        caption:
          'orders-quorum: after 21 deliveries (x-delivery-limit 20) the poison order is in orders-dlq; orders-classic redelivers it still.',
      },
    ],
  },
  'rabbitmq-dlx-retry': {
    id: 'rabbitmq-dlx-retry',
    title: 'RabbitMQ: retry with a delay through a TTL queue and dead-letter exchanges',
    description:
      'payments reads "orders" and rejects (nack, requeue=false) a message it cannot process. orders dead-letters ' +
      'to the exchange "retry", which routes to orders-retry: no consumers, x-message-ttl 5000. Five seconds later ' +
      'the message expires and orders-retry dead-letters it to "orders-x", back to orders. Each message\'s x-death ' +
      'header records its trips. During a 12 s outage of the payment provider every message takes this ' +
      'loop; afterwards they succeed on their next attempt, 5 s apart instead of a hot requeue loop.',
    topics: [],
    queues: [
      { name: 'orders', type: 'rabbitmq-quorum', 'x-dead-letter-exchange': 'retry' },
      {
        name: 'orders-retry',
        type: 'rabbitmq-classic',
        'x-message-ttl': 5000,
        'x-dead-letter-exchange': 'orders-x',
      },
    ],
    exchanges: [
      { name: 'orders-x', type: 'direct', bindings: [{ queue: 'orders', key: 'order' }] },
      { name: 'retry', type: 'fanout', bindings: [{ queue: 'orders-retry', key: '' }] },
    ],
    producers: [
      {
        id: 'checkout',
        exchange: 'orders-x',
        routingKey: 'order',
        ratePerSec: 10,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        queue: 'orders',
        consumers: 2,
        prefetch: 10,
        requeue: false,
        processing: { meanMs: 40 },
      },
    ],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'outage', durationMs: 12_000 },
        caption:
          'The payment provider is down for 12 s: each order is rejected and waits 5 s in orders-retry.',
      },
      {
        at: 30_000,
        caption: 'The provider is back: retried orders succeed; x-death shows their round trips.',
      },
    ],
  },
  'rabbitmq-max-length': {
    id: 'rabbitmq-max-length',
    title: 'RabbitMQ: a length limit under each x-overflow mode',
    description:
      'The fanout exchange "orders" copies every order into three queues with x-max-length 20 (only ready ' +
      'messages count), each read by one consumer that handles about 10 a second. At 10 s a 5 s spike of 40 ' +
      'orders a second overfills them. orders-drop-head (x-overflow drop-head, the default) drops its oldest ' +
      'ready messages to admit new ones; orders-reject (reject-publish) refuses new publishes (basic.nack to a ' +
      'publisher with confirms on); ' +
      'orders-reject-dlx (reject-publish-dlx) refuses them too and dead-letters them to orders-overflow with ' +
      'x-death reason maxlen.',
    topics: [],
    queues: [
      { name: 'orders-drop-head', type: 'rabbitmq-classic', 'x-max-length': 20, 'x-overflow': 'drop-head' },
      { name: 'orders-reject', type: 'rabbitmq-classic', 'x-max-length': 20, 'x-overflow': 'reject-publish' },
      {
        name: 'orders-reject-dlx',
        type: 'rabbitmq-classic',
        'x-max-length': 20,
        'x-overflow': 'reject-publish-dlx',
        'x-dead-letter-exchange': 'overflow',
      },
      { name: 'orders-overflow', type: 'rabbitmq-classic' },
    ],
    exchanges: [
      {
        name: 'orders',
        type: 'fanout',
        bindings: [
          { queue: 'orders-drop-head', key: '' },
          { queue: 'orders-reject', key: '' },
          { queue: 'orders-reject-dlx', key: '' },
        ],
      },
      { name: 'overflow', type: 'fanout', bindings: [{ queue: 'orders-overflow', key: '' }] },
    ],
    producers: [
      {
        id: 'checkout',
        exchange: 'orders',
        routingKey: 'order',
        ratePerSec: 8,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'drop-head-workers',
        queue: 'orders-drop-head',
        consumers: 1,
        prefetch: 1,
        processing: { meanMs: 100 },
      },
      {
        groupId: 'reject-workers',
        queue: 'orders-reject',
        consumers: 1,
        prefetch: 1,
        processing: { meanMs: 100 },
      },
      {
        groupId: 'reject-dlx-workers',
        queue: 'orders-reject-dlx',
        consumers: 1,
        prefetch: 1,
        processing: { meanMs: 100 },
      },
    ],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'set-rate', ratePerSec: 40 },
        caption: 'A spike: 40 orders a second for 5 s against consumers that handle about 10.',
      },
      {
        at: 15_000,
        fault: { type: 'set-rate', ratePerSec: 8 },
        caption: 'Back to 8 a second. Outcomes counts what each x-overflow mode did with the excess.',
      },
    ],
  },
};
