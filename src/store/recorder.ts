// Records what the diagrams need beyond a snapshot: recent message activity (dots), lag
// history sampled at fixed simulated instants, and a log of notable events. Everything is
// keyed by simulated time, so a seek can cut it back exactly and re-simulation refills it.

import { describeFault, type Fault, type Metrics, type SimEvent, type Simulation } from '../engine';
import type { Activity, LagSample, LogEntry, SeriesSample, TimelineMarker } from './frame';

export const ACTIVITY_WINDOW_MS = 3000;
export const MAX_DOTS = 1500;
const LOG_LIMIT = 400;
/** A scenario caption stays in the status line for this long (simulated time), then clears. */
export const CAPTION_TTL_MS = 8000;

export interface RecorderState {
  activity: Activity;
  lagHistory: Record<string, LagSample[]>;
  series: SeriesSample[];
  log: LogEntry[];
  markers: TimelineMarker[];
  caption: string | null;
  /** Simulated time the caption was set; null when there is none. */
  captionAtMs: number | null;
}

export function emptyRecorder(partitions: number): RecorderState {
  return {
    activity: {
      windowMs: ACTIVITY_WINDOW_MS,
      produced: [],
      processed: [],
      failed: [],
      deadLettered: [],
      isAggregated: false,
      producedPerPartitionPerSec: new Array(partitions).fill(0),
    },
    lagHistory: {},
    series: [],
    log: [],
    markers: [],
    caption: null,
    captionAtMs: null,
  };
}

/**
 * A recorder as kept in a checkpoint. Lag history, series and markers only ever grow by
 * push (a seek replaces the arrays), so the checkpoint keeps each array with its length
 * instead of a copy; the bounded parts (activity, event log) are copied.
 */
export interface RecorderCheckpoint {
  bounded: Pick<RecorderState, 'activity' | 'log' | 'caption' | 'captionAtMs'>;
  lagHistory: Record<string, Grown<LagSample>>;
  series: Grown<SeriesSample>;
  markers: Grown<TimelineMarker>;
}

interface Grown<T> {
  items: T[];
  length: number;
}

const grown = <T>(items: T[]): Grown<T> => ({ items, length: items.length });

export function checkpointRecorder(r: RecorderState): RecorderCheckpoint {
  return {
    bounded: structuredClone({
      activity: r.activity,
      log: r.log,
      caption: r.caption,
      captionAtMs: r.captionAtMs,
    }),
    lagHistory: Object.fromEntries(Object.entries(r.lagHistory).map(([id, list]) => [id, grown(list)])),
    series: grown(r.series),
    markers: grown(r.markers),
  };
}

export function restoreRecorder(cp: RecorderCheckpoint): RecorderState {
  const upTo = <T>(g: Grown<T>) => g.items.slice(0, g.length);
  return {
    ...structuredClone(cp.bounded),
    lagHistory: Object.fromEntries(Object.entries(cp.lagHistory).map(([id, g]) => [id, upTo(g)])),
    series: upTo(cp.series),
    markers: upTo(cp.markers),
  };
}

export function pruneActivity(a: Activity, nowMs: number): void {
  const from = nowMs - a.windowMs;
  const fresh = <T extends { atMs: number }>(list: T[]) => {
    let i = 0;
    while (i < list.length && list[i].atMs < from) i++;
    return i > 0 ? list.slice(i) : list;
  };
  a.produced = fresh(a.produced);
  a.processed = fresh(a.processed);
  a.failed = fresh(a.failed);
  a.deadLettered = fresh(a.deadLettered);
}

/**
 * Makes room for one more dot when a list is at its cap: the oldest tenth goes (the newest
 * dots are the ones on screen), so a burst never freezes the animation.
 */
function keepNewest<T>(list: T[]): T[] {
  return list.length < MAX_DOTS ? list : list.slice(Math.ceil(MAX_DOTS / 10));
}

function pushLog(r: RecorderState, entry: LogEntry, marker?: TimelineMarker['kind']): void {
  r.log.push(entry);
  if (r.log.length > LOG_LIMIT) r.log.splice(0, r.log.length - LOG_LIMIT);
  if (marker) r.markers.push({ atMs: entry.atMs, kind: marker, label: entry.text });
}

