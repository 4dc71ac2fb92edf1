// A queue view with 5,000 messages in flight (issue 12's frame budget): one RabbitMQ classic
// queue whose 10 consumers each hold a prefetch window of 500 unacked messages while they work
// through them one at a time, so the window stays full and the ready backlog grows behind it.
// Shared by the browser benchmark and the diagram tests, as LARGE is.

import type { Scenario } from '../../src/engine';

export const LARGE_QUEUE: Scenario = {
  id: 'bench-queue',
  title: 'RabbitMQ: 10 consumers × prefetch 500, 5,000 unacked',
  topics: [],
  queues: [{ name: 'jobs', type: 'rabbitmq-classic' }],
  producers: [
    { id: 'api', queue: 'jobs', ratePerSec: 1000, keys: { type: 'uniform', count: 100_000, prefix: 'job-' } },
  ],
  groups: [{ groupId: 'workers', queue: 'jobs', consumers: 10, prefetch: 500, processing: { meanMs: 20 } }],
};
