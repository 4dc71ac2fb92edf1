// The scenario's transaction keys, beside schema.ts, under Kafka's own names: a producer's
// transactional.id and transaction.timeout.ms, a group's isolation.level, and `transform`,
// which makes a group consume-transform-produce (each processed record written to an output
// topic inside a transaction that also carries the group's input offsets). All optional: a
// scenario without them runs exactly as before.

import * as v from 'valibot';

const name = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
);
/** The broker caps it with transaction.max.timeout.ms (default 900000). */
const transactionTimeoutMs = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(900_000));

/** Producer fields (merged into ProducerSchema). */
export const producerTxnFields = {
  /** Makes the producer transactional: each linger.ms batch is one transaction. */
  'transactional.id': v.optional(name),
  /** Kafka default 60000: the coordinator aborts a transaction left open longer. */
  'transaction.timeout.ms': v.optional(transactionTimeoutMs),
};

/** Group fields (merged into GroupSchema). */
export const groupTxnFields = {
  /** Kafka default read_uncommitted; read_committed reads up to the last stable offset and skips aborted records. */
  'isolation.level': v.optional(v.picklist(['read_committed', 'read_uncommitted'])),
  /**
   * Consume-transform-produce: every processed record is written to `topic` in a transaction that
   * also sends the group's input offsets (sendOffsetsToTransaction). Each member's producer has the
   * transactional.id `<transactional.id>-<memberId>`, so a restarted member fences its old self.
   */
  transform: v.optional(
    v.strictObject({
      topic: name,
      'transactional.id': v.optional(name),
      'transaction.timeout.ms': v.optional(transactionTimeoutMs),
    }),
  ),
};

interface TxnShape {
  topics: { name: string }[];
  producers: { 'transactional.id'?: string; 'enable.idempotence'?: boolean }[];
  groups: {
    topic?: string;
    delivery?: string;
    'enable.auto.commit'?: boolean;
    'partition.assignment.strategy'?: string;
    retry?: { mode: string };
    transform?: { topic: string };
  }[];
  brokers?: number;
}

/** Cross-field checks: [message, path] for the first problem, or null. */
export function checkTransactions(s: TxnShape): [string, 'groups' | 'producers' | 'brokers'] | null {
  const transforms = s.groups.filter((g) => g.transform !== undefined);
  const hasTxn = transforms.length > 0 || s.producers.some((p) => p['transactional.id'] !== undefined);
  if (hasTxn && s.brokers !== undefined)
    return ['transactions are modelled on the single broker: leave out brokers', 'brokers'];
  const ids = s.producers.flatMap((p) => (p['transactional.id'] ? [p['transactional.id']] : []));
  if (new Set(ids).size !== ids.length) return ['two producers share a transactional.id', 'producers'];
  if (s.producers.some((p) => p['transactional.id'] !== undefined && p['enable.idempotence'] === false))
    return ['a transactional producer is idempotent: enable.idempotence cannot be false', 'producers'];
  for (const g of transforms) {
    const out = g.transform!.topic;
    if (!s.topics.some((t) => t.name === out))
      return ['transform.topic names a topic that is not in topics', 'groups'];
    if (out === g.topic) return ['transform.topic must differ from the topic the group reads', 'groups'];
    if (g.delivery === 'at-most-once' || g['enable.auto.commit'] === true)
      return [
        'a transform group commits its offsets in the transaction: no auto commit, no at-most-once',
        'groups',
      ];
    if (g.retry?.mode === 'retry-topics')
      return [
        'a transform group retries in place: retry topics would write outside its transactions',
        'groups',
      ];
    if (g['partition.assignment.strategy'] === 'cooperative-sticky')
      return [
        'a transform group uses an eager assignor in Queuescope (range, roundrobin or sticky)',
        'groups',
      ];
  }
  return null;
}
