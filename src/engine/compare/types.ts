// The broker comparison's public shapes (metrics().comparison). Kept apart from the code that
// fills them so that types.ts can name them without importing the scenario modules.

import type { QueueType } from '../queues/types';

/** One crash of a consumer, and when what it held was delivered again. */
export interface CrashRedelivery {
  groupId: string;
  memberId: string;
  crashedAtMs: number;
  /** Messages (records) the consumer held, undeleted / unacked / uncommitted, when it crashed. */
  heldCount: number;
  /** When the first of them was delivered again, to any consumer; null while none has been. */
  firstRedeliveryAtMs: number | null;
}

export type ComparedSystem = 'kafka-consumer-group' | 'kafka-share-group' | QueueType;
export type OrderGuarantee = 'per key' | 'per group' | 'per queue' | 'none';

/** One system (one consumer group) in the comparison. Numbers are measured; `…Rule` says why. */
export interface BrokerComparisonRow {
  groupId: string;
  system: ComparedSystem;
  label: string;
  /** The topic or queue the group reads. */
  source: string;
  /** The order the system promises, and what the sink measured (first applications behind a later one of the same key). */
  order: OrderGuarantee;
  outOfOrder: number;
  orderRule: string;
  /** Can a reader go back and read consumed messages again? With how many still kept. */
  isReplayable: boolean;
  retained: number;
  replayRule: string;
  /** Independent readers one message reaches in this scenario, and how more are added. */
  fanOut: number;
  fanOutRule: string;
  applied: number;
  duplicates: number;
  lost: number;
  /** The first crash of one of the group's consumers: held messages and when they went out again. */
  crash: CrashRedelivery | null;
  /** Crash → first redelivery of a message it held, ms; null before a crash or while none came back. */
  redeliveryDelayMs: number | null;
  redeliveryRule: string;
  /** Messages dead-lettered (share groups: archived), where they went, and the rule that sent them. */
  deadLettered: number;
  deadLetterTarget: string | null;
  deadLetterRule: string;
}
