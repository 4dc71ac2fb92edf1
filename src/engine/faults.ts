// Fault injection: validates a fault (shape by schema, targets by lookup) and applies it.
// Every fault is plain data, so it can sit in a scenario timeline, a URL or a test.

import { purgeDeadLetters, startRedrive } from './delivery/dlq';
import { countOf } from './delivery/idCounter';
import type { EngineContext } from './engineContext';
import {
  crashPointWords,
  describeFault,
  describeResetTarget,
  queueSettle,
  type Settle,
} from './faultDescription';
import { crashNow } from './kafka/consumerLoop';
import { createKeySampler } from './kafka/keys';
import { addMember } from './kafka/membership';
import { dropBuffer, emitOffsetsReset, revokePartitions } from './kafka/partitions';
import { indexAtOrAfter, type PartitionLog } from './log/partitionLog';
import { crashService } from './outbox/service';
import { queueRuntime } from './queueRuntimeSlot';
import { isSqs as isSqsQueue } from './queues/types';
import { applyBrokerFault, describeBrokerFaults } from './replication/brokerFaults';
import { type FaultInput, parseFault, ScenarioError } from './scenario/schema';
import { isShareGroup } from './share/consumer';
import { applyShareFault, describeShareFaults, findShareConsumer } from './share/faults';
import { onTransformRestart } from './transactions/engineTxn';
import { isNotAMessage } from './transactions/state';
import type { ActiveFault, Fault } from './types';
import type { GroupRt, MemberRt, ProducerRt } from './world';

/** What a frozen queue consumer stops doing, in each system's words. */
const PAUSED_QUEUE_CONSUMER = {
  sqs: 'paused (no ReceiveMessage, no ChangeMessageVisibility: what it holds reappears when its visibility timeout runs out)',
  rabbitmq: 'paused (no ack: its unacked messages stay with it, consumer_timeout runs)',
} as const;

function member(ctx: EngineContext, memberId: string): MemberRt {
  const m = ctx.w.members[memberId];
  if (!m) {
    const known = Object.keys(ctx.w.members).join(', ') || 'none';
    throw new ScenarioError(`fault.memberId: no consumer "${memberId}" (known: ${known})`, 'fault.memberId');
  }
  return m;
}

function group(ctx: EngineContext, groupId: string): GroupRt {
  const g = ctx.w.groups[groupId];
  if (!g)
    throw new ScenarioError(
      `fault.groupId: no group "${groupId}" (known: ${Object.keys(ctx.w.groups).join(', ') || 'none'})`,
      'fault.groupId',
    );
  return g;
}

function groupsFor(ctx: EngineContext, groupId: string | undefined): GroupRt[] {
  return groupId === undefined ? Object.values(ctx.w.groups) : [group(ctx, groupId)];
}

function producer(ctx: EngineContext, producerId: string | undefined): ProducerRt {
  const producers = ctx.w.producers;
  if (producers.length === 0)
    throw new ScenarioError('fault.producerId: the scenario has no producer', 'fault.producerId');
  if (producerId === undefined) return producers[0];
  const p = producers.find((x) => x.config.id === producerId);
  if (!p) throw new ScenarioError(`fault.producerId: no producer "${producerId}"`, 'fault.producerId');
  return p;
}

/** How a consumer of this queue settles a message: DeleteMessage (SQS) or the ack (RabbitMQ). */
const settleOfQueue = (ctx: EngineContext, queue: string): Settle =>
  queueSettle(ctx.w.queues?.broker.queues[queue]?.type);

/**
 * The words of the system a fault hits: a queue consumer calls DeleteMessage or acks, a share
 * consumer acknowledges, a Kafka consumer commits. A fault naming no group on a scenario that
 * has only queue groups reads in its first queue's words.
 */
