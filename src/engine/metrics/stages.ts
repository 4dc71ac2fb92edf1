// Where a record's time goes between produce and applied, per consumer group: waiting in
// the log (produce → the first attempt starts), in processing (the first attempt), in
// retries (first failure → success, backoff and retry-topic waits included) and in the DLQ
// (dead-lettered → redriven, or applied by another copy). Recorded once per message, at its
// first application (the sink's count goes 0 → 1), into fixed log-bucketed histograms, so
// the cost per record is a few O(1) increments and memory never grows with the run.
// For a record applied without a trip through the DLQ the first three stages add up to its
// end-to-end time exactly. Messages handed out by delivery (SQS, RabbitMQ, share groups) fill
// the same slots with their own stages: see recordDeliveredApplication.

import type { GroupLatency, StageLatencySummary } from '../types';
import {
  bucketOf,
  createHistogram,
  type Histogram,
  percentilesOf,
  record,
  recordInBucket,
} from './histogram';

export const STAGES = ['queueMs', 'processingMs', 'retriesMs', 'dlqMs', 'endToEndMs'] as const;
export type Stage = (typeof STAGES)[number];

/** The recent window is the current histogram plus the previous one (10–20 s of virtual time). */
export interface StageLatencyRt {
  recent: Record<Stage, Histogram>;
  previous: Record<Stage, Histogram>;
  /** End-to-end over the whole run: what an end-to-end SLO is checked against. */
  endToEndRun: Histogram;
  /**
   * Per dead-lettered message id, when its first copy was produced: a redriven copy is a new
   * record produced at redrive time, and its end-to-end time still starts at the original.
   * Entries leave at first application or purge, so it holds at most the DLQ's messages.
   */
  originMs: Map<number, number>;
}

const byStage = (): Record<Stage, Histogram> => ({
  queueMs: createHistogram(),
  processingMs: createHistogram(),
  retriesMs: createHistogram(),
  dlqMs: createHistogram(),
  endToEndMs: createHistogram(),
});

export function createStageLatency(): StageLatencyRt {
  return { recent: byStage(), previous: byStage(), endToEndRun: createHistogram(), originMs: new Map() };
}

/** What attribution reads of a record in hand (world.ts's BatchEntry; not imported: no cycle). */
export interface StageTimes {
  record: { messageId: number; producedAtMs: number };
  /** When its first processing attempt started, -1 if none did. */
  firstStartedAtMs: number;
  /** When its first attempt failed, -1 if none did. */
  firstErrorAtMs: number;
}

/** The first application of a message: attributes its time to the stages. */
export function recordFirstApplication(s: StageLatencyRt, entry: StageTimes, nowMs: number): void {
  const r = entry.record;
  let producedAtMs = r.producedAtMs;
  if (s.originMs.size > 0) {
    const origin = s.originMs.get(r.messageId);
    if (origin !== undefined) {
      producedAtMs = origin;
      s.originMs.delete(r.messageId);
    }
  }
  // A record that never reached a member (applied by the retry listener, or parked) waited
  // in the log until now; a redriven copy's wait starts at its redrive.
  const startedAtMs = entry.firstStartedAtMs >= 0 ? entry.firstStartedAtMs : nowMs;
  const firstOutcomeMs = entry.firstErrorAtMs >= 0 ? entry.firstErrorAtMs : nowMs;
  const h = s.recent;
  record(h.queueMs, startedAtMs - r.producedAtMs);
  record(h.processingMs, firstOutcomeMs - startedAtMs);
  if (entry.firstErrorAtMs >= 0) record(h.retriesMs, nowMs - entry.firstErrorAtMs);
  const endToEndMs = nowMs - producedAtMs;
  const b = bucketOf(endToEndMs);
  recordInBucket(h.endToEndMs, b, endToEndMs);
  recordInBucket(s.endToEndRun, b, endToEndMs);
}

/**
 * What attribution reads of a message a queue (SQS, RabbitMQ) or a share group hands out: when
 * it was sent, first handed to any consumer (SQS `ApproximateFirstReceiveTimestamp`; a share
 * record's first acquisition), and when the delivery that succeeded began.
 */
export interface DeliveryTimes {
  messageId: number;
  sentAtMs: number;
  /** -1 when unknown: then the delivery that succeeded was the first. */
  firstReceivedAtMs: number;
  receivedAtMs: number;
}

/**
 * The first application of a message handed out by delivery (a queue, a share group). The
 * stages split its end-to-end time exactly: waiting to be handed out the first time (SQS
 * visible, RabbitMQ ready, a share record Available), then, only if that delivery did not
 * succeed, the redelivery wait (failed or abandoned deliveries, the visibility timeout or
 * acquisition lock running out, a requeue or a dead-letter hop, waiting to be handed out
 * again), then the delivery that succeeded (in flight / unacked / acquired: waiting in the
 * consumer's batch, and processing). Kept in the Kafka stage slots: queueMs, retriesMs and
 * processingMs; a message that went through a DLQ and back counts that time as redelivery.
 */
export function recordDeliveredApplication(
  s: StageLatencyRt,
  t: DeliveryTimes,
  nowMs: number,
  /** `bucketOf(nowMs - t.sentAtMs)` when the caller has it already. */
  endToEndBucket = -1,
): void {
  const received = t.receivedAtMs;
  const first = t.firstReceivedAtMs >= 0 && t.firstReceivedAtMs < received ? t.firstReceivedAtMs : received;
  const h = s.recent;
  record(h.queueMs, first - t.sentAtMs);
  if (received > first) record(h.retriesMs, received - first);
  record(h.processingMs, nowMs - received);
  const endToEndMs = nowMs - t.sentAtMs;
  const b = endToEndBucket >= 0 ? endToEndBucket : bucketOf(endToEndMs);
  recordInBucket(h.endToEndMs, b, endToEndMs);
  recordInBucket(s.endToEndRun, b, endToEndMs);
}

/** A message leaves the DLQ (redriven, or applied by another copy) after `waitedMs` there. */
export function recordDlqWait(s: StageLatencyRt, waitedMs: number): void {
  record(s.recent.dlqMs, waitedMs);
}

/** Remembers when a message just dead-lettered was first produced (kept if already known). */
export function rememberOrigin(s: StageLatencyRt, messageId: number, producedAtMs: number): void {
  if (!s.originMs.has(messageId)) s.originMs.set(messageId, producedAtMs);
}

/** Starts a new recent window (called with the group's latency window roll). */
export function rollStages(s: StageLatencyRt): void {
  const old = s.previous;
  s.previous = s.recent;
  for (const stage of STAGES) {
    old[stage].counts.fill(0);
    old[stage].count = 0;
    old[stage].max = 0;
  }
  s.recent = old;
}

const PERCENTILES = [50, 95, 99] as const;

function summary(hs: readonly Histogram[]): StageLatencySummary {
  const [p50, p95, p99] = percentilesOf(hs, PERCENTILES);
  let count = 0;
  let max = 0;
  for (const h of hs) {
    count += h.count;
    if (h.max > max) max = h.max;
  }
  return { p50, p95, p99, max, count };
}

export function summarizeStages(s: StageLatencyRt): GroupLatency {
  const recent = (stage: Stage) => summary([s.previous[stage], s.recent[stage]]);
  return {
    queueMs: recent('queueMs'),
    processingMs: recent('processingMs'),
    retriesMs: recent('retriesMs'),
    dlqMs: recent('dlqMs'),
    endToEndMs: recent('endToEndMs'),
    endToEndRunMs: summary([s.endToEndRun]),
  };
}
