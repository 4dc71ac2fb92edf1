// The queue runtime (SQS and RabbitMQ backends, queue consumers) is only needed by scenarios
// with `queues`. The engine reaches it through this slot: the headless API (index.ts) fills it
// when it is imported, and the page fills it with loadQueueRuntime() (a dynamic import, its own
// chunk) before it starts such a scenario. Kafka-only scenarios never touch it.

import type { QueueRuntime } from './queues/runtime/queueRuntime';
import type { Scenario } from './scenario/schema';

let provided: QueueRuntime | null = null;
let loading: Promise<void> | null = null;

export function provideQueueRuntime(runtime: QueueRuntime): void {
  provided = runtime;
}

export function hasQueueRuntime(): boolean {
  return provided !== null;
}

/** The queue runtime; a scenario with queues cannot start before it is provided. */
export function queueRuntime(): QueueRuntime {
  if (!provided)
    throw new Error(
      'The queue runtime (SQS, RabbitMQ) is not loaded: await loadQueueRuntime() before starting a scenario with queues',
    );
  return provided;
}

/** Loads and provides the queue runtime (once; the same promise after). */
export function loadQueueRuntime(): Promise<void> {
  if (provided) return Promise.resolve();
  loading ??= import('./queues/runtime/queueRuntime').then(
    (m) => provideQueueRuntime(m.QUEUE_RUNTIME),
    (error: unknown) => {
      loading = null; // a failed fetch (offline, a new deploy) may be retried
      throw error;
    },
  );
  return loading;
}

/** Whether a (validated) scenario uses queues, so the queue runtime must be in before it starts. */
export function needsQueueRuntime(scenario: Scenario): boolean {
  return (
    (scenario.queues?.length ?? 0) > 0 ||
    (scenario.exchanges?.length ?? 0) > 0 ||
    scenario.producers.some((p) => p.queue !== undefined || p.exchange !== undefined)
  );
}