export function settleOf(ctx: EngineContext, f: Fault): Settle {
  const qw = ctx.w.queues;
  const ofQueue = (queue: string) => settleOfQueue(ctx, queue);
  if ('memberId' in f && typeof f.memberId === 'string') {
    const c = qw?.consumers[f.memberId];
    if (c) return ofQueue(c.queue);
    if (findShareConsumer(ctx, f.memberId)) return 'acknowledge';
    return 'commit';
  }
  if ('groupId' in f && typeof f.groupId === 'string') {
    const g = qw?.groups[f.groupId];
    if (g) return ofQueue(g.config.queue);
    return isShareGroup(ctx.w.groups[f.groupId]) ? 'acknowledge' : 'commit';
  }
  const queueGroups = qw ? Object.values(qw.groups) : [];
  if (queueGroups.length > 0 && Object.keys(ctx.w.groups).length === 0)
    return ofQueue(queueGroups[0].config.queue);
  return 'commit';
}

/** describeFault in the words of the system the fault hits, read from the world now. */
export function describeFaultIn(ctx: EngineContext, f: Fault): string {
  return describeFault(f, settleOf(ctx, f));
}

/** Validates and applies a fault; returns a one-line description of what it did. */
export function injectFault(ctx: EngineContext, input: unknown): string {
  const fault = parseFault(input) as FaultInput & Fault;
  const description = apply(ctx, fault);
  if (ctx.wants('fault')) ctx.emit({ type: 'fault', atMs: ctx.w.nowMs, fault });
  return description;
}

