/**
 * Mirrors Kafka's AbstractStickyAssignor, shared by StickyAssignor and CooperativeStickyAssignor: balance
 * first, then keep previous ownership. Identical subscriptions follow ConstrainedAssignmentBuilder (quota
 * path); mixed ones follow GeneralAssignmentBuilder (give each free partition to the least-loaded
 * subscriber, then move partitions until no member could take one from a member with 2+ more).
 */
import { type Assignment, compareStrings, keyOf, type TopicPartition } from './assignment';
import { javaHashMapOrder } from './javaHashMapOrder';

export interface StickyMember {
  memberId: string;
  topics: ReadonlySet<string>;
}

/** Kafka sorts owned partitions by (partition, topic) so that kept ones spread across topics. */
function comparePartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return a.partition - b.partition || compareStrings(a.topic, b.topic);
}

function partitionsOf(
  topics: readonly string[],
  partitionCounts: ReadonlyMap<string, number>,
): TopicPartition[] {
  const all: TopicPartition[] = [];
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < count; partition++) all.push({ topic, partition });
  }
  return all;
}

/**
 * Each member's claim on its previous partitions, as allSubscriptionsEqual / assignOwnedPartitions filter
 * them: the partition must still exist, the member must still subscribe to its topic, and a partition
 * claimed by two members is invalidated for both. Generations are not modelled: every claim is current.
 */
function validOwnedPartitions(
  members: readonly StickyMember[],
  partitionCounts: ReadonlyMap<string, number>,
  previous: Assignment,
): { owned: Map<string, TopicPartition[]>; isRevocationRequired: boolean } {
  const claimants = new Map<string, string[]>();
  const claims = new Map<string, TopicPartition[]>();
  for (const { memberId } of members) {
    const mine: TopicPartition[] = [];
    const seen = new Set<string>();
    for (const tp of Object.hasOwn(previous, memberId) ? previous[memberId] : []) {
      const count = partitionCounts.get(tp.topic);
      const key = keyOf(tp);
      if (count === undefined || !Number.isInteger(tp.partition) || tp.partition < 0) continue;
      if (tp.partition >= count || seen.has(key)) continue;
      seen.add(key);
      mine.push({ topic: tp.topic, partition: tp.partition });
      claimants.set(key, [...(claimants.get(key) ?? []), memberId]);
    }
    claims.set(memberId, mine);
  }
  let isRevocationRequired = false;
  const owned = new Map<string, TopicPartition[]>();
  for (const { memberId, topics } of members) {
    const kept = claims.get(memberId)!.filter((tp) => {
      if (claimants.get(keyOf(tp))!.length > 1) return false;
      if (topics.has(tp.topic)) return true;
      isRevocationRequired = true;
      return false;
    });
    owned.set(memberId, kept);
  }
  return { owned, isRevocationRequired };
}

/**
 * ConstrainedAssignmentBuilder: every member keeps up to its quota of owned partitions (maxQuota for the
 * first `P % C` members that own that many, minQuota otherwise), then the rest go round-robin to the
 * unfilled members in member.id order. Which members keep maxQuota depends on the order Kafka walks its
 * `consumerToOwnedPartitions` HashMap; we walk it in Java's order for keys put in member.id order.
 */
function constrainedAssign(
  members: readonly StickyMember[],
  partitionCounts: ReadonlyMap<string, number>,
  owned: ReadonlyMap<string, TopicPartition[]>,
): Map<string, TopicPartition[]> {
  const topics = [...partitionCounts.keys()].sort(compareStrings);
  const allPartitions = partitionsOf(topics, partitionCounts);
  const total = allPartitions.length;
  const minQuota = Math.floor(total / members.length);
  const maxQuota = Math.ceil(total / members.length);
  const expectedNumMembersWithOverMinQuota = total % members.length;
  let currentNumMembersWithOverMinQuota = 0;

  const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
  const assignedKeys = new Set<string>();
  let underMinQuota: string[] = [];
  let exactlyMinQuota: string[] = [];

  for (const memberId of javaHashMapOrder(members.map((m) => m.memberId))) {
    const mine = [...owned.get(memberId)!].sort(comparePartitionThenTopic);
    let keep: number;
    if (mine.length < minQuota) {
      keep = mine.length;
      underMinQuota.push(memberId);
    } else if (
      mine.length >= maxQuota &&
      currentNumMembersWithOverMinQuota < expectedNumMembersWithOverMinQuota
    ) {
      keep = maxQuota;
      currentNumMembersWithOverMinQuota++;
      if (currentNumMembersWithOverMinQuota === expectedNumMembersWithOverMinQuota) exactlyMinQuota = [];
    } else {
      keep = minQuota;
      if (currentNumMembersWithOverMinQuota < expectedNumMembersWithOverMinQuota)
        exactlyMinQuota.push(memberId);
    }
    for (const tp of mine.slice(0, keep)) {
      assignment.get(memberId)!.push(tp);
      assignedKeys.add(keyOf(tp));
    }
  }

  underMinQuota = underMinQuota.sort(compareStrings);
  exactlyMinQuota = exactlyMinQuota.sort(compareStrings);
  // `next` plays Java's LinkedList iterator over underMinQuota, which allows removal while iterating.
  let next = 0;
  for (const tp of allPartitions) {
    if (assignedKeys.has(keyOf(tp))) continue;
    let consumer: string;
    let isFromUnderMinQuota = true;
    if (next < underMinQuota.length) {
      consumer = underMinQuota[next++];
    } else if (underMinQuota.length > 0) {
      next = 0;
      consumer = underMinQuota[next++];
    } else if (exactlyMinQuota.length > 0) {
      consumer = exactlyMinQuota.shift()!;
      isFromUnderMinQuota = false;
    } else {
      throw new Error('sticky assignor: no more unfilled consumers to be assigned');
    }
    const consumerAssignment = assignment.get(consumer)!;
    consumerAssignment.push(tp);
    if (consumerAssignment.length === minQuota && isFromUnderMinQuota) {
      underMinQuota.splice(--next, 1);
      exactlyMinQuota.push(consumer);
    } else if (consumerAssignment.length === maxQuota) {
      currentNumMembersWithOverMinQuota++;
    }
  }
  return assignment;
}

