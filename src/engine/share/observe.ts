// Reads share groups into the public snapshot and metrics: share consumers as members (all
// of them on every partition), the share-partitions' SPSO/SPEO with their in-flight
// records, and the share counters (archived, redeliveries, acquired records in flight).

import type { LoopState, MemberSnapshot } from '../types';
import type { GroupRt } from '../world';
import { shareSettings } from './config';
import type { ShareLoopState } from './shareConsumer.machine';
import type { ShareConsumerRt, SharePartitionRt, ShareRt } from './state';
import {
  SHARE_VIEW_LIMIT,
  type ShareGroupView,
  type SharePartitionView,
  type ShareRecordView,
} from './types';

/** The consumer loop's vocabulary for the member panel (a paused consumer shows as Paused by its state). */
const LOOP_OF: Record<ShareLoopState, LoopState> = {
  Stopped: 'Stopped',
  Polling: 'Polling',
  Idle: 'Idle',
  Processing: 'Processing',
  Paused: 'Idle',
  Crashed: 'Crashed',
};

const ACTIVITY_OF: Record<ShareLoopState, MemberSnapshot['activity']> = {
  Stopped: 'none',
  Polling: 'polling',
  Idle: 'idle',
  Processing: 'processing',
  Paused: 'idle',
  Crashed: 'none',
};

export function shareMemberSnapshots(g: GroupRt): MemberSnapshot[] {
  const share = g.share;
  if (!share) return [];
  const topic = g.config.topic;
  const all = share.partitions.map((sp) => ({ topic, partition: sp.partition }));
  return share.consumers.map((c) => memberSnapshot(g, c, c.state === 'Left' ? [] : all));
}

function memberSnapshot(
  g: GroupRt,
  c: ShareConsumerRt,
  assigned: MemberSnapshot['assigned'],
): MemberSnapshot {
  const cur = c.current;
  return {
    memberId: c.memberId,
    groupId: g.config.groupId,
    state: c.state,
    activity: ACTIVITY_OF[c.loop.state],
    loop: { state: LOOP_OF[c.loop.state], reason: c.loop.state === 'Idle' ? 'waiting-for-data' : null },
    assigned: assigned.map((tp) => ({ ...tp })),
    revoked: [],
    generationId: 0,
    processingFactor: c.processingFactor,
    current: cur
      ? {
          topic: g.config.topic,
          partition: cur.entry.partition,
          offset: cur.entry.record.offset,
          messageId: cur.entry.record.messageId,
          key: cur.entry.record.key,
          attempt: cur.entry.deliveryCount,
          startedAtMs: cur.startedAtMs,
          endsAtMs: cur.endsAtMs,
        }
      : null,
    bufferSize: Math.max(0, c.batch.length - c.batchIndex),
    processedCount: c.processedCount,
    stateSinceMs: c.stateSinceMs,
    history: c.history.slice(),
    isZombie: false,
    idleReason: null,
  };
}

function partitionView(share: ShareRt, sp: SharePartitionRt): SharePartitionView {
  const records: ShareRecordView[] = [];
  for (let i = 0; i < sp.state.length && records.length < SHARE_VIEW_LIMIT; i++) {
    const view: ShareRecordView = {
      offset: sp.spso + i,
      messageId: sp.messageId[i],
      state: sp.state[i],
      deliveryCount: sp.deliveryCount[i],
    };
    if (sp.state[i] === 'Acquired') {
      view.memberId = share.consumers[sp.owner[i]]?.memberId;
      view.lockUntilMs = sp.lockUntilMs[i];
    }
    records.push(view);
  }
  return {
    partition: sp.partition,
    spso: sp.spso,
    speo: sp.speo,
    records,
    archived: sp.recentArchived.map((r) => ({ ...r })),
    acquiredCount: sp.acquired,
    archivedCount: sp.archivedTotal,
  };
}

export function shareGroupView(g: GroupRt): ShareGroupView | undefined {
  const share = g.share;
  if (!share) return undefined;
  return {
    settings: shareSettings(share.config, g.config.maxPollRecords),
    partitions: share.partitions.map((sp) => partitionView(share, sp)),
  };
}

/** Message ids of the records some share consumer holds under an acquisition lock. */
export function shareInFlightIds(g: GroupRt): Set<number> {
  const ids = new Set<number>();
  for (const sp of g.share?.partitions ?? [])
    for (let i = 0; i < sp.state.length; i++) if (sp.state[i] === 'Acquired') ids.add(sp.messageId[i]);
  return ids;
}

export function shareMetricFields(g: GroupRt): { archived: number; redeliveries: number } | undefined {
  const share = g.share;
  if (!share) return undefined;
  let archived = 0;
  for (const sp of share.partitions) archived += sp.archivedTotal;
  return { archived, redeliveries: share.redeliveries };
}