/**
 * Feeds one engine event into the recorder. `describe` words a fault; a session passes its simulation's, which
 * says DeleteMessage or ack for a queue consumer where the plain one says commit.
 */
export function recordEvent(
  r: RecorderState,
  e: SimEvent,
  describe: (fault: Fault) => string = describeFault,
): void {
  const a = r.activity;
  switch (e.type) {
    case 'produced': {
      if (a.produced.length + e.count > MAX_DOTS) {
        pruneActivity(a, e.atMs);
        if (a.produced.length + e.count > MAX_DOTS) {
          a.isAggregated = true;
          return;
        }
      }
      for (let i = 0; i < e.count; i++)
        a.produced.push({
          partition: e.partition,
          offset: e.baseOffset + i,
          atMs: e.atMs,
          producerId: e.producerId,
        });
      return;
    }
    case 'processed':
      if (a.processed.length >= MAX_DOTS) pruneActivity(a, e.atMs);
      a.processed = keepNewest(a.processed);
      a.processed.push({
        groupId: e.groupId,
        memberId: e.memberId,
        partition: e.partition,
        offset: e.offset,
        messageId: e.messageId,
        startedAtMs: e.startedAtMs,
        atMs: e.atMs,
        appliedCount: e.appliedCount,
        isDeduplicated: e.isDeduplicated,
      });
      if (e.appliedCount === 2 && !e.isDeduplicated)
        pushLog(r, {
          atMs: e.atMs,
          kind: 'fault',
          text: `${e.groupId}: message ${e.messageId} applied twice (duplicate)`,
          groupId: e.groupId,
          memberId: e.memberId,
        });
      return;
    case 'process-failed':
      a.failed = keepNewest(a.failed);
      a.failed.push({
        groupId: e.groupId,
        memberId: e.memberId,
        partition: e.partition,
        offset: e.offset,
        messageId: e.messageId,
        atMs: e.atMs,
        attempt: e.attempt,
        willRetry: e.willRetry,
        error: e.error,
      });
      return;
    case 'dead-lettered':
      a.deadLettered.push({ groupId: e.groupId, messageId: e.messageId, atMs: e.atMs, reason: e.reason });
      pushLog(
        r,
        {
          atMs: e.atMs,
          kind: 'dead-letter',
          text: `${e.groupId}: message ${e.messageId} dead-lettered (${e.reason}, ${e.attempts} attempts)`,
          groupId: e.groupId,
        },
        'dead-letter',
      );
      return;
    case 'rebalance-started':
      pushLog(
        r,
        {
          atMs: e.atMs,
          kind: 'rebalance',
          text: `${e.groupId}: rebalance (${e.protocol}) — ${e.reason}`,
          groupId: e.groupId,
        },
        'rebalance',
      );
      return;
    case 'rebalance-completed':
      pushLog(r, {
        atMs: e.atMs,
        kind: 'rebalance',
        text: `${e.groupId}: generation ${e.generationId} stable after ${(e.durationMs / 1000).toFixed(2)} s`,
        groupId: e.groupId,
      });
      return;
    case 'evicted':
      pushLog(
        r,
        {
          atMs: e.atMs,
          kind: 'evicted',
          text: `${e.groupId}: ${e.memberId} removed (${e.reason} expired)`,
          groupId: e.groupId,
          memberId: e.memberId,
        },
        'crash',
      );
      return;
    case 'member-state':
      if (e.to === 'Crashed')
        pushLog(
          r,
          {
            atMs: e.atMs,
            kind: 'crash',
            text: `${e.memberId} crashed`,
            groupId: e.groupId,
            memberId: e.memberId,
          },
          'crash',
        );
      else if (e.from === 'Crashed')
        pushLog(r, {
          atMs: e.atMs,
          kind: 'state',
          text: `${e.memberId} restarted`,
          groupId: e.groupId,
          memberId: e.memberId,
        });
      else if (e.to === 'Paused')
        pushLog(r, {
          atMs: e.atMs,
          kind: 'state',
          text: `${e.memberId} paused (stop-the-world)`,
          groupId: e.groupId,
          memberId: e.memberId,
        });
      return;
    case 'commit-rejected':
      pushLog(r, {
        atMs: e.atMs,
        kind: 'commit-rejected',
        text: `${e.memberId}: ${e.reason}`,
        groupId: e.groupId,
        memberId: e.memberId,
      });
      return;
    case 'lost':
      pushLog(r, {
        atMs: e.atMs,
        kind: 'lost',
        text: `${e.groupId}: message ${e.messageId} lost — ${e.reason}`,
        groupId: e.groupId,
      });
      return;
    case 'fault':
      pushLog(r, { atMs: e.atMs, kind: 'fault', text: describe(e.fault) }, 'action');
      return;
    case 'caption':
      r.caption = e.text;
      r.captionAtMs = e.atMs;
      pushLog(r, { atMs: e.atMs, kind: 'caption', text: e.text }, 'caption');
      return;
    case 'transaction':
      // Commits are the routine (one per batch); an abort is the event worth reading.
      if (e.outcome === 'aborted')
        pushLog(r, {
          atMs: e.atMs,
          kind: 'transaction',
          text: `${e.transactionalId}: transaction aborted (${e.records} records) — ${e.reason}`,
        });
      return;
    case 'producer-fenced':
      pushLog(r, {
        atMs: e.atMs,
        kind: 'transaction',
        text: `${e.holder}: ProducerFencedException, epoch ${e.epoch} fenced by ${e.currentEpoch}`,
        memberId: e.holder,
      });
      return;
    case 'redriven':
      pushLog(r, {
        atMs: e.atMs,
        kind: 'redrive',
        text: `message ${e.messageId} redriven to ${e.topic}-${e.partition} @${e.offset}`,
      });
      return;
    default:
      return;
  }
}

