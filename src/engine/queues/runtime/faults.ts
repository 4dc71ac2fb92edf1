// Faults aimed at queue consumers, queue groups and queues. The fault shapes are the engine's
// (scenario/schema.ts); a fault naming a queue consumer or group lands here, the rest go on
// to the Kafka side. "commit" in a crash point reads DeleteMessage (or ack) for a queue, and
// is said so (crashPointWords):
// after-process-before-commit = processed, not deleted; after-commit-before-process-completes
// = deleted first (at-most-once), processing unfinished.

import type { EngineContext } from '../../engineContext';
import { crashPointWords, queueSettle } from '../../faultDescription';
import { ScenarioError } from '../../scenario/schema';
import type { Fault } from '../../types';
import { startMessageMoveTask } from '../broker';
import { backendOf } from '../registry';
import { isSqs } from '../types';
import {
  addQueueConsumer,
  armQueueTimer,
  crashQueueConsumer,
  queueEnv,
  removeQueueConsumer,
  restartQueueConsumer,
} from './runtime';
import type { QueueGroupRt } from './state';

function groupsFor(ctx: EngineContext, groupId: string | undefined): QueueGroupRt[] {
  const groups = ctx.w.queues!.groups;
  if (groupId === undefined) return Object.values(groups);
  return groups[groupId] ? [groups[groupId]] : [];
}

/**
 * Applies a fault that targets the queue side. Returns its description, or null when the fault
 * is (also) for Kafka: group-less faults reach the queue groups here and Kafka's groups after.
 */
export function applyQueueFault(ctx: EngineContext, f: Fault): string | null {
  const qw = ctx.w.queues;
  if (!qw) return null;
  const nowMs = ctx.w.nowMs;
  const result = ((): string | null => {
    switch (f.type) {
      case 'crash-consumer': {
        const c = qw.consumers[f.memberId];
        if (!c) return null;
        if (c.loop === 'Crashed' || c.isRemoved)
          throw new ScenarioError(
            `fault.memberId: consumer "${f.memberId}" is already ${c.isRemoved ? 'gone' : 'Crashed'}`,
            'fault.memberId',
          );
        c.restartAfterMs = f.restartAfterMs ?? null;
        const point = f.point ?? 'now';
        if (point === 'now') crashQueueConsumer(ctx, c);
        else c.armedCrash = point;
        return point === 'now'
          ? `${f.memberId} crashed`
          : `${f.memberId} will crash ${crashPointWords(point, queueSettle(qw.broker.queues[c.queue]?.type))}`;
      }
      case 'restart-consumer': {
        const c = qw.consumers[f.memberId];
        if (!c) return null;
        if (c.loop !== 'Crashed' || c.isRemoved)
          throw new ScenarioError(
            `fault.memberId: consumer "${f.memberId}" is not Crashed`,
            'fault.memberId',
          );
        restartQueueConsumer(ctx, c);
        return `${f.memberId} restarted`;
      }
      case 'remove-consumer': {
        const c = qw.consumers[f.memberId];
        if (!c) return null;
        if (c.isRemoved)
          throw new ScenarioError(`fault.memberId: consumer "${f.memberId}" already left`, 'fault.memberId');
        removeQueueConsumer(ctx, c);
        return `${f.memberId} stopped consuming`;
      }
      case 'slow-consumer': {
        const c = qw.consumers[f.memberId];
        if (!c) return null;
        c.processingFactor = f.factor;
        return `${f.memberId} processes ×${f.factor} slower`;
      }
      case 'pause-consumer': {
        const c = qw.consumers[f.memberId];
        if (!c) return null;
        if (c.loop === 'Crashed' || c.isRemoved)
          throw new ScenarioError(`fault.memberId: consumer "${f.memberId}" is ${c.loop}`, 'fault.memberId');
        c.pauseUntilMs = nowMs + f.durationMs;
        return `${f.memberId} paused for ${f.durationMs / 1000} s (no heartbeat, no ChangeMessageVisibility)`;
      }
      case 'lose-commit':
        if (!qw.consumers[f.memberId]) return null;
        throw new ScenarioError(
          'fault.memberId: queue consumers have no offsets to commit',
          'fault.memberId',
        );
      case 'add-consumer': {
        const g = qw.groups[f.groupId];
        if (!g) return null;
        if (g.consumerIds.length >= 64)
          throw new ScenarioError('fault.groupId: a group holds at most 64 consumers here', 'fault.groupId');
        return `${addQueueConsumer(ctx, f.groupId)} joined ${f.groupId}`;
      }
      case 'reset-offsets':
      case 'set-config':
        if (!qw.groups[f.groupId]) return null;
        throw new ScenarioError(
          `fault.groupId: ${f.groupId} reads a queue: it has no offsets or max.poll.records`,
          'fault.groupId',
        );
      case 'duplicate-delivery':
        for (const g of groupsFor(ctx, f.groupId)) g.duplicateRemaining += f.count;
        return f.groupId !== undefined && qw.groups[f.groupId]
          ? `the next ${f.count} messages are delivered twice`
          : null;
      case 'failure-rate':
        for (const g of groupsFor(ctx, f.groupId)) g.failureRate = f.rate;
        return f.groupId !== undefined && qw.groups[f.groupId]
          ? `${(f.rate * 100).toFixed(1)}% of processing attempts fail`
          : null;
      case 'outage':
        for (const g of groupsFor(ctx, f.groupId)) g.outageUntilMs = nowMs + f.durationMs;
        return f.groupId !== undefined && qw.groups[f.groupId]
          ? `dependency outage for ${f.durationMs / 1000} s`
          : null;
      case 'redrive': {
        if (f.queue === undefined) return null;
        const dlq = qw.broker.queues[f.queue];
        if (!dlq) throw new ScenarioError(`fault.queue: no queue "${f.queue}"`, 'fault.queue');
        if (!startMessageMoveTask(qw.broker, f.queue, null, f.ratePerSec ?? 10, nowMs))
          throw new ScenarioError(
            `fault.queue: a message move task is already running on ${f.queue}`,
            'fault.queue',
          );
        const task = qw.broker.moveTasks.at(-1)!;
        // RabbitMQ has no redrive call: moving dead letters back is what a shovel does.
        const how = isSqs(dlq.type) ? 'StartMessageMoveTask' : 'shovel';
        return `${how}: moving ${task.approximateNumberOfMessagesToMove} message(s) from ${f.queue} back to their source`;
      }
      case 'purge-dlq': {
        if (f.queue === undefined) return null;
        const q = qw.broker.queues[f.queue];
        if (!q) throw new ScenarioError(`fault.queue: no queue "${f.queue}"`, 'fault.queue');
        const env = queueEnv(ctx);
        let purged = 0;
        for (let m = backendOf(q).takeOldest(q, env); m !== null; m = backendOf(q).takeOldest(q, env)) {
          purged += 1;
          env.emit({ type: 'queue-dropped', queue: q.name, messageId: m.messageId, reason: 'PurgeQueue' });
        }
        return `PurgeQueue: ${purged} message(s) deleted from ${f.queue}`;
      }
      default:
        return null;
    }
  })();
  armQueueTimer(ctx);
  return result;
}
