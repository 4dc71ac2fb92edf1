import { describe, expect, it } from 'vitest';
import { getPreset } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { createSimulation, type Simulation } from '../simulation';

/** The preset without its scripted crash, so each test places its own fault. */
function eos(change: (s: Scenario) => void = () => {}): Scenario {
  const s = getPreset('transactions-eos');
  s.timeline = [];
  change(s);
  return s;
}

const out = (sim: Simulation, partition: number) =>
  sim.snapshot().partitions.find((p) => p.topic === 'payments-out' && p.partition === partition)!;

/** Runs until p-1 is in the middle of a batch (its transaction open), so a fault lands mid-transaction. */
function untilMidTransaction(sim: Simulation, memberId = 'p-1'): void {
  for (let i = 0; i < 1500; i++) {
    sim.advance(10);
    const m = sim.snapshot().groups[0].members.find((x) => x.memberId === memberId);
    const isOpen = sim
      .snapshot()
      .partitions.some((p) =>
        p.openTransactions?.some((t) => t.transactionalId === `payment-processor-${memberId}`),
      );
    if (m?.current && isOpen && sim.now > 5000) return;
  }
  throw new Error(`${memberId} never had an open transaction`);
}

function openOf(sim: Simulation, memberId: string) {
  for (const p of sim.snapshot().partitions)
    for (const t of p.openTransactions ?? [])
      if (t.transactionalId === `payment-processor-${memberId}`) return { partition: p, txn: t };
  return undefined;
}

