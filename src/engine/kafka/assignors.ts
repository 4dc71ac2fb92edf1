/**
 * Kafka's consumer-group partition assignors (`partition.assignment.strategy`). Range and RoundRobin mirror
 * RangeAssignor and RoundRobinAssignor, with members ordered as MemberInfo.compareTo does: static members
 * (group.instance.id) first by instance id, then dynamic members by member.id. Sticky and cooperative-sticky
 * mirror AbstractStickyAssignor and CooperativeStickyAssignor (see stickyAssignor.ts). No racks.
 */
import {
  type Assignment,
  type AssignorMember,
  type AssignorName,
  compareStrings,
  compareTopicPartitions,
  keyOf,
  type TopicPartition,
} from './assignment';
import { type StickyMember, stickyAssign } from './stickyAssignor';

export type { Assignment, AssignorMember, AssignorName, TopicPartition };

export const ASSIGNOR_NAMES: readonly AssignorName[] = [
  'range',
  'roundrobin',
  'sticky',
  'cooperative-sticky',
];

export { compareTopicPartitions };

/** MemberInfo.compareTo: static members first (by group.instance.id), then dynamic ones by member.id. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  const aStatic = a.groupInstanceId !== undefined;
  const bStatic = b.groupInstanceId !== undefined;
  if (aStatic && bStatic) {
    return compareStrings(a.groupInstanceId!, b.groupInstanceId!) || compareStrings(a.memberId, b.memberId);
  }
  if (aStatic !== bStatic) return aStatic ? -1 : 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Only the cooperative protocol lets members keep their partitions while a rebalance runs. */
export function isCooperative(strategy: AssignorName): boolean {
  return strategy === 'cooperative-sticky';
}

function validate(
  strategy: AssignorName,
  members: AssignorMember[],
  partitionsPerTopic: Record<string, number>,
) {
  if (!ASSIGNOR_NAMES.includes(strategy)) {
    throw new Error(`Unknown assignor strategy "${strategy}"; expected one of ${ASSIGNOR_NAMES.join(', ')}`);
  }
  const memberIds = new Set<string>();
  const instanceIds = new Set<string>();
  for (const member of members) {
    if (memberIds.has(member.memberId)) throw new Error(`Duplicate memberId "${member.memberId}"`);
    memberIds.add(member.memberId);
    if (member.groupInstanceId !== undefined) {
      // The coordinator fences the older of two members sharing a group.instance.id, so both never assign.
      if (instanceIds.has(member.groupInstanceId)) {
        throw new Error(`Duplicate groupInstanceId "${member.groupInstanceId}"`);
      }
      instanceIds.add(member.groupInstanceId);
    }
  }
  for (const [topic, count] of Object.entries(partitionsPerTopic)) {
    if (!Number.isInteger(count) || count < 0) {
      throw new Error(`Partition count for topic "${topic}" must be a non-negative integer, got ${count}`);
    }
  }
}

/**
 * AbstractPartitionAssignor only passes topics that someone subscribes to and that have metadata;
 * subscribed topics missing from `partitionsPerTopic` are skipped, as Kafka skips them.
 */
function subscribedPartitionCounts(
  members: readonly AssignorMember[],
  partitionsPerTopic: Record<string, number>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const member of members) {
    for (const topic of member.topics) {
      if (Object.hasOwn(partitionsPerTopic, topic)) counts.set(topic, partitionsPerTopic[topic]);
    }
  }
  return counts;
}

function emptyAssignment(members: readonly AssignorMember[]): Map<string, TopicPartition[]> {
  return new Map(members.map((m) => [m.memberId, []]));
}

