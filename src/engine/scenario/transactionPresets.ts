// The transactions preset: a payment processor that reads `payments` and writes each
// processed payment to `payments-out` inside a Kafka transaction, sending its input offsets
// in the same transaction (exactly-once consume-transform-produce). A ledger reads the output
// with isolation.level=read_committed, an audit job with read_uncommitted. A crash mid-
// transaction leaves an open transaction that the restarted instance's initTransactions aborts.

import type { Scenario } from './schema';

export const TRANSACTION_PRESETS: Record<string, Scenario> = {
  'transactions-eos': {
    id: 'transactions-eos',
    title: 'Exactly-once: a crash mid-transaction',
    description:
      'The payment processor reads payments, charges the card (a call outside Kafka) and writes the result to ' +
      'payments-out in a transaction with its input offsets. p-1 crashes after processing a batch, before the ' +
      'commit, and restarts 3 s later: initTransactions aborts what it left open. The read_committed ledger sees ' +
      'every payment once; the read_uncommitted audit job also sees the aborted copies; the card was charged twice.',
    topics: [
      { name: 'payments', partitions: 2 },
      { name: 'payments-out', partitions: 2 },
    ],
    producers: [
      {
        id: 'checkout',
        topic: 'payments',
        ratePerSec: 20,
        // One send per second: each poll of the processor gets a batch of about ten payments.
        'linger.ms': 1000,
        keys: { type: 'uniform', count: 2000, prefix: 'payment-' },
      },
    ],
    groups: [
      {
        groupId: 'payment-processor',
        topic: 'payments',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        'max.poll.records': 20,
        processing: { meanMs: 40, distribution: 'constant' },
        transform: {
          topic: 'payments-out',
          'transactional.id': 'payment-processor',
          'transaction.timeout.ms': 15_000,
        },
      },
      {
        groupId: 'ledger',
        topic: 'payments-out',
        consumers: 1,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'isolation.level': 'read_committed',
        processing: { meanMs: 2 },
      },
      {
        groupId: 'audit',
        topic: 'payments-out',
        consumers: 1,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'isolation.level': 'read_uncommitted',
        processing: { meanMs: 2 },
      },
    ],
    broker: { 'group.initial.rebalance.delay.ms': 0 },
    timeline: [
      {
        at: 8000,
        fault: {
          type: 'crash-consumer',
          memberId: 'p-1',
          point: 'after-process-before-commit',
          restartAfterMs: 3000,
        },
        caption: 'p-1 will crash after processing its next batch, before commitTransaction.',
      },
      {
        at: 12_000,
        caption: 'p-1 restarted: initTransactions fenced its old epoch and aborted the open transaction.',
      },
    ],
  },
};