/**
 * Clears the caption once it has been shown for CAPTION_TTL_MS of simulated time, so an old
 * caption never describes what is on screen now. Keyed by simulated time: deterministic.
 */
export function expireCaption(r: RecorderState, nowMs: number): void {
  if (r.captionAtMs !== null && nowMs - r.captionAtMs >= CAPTION_TTL_MS) {
    r.caption = null;
    r.captionAtMs = null;
  }
}

/** Samples lag and throughput (called at fixed simulated instants); returns the metrics read. */
export function sample(r: RecorderState, sim: Simulation): Metrics {
  const metrics = sim.metrics();
  expireCaption(r, metrics.nowMs);
  for (const [groupId, g] of Object.entries(metrics.groups)) {
    const list = r.lagHistory[groupId] ?? [];
    list.push({
      atMs: metrics.nowMs,
      lag: g.lag,
      lagMs: g.lagMs,
      consumedPerSec: g.consumedPerSec,
      p99Ms: g.latencyMs.p99,
      stageP99Ms: {
        queueMs: g.latency.queueMs.p99,
        processingMs: g.latency.processingMs.p99,
        retriesMs: g.latency.retriesMs.p99,
        dlqMs: g.latency.dlqMs.p99,
        endToEndMs: g.latency.endToEndMs.p99,
      },
      ...(g.queueInFlight !== undefined && {
        queue: { visible: g.queueVisible ?? 0, inFlight: g.queueInFlight, delayed: g.queueDelayed ?? 0 },
      }),
    });
    r.lagHistory[groupId] = list;
  }
  const logEndOffsets = sim.logEndOffsets();
  r.series.push({
    atMs: metrics.nowMs,
    producedPerSec: metrics.producedPerSec,
    dlqDepth: metrics.dlqDepth,
    logEndOffsets,
  });
  return metrics;
}

export const RECORDED_EVENTS = [
  'produced',
  'processed',
  'process-failed',
  'dead-lettered',
  'rebalance-started',
  'rebalance-completed',
  'evicted',
  'member-state',
  'commit-rejected',
  'lost',
  'fault',
  'caption',
  'redriven',
  'transaction',
  'producer-fenced',
] as const;
