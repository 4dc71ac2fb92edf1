// The vocabulary the assignors share: topic-partitions, members, assignments and Java's
// orderings. Its own module so assignors.ts and stickyAssignor.ts both import it and
// neither imports the other's caller.

export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface AssignorMember {
  memberId: string;
  topics: string[];
  groupInstanceId?: string;
}

/** memberId → the partitions assigned to (or, as `previous`, owned by) that member. */
export type Assignment = Record<string, TopicPartition[]>;

/** Java's String.compareTo: UTF-16 code units, not locale order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

export function keyOf(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
