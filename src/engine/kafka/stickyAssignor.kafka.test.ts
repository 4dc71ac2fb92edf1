/**
 * Kafka's own sticky-assignor test cases where three or more consumers take part and some own partitions,
 * with the exact assignments Kafka asserts. Sources (apache/kafka, clients/src/test/java/org/apache/kafka/
 * clients/consumer/): internals/AbstractStickyAssignorTest.java (run by both StickyAssignorTest and
 * CooperativeStickyAssignorTest), StickyAssignorTest.java, CooperativeStickyAssignorTest.java. Cases that need
 * generations or racks are left out: Queuescope models neither.
 *
 * Kafka's tests put members into a HashMap in the order consumer1, consumer2, …; ConstrainedAssignmentBuilder
 * then walks its consumerToOwnedPartitions HashMap in Java's order, which for these ids is consumer4,
 * consumer3, consumer2, consumer1 (see javaHashMapOrder.test.ts). That order decides who keeps maxQuota.
 */
import { describe, expect, it } from 'vitest';
import { type Assignment, type AssignorMember, type AssignorName, assign } from './assignors';

/** 'topic1-0' → { topic: 'topic1', partition: 0 }, Kafka's TopicPartition.toString. */
const parse = (name: string) => {
  const dash = name.lastIndexOf('-');
  return { topic: name.slice(0, dash), partition: Number(name.slice(dash + 1)) };
};
const table = (rows: Record<string, string[]>): Assignment =>
  Object.fromEntries(Object.entries(rows).map(([id, list]) => [id, list.map(parse)]));
const sortedNames = (assignment: Assignment): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(assignment).map(([id, tps]) => [id, tps.map((p) => `${p.topic}-${p.partition}`).sort()]),
  );
const sortedRows = (rows: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(rows).map(([id, list]) => [id, [...list].sort()]));
const members = (subscriptions: Record<string, string[]>): AssignorMember[] =>
  Object.entries(subscriptions).map(([memberId, topics]) => ({ memberId, topics }));

/**
 * Runs a cooperative group to its settled state the way CooperativeStickyAssignorTest.verifyValidityAndBalance
 * does: while a round revokes something, feed the round's result back as the owned partitions (at most 4 rounds).
 */
function settleCooperative(group: AssignorMember[], counts: Record<string, number>, owned: Assignment) {
  let previous = owned;
  let result = assign('cooperative-sticky', group, counts, previous);
  for (let round = 1; ; round++) {
    const revokes = Object.entries(previous).some(
      ([id, tps]) =>
        Object.hasOwn(result, id) &&
        tps.some((tp) => !result[id].some((p) => p.topic === tp.topic && p.partition === tp.partition)),
    );
    if (!revokes) return result;
    expect(round).toBeLessThanOrEqual(4);
    previous = result;
    result = assign('cooperative-sticky', group, counts, previous);
  }
}

interface KafkaCase {
  name: string;
  partitionsPerTopic: Record<string, number>;
  subscriptions: Record<string, string[]>;
  owned: Record<string, string[]>;
  expected: Record<string, string[]>;
}

const t12 = ['topic1', 'topic2'];

