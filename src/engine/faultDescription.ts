// One sentence per fault, from the fault and the words of the system it hits (no other engine
// state), for the event log, the timeline and the exported event trace. Config names are
// Kafka's, verbatim; Simulation.describeFault picks the words for a queue or share consumer.

import { isRabbitMq, type QueueType } from './queues/types';
import type { CrashPoint, Fault } from './types';

/**
 * What a consumer does once it has processed a message, in its own system's words: a Kafka
 * consumer commits its offset, an SQS consumer calls DeleteMessage, a RabbitMQ consumer acks,
 * a share consumer acknowledges (KIP-932). A crash point names it.
 */
export type Settle = 'commit' | 'DeleteMessage' | 'ack' | 'acknowledge';

const SETTLING: Record<Settle, string> = {
  commit: 'committing',
  DeleteMessage: 'DeleteMessage',
  ack: 'the ack',
  acknowledge: 'acknowledging',
};

/** How a consumer of this queue type settles a message (an unknown queue reads as SQS's). */
export const queueSettle = (type: QueueType | undefined): Settle =>
  type !== undefined && isRabbitMq(type) ? 'ack' : 'DeleteMessage';

/** What the consumer reads: Kafka and share groups read records, queues hand out messages. */
const itemOf = (settle: Settle) => (settle === 'DeleteMessage' || settle === 'ack' ? 'message' : 'record');

/** A crash point as a sentence ends: "after processing, before DeleteMessage". */
export function crashPointWords(point: CrashPoint, settle: Settle = 'commit'): string {
  const settling = SETTLING[settle];
  switch (point) {
    case 'now':
      return 'now';
    case 'before-process':
      return `before processing its next ${itemOf(settle)}`;
    case 'after-process-before-commit':
      return `after processing, before ${settling}`;
    case 'after-commit-before-process-completes':
      return `after ${settling}, before processing completes`;
  }
}

const forGroup = (groupId?: string) => (groupId ? ` (${groupId})` : '');
const seconds = (ms: number) => `${ms / 1000} s`;

export function describeFault(fault: Fault, settle: Settle = 'commit'): string {
  switch (fault.type) {
    case 'crash-consumer':
      return `crash ${fault.memberId} ${crashPointWords(fault.point ?? 'now', settle)}${
        fault.restartAfterMs === undefined ? '' : `, restart after ${seconds(fault.restartAfterMs)}`
      }`;
    case 'restart-consumer':
      return `restart ${fault.memberId}`;
    case 'add-consumer':
      return `add a consumer to ${fault.groupId}`;
    case 'remove-consumer':
      return `${fault.memberId} leaves its group`;
    case 'duplicate-delivery':
      return `deliver the next ${fault.count} ${itemOf(settle)}s twice${forGroup(fault.groupId)}`;
    case 'lose-commit':
      return `lose ${fault.memberId}'s next commit`;
    case 'producer-retry':
      return `producer retries ${fault.count} sends whose acks were lost`;
    case 'hot-key':
      return fault.share === 0
        ? `hot key "${fault.key}" cleared`
        : `hot key "${fault.key}" takes ${Math.round(fault.share * 100)}% of traffic`;
    case 'poison-message':
      return `send a poison message${fault.key ? ` with key "${fault.key}"` : ''}`;
    case 'failure-rate':
      return `${(fault.rate * 100).toFixed(1)}% of processing attempts fail${forGroup(fault.groupId)}`;
    case 'outage':
      return `dependency outage for ${seconds(fault.durationMs)}${forGroup(fault.groupId)}`;
    case 'slow-consumer':
      return fault.factor === 1
        ? `${fault.memberId} back to normal speed`
        : `${fault.memberId} processes ×${fault.factor} slower`;
    case 'pause-consumer':
      return `pause ${fault.memberId} for ${seconds(fault.durationMs)}`;
    case 'reset-offsets':
      return `reset ${fault.groupId}'s offsets${fault.partition === undefined ? '' : ` on partition ${fault.partition}`} to ${describeResetTarget(fault.to)}`;
    case 'set-rate':
      return `produce ${fault.ratePerSec} msg/s${fault.producerId ? ` (${fault.producerId})` : ''}`;
    case 'set-config': {
      const parts = [
        fault['max.poll.records'] !== undefined && `max.poll.records=${fault['max.poll.records']}`,
        fault.processingMeanMs !== undefined && `processing ${fault.processingMeanMs} ms`,
      ].filter(Boolean);
      return `${fault.groupId}: ${parts.join(', ') || 'no change'}`;
    }
    case 'redrive':
      return fault.messageId === undefined
        ? 'redrive the dead letters'
        : `redrive message #${fault.messageId}`;
    case 'purge-dlq':
      return 'purge the dead-letter queue';
    case 'crash-service':
      return `crash service ${fault.serviceId} ${(fault.point ?? 'now').replaceAll('-', ' ')}${
        fault.restartAfterMs === undefined ? '' : `, restart after ${seconds(fault.restartAfterMs)}`
      }`;
    case 'crash-broker':
      return `crash broker ${fault.brokerId}`;
    case 'restart-broker':
      return `restart broker ${fault.brokerId}`;
    case 'isolate-broker':
      return `cut broker ${fault.brokerId} off from the others for ${seconds(fault.durationMs)}`;
    case 'slow-follower':
      return fault.factor === 1
        ? `broker ${fault.brokerId} fetches at normal speed`
        : `broker ${fault.brokerId} fetches ×${fault.factor} slower as a follower`;
  }
}

/** `earliest`, `latest`, an offset, or `t = 12.5 s` for a reset to a time. */
export function describeResetTarget(to: 'earliest' | 'latest' | number | { timestampMs: number }): string {
  return typeof to === 'object' ? `t = ${to.timestampMs / 1000} s` : String(to);
}
