// Producer backpressure, in the order a send meets it. Load shedding: while the consumer lag
// passes a threshold, the low-priority share of sends is dropped at the edge (shed, not
// lost: the system never accepted it). A token bucket then rejects sends past its rate.
// What is left goes into the accumulator of buffer.memory bytes; when it is full, send()
// blocks (Kafka's KafkaProducer.send waits for memory) and after max.block.ms fails with
// TimeoutException. The accumulator drains to the broker no faster than the producer's
// quota (producer_byte_rate). Simplification: blocked sends wait in one FIFO, as if each
// came from its own request thread; Kafka blocks the calling thread itself.

import type { World } from '../world';
import type { ProducerFlowRt, SendRun } from './state';

function takeRuns(queue: SendRun[], count: number, out: SendRun[] | null): number {
  let left = count;
  while (left > 0 && queue.length > 0) {
    const head = queue[0];
    const k = Math.min(left, head.count);
    if (out) out.push({ atMs: head.atMs, count: k });
    head.count -= k;
    left -= k;
    if (head.count === 0) queue.shift();
  }
  return count - left;
}

function pushRun(queue: SendRun[], atMs: number, count: number): void {
  if (count <= 0) return;
  const last = queue[queue.length - 1];
  if (last && last.atMs === atMs) last.count += count;
  else queue.push({ atMs, count });
}

/** Total lag of the group the shedder watches (all groups reading the topic: the largest). */
export function watchedLag(w: World, topic: string, groupId: string | null): number {
  let worst = 0;
  for (const id in w.groups) {
    const g = w.groups[id];
    if (g.config.topic !== topic || (groupId !== null && id !== groupId)) continue;
    let lag = 0;
    const logs = w.topics[topic].logs;
    for (let p = 0; p < logs.length; p++) {
      const from = Math.max(g.committed[p], g.startOffsets[p]);
      if (from >= 0) lag += Math.max(0, logs[p].logEndOffset - from);
    }
    worst = Math.max(worst, lag);
  }
  return worst;
}

/**
 * The application calls send() `n` times at `nowMs`; returns the runs of records the
 * accumulator hands to the broker now (their send times kept: the record timestamp is
 * set at send()).
 */
export function admitSends(
  f: ProducerFlowRt,
  n: number,
  nowMs: number,
  messageBytes: number,
  lag: () => number,
): SendRun[] {
  const cfg = f.config;
  const elapsedMs = Math.max(0, nowMs - f.lastRefillMs);
  f.lastRefillMs = nowMs;
  const capacity = Math.max(1, Math.floor(cfg.bufferMemoryBytes / messageBytes));
  // Blocked sends past max.block.ms fail; the others take the room the last drain freed.
  while (f.blocked.length > 0 && nowMs - f.blocked[0].atMs > cfg.maxBlockMs) {
    const run = f.blocked.shift()!;
    f.timedOut += run.count;
    f.blockedMs += run.count * cfg.maxBlockMs;
    f.blockedRecords -= run.count;
  }
  if (f.blocked.length > 0 && f.bufferedRecords < capacity) {
    const admitted: SendRun[] = [];
    const k = takeRuns(f.blocked, capacity - f.bufferedRecords, admitted);
    f.blockedRecords -= k;
    for (const run of admitted) {
      f.blockedMs += run.count * (nowMs - run.atMs);
      pushRun(f.buffer, run.atMs, run.count);
    }
    f.bufferedRecords += k;
  }
  f.attempted += n;
  let accepted = n;
  if (cfg.shedding && n > 0) {
    const low = n * cfg.shedding.lowPriorityShare + f.lowCarry;
    const lowCount = Math.floor(low);
    f.lowCarry = low - lowCount;
    if (lowCount > 0 && lag() > cfg.shedding.lagThreshold) {
      f.shed += lowCount;
      accepted -= lowCount;
    }
  }
  if (cfg.rateLimit) {
    f.tokens = Math.min(cfg.rateLimit.burst, f.tokens + (cfg.rateLimit.ratePerSec * elapsedMs) / 1000);
    const allowed = Math.min(accepted, Math.floor(f.tokens));
    f.tokens -= allowed;
    f.rateLimited += accepted - allowed;
    accepted = allowed;
  }
  const room = f.blocked.length > 0 ? 0 : Math.max(0, capacity - f.bufferedRecords);
  const intoBuffer = Math.min(room, accepted);
  pushRun(f.buffer, nowMs, intoBuffer);
  f.bufferedRecords += intoBuffer;
  if (accepted > intoBuffer) {
    pushRun(f.blocked, nowMs, accepted - intoBuffer);
    f.blockedRecords += accepted - intoBuffer;
    f.blockedTotal += accepted - intoBuffer;
  }
  // The broker takes what the quota allows since the last drain.
  let drain = f.bufferedRecords;
  if (Number.isFinite(cfg.byteRate)) {
    const bytes = (cfg.byteRate * elapsedMs) / 1000 + f.byteCarry;
    drain = Math.min(drain, Math.floor(bytes / messageBytes));
    f.byteCarry = drain < f.bufferedRecords ? bytes - drain * messageBytes : 0;
  }
  const out: SendRun[] = [];
  f.bufferedRecords -= takeRuns(f.buffer, drain, out);
  return out;
}
