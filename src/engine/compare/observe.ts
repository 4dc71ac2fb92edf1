// What the broker comparison needs from the event stream that no snapshot keeps: for each
// crashed consumer, what it held when it died and when the first of those messages went out
// again. A pure fold over events (`observeComparison`), so a recorded trace and the live
// engine give the same figures. Plain data (Maps included): checkpoints clone it with the world.
//
// "Held" follows each system's rule: an SQS message received and not deleted, a RabbitMQ
// message delivered and not acked, a share-group record Acquired and not acknowledged, and for
// a Kafka consumer group the records it fetched past the group's committed offset.

import type { EngineConfig } from '../scenario/config';
import type { SimEvent, SimEventType } from '../types';
import type { CrashRedelivery } from './types';

export type { CrashRedelivery } from './types';

interface KafkaPartitions {
  /** Per partition: the last offset fetched (inclusive), by whom, and the committed offset. */
  fetchedTo: Record<number, number>;
  fetcher: Record<number, string>;
  committed: Record<number, number>;
}

export interface ComparisonObservations {
  /** Share groups by id (their crashes arrive as member-state events, like Kafka's). */
  shareGroups: string[];
  /** Groups reading each queue (a queue consumer's group when no event named it yet). */
  groupsByQueue: Record<string, string[]>;
  /** Consumer → group and consumer → source (a queue name, or `share:<groupId>`). */
  groupOf: Record<string, string>;
  sourceOf: Record<string, string>;
  /** Per source, who holds each message now (removed when its holder settles it). */
  holder: Record<string, Map<number, string>>;
  heldCount: Record<string, number>;
  /** Per former holder, the last time one of its messages went out to a consumer again. */
  lastRedeliveryFrom: Record<string, { atMs: number; count: number }>;
  kafka: Record<string, KafkaPartitions>;
  /** Kafka crashes still waiting for a re-fetch: partition → the last offset the member held. */
  pendingKafka: { crash: number; groupId: string; partitions: Record<number, number> }[];
  crashes: CrashRedelivery[];
}

/** The event types the fold reads (the engine builds them only when someone wants them). */
export const COMPARISON_EVENTS: readonly SimEventType[] = [
  'fault',
  'member-state',
  'fetched',
  'committed',
  'acquired',
  'acknowledged',
  'queue-received',
  'queue-settled',
  'queue-dead-lettered',
  'queue-dropped',
  'queue-moved',
  'queue-processed',
];

export function createComparisonObservations(
  config: Pick<EngineConfig, 'groups' | 'queueGroups'>,
): ComparisonObservations {
  const groupsByQueue: Record<string, string[]> = {};
  for (const g of config.queueGroups) {
    groupsByQueue[g.queue] ??= [];
    groupsByQueue[g.queue].push(g.groupId);
  }
  return {
    shareGroups: config.groups.filter((g) => g.share !== undefined).map((g) => g.groupId),
    groupsByQueue,
    groupOf: {},
    sourceOf: {},
    holder: {},
    heldCount: {},
    lastRedeliveryFrom: {},
    kafka: {},
    pendingKafka: [],
    crashes: [],
  };
}

function take(o: ComparisonObservations, source: string, messageId: number, to: string, atMs: number): void {
  let held = o.holder[source];
  if (!held) {
    held = new Map();
    o.holder[source] = held;
  }
  const from = held.get(messageId);
  if (from !== undefined) {
    // Delivered again while its last holder never settled it: a redelivery out of `from`'s hands.
    o.heldCount[from] -= 1;
    const last = o.lastRedeliveryFrom[from];
    o.lastRedeliveryFrom[from] =
      last && last.atMs === atMs ? { atMs, count: last.count + 1 } : { atMs, count: 1 };
    for (const c of o.crashes)
      if (c.memberId === from && c.firstRedeliveryAtMs === null && c.crashedAtMs <= atMs)
        c.firstRedeliveryAtMs = atMs;
  }
  held.set(messageId, to);
  o.heldCount[to] = (o.heldCount[to] ?? 0) + 1;
  o.sourceOf[to] = source;
}

function release(o: ComparisonObservations, source: string, messageId: number, by: string | null): void {
  const held = o.holder[source];
  const holder = held?.get(messageId);
  if (holder === undefined || (by !== null && holder !== by)) return;
  held!.delete(messageId);
  o.heldCount[holder] -= 1;
}

