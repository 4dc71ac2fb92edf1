// The retry-ordering preset: one topic of inventory updates keyed by item, read by three
// groups that differ only in retry.mode, so the three ways to retry are one screen apart.
// blocking keeps every key in order and stalls the partition behind the failing record;
// retry-topics keeps throughput and applies a key's later updates before the retried one
// (counted as out of order); park-key holds only the failing key's later records.

import type { Scenario } from './schema';

const group = (groupId: string, mode: 'blocking' | 'retry-topics' | 'park-key') => ({
  groupId,
  topic: 'inventory',
  consumers: 3,
  delivery: 'at-least-once' as const,
  'auto.offset.reset': 'earliest' as const,
  processing: { meanMs: 4 },
  failureRate: 0.03,
  retry: { mode, maxAttempts: 4, backoffMs: 500, multiplier: 2, jitter: 'full' as const },
  dlq: { enabled: true },
});

export const RETRY_ORDERING: Scenario = {
  id: 'retry-ordering',
  title: 'Retry modes and per-key order: blocking, retry topics, per-key parking',
  description:
    '200 items, 300 stock updates/s, 3% transient failures retried 4 times. "blocking" keeps order but its partitions stall behind each retry; "retry-topics" keeps up but applies later updates of an item before the retried one (out of order); "park-key" keeps each item in order and lets other items flow.',
  topics: [{ name: 'inventory', partitions: 6, 'retention.ms': 600_000 }],
  producers: [
    {
      id: 'stock',
      topic: 'inventory',
      ratePerSec: 300,
      keys: { type: 'uniform', count: 200, prefix: 'item-' },
    },
  ],
  groups: [
    group('blocking', 'blocking'),
    group('retry-topics', 'retry-topics'),
    group('park-key', 'park-key'),
  ],
  durationMs: 120_000,
};
