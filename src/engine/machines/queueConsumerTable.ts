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

/**
 * Applies one event to a consumer's loop state; unhandled events are ignored, as XState does.
 * `arg` is handed to every hook with the target (the runtime passes what it resolved for the
 * consumer, so a hook looks nothing up again).
 */
export function stepQueueConsumer<T extends { loop: QueueConsumerState }, A = undefined>(
  target: T,
  event: QueueConsumerEvent,
  hooks: Record<QueueConsumerHook, (target: T, arg: A) => void>,
  table: QueueConsumerTable = QUEUE_CONSUMER_TABLE,
  arg?: A,
): void {
  const step = table[target.loop][event.type];
  if (!step) return;
  target.loop = step.target;
  const actions = step.actions;
  for (let i = 0; i < actions.length; i++) hooks[actions[i].type](target, arg as A);
}