function apply(ctx: EngineContext, f: Fault): string {
  const w = ctx.w;
  const shared = applyShareFault(ctx, f);
  if (shared !== null) return shared;
  // Faults on queue consumers, queue groups and queues (issue 12); null: not (only) for queues.
  const queueResult = ctx.w.queues ? queueRuntime().applyQueueFault(ctx, f) : null;
  if (queueResult !== null) return queueResult;
  switch (f.type) {
    case 'crash-consumer': {
      const m = member(ctx, f.memberId);
      if (m.state === 'Crashed' || m.state === 'Left')
        throw new ScenarioError(
          `fault.memberId: consumer "${f.memberId}" is already ${m.state}`,
          'fault.memberId',
        );
      m.restartAfterMs = f.restartAfterMs ?? null;
      const point = f.point ?? 'now';
      if (point === 'now') crashNow(ctx, m);
      else m.loop.armedCrash = point;
      return point === 'now' ? `${f.memberId} crashed` : `${f.memberId} will crash ${crashPointWords(point)}`;
    }
    case 'restart-consumer': {
      const m = member(ctx, f.memberId);
      if (m.state !== 'Crashed')
        throw new ScenarioError(
          `fault.memberId: consumer "${f.memberId}" is ${m.state}, not Crashed`,
          'fault.memberId',
        );
      restart(ctx, m);
      return `${f.memberId} restarted`;
    }
    case 'add-consumer': {
      const g = group(ctx, f.groupId);
      if (g.memberIds.length >= 64)
        throw new ScenarioError('fault.groupId: a group holds at most 64 consumers here', 'fault.groupId');
      return `${addMember(ctx, f.groupId)} joined ${f.groupId}`;
    }
    case 'remove-consumer': {
      const m = member(ctx, f.memberId);
      if (m.state === 'Left')
        throw new ScenarioError(`fault.memberId: consumer "${f.memberId}" already left`, 'fault.memberId');
      if (m.state === 'Crashed') {
        ctx.sendToMember(m.memberId, { type: 'RESTART' });
      }
      revokePartitions(ctx, m, [...m.assigned], 'revoked');
      dropBuffer(ctx, m);
      ctx.sendToMember(m.memberId, { type: 'LEAVE' });
      return `${f.memberId} left the group`;
    }
    case 'duplicate-delivery':
      for (const g of groupsFor(ctx, f.groupId)) g.duplicateRemaining += f.count;
      return `the next ${f.count} records are delivered twice`;
    case 'lose-commit':
      member(ctx, f.memberId).isNextCommitLost = true;
      return `${f.memberId}'s next commit will be lost`;
    case 'producer-retry': {
      const p = producer(ctx, f.producerId);
      p.duplicateNext += f.count;
      return p.config.isIdempotent
        ? `${f.count} producer retries; enable.idempotence drops the duplicates`
        : `${f.count} producer retries will append duplicates`;
    }
    case 'hot-key': {
      const p = producer(ctx, f.producerId);
      const previous = p.config.keys;
      const count = previous.type === 'null' ? 1000 : previous.count;
      const prefix = previous.type === 'null' ? 'key-' : previous.prefix;
      p.config = {
        ...p.config,
        keys:
          f.share > 0
            ? { type: 'hot', count, hotKey: f.key, share: f.share, prefix }
            : { type: 'uniform', count, prefix },
      };
      p.sampler = createKeySampler(p.config.keys, w.topics[p.config.topic]?.logs.length ?? 1);
      return `hot key "${f.key}" takes ${Math.round(f.share * 100)}% of traffic`;
    }
    case 'poison-message':
      producer(ctx, f.producerId).poisonNext.push({ key: f.key ?? null });
      return 'a poison message was published';
    case 'failure-rate':
      for (const g of groupsFor(ctx, f.groupId)) g.failureRate = f.rate;
      return `${(f.rate * 100).toFixed(1)}% of processing attempts fail`;
    case 'outage':
      for (const g of groupsFor(ctx, f.groupId)) g.outageUntilMs = w.nowMs + f.durationMs;
      return `dependency outage for ${f.durationMs / 1000} s`;
    case 'slow-consumer':
      member(ctx, f.memberId).processingFactor = f.factor;
      return `${f.memberId} processes ×${f.factor} slower`;
    case 'pause-consumer': {
      const m = member(ctx, f.memberId);
      if (m.state === 'Crashed' || m.state === 'Left' || m.state === 'Paused')
        throw new ScenarioError(`fault.memberId: consumer "${f.memberId}" is ${m.state}`, 'fault.memberId');
      m.pausedAtMs = w.nowMs;
      m.pauseUntilMs = w.nowMs + f.durationMs;
      ctx.sendToMember(m.memberId, { type: 'PAUSE', durationMs: f.durationMs });
      return `${f.memberId} paused for ${f.durationMs / 1000} s`;
    }
    case 'reset-offsets':
      resetOffsets(ctx, group(ctx, f.groupId), f.to, f.partition);
      return `${f.groupId} offsets${f.partition === undefined ? '' : ` on partition ${f.partition}`} reset to ${describeResetTarget(f.to)}`;
    case 'set-rate': {
      const p = producer(ctx, f.producerId);
      p.config = { ...p.config, ratePerSec: f.ratePerSec };
      return `${p.config.id} produces ${f.ratePerSec} msg/s`;
    }
    case 'set-config': {
      // Settings a running consumer picks up at its next poll; the rest need a restart.
      const g = group(ctx, f.groupId);
      g.config = {
        ...g.config,
        maxPollRecords: f['max.poll.records'] ?? g.config.maxPollRecords,
        processing: { ...g.config.processing, meanMs: f.processingMeanMs ?? g.config.processing.meanMs },
      };
      return `${f.groupId}: max.poll.records=${g.config.maxPollRecords}, processing ${g.config.processing.meanMs} ms`;
    }
    case 'redrive': {
      if (f.messageId !== undefined && !w.deadLetters.some((d) => d.messageId === f.messageId)) {
        throw new ScenarioError(
          `fault.messageId: message ${f.messageId} is not in the dead-letter queue`,
          'fault.messageId',
        );
      }
      const n = startRedrive(ctx, f.messageId, f.ratePerSec ?? 10);
      return `redriving ${n} message(s)`;
    }
    case 'purge-dlq':
      return `purged ${purgeDeadLetters(ctx)} dead letter(s)`;
    case 'crash-service': {
      const point = f.point ?? 'now';
      if (crashService(ctx, f.serviceId, point, f.restartAfterMs) < 0)
        throw new ScenarioError(`fault.serviceId: no service "${f.serviceId}"`, 'fault.serviceId');
      return point === 'now' ? `${f.serviceId} crashed` : `${f.serviceId} will crash ${point}`;
    }
    case 'crash-broker':
    case 'restart-broker':
    case 'isolate-broker':
    case 'slow-follower':
      return applyBrokerFault(ctx, f);
  }
}