describe('transactions in the engine', () => {
  it('an open transaction holds the last stable offset at its first offset: read_committed waits there, read_uncommitted reads on', () => {
    const sim = createSimulation(eos(), { seed: 1 });
    untilMidTransaction(sim);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1', point: 'after-process-before-commit' });
    sim.advance(3000);
    const open = openOf(sim, 'p-1')!;
    expect(open).toBeDefined();
    const p = open.partition;
    expect(p.lastStableOffset).toBe(open.txn.firstOffset);
    expect(p.logEndOffset).toBeGreaterThan(p.lastStableOffset!);
    expect(p.committed.ledger).toBeLessThanOrEqual(p.lastStableOffset!);
    expect(p.committed.audit).toBeGreaterThan(p.lastStableOffset!);
    expect(p.txnMarks?.filter((m) => m.kind === 'open').length).toBe(open.txn.records);
  });

  it('the restarted instance calls initTransactions: the open transaction is aborted with a marker that takes an offset, and its epoch moves on', () => {
    const sim = createSimulation(eos(), { seed: 2 });
    untilMidTransaction(sim);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1', point: 'after-process-before-commit' });
    sim.advance(500);
    const before = openOf(sim, 'p-1')!;
    const partition = before.partition.partition;
    const endBefore = out(sim, partition).logEndOffset;
    const events: string[] = [];
    sim.on('transaction', (e) => {
      if (e.outcome === 'aborted') events.push(`${e.transactionalId} ${e.reason}`);
    });
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    expect(events).toEqual([
      `payment-processor-p-1 initTransactions by a new instance of payment-processor-p-1 (epoch ${before.txn.epoch + 1})`,
    ]);
    const after = out(sim, partition);
    expect(after.openTransactions).toEqual([]);
    expect(after.lastStableOffset).toBe(after.logEndOffset);
    expect(after.logEndOffset).toBe(endBefore + 1);
    expect(after.abortedRanges?.at(-1)).toEqual({
      producerId: before.txn.producerId,
      firstOffset: before.txn.firstOffset,
      lastOffset: endBefore,
    });
    const marker = sim.record('payments-out', partition, endBefore)!;
    expect(marker.messageId).toBe(-1);
    expect(marker.transaction).toBe('marker');
    expect(sim.record('payments-out', partition, before.txn.firstOffset)?.transaction).toBe('aborted');
    expect(sim.metrics().transactions).toMatchObject({ abortedByInit: 1, timedOut: 0 });
  });

  it.each([
    [14_999, 0],
    [15_001, 1],
  ])(
    'a crash without restart: transaction.timeout.ms 15000 after the transaction began, %i ms later → %i timed out',
    (afterMs, expected) => {
      const sim = createSimulation(eos(), { seed: 3 });
      untilMidTransaction(sim);
      const { txn } = openOf(sim, 'p-1')!;
      sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
      sim.advance(txn.startedAtMs + afterMs - sim.now);
      expect(sim.metrics().transactions?.timedOut).toBe(expected);
      expect(openOf(sim, 'p-1') === undefined).toBe(expected === 1);
    },
  );

  it('a paused member outlives its transaction: the coordinator aborts it, and the zombie is fenced when it resumes', () => {
    const sim = createSimulation(
      eos((s) => {
        s.groups[0].transform!['transaction.timeout.ms'] = 4000;
      }),
      { seed: 4 },
    );
    const fenced: string[] = [];
    sim.on('producer-fenced', (e) => fenced.push(`${e.holder} ${e.epoch}<${e.currentEpoch}`));
    untilMidTransaction(sim);
    sim.inject({ type: 'pause-consumer', memberId: 'p-1', durationMs: 12_000 });
    sim.advance(30_000);
    expect(sim.metrics().transactions?.timedOut).toBeGreaterThanOrEqual(1);
    expect(fenced).toEqual(['p-1 0<1']);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(20_000);
    const m = sim.metrics();
    expect(m.groups.ledger.duplicates).toBe(0);
    expect(m.groups.ledger.applied).toBe(m.produced);
    expect(m.transactions?.abortedRead.ledger).toBe(0);
  });

  it('the preset: after the crash the ledger (read_committed) has every payment once, the audit job read the aborted copies, the card was charged twice for them', () => {
    const sim = createSimulation('transactions-eos', { seed: 1 });
    sim.advance(40_000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(10_000);
    const m = sim.metrics();
    const aborted = m.transactions!.abortedRecords;
    expect(aborted).toBeGreaterThan(0);
    expect(m.groups.ledger).toMatchObject({ duplicates: 0, lost: 0, applied: m.produced });
    expect(m.transactions!.abortedRead).toMatchObject({ ledger: 0, audit: aborted });
    expect(m.groups.audit.duplicates).toBe(aborted);
    expect(m.groups['payment-processor'].duplicates).toBe(aborted);
  });

  it('with the idempotency key (effectively-once) the same crash charges every payment once', () => {
    const sim = createSimulation(
      eos((s) => {
        s.groups[0].delivery = 'effectively-once';
        s.timeline = getPreset('transactions-eos').timeline;
      }),
      { seed: 1 },
    );
    sim.advance(40_000);
    const m = sim.metrics();
    expect(m.transactions!.abortedRecords).toBeGreaterThan(0);
    expect(m.groups['payment-processor'].duplicates).toBe(0);
    expect(m.groups['payment-processor'].deduplicated).toBe(m.transactions!.abortedRecords);
  });

  it('a transactional producer writes each batch as one transaction: a COMMIT marker after each batch, read alike at both isolation levels', () => {
    const sim = createSimulation(
      {
        topics: [{ name: 'orders', partitions: 1 }],
        producers: [
          {
            id: 'checkout',
            topic: 'orders',
            ratePerSec: 50,
            'linger.ms': 100,
            'transactional.id': 'checkout-tx',
          },
        ],
        groups: [
          {
            groupId: 'rc',
            topic: 'orders',
            consumers: 1,
            'auto.offset.reset': 'earliest',
            'isolation.level': 'read_committed',
          },
          { groupId: 'ru', topic: 'orders', consumers: 1, 'auto.offset.reset': 'earliest' },
        ],
      },
      { seed: 1 },
    );
    sim.advance(10_000);
    const m = sim.metrics();
    const p = sim.snapshot().partitions[0];
    expect(p.logEndOffset).toBe(m.produced + m.transactions!.commits);
    expect(p.txnMarks?.every((x) => x.kind === 'commit-marker')).toBe(true);
    expect(m.transactions).toMatchObject({ aborts: 0, abortedRecords: 0, open: 0 });
    expect(m.groups.rc.applied).toBeGreaterThan(m.produced - 10);
    expect(m.groups.ru.applied).toBeGreaterThan(m.produced - 10);
  });

  it('skipping ahead with reset-offsets counts only committed records lost, not markers or aborted records', () => {
    const sim = createSimulation('transactions-eos', { seed: 1 });
    sim.advance(5000);
    sim.inject({ type: 'crash-consumer', memberId: 'l-1' });
    sim.advance(15_000);
    let skipped = 0;
    for (const p of sim.snapshot().partitions.filter((x) => x.topic === 'payments-out'))
      for (let o = Math.max(0, p.committed.ledger); o < p.logEndOffset; o++)
        if (sim.record('payments-out', p.partition, o)?.transaction === 'committed') skipped += 1;
    expect(sim.metrics().transactions!.abortedRecords).toBeGreaterThan(0);
    sim.inject({ type: 'reset-offsets', groupId: 'ledger', to: 'latest' });
    expect(sim.metrics().groups.ledger.lost).toBe(skipped);
  });

  it('a checkpoint taken with a transaction open restores to the same run (open, aborted, markers and epochs included)', () => {
    const sim = createSimulation('transactions-eos', { seed: 2 });
    sim.advance(9000);
    expect(sim.metrics().transactions!.open).toBeGreaterThan(0);
    const cp = sim.checkpoint();
    sim.advance(11_000);
    const first = { metrics: sim.metrics(), snapshot: sim.snapshot() };
    sim.restore(cp);
    sim.advance(11_000);
    expect(sim.metrics()).toEqual(first.metrics);
    expect(sim.snapshot().partitions).toEqual(first.snapshot.partitions);
  });

  it('a scenario without transactions has no transaction fields in its snapshot or metrics', () => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(2000);
    expect(sim.snapshot().partitions.every((p) => !('lastStableOffset' in p))).toBe(true);
    expect('transactions' in sim.metrics()).toBe(false);
  });

  it.each<[string, (s: Scenario) => void, RegExp]>([
    [
      'an output topic that does not exist',
      (s) => {
        s.groups[0].transform!.topic = 'nowhere';
      },
      /transform.topic names a topic/,
    ],
    [
      'the input topic as output',
      (s) => {
        s.groups[0].transform!.topic = 'payments';
      },
      /must differ/,
    ],
    [
      'cooperative-sticky',
      (s) => {
        s.groups[0]['partition.assignment.strategy'] = 'cooperative-sticky';
      },
      /eager assignor/,
    ],
    [
      'retry topics',
      (s) => {
        s.groups[0].retry = { mode: 'retry-topics' };
      },
      /retries in place/,
    ],
    [
      'brokers',
      (s) => {
        s.brokers = 3;
      },
      /single broker/,
    ],
    [
      'an unknown isolation level',
      (s) => {
        (s.groups[1] as Record<string, unknown>)['isolation.level'] = 'read_all';
      },
      /isolation\.level/,
    ],
  ])('the schema refuses %s', (_, change, message) => {
    expect(() => createSimulation(eos(change))).toThrow(message);
  });
});
