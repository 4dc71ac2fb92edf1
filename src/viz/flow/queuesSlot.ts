// The queue half's drawing (flow/queues.ts, the largest layer) is only needed by scenarios with
// queues, so it is its own chunk, like the queue engine: the page loads it with the queue
// runtime before such a scenario starts (and prefetches it once idle). The diagram reaches it
// through this slot; until it is in, a scenario with queues draws its Kafka half and asks again.

import type { createQueuesLayer } from './queues';

let factory: typeof createQueuesLayer | null = null;
let loading: Promise<void> | null = null;

/** Loads the queue layer's module (once; the same promise after). */
export function loadQueuesLayer(): Promise<void> {
  if (factory) return Promise.resolve();
  loading ??= import('./queues').then(
    (m) => {
      factory = m.createQueuesLayer;
    },
    (error: unknown) => {
      loading = null; // a failed fetch (offline, a new deploy) may be retried
      throw error;
    },
  );
  return loading;
}

/** The queue layer's constructor, or null while its chunk is not in. */
export function queuesLayerFactory(): typeof createQueuesLayer | null {
  return factory;
}