export function restart(ctx: EngineContext, m: MemberRt): void {
  m.assigned = [];
  m.revoked = [];
  m.positions.fill(-1);
  m.processingFactor = 1;
  m.loop.isZombie = false;
  // The new instance's transactional producer fences the old one and aborts what it left open.
  const g = ctx.w.groups[m.groupId];
  if (g.config.transform !== null) onTransformRestart(ctx, g, m);
  ctx.sendToMember(m.memberId, { type: 'RESTART' });
  ctx.sendToMember(m.memberId, { type: 'JOIN' });
}

/**
 * kafka-consumer-groups --reset-offsets: moves committed offsets (and the owners'
 * positions, as a seek would). Moving forward skips records: unapplied ones are lost.
 */
function resetOffsets(
  ctx: EngineContext,
  g: GroupRt,
  to: 'earliest' | 'latest' | number | { timestampMs: number },
  partition: number | undefined,
): void {
  const logs = ctx.w.topics[g.config.topic].logs;
  if (partition !== undefined && partition >= logs.length)
    throw new ScenarioError(
      `fault.partition: ${g.config.topic} has partitions 0–${logs.length - 1}, not ${partition}`,
      'fault.partition',
    );
  logs.forEach((log, p) => {
    if (partition !== undefined && p !== partition) return;
    const target =
      to === 'earliest'
        ? log.logStartOffset
        : to === 'latest'
          ? log.logEndOffset
          : typeof to === 'object'
            ? offsetAtTime(log, to.timestampMs)
            : Math.min(Math.max(to, log.logStartOffset), log.logEndOffset);
    const from = Math.max(g.committed[p], log.logStartOffset, g.startOffsets[p]);
    if (target > from && g.startOffsets[p] >= 0) {
      const rows = log.records;
      for (let i = indexAtOrAfter(log, from); i < rows.length && rows.offsets[i] < target; i++) {
        const id = rows.messageIds[i];
        if (isNotAMessage(log.txn, rows.offsets[i], id)) continue;
        if (!g.deadLetteredIds.has(id) && !g.lost.has(id) && countOf(g.sink, id) === 0) g.lost.add(id);
      }
    }
    g.committed[p] = target;
    if (g.startOffsets[p] < 0) g.startOffsets[p] = target;
    const owner = g.owner[p];
    if (owner) ctx.w.members[owner].positions[p] = target;
    emitOffsetsReset(ctx, g, p, target, `reset to ${describeResetTarget(to)}`);
  });
}

/**
 * Kafka's offsetsForTimes, as `--to-datetime` uses it: the first live record produced at or
 * after the time, or the log end when none is (records are appended in time order).
 */
function offsetAtTime(log: PartitionLog, timestampMs: number): number {
  const rows = log.records;
  let lo = log.head;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows.producedAtMs[mid] < timestampMs) lo = mid + 1;
    else hi = mid;
  }
  return lo < rows.length ? rows.offsets[lo] : log.logEndOffset;
}

