// What the queue half of the flow diagram offers where it stands (issue 12), pure: a queue
// consumer (crash at a point, slow down, pause past the visibility timeout or
// consumer_timeout, restart), a queue (send a poison message, purge, inspect), a DLQ
// (inspect, move its messages back to their source, purge) and an exchange (publish a poison
// message through it); and what "inspect" shows: each listed message with its SQS
// ApproximateReceiveCount or its RabbitMQ x-death history. Names are the real systems'
// (DeleteMessage, ack). Moving messages back has a different name on each: SQS has DLQ
// redrive (StartMessageMoveTask); RabbitMQ has no redrive, and the usual way is a shovel
// (the management UI's "Move messages" creates a dynamic shovel) from the DLQ to the source.

import type { CrashPoint, Fault, MemberSnapshot, Snapshot } from '../engine';
import { isSqs, type QueueSnapshot } from '../engine/queues/types';
import { producerTarget, QUEUE_TYPE_NAMES, queueConsumerState, queueTimeoutMs } from '../viz/queueModel';
import { deadLetterSources } from './deadLetterTopology';

export type QueueMenuAction = { kind: 'fault'; fault: Fault } | { kind: 'inspect-queue'; queue: string };

export interface QueueMenuItem {
  name: string;
  action: QueueMenuAction;
  isDisabled?: boolean;
}

export interface QueueMenu {
  title: string;
  items: QueueMenuItem[];
}

/** Past the window by 5 s, so the message surely becomes visible again (is redelivered). */
const PAUSE_MARGIN_MS = 5000;
const SLOW_FACTOR = 10;

const fault = (f: Fault): QueueMenuAction => ({ kind: 'fault', fault: f });

/** The crash points in queue words: SQS deletes (DeleteMessage), RabbitMQ acks. */
function crashPointNames(q: QueueSnapshot): Record<CrashPoint, string> {
  const done = isSqs(q.type) ? 'DeleteMessage' : 'ack';
  return {
    now: 'now',
    'before-process': 'before process',
    'after-process-before-commit': `after process, before ${done}`,
    'after-commit-before-process-completes': `after ${done}, before process completes`,
  };
}

function findMember(snap: Snapshot, memberId: string): MemberSnapshot | undefined {
  return snap.groups.flatMap((g) => g.members).find((m) => m.memberId === memberId);
}

/** The fields the queue runtime adds to a queue consumer (QueueConsumerView). */
interface ConsumerExtras {
  state?: string;
  processingFactor?: number;
  pausedUntilMs?: number | null;
}

export function queueConsumerMenu(snap: Snapshot, queue: string, consumerId: string): QueueMenu | null {
  const q = snap.queues?.find((x) => x.name === queue);
  const c = q?.consumers.find((x) => x.consumerId === consumerId);
  if (!q || !c) return null;
  const m = findMember(snap, consumerId);
  const extra = c as ConsumerExtras;
  const state = queueConsumerState(extra, m?.state, snap.nowMs);
  const factor = extra.processingFactor ?? m?.processingFactor ?? 1;
  const id = consumerId;
  const isDown = state === 'Crashed' || state === 'Left' || state === 'Stopped';
  const items: QueueMenuItem[] = [];
  if (!isDown)
    for (const [point, words] of Object.entries(crashPointNames(q)) as [CrashPoint, string][])
      items.push({
        name: `Crash ${id} ${words}`,
        action: fault({ type: 'crash-consumer', memberId: id, point }),
      });
  if (state === 'Crashed')
    items.push({ name: `Restart ${id}`, action: fault({ type: 'restart-consumer', memberId: id }) });
  if (!isDown) {
    items.push(
      factor !== 1
        ? {
            name: `Restore ${id} to normal speed`,
            action: fault({ type: 'slow-consumer', memberId: id, factor: 1 }),
          }
        : {
            name: `Slow down ${id} ×${SLOW_FACTOR}`,
            action: fault({ type: 'slow-consumer', memberId: id, factor: SLOW_FACTOR }),
          },
    );
    const windowMs = queueTimeoutMs(q) ?? 30_000;
    items.push({
      name: `Pause ${id} past the ${isSqs(q.type) ? 'visibility timeout' : 'consumer_timeout'}`,
      isDisabled: state === 'Paused',
      action: fault({ type: 'pause-consumer', memberId: id, durationMs: windowMs + PAUSE_MARGIN_MS }),
    });
  }
  return { title: `Actions for queue consumer ${id}`, items };
}

/**
 * A routing key the binding matches: `*` stands for one word and `#` for zero or more
 * (AMQP topic rules), so `order.eu.*` gets `order.eu.poison`.
 */
export function routingKeyFor(bindingKey: string): string {
  if (bindingKey === '') return 'poison';
  return bindingKey
    .split('.')
    .map((w) => (w === '*' || w === '#' ? 'poison' : w))
    .join('.');
}

