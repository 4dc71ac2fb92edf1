// The Statechart tab for the queue half (issue 12): the queue consumer machine (receive →
// process → delete/ack, backoff, crash) with the selected consumer's state lit, and the
// message lifecycle machine of the queue's system (SQS: Available → InFlight → Deleted;
// RabbitMQ: Ready → Unacked → Acked / Requeued / DeadLettered / Expired) with the state of
// the message that consumer holds (or, for a selected queue, of its next message).

import type { Snapshot } from '../engine';
import { queueConsumerMachine } from '../engine/machines/queueConsumer.machine';
import { type RabbitMessageState, rabbitMessageMachine } from '../engine/machines/rabbitMessage.machine';
import { sqsMessageMachine } from '../engine/machines/sqsMessage.machine';
import {
  isSqs,
  type QueueMessageState,
  type QueueMessageView,
  type QueueSnapshot,
} from '../engine/queues/types';
import type { Selection } from '../store/store';
import { type ConsumerExtras, queueConsumerState } from '../viz/queueModel';
import { Chart } from './StatechartTab';

/** The SQS message machine's state for a message as the snapshot shows it. */
const SQS_STATE: Partial<Record<QueueMessageState, string>> = {
  delayed: 'Delayed',
  available: 'Available',
  'in-flight': 'InFlight',
  deleted: 'Deleted',
  'dead-lettered': 'DeadLettered',
  expired: 'Expired',
};

/**
 * The RabbitMQ message machine's state for a message as the snapshot shows it: a ready
 * message that was returned (nack/reject with requeue, a closed channel) is Requeued until it
 * is delivered again.
 */
export function rabbitMessageState(m: QueueMessageView): RabbitMessageState | null {
  switch (m.state) {
    case 'ready':
      return m.redelivered ? 'Requeued' : 'Ready';
    case 'unacked':
      return 'Unacked';
    case 'acked':
      return 'Acked';
    case 'dead-lettered':
      return 'DeadLettered';
    case 'expired':
      return 'Expired';
    case 'dropped':
      return 'Dropped';
    default:
      return null;
  }
}

/** What the caption adds for a RabbitMQ message: its delivery count and x-death history. */
function rabbitDetail(queue: QueueSnapshot, m: QueueMessageView): string {
  const parts = [
    queue.type === 'rabbitmq-quorum' ? `x-delivery-count ${m.receiveCount}` : `delivered ${m.receiveCount}×`,
  ];
  if (m.redelivered) parts.push('redelivered');
  for (const d of m.xDeath ?? []) parts.push(`x-death ${d.queue} ${d.reason} ×${d.count}`);
  return parts.join(' · ');
}

/** Which queue, consumer and message to follow: the selection's, else the first queue's. */
export function queueChartFocus(snap: Snapshot, selection: Selection | null) {
  const queues = snap.queues ?? [];
  const named =
    selection?.kind === 'queue' || selection?.kind === 'queue-consumer'
      ? queues.find((q) => q.name === selection.queue)
      : undefined;
  const queue = named ?? queues.find((q) => q.consumers.length > 0) ?? queues[0];
  if (!queue) return null;
  const consumer =
    (selection?.kind === 'queue-consumer'
      ? queue.consumers.find((c) => c.consumerId === selection.consumerId)
      : undefined) ?? queue.consumers[0];
  const held = consumer ? queue.messages.find((m) => m.consumerId === consumer.consumerId) : undefined;
  // A selected consumer that holds nothing lights no message (another consumer's would mislead);
  // with no consumer selected, follow the message this one holds, else the queue's next one.
  const isConsumerSelected =
    selection?.kind === 'queue-consumer' && consumer?.consumerId === selection.consumerId;
  const message = isConsumerSelected
    ? held
    : (held ??
      queue.messages.find((m) => m.state === 'available' || m.state === 'ready') ??
      queue.messages[0]);
  const member = snap.groups.flatMap((g) => g.members).find((m) => m.memberId === consumer?.consumerId);
  return {
    queue,
    consumer,
    holdsNothing: isConsumerSelected && !held,
    consumerState: consumer
      ? queueConsumerState(consumer as ConsumerExtras, member?.state, snap.nowMs)
      : null,
    message,
    messageState: message
      ? isSqs(queue.type)
        ? (SQS_STATE[message.state] ?? null)
        : rabbitMessageState(message)
      : null,
  };
}

/** RabbitMQ acks where SQS deletes: the queue consumer machine's events under RabbitMQ's word. */
export const RABBITMQ_CONSUMER_EVENTS: Readonly<Record<string, string>> = {
  CRASH_AFTER_DELETE: 'CRASH_AFTER_ACK',
};

export function QueueStatecharts({ snap, selection }: { snap: Snapshot; selection: Selection | null }) {
  const focus = queueChartFocus(snap, selection);
  if (!focus) return null;
  const { queue, consumer, consumerState, message, messageState, holdsNothing } = focus;
  const idle = holdsNothing ? `${consumer?.consumerId} holds no message` : undefined;
  // Paused is a fault holding the machine where it was, not a state of its own.
  const lit =
    consumerState === 'Paused' ? ((consumer as ConsumerExtras | undefined)?.state ?? null) : consumerState;
  return (
    <>
      <Chart
        machine={queueConsumerMachine}
        current={lit}
        label={`Queue consumer ${consumer?.consumerId ?? ''} on ${queue.name}`}
        eventNames={isSqs(queue.type) ? undefined : RABBITMQ_CONSUMER_EVENTS}
        detail={consumerState === 'Paused' ? 'paused by a fault' : undefined}
      />
      {isSqs(queue.type) ? (
        <Chart
          machine={sqsMessageMachine}
          current={messageState}
          label={`SQS message ${message ? `#${message.messageId}` : ''} in ${queue.name}`}
          detail={message ? `ApproximateReceiveCount ${message.receiveCount}` : idle}
        />
      ) : (
        <Chart
          machine={rabbitMessageMachine}
          current={messageState}
          label={`RabbitMQ message ${message ? `#${message.messageId}` : ''} in ${queue.name}`}
          detail={message ? rabbitDetail(queue, message) : idle}
        />
      )}
    </>
  );
}
