// The flow diagram's view model: what to draw at one simulation instant, derived purely
// from a frame (snapshot, metrics, recent activity) and the viewer's options. No DOM, no
// geometry: the layout places it, the layers draw it. Every key that names a partition or a
// record includes its topic (`orders/3`, `orders/3/120`), so two topics never collide.
//
// The frame and selection types are declared here, structurally: the store's Frame and
// Selection satisfy them, and viz never imports the store.

import type {
  BrokerSnapshot,
  GroupMetrics,
  GroupSnapshot,
  MemberSnapshot,
  PartitionSnapshot,
  ProducerSnapshot,
  Snapshot,
} from '../engine';
import { groupColor } from './palette';
import { buildQueueSection, type QueueSectionModel } from './queueModel';

/** What the viewer can pick in the diagram (the store's Selection has the same shape). */
export type FlowPick =
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'member'; memberId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'message'; topic: string; partition: number; offset: number }
  /** A queue of the queue half (a DLQ is a queue too), and a consumer of a queue. */
  | { kind: 'queue'; queue: string }
  | { kind: 'queue-consumer'; queue: string; consumerId: string };

/**
 * What can be acted on in the diagram (a menu opens at it): a pick, a producer, the DLQ, and
 * the queue half's queues (a DLQ is a queue too), exchanges and queue consumers.
 */
export type FlowTarget =
  | FlowPick
  | { kind: 'producer'; producerId: string }
  | { kind: 'dlq' }
  | { kind: 'exchange'; exchange: string };

/** Recent records, for moving dots: produced (→ partition), processed (→ sink), failed. */
export interface FlowActivity {
  produced: readonly { partition: number; offset: number; atMs: number; producerId: string }[];
  processed: readonly {
    groupId: string;
    memberId: string;
    partition: number;
    offset: number;
    atMs: number;
    appliedCount: number;
    isDeduplicated: boolean;
  }[];
  failed: readonly {
    groupId: string;
    memberId: string;
    partition: number;
    messageId: number;
    atMs: number;
    attempt: number;
    willRetry: boolean;
  }[];
  /** True when more records arrived than are kept as dots: draw rate bands instead. */
  isAggregated: boolean;
  /** Records per second per partition, in snapshot order. */
  producedPerPartitionPerSec: readonly number[];
}

export interface FlowFrame {
  nowMs: number;
  snapshot: Snapshot;
  metrics: { groups: Record<string, GroupMetrics> };
  activity: FlowActivity;
}

/**
 * What a lesson asks the viewer to look at: partitions by number (in every topic), members,
 * groups, and named parts of the diagram (`producer`, `sink`, `dlq`, …). Lit, not selected.
 */
export interface FlowHighlight {
  partitions: readonly number[];
  members: readonly string[];
  groups: readonly string[];
  parts: readonly string[];
}

export interface FlowOptions {
  width: number;
  height: number;
  selection: FlowPick | null;
  highlight?: FlowHighlight | null;
  /** prefers-reduced-motion: UI transitions (an edge moving to its new owner) are skipped. */
  isReducedMotion?: boolean;
  /**
   * True while playing: in the dense view, strip and member labels then refresh twice a
   * second (their numbers change faster than anyone reads). Paused or seeking, every frame
   * is drawn exactly.
   */
  isLive?: boolean;
  /** Phones: the vertical layout at the container's width, as tall as it needs. */
  isVertical?: boolean;
  /**
   * True in a frame that already carries the panels' refresh (a few times a second): the
   * dense view's own refresh, if due, waits for the next frame, so the two never add up.
   */
  isBusyFrame?: boolean;
}

/** An assignment edge: partition → member. One per group and partition, moving with its owner. */
export interface EdgeModel {
  key: string;
  groupId: string;
  /** Key of the strip it starts at (`topic/partition`). */
  stripKey: string;
  memberId: string;
  /** A claim the coordinator no longer backs (revoked, or a crashed/zombie member's). */
  isClaimOnly: boolean;
}

