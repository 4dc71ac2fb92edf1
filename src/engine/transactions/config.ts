// Resolves the transaction keys into the engine config, with Kafka's defaults
// (transaction.timeout.ms 60000, isolation.level read_uncommitted).

import type { Scenario } from '../scenario/schema';
import { DEFAULT_TRANSACTION_TIMEOUT_MS } from './coordinator';
import type { IsolationLevel } from './txnLog';

export interface ProducerTxnConfig {
  transactionalId: string;
  timeoutMs: number;
}

export interface TransformConfig {
  /** The output topic. */
  topic: string;
  /** Each member's transactional.id is `<prefix>-<memberId>`. */
  transactionalIdPrefix: string;
  timeoutMs: number;
}

export function resolveProducerTxn(p: Scenario['producers'][number]): ProducerTxnConfig | null {
  const id = p['transactional.id'];
  if (id === undefined) return null;
  return { transactionalId: id, timeoutMs: p['transaction.timeout.ms'] ?? DEFAULT_TRANSACTION_TIMEOUT_MS };
}

export function resolveIsolation(g: Scenario['groups'][number]): IsolationLevel {
  return g['isolation.level'] ?? 'read_uncommitted';
}

export function resolveTransform(g: Scenario['groups'][number]): TransformConfig | null {
  const t = g.transform;
  if (!t) return null;
  return {
    topic: t.topic,
    transactionalIdPrefix: t['transactional.id'] ?? g.groupId,
    timeoutMs: t['transaction.timeout.ms'] ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
  };
}

/** True when some producer or group uses transactions (the engine then creates their state). */
export function usesTransactions(config: {
  producers: { transaction: ProducerTxnConfig | null }[];
  groups: { transform: TransformConfig | null }[];
}): boolean {
  return (
    config.producers.some((p) => p.transaction !== null) || config.groups.some((g) => g.transform !== null)
  );
}
