// Kafka's exactly-once loop (KIP-98): a processor reads topic `in` from its group's committed
// offset, and for each batch begins a transaction, calls the payment service (a side effect
// outside Kafka), writes one output record per input record to `out`, sends its input offsets
// with sendOffsetsToTransaction and commits. A crash can strike after any step; the restarted
// processor calls initTransactions with the same transactional.id, which aborts what the crashed
// one left open and fences it if it comes back as a zombie. Output and input offsets commit
// together, so read_committed readers of `out` see each input once; the payment call is not in
// the transaction, so only an idempotency key keeps it from being charged twice.

import {
  beginTransaction,
  commitTransaction,
  committedOffset,
  createTxnCoordinator,
  initTransactions,
  ProducerFencedError,
  sendInTransaction,
  sendOffsetsToTransaction,
  type TxnCoordinator,
} from './coordinator';
import { createTxnPartitionLog, fetch } from './txnLog';

export const INPUT = 'in/0';
export const OUTPUT = 'out/0';
const GROUP = 'payments';
const TXN_ID = 'payments-processor';

export interface EosRunOptions {
  inputRecords: number;
  batchSize: number;
  /**
   * Crash points: before the k-th processing step (counted over the whole run, a step being one
   * payment+send, or the commit of a batch) the processor crashes and restarts.
   */
  crashBeforeSteps: number[];
  /** A crashed processor comes back once as a zombie and tries to commit; fencing must stop it. */
  hasZombie: boolean;
  /** The payment service deduplicates by the input record's idempotency key. */
  hasIdempotencyKey: boolean;
}

export interface EosRunResult {
  coordinator: TxnCoordinator;
  /** input value → times the payment was charged (the sink). */
  charges: Map<number, number>;
  crashes: number;
  fencedZombieAttempts: number;
}

export function runConsumeTransformProduce(options: EosRunOptions): EosRunResult {
  const input = createTxnPartitionLog();
  for (let i = 0; i < options.inputRecords; i++)
    input.records.push({ offset: i, producerId: -1, value: i, isTransactional: false, marker: null });
  const logs = new Map([
    [INPUT, input],
    [OUTPUT, createTxnPartitionLog()],
  ]);
  const c = createTxnCoordinator(logs);
  const charges = new Map<number, number>();
  const crashAt = new Set(options.crashBeforeSteps);
  let step = 0;
  let crashes = 0;
  let fencedZombieAttempts = 0;
  const charge = (value: number) => {
    if (options.hasIdempotencyKey && charges.has(value)) return;
    charges.set(value, (charges.get(value) ?? 0) + 1);
  };

  let p = initTransactions(c, TXN_ID);
  let zombie: typeof p | null = null;
  // Bounded: every crash point is used once, so the loop ends after the input plus the crashes.
  for (let rounds = 0; rounds < options.inputRecords + options.crashBeforeSteps.length + 2; rounds++) {
    const from = committedOffset(c, GROUP, INPUT);
    const batch = fetch(input, from, 'read_committed', options.batchSize);
    if (batch.records.length === 0) break;
    beginTransaction(c, p, 0);
    let crashed = false;
    for (const r of batch.records) {
      if (crashAt.has(step++)) {
        crashed = true;
        break;
      }
      charge(r.value as number);
      sendInTransaction(c, p, OUTPUT, r.value as number);
    }
    if (!crashed && crashAt.has(step++)) crashed = true;
    if (crashed) {
      crashes += 1;
      zombie = options.hasZombie ? p : null;
      p = initTransactions(c, TXN_ID);
      if (zombie) {
        // The old process wakes up and tries to finish its batch: it is fenced.
        try {
          sendOffsetsToTransaction(c, zombie, GROUP, { [INPUT]: batch.nextOffset });
          commitTransaction(c, zombie);
        } catch (error) {
          if (!(error instanceof ProducerFencedError)) throw error;
          fencedZombieAttempts += 1;
        }
      }
      continue;
    }
    sendOffsetsToTransaction(c, p, GROUP, { [INPUT]: batch.nextOffset });
    commitTransaction(c, p);
  }
  return { coordinator: c, charges, crashes, fencedZombieAttempts };
}

/** Output values a reader with `isolation` sees, from the start of `out`. */
export function readOutput(c: TxnCoordinator, isolation: 'read_committed' | 'read_uncommitted'): number[] {
  const log = c.logs.get(OUTPUT);
  if (!log) return [];
  return fetch(log, 0, isolation).records.map((r) => r.value as number);
}
