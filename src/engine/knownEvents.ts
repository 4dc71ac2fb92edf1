// Every event type a simulation emits, for `on(type)` and the scripting API to check names.

import type { SimEventType } from './types';

export const KNOWN_EVENTS: ReadonlySet<string> = new Set<SimEventType>([
  'produced',
  'fetched',
  'processed',
  'process-failed',
  'committed',
  'commit-rejected',
  'member-state',
  'acquired',
  'acknowledged',
  'group-state',
  'rebalance-started',
  'rebalance-completed',
  'assigned',
  'revoked',
  'evicted',
  'dead-lettered',
  'redriven',
  'lost',
  'retention',
  'offsets-reset',
  'broker-state',
  'leader-elected',
  'partition-offline',
  'isr-changed',
  'truncated',
  'produce-failed',
  'fault',
  'caption',
]);