/** RangeAssignor: per topic, the first `P % C` subscribers get one extra partition; ranges are consecutive. */
function rangeAssign(ordered: readonly AssignorMember[], counts: ReadonlyMap<string, number>) {
  const assignment = emptyAssignment(ordered);
  for (const [topic, numPartitions] of counts) {
    const consumers = ordered.filter((m) => m.topics.includes(topic));
    const perConsumer = Math.floor(numPartitions / consumers.length);
    const withExtra = numPartitions % consumers.length;
    consumers.forEach((consumer, i) => {
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i < withExtra ? 1 : 0);
      for (let partition = start; partition < start + length; partition++) {
        assignment.get(consumer.memberId)!.push({ topic, partition });
      }
    });
  }
  return assignment;
}

/**
 * RoundRobinAssignor: all partitions in (topic, partition) order, dealt by a circular iterator over the
 * ordered members that skips members not subscribed to the partition's topic.
 */
function roundRobinAssign(ordered: readonly AssignorMember[], counts: ReadonlyMap<string, number>) {
  const assignment = emptyAssignment(ordered);
  const subscriptions = ordered.map((m) => new Set(m.topics));
  let cursor = 0;
  for (const topic of [...counts.keys()].sort(compareStrings)) {
    for (let partition = 0; partition < counts.get(topic)!; partition++) {
      while (!subscriptions[cursor % ordered.length].has(topic)) cursor++;
      assignment.get(ordered[cursor % ordered.length].memberId)!.push({ topic, partition });
      cursor++;
    }
  }
  return assignment;
}

function asSorted(partitions: readonly TopicPartition[]): TopicPartition[] {
  return partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition })).sort(compareTopicPartitions);
}

/**
 * CooperativeStickyAssignor.computePartitionsTransferringOwnership: partitions that a current member
 * owned and loses in `next` while another member gains them. Members absent from `next` have left the
 * group, so their partitions are free at once.
 */
export function partitionsTransferring(previous: Assignment, next: Assignment): TopicPartition[] {
  const added = new Map<string, TopicPartition>();
  const revoked = new Set<string>();
  for (const [memberId, assigned] of Object.entries(next)) {
    const owned = Object.hasOwn(previous, memberId) ? previous[memberId] : [];
    const ownedKeys = new Set(owned.map(keyOf));
    const assignedKeys = new Set(assigned.map(keyOf));
    for (const tp of assigned) if (!ownedKeys.has(keyOf(tp))) added.set(keyOf(tp), tp);
    for (const tp of owned) if (!assignedKeys.has(keyOf(tp))) revoked.add(keyOf(tp));
  }
  return asSorted([...added].filter(([key]) => revoked.has(key)).map(([, tp]) => tp));
}

/**
 * Assign the partitions of the subscribed topics to the members. `previous` is what each member owned
 * before this rebalance (its ownedPartitions); only the sticky assignors read it. Every member appears in
 * the result, and each member's partitions are sorted by (topic, partition).
 */
export function assign(
  strategy: AssignorName,
  members: AssignorMember[],
  partitionsPerTopic: Record<string, number>,
  previous: Assignment = {},
): Assignment {
  validate(strategy, members, partitionsPerTopic);
  const ordered = [...members].sort(compareMembers);
  const counts = subscribedPartitionCounts(ordered, partitionsPerTopic);
  const sticky: StickyMember[] = ordered.map((m) => ({ memberId: m.memberId, topics: new Set(m.topics) }));

  let result: Map<string, TopicPartition[]>;
  if (strategy === 'range') result = rangeAssign(ordered, counts);
  else if (strategy === 'roundrobin') result = roundRobinAssign(ordered, counts);
  else result = stickyAssign(sticky, counts, previous);

  const assignment: Assignment = {};
  for (const { memberId } of ordered) assignment[memberId] = asSorted(result.get(memberId)!);
  if (strategy !== 'cooperative-sticky') return assignment;

  // adjustAssignment: a partition changing owner is only revoked this round; the old owner gives it up,
  // rejoins, and the follow-up rebalance hands it to the new owner.
  const transferring = new Set(partitionsTransferring(previous, assignment).map(keyOf));
  for (const { memberId } of ordered) {
    assignment[memberId] = assignment[memberId].filter((tp) => !transferring.has(keyOf(tp)));
  }
  return assignment;
}