/**
 * GeneralAssignmentBuilder without racks. Left out: the generation-based `prevAssignment` hint, the
 * PartitionMovements swap that undoes chains of moves, and the balance-score revert (which cannot fire
 * without racks, since every move here strictly improves the score).
 */
function generalAssign(
  members: readonly StickyMember[],
  partitionCounts: ReadonlyMap<string, number>,
  owned: ReadonlyMap<string, TopicPartition[]>,
  isRevocationRequired: boolean,
): Map<string, TopicPartition[]> {
  const potentialConsumers = new Map<string, string[]>();
  for (const topic of partitionCounts.keys()) {
    potentialConsumers.set(
      topic,
      members.filter((m) => m.topics.has(topic)).map((m) => m.memberId),
    );
  }
  const maxAssignable = new Map(
    members.map((m) => [m.memberId, [...m.topics].reduce((n, t) => n + (partitionCounts.get(t) ?? 0), 0)]),
  );
  // TopicComparator: topics with fewer potential consumers first, then by name.
  const sortedTopics = [...partitionCounts.keys()].sort(
    (a, b) => potentialConsumers.get(a)!.length - potentialConsumers.get(b)!.length || compareStrings(a, b),
  );
  const sortedAllPartitions = partitionsOf(sortedTopics, partitionCounts);

  const current = new Map<string, TopicPartition[]>();
  const ownerOf = new Map<string, string>();
  for (const { memberId } of members) {
    current.set(memberId, [...owned.get(memberId)!]);
    for (const tp of owned.get(memberId)!) ownerOf.set(keyOf(tp), memberId);
  }
  const countOf = (memberId: string) => current.get(memberId)!.length;

  // The first member in SubscriptionComparator order (fewest partitions, then member.id) that subscribes;
  // potential consumers are listed in member.id order, so the first with the fewest wins ties.
  const leastLoadedSubscriber = (topic: string): string => {
    let best: string | undefined;
    for (const candidate of potentialConsumers.get(topic)!) {
      if (best === undefined || countOf(candidate) < countOf(best)) best = candidate;
    }
    return best!;
  };
  const move = (tp: TopicPartition, to: string) => {
    const key = keyOf(tp);
    const from = ownerOf.get(key);
    if (from !== undefined) {
      current.set(
        from,
        current.get(from)!.filter((p) => keyOf(p) !== key),
      );
    }
    current.get(to)!.push(tp);
    ownerOf.set(key, to);
  };

  const isBalanced = (): boolean => {
    const counts = members.map((m) => countOf(m.memberId));
    if (Math.min(...counts) >= Math.max(...counts) - 1) return true;
    for (const { memberId, topics } of members) {
      const count = countOf(memberId);
      if (count === maxAssignable.get(memberId)) continue;
      for (const topic of topics) {
        for (const tp of partitionsOf([topic], partitionCounts)) {
          const owner = ownerOf.get(keyOf(tp))!;
          if (owner !== memberId && count + 1 < countOf(owner)) return false;
        }
      }
    }
    return true;
  };

  const performReassignments = (reassignable: readonly TopicPartition[]) => {
    let isModified: boolean;
    do {
      isModified = false;
      for (const tp of reassignable) {
        if (isBalanced()) break;
        const ownerCount = countOf(ownerOf.get(keyOf(tp))!);
        if (potentialConsumers.get(tp.topic)!.some((other) => ownerCount > countOf(other) + 1)) {
          move(tp, leastLoadedSubscriber(tp.topic));
          isModified = true;
        }
      }
    } while (isModified);
  };

  const unassigned = sortedAllPartitions.filter((tp) => !ownerOf.has(keyOf(tp)));
  for (const tp of unassigned) move(tp, leastLoadedSubscriber(tp.topic));
  // Without subscription-driven revocations, first try to balance by moving only the new partitions.
  if (!isRevocationRequired) performReassignments(unassigned);
  performReassignments(sortedAllPartitions);
  return current;
}

/**
 * The eager sticky target. `partitionCounts` holds only topics someone subscribes to; members are unique.
 * Topics with no metadata are skipped, as AbstractPartitionAssignor does.
 */
export function stickyAssign(
  members: readonly StickyMember[],
  partitionCounts: ReadonlyMap<string, number>,
  previous: Assignment,
): Map<string, TopicPartition[]> {
  if (members.length === 0) return new Map();
  const sorted = [...members].sort((a, b) => compareStrings(a.memberId, b.memberId));
  const known = sorted.map((m) => ({
    memberId: m.memberId,
    topics: new Set([...m.topics].filter((t) => partitionCounts.has(t))),
  }));
  const { owned, isRevocationRequired } = validOwnedPartitions(known, partitionCounts, previous);
  const first = sorted[0].topics;
  const isAllSubscriptionsEqual = sorted.every(
    (m) => m.topics.size === first.size && [...m.topics].every((t) => first.has(t)),
  );
  return isAllSubscriptionsEqual
    ? constrainedAssign(known, partitionCounts, owned)
    : generalAssign(known, partitionCounts, owned, isRevocationRequired);
}