export interface FlowModel {
  nowMs: number;
  selection: FlowPick | null;
  highlight: FlowHighlight | null;
  isReducedMotion: boolean;
  isLive: boolean;
  /** More than 16 partitions: thin rows, lag bands instead of cells and flags. */
  isDense: boolean;
  /** Rate bands instead of dots (dense, or more records than the frame keeps as dots). */
  isBands: boolean;
  partitions: readonly PartitionSnapshot[];
  partitionByKey: ReadonlyMap<string, PartitionSnapshot>;
  groups: readonly GroupSnapshot[];
  /** Groups in order, with the members the diagram shows (those that have not left). */
  lanes: readonly { group: GroupSnapshot; members: readonly MemberSnapshot[] }[];
  metrics: Readonly<Record<string, GroupMetrics>>;
  producers: readonly ProducerSnapshot[];
  edges: readonly EdgeModel[];
  deadLetters: { depth: number; parked: number; hasDlq: boolean; title: string };
  retryTopics: readonly { key: string; name: string; depth: number }[];
  activity: FlowActivity;
  /** Brokers, only when the scenario has more than one (the broker layer draws nothing otherwise). */
  brokers: readonly BrokerSnapshot[] | null;
  /** Some partition is written by transactions: the strips show its LSO, open and aborted records. */
  hasTransactions: boolean;
  /** SQS and RabbitMQ queues, exchanges and their producers and consumers (null without queues). */
  queueSection: QueueSectionModel | null;
  colorOf(groupId: string): string;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

export const isSamePick = (a: FlowPick | null, b: FlowPick): boolean =>
  a !== null && JSON.stringify(a) === JSON.stringify(b);

/** The largest lag any group has on a partition (0 when unknown). */
export function maxLag(p: PartitionSnapshot | undefined, groups: readonly GroupSnapshot[]): number {
  return p ? Math.max(0, ...groups.map((g) => p.lag[g.groupId] ?? 0)) : 0;
}

export function buildFlowModel(frame: FlowFrame, options: Omit<FlowOptions, 'width' | 'height'>): FlowModel {
  const snap = frame.snapshot;
  // Queue consumer groups the snapshot does not list as groups get the next colours.
  const groupIds = [
    ...new Set([
      ...snap.groups.map((g) => g.groupId),
      ...(snap.queues ?? []).flatMap((q) => q.consumers.map((c) => c.groupId)),
    ]),
  ];
  const partitionByKey = new Map(snap.partitions.map((p) => [partitionKey(p.topic, p.partition), p]));
  const isDense = snap.partitions.length > 16;
  const edges: EdgeModel[] = [];
  for (const g of snap.groups) {
    const ownerOf = (partition: number) =>
      partitionByKey.get(partitionKey(g.topic, partition))?.owner[g.groupId] ?? null;
    for (const m of g.members) {
      if (m.state === 'Left') continue;
      const add = (partition: number, isClaimOnly: boolean, suffix = '') => {
        const stripKey = partitionKey(g.topic, partition);
        if (!partitionByKey.has(stripKey)) return;
        edges.push({
          // One assignment edge per group and partition: when the owner changes, the same
          // edge moves to the new owner. Revoked (dashed) edges belong to their member.
          key: suffix
            ? `${g.groupId}/${stripKey}${suffix}`
            : isClaimOnly
              ? `${g.groupId}/${stripKey}/claim/${m.memberId}`
              : `${g.groupId}/${stripKey}`,
          groupId: g.groupId,
          stripKey,
          memberId: m.memberId,
          isClaimOnly,
        });
      };
      if (g.type === 'share') {
        // A share group: every live consumer reads every partition, so each has its own edge.
        for (const tp of m.assigned) add(tp.partition, m.state === 'Crashed', `/share/${m.memberId}`);
        continue;
      }
      // Solid: the owner the coordinator knows. Dashed: a claim it no longer backs (revoked,
      // or a crashed or zombie member that has not learned it was removed).
      for (const tp of m.assigned) add(tp.partition, ownerOf(tp.partition) !== m.memberId);
      for (const tp of m.revoked) add(tp.partition, true);
    }
  }
  const depth = snap.deadLetters.filter((d) => !d.isParked).length;
  // Producers and groups of the queue half are drawn by the queue layer, not in the stream's
  // producer column and lanes.
  const queueSection = buildQueueSection(snap);
  // A queue consumer group is one a queue lists among its consumers (or one reading a name
  // that is a queue and no Kafka topic: a topic and a queue may share a name).
  const topics = new Set(snap.topics.map((t) => t.name));
  const queueGroupIds = new Set(queueSection?.rows.flatMap((r) => r.consumers.map((c) => c.groupId)) ?? []);
  const queueNames = new Set(queueSection?.rows.map((r) => r.name) ?? []);
  const lanes = snap.groups.filter(
    (g) => !queueGroupIds.has(g.groupId) && !(queueNames.has(g.topic) && !topics.has(g.topic)),
  );
  const queueProducers = new Set(queueSection?.producers ?? []);
  return {
    nowMs: frame.nowMs,
    selection: options.selection,
    highlight: options.highlight ?? null,
    isReducedMotion: options.isReducedMotion === true,
    isLive: options.isLive === true,
    isDense,
    isBands: isDense || frame.activity.isAggregated,
    partitions: snap.partitions,
    partitionByKey,
    groups: snap.groups,
    lanes: lanes.map((group) => ({ group, members: group.members.filter((m) => m.state !== 'Left') })),
    metrics: frame.metrics.groups,
    producers: queueSection ? snap.producers.filter((p) => !queueProducers.has(p)) : snap.producers,
    edges,
    deadLetters: {
      depth,
      parked: snap.deadLetters.length - depth,
      hasDlq: snap.groups.some((g) => g.deadLetterTopic !== null) || snap.deadLetters.length > 0,
      title: snap.groups.find((g) => g.deadLetterTopic)?.deadLetterTopic ?? 'dead letters',
    },
    retryTopics: snap.groups.flatMap((g) =>
      g.retryTopics.map((t) => ({ key: `${g.groupId}/${t.name}`, name: t.name, depth: t.depth })),
    ),
    activity: frame.activity,
    brokers: snap.brokers && snap.brokers.length > 1 ? snap.brokers : null,
    hasTransactions: snap.partitions.some((p) => p.lastStableOffset !== undefined),
    queueSection,
    colorOf: (id) => groupColor(groupIds, id),
  };
}
