// A share group's settings under Kafka's names (KIP-932 group configs, KIP-1240 for the
// per-group delivery count limit), with the broker's `group.share.*` values as defaults.

import type { Scenario } from '../scenario/schema';
import type { ShareSettings } from './types';

export interface ShareConfig {
  recordLockDurationMs: number;
  deliveryCountLimit: number;
  acknowledgementMode: 'implicit' | 'explicit';
  autoOffsetReset: 'earliest' | 'latest';
  /** `group.share.partition.max.record.locks`: in-flight records per share-partition (KIP-932: 200). */
  maxRecordLocks: number;
  onPoison: 'REJECT' | 'RELEASE';
}

type GroupInput = Scenario['groups'][number];
type BrokerInput = NonNullable<Scenario['broker']>;

export function resolveShare(g: GroupInput, broker: BrokerInput | undefined): ShareConfig | undefined {
  if (g.type !== 'share') return undefined;
  return {
    recordLockDurationMs:
      g['share.record.lock.duration.ms'] ?? broker?.['group.share.record.lock.duration.ms'] ?? 30_000,
    deliveryCountLimit: g['share.delivery.count.limit'] ?? broker?.['group.share.delivery.count.limit'] ?? 5,
    acknowledgementMode: g['share.acknowledgement.mode'] ?? 'implicit',
    autoOffsetReset: g['share.auto.offset.reset'] ?? 'latest',
    maxRecordLocks: broker?.['group.share.partition.max.record.locks'] ?? 200,
    onPoison: g.onPoison ?? 'REJECT',
  };
}

export function shareSettings(c: ShareConfig, maxPollRecords: number): ShareSettings {
  return {
    'share.record.lock.duration.ms': c.recordLockDurationMs,
    'share.delivery.count.limit': c.deliveryCountLimit,
    'share.acknowledgement.mode': c.acknowledgementMode,
    'share.auto.offset.reset': c.autoOffsetReset,
    'group.share.partition.max.record.locks': c.maxRecordLocks,
    'max.poll.records': maxPollRecords,
    onPoison: c.onPoison,
  };
}
