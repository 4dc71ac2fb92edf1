// Which queues dead-letter into which, read from a snapshot: a queue's `deadLetterTarget` is
// either a queue (SQS RedrivePolicy) or an exchange (RabbitMQ x-dead-letter-exchange) whose
// bindings decide where its dead letters land. Kept out of the menus' chunk: Outcomes needs it.

import type { Snapshot } from '../engine';
import type { QueueSnapshot } from '../engine/queues/types';

/** Whether `source`'s dead letters land in the queue named `queue`. */
export function deadLettersInto(snap: Snapshot, source: QueueSnapshot, queue: string): boolean {
  const target = source.deadLetterTarget;
  if (target === null) return false;
  return (
    target === queue ||
    (snap.exchanges ?? []).some((e) => e.name === target && e.bindings.some((b) => b.queue === queue))
  );
}

/** The queues whose dead letters land in `queue` (a DLQ's or a retry queue's sources). */
export function deadLetterSources(snap: Snapshot, queue: string): QueueSnapshot[] {
  return (snap.queues ?? []).filter((s) => deadLettersInto(snap, s, queue));
}

/** The queues `source`'s dead letters land in. */
export function deadLetterTargets(snap: Snapshot, source: QueueSnapshot): QueueSnapshot[] {
  return (snap.queues ?? []).filter((q) => deadLettersInto(snap, source, q.name));
}