/** The producer that reaches a queue (directly, else through an exchange) and the key to send. */
function poisonRoute(snap: Snapshot, queue: string): { producerId: string; key: string } | null {
  const direct = snap.producers.find((p) => producerTarget(p) === queue);
  if (direct) return { producerId: direct.producerId, key: 'poison' };
  for (const e of snap.exchanges ?? []) {
    const binding = e.bindings.find((b) => b.queue === queue);
    const p = binding && snap.producers.find((x) => producerTarget(x) === e.name);
    if (binding && p) return { producerId: p.producerId, key: routingKeyFor(binding.key) };
  }
  return null;
}

export function queueMenu(snap: Snapshot, queue: string): QueueMenu | null {
  const q = snap.queues?.find((x) => x.name === queue);
  if (!q) return null;
  const isEmpty = q.visible + q.inFlight + q.delayed === 0;
  const inspect: QueueMenuItem = { name: `Inspect ${queue}`, action: { kind: 'inspect-queue', queue } };
  const purge: QueueMenuItem = {
    name: `Purge ${queue}`,
    isDisabled: isEmpty,
    action: fault({ type: 'purge-dlq', queue }),
  };
  if (q.isDeadLetterQueue) {
    const sources = deadLetterSources(snap, queue);
    const to = sources.map((s) => s.name).join(', ') || 'its source';
    // The engine's move task takes the oldest messages and publishes each to the queue it was
    // dead-lettered from: what a redrive does on SQS and a shovel from the DLQ does on RabbitMQ.
    const moveBack: QueueMenuItem = {
      name: isSqs(q.type) ? `Redrive ${queue} to ${to}` : `Shovel ${queue} back to ${to}`,
      isDisabled: q.visible === 0,
      action: fault({ type: 'redrive', queue }),
    };
    return { title: `Actions for dead-letter queue ${queue}`, items: [inspect, moveBack, purge] };
  }
  const route = poisonRoute(snap, queue);
  return {
    title: `Actions for queue ${queue}`,
    items: [
      {
        name: `Send a poison message to ${queue}`,
        isDisabled: route === null,
        action: fault({ type: 'poison-message', key: route?.key ?? 'poison', producerId: route?.producerId }),
      },
      purge,
      inspect,
    ],
  };
}

export function exchangeMenu(snap: Snapshot, exchange: string): QueueMenu | null {
  const e = snap.exchanges?.find((x) => x.name === exchange);
  if (!e) return null;
  const p = snap.producers.find((x) => producerTarget(x) === exchange);
  const key = routingKeyFor(e.bindings[0]?.key ?? '');
  return {
    title: `Actions for exchange ${exchange}`,
    items: [
      {
        name: `Publish a poison message to ${exchange} with key ${key}`,
        isDisabled: !p,
        action: fault({ type: 'poison-message', key, producerId: p?.producerId }),
      },
    ],
  };
}

/** One row of the inspector: a message and what its queue's system records about it. */
export interface InspectedMessage {
  messageId: number;
  key: string;
  state: string;
  /** "ApproximateReceiveCount 4" (SQS) or "x-delivery-count 4" / "delivered 4 times" (RabbitMQ). */
  receives: string;
  /** RabbitMQ x-death entries, most recent first, one line each. */
  xDeath: string[];
}

export interface QueueInspection {
  title: string;
  summary: string;
  messages: InspectedMessage[];
  /** Listed messages beyond `messages` (the snapshot lists the oldest few; counts are exact). */
  notListed: number;
}

/** What "Inspect" shows: the messages the snapshot lists, oldest first, with their history. */
export function inspectQueue(snap: Snapshot, queue: string, limit = 50): QueueInspection | null {
  const q = snap.queues?.find((x) => x.name === queue);
  if (!q) return null;
  const sqs = isSqs(q.type);
  const listed = [...q.messages].sort((a, b) => a.sentAtMs - b.sentAtMs || a.messageId - b.messageId);
  const total = q.visible + q.inFlight + q.delayed;
  return {
    title: `${q.isDeadLetterQueue ? 'Dead-letter queue' : 'Queue'} ${q.name} (${QUEUE_TYPE_NAMES[q.type]})`,
    summary: sqs
      ? `${q.visible} visible, ${q.inFlight} in flight, ${q.delayed} delayed`
      : `${q.ready ?? q.visible} ready, ${q.unacked ?? q.inFlight} unacked`,
    messages: listed.slice(0, limit).map((m) => ({
      messageId: m.messageId,
      key: m.key ?? '(no key)',
      state: m.state,
      receives: sqs
        ? `ApproximateReceiveCount ${m.receiveCount}`
        : q.type === 'rabbitmq-quorum'
          ? `x-delivery-count ${m.receiveCount}${m.redelivered ? ', redelivered' : ''}`
          : `delivered ${m.receiveCount} time${m.receiveCount === 1 ? '' : 's'}${m.redelivered ? ', redelivered' : ''}`,
      xDeath: (m.xDeath ?? []).map(
        (x) =>
          `x-death: queue ${x.queue}, reason ${x.reason}, count ${x.count}, exchange ${x.exchange || '(default)'}, routing-keys ${x.routingKeys.join(', ') || '(none)'}, time ${(x.timeMs / 1000).toFixed(1)} s`,
      ),
    })),
    notListed: Math.max(0, total - Math.min(limit, listed.length)),
  };
}