export function describeActiveFaults(ctx: EngineContext): ActiveFault[] {
  const w = ctx.w;
  const out: ActiveFault[] = describeBrokerFaults(ctx);
  for (const g of Object.values(w.groups)) {
    if (g.outageUntilMs > w.nowMs)
      out.push({ type: 'outage', label: `${g.config.groupId}: dependency outage`, untilMs: g.outageUntilMs });
    if (g.failureRate > 0)
      out.push({
        type: 'failure-rate',
        label: `${g.config.groupId}: ${(g.failureRate * 100).toFixed(1)}% of attempts fail`,
        untilMs: null,
      });
    if (g.duplicateRemaining > 0)
      out.push({
        type: 'duplicate-delivery',
        label: `${g.config.groupId}: ${g.duplicateRemaining} duplicate deliveries pending`,
        untilMs: null,
      });
  }
  for (const m of Object.values(w.members)) {
    // A slow-down belongs to the running process: a crashed one is not slow, and its restart
    // starts at normal speed (restart() resets the factor), so only the crash is in progress.
    if (m.processingFactor !== 1 && m.state !== 'Crashed' && m.state !== 'Left')
      out.push({
        type: 'slow-consumer',
        label: `${m.memberId}: ×${m.processingFactor} processing time`,
        untilMs: null,
      });
    if (m.state === 'Paused' && m.pauseUntilMs > w.nowMs)
      out.push({
        type: 'pause-consumer',
        label: `${m.memberId}: paused (no poll, no heartbeat)`,
        untilMs: m.pauseUntilMs,
      });
    if (m.loop.armedCrash)
      out.push({
        type: 'crash-consumer',
        label: `${m.memberId}: crash armed (${crashPointWords(m.loop.armedCrash)})`,
        untilMs: null,
      });
  }
  out.push(...describeShareFaults(ctx));
  if (w.queues) out.push(...describeQueueFaults(ctx));
  for (const p of w.producers) {
    if (p.config.keys.type === 'hot')
      out.push({
        type: 'hot-key',
        label: `hot key "${p.config.keys.hotKey}" at ${Math.round(p.config.keys.share * 100)}%`,
        untilMs: null,
      });
    if (p.duplicateNext > 0)
      out.push({
        type: 'producer-retry',
        label: `${p.config.id}: ${p.duplicateNext} producer retries pending`,
        untilMs: null,
      });
  }
  return out;
}

/**
 * The faults acting on SQS and RabbitMQ consumers and the groups reading queues (they live in
 * the queue world, not among Kafka's members and groups). Reads plain data only, so the queue
 * runtime chunk is not needed to list them. A crash hides a slow-down (a restart clears it) and
 * ends a pause, and a consumer that left is listed no more.
 */
function describeQueueFaults(ctx: EngineContext): ActiveFault[] {
  const w = ctx.w;
  const qw = w.queues!;
  const out: ActiveFault[] = [];
  for (const g of Object.values(qw.groups)) {
    const id = g.config.groupId;
    if (g.outageUntilMs > w.nowMs)
      out.push({ type: 'outage', label: `${id}: dependency outage`, untilMs: g.outageUntilMs });
    if (g.failureRate > 0)
      out.push({
        type: 'failure-rate',
        label: `${id}: ${(g.failureRate * 100).toFixed(1)}% of attempts fail`,
        untilMs: null,
      });
    if (g.duplicateRemaining > 0)
      out.push({
        type: 'duplicate-delivery',
        label: `${id}: ${g.duplicateRemaining} duplicate deliveries pending`,
        untilMs: null,
      });
  }
  for (const c of Object.values(qw.consumers)) {
    if (c.isRemoved) continue;
    if (c.processingFactor !== 1 && c.loop !== 'Crashed')
      out.push({
        type: 'slow-consumer',
        label: `${c.consumerId}: ×${c.processingFactor} processing time`,
        untilMs: null,
      });
    if (c.loop !== 'Crashed' && c.pauseUntilMs > w.nowMs) {
      const type = qw.broker.queues[c.queue]?.type ?? 'sqs-standard';
      const what = isSqsQueue(type) ? PAUSED_QUEUE_CONSUMER.sqs : PAUSED_QUEUE_CONSUMER.rabbitmq;
      out.push({ type: 'pause-consumer', label: `${c.consumerId}: ${what}`, untilMs: c.pauseUntilMs });
    }
    if (c.armedCrash)
      out.push({
        type: 'crash-consumer',
        label: `${c.consumerId}: crash armed (${crashPointWords(c.armedCrash, settleOfQueue(ctx, c.queue))})`,
        untilMs: null,
      });
  }
  return out;
}