/** Cases from AbstractStickyAssignorTest: Kafka asserts these for both assignors (cooperative once settled). */
const abstractCases: KafkaCase[] = [
  {
    // Two members own maxQuota (2 of 4) but only one may keep it. HashMap order visits consumer2 before
    // consumer1, so consumer2 keeps both and consumer1 gives up topic2-0 to consumer3.
    name: 'testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers',
    partitionsPerTopic: { topic1: 2, topic2: 2 },
    subscriptions: { consumer1: t12, consumer2: t12, consumer3: t12 },
    owned: { consumer1: ['topic1-0', 'topic2-0'], consumer2: ['topic1-1', 'topic2-1'] },
    expected: { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: ['topic2-0'] },
  },
  {
    name: 'testAllConsumersAreUnderMinQuota',
    partitionsPerTopic: { topic1: 2, topic2: 3 },
    subscriptions: { consumer1: t12, consumer2: t12, consumer3: t12 },
    owned: { consumer1: ['topic1-0'], consumer2: ['topic1-1'] },
    expected: {
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-2'],
      consumer3: ['topic2-0'],
    },
  },
  {
    // The "add 2 consumers" step: consumer1 and consumer2 keep maxQuota of their owned partitions sorted by
    // (partition, topic); consumer3 and consumer4 fill up round-robin.
    name: 'testAddRemoveTwoConsumersTwoTopics (add two consumers)',
    partitionsPerTopic: { topic1: 3, topic2: 4 },
    subscriptions: { consumer1: t12, consumer2: t12, consumer3: t12, consumer4: t12 },
    owned: {
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    },
    expected: {
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic2-0', 'topic1-1'],
      consumer3: ['topic1-2', 'topic2-3'],
      consumer4: ['topic2-2'],
    },
  },
  {
    name: 'testAddRemoveTwoConsumersTwoTopics (remove two consumers)',
    partitionsPerTopic: { topic1: 3, topic2: 4 },
    subscriptions: { consumer3: t12, consumer4: t12 },
    owned: {
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic2-0', 'topic1-1'],
      consumer3: ['topic1-2', 'topic2-3'],
      consumer4: ['topic2-2'],
    },
    expected: {
      consumer3: ['topic1-2', 'topic2-3', 'topic1-0', 'topic2-1'],
      consumer4: ['topic2-2', 'topic1-1', 'topic2-0'],
    },
  },
  {
    name: 'testAllConsumersReachExpectedQuotaAndAreConsideredFilled',
    partitionsPerTopic: { topic: 4 },
    subscriptions: { consumer1: ['topic'], consumer2: ['topic'], consumer3: ['topic'] },
    owned: { consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] },
    expected: { consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'], consumer3: ['topic-3'] },
  },
  {
    name: 'testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration',
    partitionsPerTopic: { topic: 3 },
    subscriptions: { consumer1: ['topic'], consumer2: ['topic'], consumer3: ['topic'] },
    owned: { consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-0', 'topic-2'] },
    expected: { consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: ['topic-0'] },
  },
  {
    // testRackAwareAssignmentWithUniformSubscription without racks: the assignment, and the same assignment
    // again when every member owns its share.
    name: 'testRackAwareAssignmentWithUniformSubscription (no racks, owning the result)',
    partitionsPerTopic: { t1: 6, t2: 7, t3: 2 },
    subscriptions: {
      consumer0: ['t1', 't2', 't3'],
      consumer1: ['t1', 't2', 't3'],
      consumer2: ['t1', 't2', 't3'],
    },
    owned: {
      consumer0: ['t1-0', 't1-3', 't2-0', 't2-3', 't2-6'],
      consumer1: ['t1-1', 't1-4', 't2-1', 't2-4', 't3-0'],
      consumer2: ['t1-2', 't1-5', 't2-2', 't2-5', 't3-1'],
    },
    expected: {
      consumer0: ['t1-0', 't1-3', 't2-0', 't2-3', 't2-6'],
      consumer1: ['t1-1', 't1-4', 't2-1', 't2-4', 't3-0'],
      consumer2: ['t1-2', 't1-5', 't2-2', 't2-5', 't3-1'],
    },
  },
  {
    name: 'testRackAwareAssignmentWithNonEqualSubscription (no racks, owning the result)',
    partitionsPerTopic: { t1: 6, t2: 7, t3: 2 },
    subscriptions: { consumer0: ['t1', 't2', 't3'], consumer1: ['t1', 't2', 't3'], consumer2: ['t1', 't3'] },
    owned: {
      consumer0: ['t1-5', 't2-0', 't2-2', 't2-4', 't2-6'],
      consumer1: ['t1-3', 't2-1', 't2-3', 't2-5', 't3-0'],
      consumer2: ['t1-0', 't1-1', 't1-2', 't1-4', 't3-1'],
    },
    expected: {
      consumer0: ['t1-5', 't2-0', 't2-2', 't2-4', 't2-6'],
      consumer1: ['t1-3', 't2-1', 't2-3', 't2-5', 't3-0'],
      consumer2: ['t1-0', 't1-1', 't1-2', 't1-4', 't3-1'],
    },
  },
];

describe.each<AssignorName>(['sticky', 'cooperative-sticky'])(
  'Kafka AbstractStickyAssignorTest (%s)',
  (strategy) => {
    it.each(abstractCases.map((c) => [c.name, c] as const))('%s', (_, c) => {
      const group = members(c.subscriptions);
      const owned = table(c.owned);
      const result =
        strategy === 'sticky'
          ? assign('sticky', group, c.partitionsPerTopic, owned)
          : settleCooperative(group, c.partitionsPerTopic, owned);
      expect(sortedNames(result)).toEqual(sortedRows(c.expected));
    });
  },
);

describe('Kafka StickyAssignorTest', () => {
  it.each<[string, number, Record<string, string[]>]>([
    [
      'testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer',
      3,
      { consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: ['topic-0'] },
    ],
    [
      'testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer',
      4,
      { consumer1: ['topic-1', 'topic-3'], consumer2: ['topic-2'], consumer3: ['topic-0'] },
    ],
  ])('%s', (_, partitions, expected) => {
    const group = members({ consumer1: ['topic'], consumer2: ['topic'], consumer3: ['topic'] });
    const owned = table({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-0', 'topic-2'] });
    expect(sortedNames(assign('sticky', group, { topic: partitions }, owned))).toEqual(sortedRows(expected));
  });

  it('testRackAwareAssignmentWithNonEqualSubscription (StickyAssignor ignores owned partitions without userData)', () => {
    // StickyAssignor reads ownership from its userData only, which the rack helper leaves null, so Kafka
    // expects the fresh assignment; owning nothing gives it.
    const group = members({
      consumer0: ['t1', 't2', 't3'],
      consumer1: ['t1', 't2', 't3'],
      consumer2: ['t1', 't3'],
    });
    expect(sortedNames(assign('sticky', group, { t1: 6, t2: 7, t3: 2 }))).toEqual({
      consumer0: ['t1-5', 't2-0', 't2-2', 't2-4', 't2-6'],
      consumer1: ['t1-3', 't2-1', 't2-3', 't2-5', 't3-0'],
      consumer2: ['t1-0', 't1-1', 't1-2', 't1-4', 't3-1'],
    });
  });
});

describe('Kafka CooperativeStickyAssignorTest', () => {
  const group = members({ consumer1: ['topic'], consumer2: ['topic'], consumer3: ['topic'] });
  const owned = table({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-0', 'topic-2'] });

  it('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer', () => {
    // topic-0 counts as owned by both claimants, so it cannot move to consumer3 until they revoke it.
    expect(sortedNames(assign('cooperative-sticky', group, { topic: 3 }, owned))).toEqual({
      consumer1: ['topic-1'],
      consumer2: ['topic-2'],
      consumer3: [],
    });
  });

  it('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', () => {
    expect(sortedNames(assign('cooperative-sticky', group, { topic: 4 }, owned))).toEqual({
      consumer1: ['topic-1', 'topic-3'],
      consumer2: ['topic-2'],
      consumer3: [],
    });
  });

  it('testAssignorWithOldVersionSubscriptions', () => {
    const result = assign(
      'cooperative-sticky',
      members({ consumer1: ['topic1'], consumer2: ['topic1'], consumer3: ['topic1'] }),
      { topic1: 3 },
      table({ consumer1: ['topic1-0'], consumer2: ['topic1-1'] }),
    );
    expect(sortedNames(result)).toEqual({
      consumer1: ['topic1-0'],
      consumer2: ['topic1-1'],
      consumer3: ['topic1-2'],
    });
  });

  it('testRackAwareAssignmentWithNonEqualSubscription (no racks, from owned partitions, two rounds)', () => {
    // Owned: consumer2 subscribes only t1 and t3, so it must give up t2-4..t2-6 (revocation required).
    const mixed = members({
      consumer0: ['t1', 't2', 't3'],
      consumer1: ['t1', 't2', 't3'],
      consumer2: ['t1', 't3'],
    });
    const counts = { t1: 6, t2: 7, t3: 2 };
    const intermediate = assign(
      'cooperative-sticky',
      mixed,
      counts,
      table({
        consumer0: ['t1-0', 't1-1', 't1-2', 't1-3', 't1-4'],
        consumer1: ['t1-5', 't2-0', 't2-1', 't2-2', 't2-3'],
        consumer2: ['t2-4', 't2-5', 't2-6', 't3-0', 't3-1'],
      }),
    );
    expect(sortedNames(intermediate)).toEqual({
      consumer0: ['t1-2', 't1-3', 't1-4'],
      consumer1: ['t2-0', 't2-1', 't2-2', 't2-3'],
      consumer2: ['t3-0', 't3-1'],
    });
    expect(sortedNames(assign('cooperative-sticky', mixed, counts, intermediate))).toEqual({
      consumer0: ['t1-2', 't1-3', 't1-4', 't2-4', 't2-5'],
      consumer1: ['t2-0', 't2-1', 't2-2', 't2-3', 't2-6'],
      consumer2: ['t1-0', 't1-1', 't1-5', 't3-0', 't3-1'],
    });
  });
});
