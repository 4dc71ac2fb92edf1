// Which backend runs each queue type, and who routes exchanges. One table, so the broker and
// the runtime look a queue's rules up by its `type` and the state stays plain data.
// RabbitMQ (`rabbitmq/`) adds its two types and its ExchangeRouter here.

import type { ExchangeRouter, QueueBackend, QueueStateBase } from './backend';
import { sqsBackend } from './sqs/sqsQueue';
import type { QueueType } from './types';

export const QUEUE_BACKENDS: Partial<Record<QueueType, QueueBackend>> = {
  'sqs-standard': sqsBackend as unknown as QueueBackend,
  'sqs-fifo': sqsBackend as unknown as QueueBackend,
};

/** RabbitMQ exchange routing; null until `rabbitmq/` provides it. */
export const EXCHANGE_ROUTER: { current: ExchangeRouter | null } = { current: null };

export function backendOf(q: QueueStateBase): QueueBackend {
  const backend = QUEUE_BACKENDS[q.type];
  if (!backend) throw new Error(`no queue backend for type ${q.type}`);
  return backend;
}
