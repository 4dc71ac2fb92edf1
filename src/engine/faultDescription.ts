// One sentence per fault, from the fault alone (no engine state), for the event log, the
// timeline and the exported event trace. Config names are Kafka's, verbatim.

import type { CrashPoint, Fault } from './types';

const CRASH_POINT: Record<CrashPoint, string> = {
  now: 'now',
  'before-process': 'before processing its next record',
  'after-process-before-commit': 'after processing, before committing',
  'after-commit-before-process-completes': 'after committing, before processing completes',
};

const forGroup = (groupId?: string) => (groupId ? ` (${groupId})` : '');
const seconds = (ms: number) => `${ms / 1000} s`;

export function describeFault(fault: Fault): string {
  switch (fault.type) {
    case 'crash-consumer':
      return `crash ${fault.memberId} ${CRASH_POINT[fault.point ?? 'now']}${
        fault.restartAfterMs === undefined ? '' : `, restart after ${seconds(fault.restartAfterMs)}`
      }`;
    case 'restart-consumer':
      return `restart ${fault.memberId}`;
    case 'add-consumer':
      return `add a consumer to ${fault.groupId}`;
    case 'remove-consumer':
      return `${fault.memberId} leaves its group`;
    case 'duplicate-delivery':
      return `deliver the next ${fault.count} records twice${forGroup(fault.groupId)}`;
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