/** A queue or share consumer crashed at `atMs`: what it holds now, plus what already went out at this instant. */
function crashHolder(o: ComparisonObservations, groupId: string, memberId: string, atMs: number): void {
  const same = o.lastRedeliveryFrom[memberId];
  const sameInstant = same && same.atMs === atMs ? same.count : 0;
  o.crashes.push({
    groupId,
    memberId,
    crashedAtMs: atMs,
    heldCount: (o.heldCount[memberId] ?? 0) + sameInstant,
    firstRedeliveryAtMs: sameInstant > 0 ? atMs : null,
  });
}

function crashKafka(o: ComparisonObservations, groupId: string, memberId: string, atMs: number): void {
  const k = o.kafka[groupId];
  const partitions: Record<number, number> = {};
  let heldCount = 0;
  if (k)
    for (const [p, to] of Object.entries(k.fetchedTo)) {
      const from = k.committed[Number(p)] ?? 0;
      if (k.fetcher[Number(p)] === memberId && to >= from) {
        partitions[Number(p)] = to;
        heldCount += to - from + 1;
      }
    }
  o.crashes.push({ groupId, memberId, crashedAtMs: atMs, heldCount, firstRedeliveryAtMs: null });
  if (heldCount > 0) o.pendingKafka.push({ crash: o.crashes.length - 1, groupId, partitions });
}

function kafkaOf(o: ComparisonObservations, groupId: string): KafkaPartitions {
  o.kafka[groupId] ??= { fetchedTo: {}, fetcher: {}, committed: {} };
  return o.kafka[groupId];
}

/** Folds one engine event into the observations. */
export function observeComparison(o: ComparisonObservations, e: SimEvent): void {
  switch (e.type) {
    case 'queue-received':
      if (o.groupOf[e.consumerId] === undefined) {
        const groups = o.groupsByQueue[e.queue];
        if (groups?.length === 1) o.groupOf[e.consumerId] = groups[0];
      }
      take(o, e.queue, e.messageId, e.consumerId, e.atMs);
      return;
    case 'queue-processed':
      o.groupOf[e.consumerId] = e.groupId;
      return;
    case 'queue-settled':
      // Settled by its holder (deleted, acked, nacked, rejected): a later receive is no crash redelivery.
      release(o, e.queue, e.messageId, e.consumerId);
      return;
    case 'queue-dead-lettered':
    case 'queue-dropped':
      release(o, e.queue, e.messageId, null);
      return;
    case 'queue-moved':
      release(o, e.from, e.messageId, null);
      return;
    case 'acquired':
      o.groupOf[e.memberId] = e.groupId;
      take(o, `share:${e.groupId}`, e.messageId, e.memberId, e.atMs);
      return;
    case 'acknowledged':
      // LOCK_EXPIRED is the broker taking the record back: its holder never settled it.
      if (e.ack !== 'LOCK_EXPIRED') release(o, `share:${e.groupId}`, e.messageId, e.memberId);
      return;
    case 'fetched': {
      const k = kafkaOf(o, e.groupId);
      if ((k.fetchedTo[e.partition] ?? -1) < e.toOffset || k.fetcher[e.partition] !== e.memberId) {
        k.fetchedTo[e.partition] = e.toOffset;
        k.fetcher[e.partition] = e.memberId;
      }
      for (let i = o.pendingKafka.length - 1; i >= 0; i--) {
        const pending = o.pendingKafka[i];
        const heldTo = pending.partitions[e.partition];
        if (pending.groupId !== e.groupId || heldTo === undefined || e.fromOffset > heldTo) continue;
        o.crashes[pending.crash].firstRedeliveryAtMs = e.atMs;
        o.pendingKafka.splice(i, 1);
      }
      return;
    }
    case 'committed': {
      const k = kafkaOf(o, e.groupId);
      for (const c of e.offsets)
        if ((k.committed[c.partition] ?? 0) < c.offset) k.committed[c.partition] = c.offset;
      return;
    }
    case 'member-state':
      if (e.to !== 'Crashed') return;
      if (o.shareGroups.includes(e.groupId)) crashHolder(o, e.groupId, e.memberId, e.atMs);
      else crashKafka(o, e.groupId, e.memberId, e.atMs);
      return;
    case 'fault': {
      // Queue consumers have no member-state events: their crash is the fault itself.
      const f = e.fault;
      if (f.type !== 'crash-consumer' || (f.point !== undefined && f.point !== 'now')) return;
      const source = o.sourceOf[f.memberId];
      if (source === undefined || source.startsWith('share:')) return;
      const groupId = o.groupOf[f.memberId] ?? o.groupsByQueue[source]?.[0];
      if (groupId !== undefined) crashHolder(o, groupId, f.memberId, e.atMs);
      return;
    }
    default:
      return;
  }
}
