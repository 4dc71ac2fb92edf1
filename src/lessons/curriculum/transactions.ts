// Kafka transactions (KIP-98): exactly-once consume-transform-produce. The payment processor
// writes its output and its input offsets in one transaction; a crash mid-transaction is
// aborted by the restarted instance's initTransactions. read_committed readers see every
// payment once; read_uncommitted readers see the aborted copies; the payment call, outside
// Kafka, is repeated unless it carries an idempotency key. Every figure comes from the engine.

import type { LessonDocument } from '../schema';

const ledgerHeldBack = { sum: { snapshot: 'partitions.[topic=payments-out].lag.ledger' } };

export const transactionsEos: LessonDocument = {
  id: 'transactions-eos',
  title: 'Exactly-once with transactions, and what it does not cover',
  concept:
    'A consume-transform-produce application writes its output and its input offsets in one Kafka transaction: visible together or not at all. A crash mid-transaction is aborted. read_committed readers see each payment once; read_uncommitted readers see the aborted copies too. A call outside Kafka, like charging the card, still needs an idempotency key.',
  track: 'delivery',
  scenario: 'transactions-eos',
  steps: [
    {
      title: 'Read, charge, write: one transaction per batch',
      narration:
        'The payment processor (p-1, p-2) polls payments, charges each card, writes the result to payments-out and, with sendOffsetsToTransaction, its input offsets; then commitTransaction writes a COMMIT marker (a hollow cell: it takes an offset but carries no message). The ledger reads payments-out with isolation.level=read_committed, the audit job with read_uncommitted.',
      highlight: { groups: ['payment-processor'], part: 'sink' },
      runMs: 7500,
    },
    {
      title: 'A crash before commitTransaction',
      narration:
        'At 8 s p-1 crashes after processing its next batch, before the commit. Its records are in payments-out (amber: an open transaction), and the dashed line marks the last stable offset: the first offset of that open transaction.',
      highlight: { groups: ['ledger', 'audit'], part: 'sink' },
      runMs: 3000,
      prediction: {
        kind: 'choice',
        question: 'What does the ledger (read_committed) do with p-1’s uncommitted records?',
        choices: [
          { id: 'waits', label: 'It stops at the last stable offset and waits' },
          { id: 'reads', label: 'It reads them, like any record' },
        ],
        answer: {
          value: ledgerHeldBack,
          unit: 'records of payments-out the ledger has not read',
          rule: [{ choice: 'waits', if: { gte: 1 } }, { choice: 'reads' }],
        },
        expect: 'waits',
        why: [
          'read_committed reads only below the last stable offset, which an open transaction holds back.',
          'The audit job (read_uncommitted) has already read them: it reads up to the high watermark.',
        ],
      },
    },
    {
      title: 'The restarted instance fences its old self',
      narration:
        'p-1 restarts 3 s after the crash and calls initTransactions with the same transactional.id: the coordinator bumps the epoch, so the old instance is fenced, and aborts the open transaction with an ABORT marker. Its records are now aborted (struck through). The batch is read again from the committed offsets and written in a new transaction.',
      highlight: { groups: ['ledger', 'audit'], part: 'sink' },
      runMs: 9500,
      prediction: {
        kind: 'number',
        question: 'How many payments has the ledger (read_committed) read twice?',
        answer: { value: { metric: 'groups.ledger.duplicates' }, unit: 'payments read twice' },
        tolerance: { abs: 0 },
        expect: { min: 0, max: 0 },
        why: [
          'The aborted copies were skipped; the retry’s copies committed together with the input offsets.',
          'Nor is any payment missing: the input offsets moved only with a committed transaction.',
        ],
      },
    },
    {
      title: 'What read_uncommitted saw',
      narration: 'The audit job reads payments-out without isolation: everything up to the high watermark.',
      highlight: { groups: ['audit'], part: 'sink' },
      runMs: 5000,
      prediction: {
        kind: 'choice',
        question: 'Did the audit job (read_uncommitted) see the aborted records?',
        choices: [
          { id: 'yes', label: 'Yes: it read them before the abort, and then the retry’s copies too' },
          { id: 'no', label: 'No: Kafka never hands out aborted records' },
        ],
        answer: {
          value: { metric: 'transactions.abortedRead.audit' },
          unit: 'aborted records the audit job read',
          rule: [{ choice: 'yes', if: { gte: 1 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'read_uncommitted (Kafka’s default) returns records up to the high watermark, open or aborted.',
          'Only isolation.level=read_committed readers get exactly-once from a transactional producer.',
        ],
      },
    },
    {
      title: 'The card outside the transaction',
      narration:
        'Charging the card is a call to a payment service, not a write to Kafka. The transaction could undo the output records, not the charge.',
      highlight: { groups: ['payment-processor'], part: 'sink' },
      runMs: 5000,
      prediction: {
        kind: 'choice',
        question: 'Were the payments of the aborted batch charged once or twice?',
        choices: [
          { id: 'twice', label: 'Twice: once before the crash, once on the retry' },
          { id: 'once', label: 'Once: the abort undid the first charge' },
        ],
        answer: {
          value: { metric: 'groups.payment-processor.duplicates' },
          unit: 'payments charged twice',
          rule: [{ choice: 'twice', if: { gte: 1 } }, { choice: 'once' }],
        },
        expect: 'twice',
        why: [
          'A transaction covers Kafka writes and offsets only; the payment service never heard of the abort.',
          'Send an idempotency key (the payment id) with the charge: the same crash then charges each payment once.',
        ],
      },
    },
  ],
};
