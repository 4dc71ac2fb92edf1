// The queue consumer machine as a lookup table (state × event → target and hooks), compiled
// with the same compiler as the Kafka loop (loopTable.ts): a step is one lookup instead of
// XState's `transition()`, which matters at a million deliveries per second.

import { compileLoopTable } from './loopTable';
import {
  type QueueConsumerEvent,
  type QueueConsumerEventType,
  type QueueConsumerHook,
  type QueueConsumerState,
  queueConsumerMachine,
} from './queueConsumer.machine';

export interface QueueConsumerStep {
  target: QueueConsumerState;
  actions: readonly { type: QueueConsumerHook }[];
}

export type QueueConsumerTable = Record<
  QueueConsumerState,
  Partial<Record<QueueConsumerEventType, QueueConsumerStep>>
>;

export function compileQueueConsumerTable(): QueueConsumerTable {
  return compileLoopTable(queueConsumerMachine) as unknown as QueueConsumerTable;
}

export const QUEUE_CONSUMER_TABLE = compileQueueConsumerTable();

/** Applies one event to a consumer's loop state; unhandled events are ignored, as XState does. */
export function stepQueueConsumer<T extends { loop: QueueConsumerState }>(
  target: T,
  event: QueueConsumerEvent,
  hooks: Record<QueueConsumerHook, (target: T) => void>,
  table: QueueConsumerTable = QUEUE_CONSUMER_TABLE,
): void {
  const step = table[target.loop][event.type];
  if (!step) return;
  target.loop = step.target;
  for (const action of step.actions) hooks[action.type](target);
}
