// Public metric shapes of the flow-control features (backpressure, autoscaling, the
// synchronous world without a queue, dual writes and the outbox). Each appears in
// `metrics()` only when its scenario uses the feature, so older scenarios read as before.

/** A producer's backpressure counters (only for producers with a flow-control setting). */
export interface ProducerFlowMetrics {
  producerId: string;
  /** send() calls the application made. */
  attempted: number;
  /** Low-priority records dropped at the producer while the lag passed the threshold (not lost: never accepted). */
  shed: number;
  /** Sends the token bucket rejected. */
  rateLimited: number;
  /** Sends that waited for room in buffer.memory. */
  blocked: number;
  /** Total time sends spent blocked, ms. */
  blockedMs: number;
  /** Sends that blocked longer than max.block.ms and failed with TimeoutException. */
  timedOut: number;
  /** Sends waiting right now. */
  blockedNow: number;
  /** Bytes in the accumulator now, and its capacity (buffer.memory). */
  bufferedBytes: number;
  bufferMemoryBytes: number;
}

export interface AutoscaleMetrics {
  /** Consumers the autoscaler wants (lag / lagThreshold, within its bounds). */
  desired: number;
  /** Live consumers now, and how many of them own no partition. */
  live: number;
  idle: number;
  scaleOuts: number;
  scaleIns: number;
  /** Why desired stops where it does, in words ("capped at 6 partitions", …). */
  note: string;
}

/** The synchronous path: clients call the dependency through a bounded connection pool. */
export interface SyncMetrics {
  id: string;
  /** Distinct requests users made. */
  requests: number;
  /** Calls sent, retries included. */
  attempts: number;
  /** attempts / requests: how much the retries multiplied the load. */
  amplification: number;
  succeeded: number;
  /** Calls that found no free connection within connectionTimeoutMs. */
  rejected: number;
  /** Calls the client gave up on after requestTimeoutMs. */
  timedOut: number;
  /** Timed-out calls the dependency completed anyway (work done for nobody; a charge the user retried). */
  completedAfterTimeout: number;
  /** Requests that failed after every retry. */
  failed: number;
  inUse: number;
  waiting: number;
  maximumPoolSize: number;
  latencyMs: { p50: number; p99: number; max: number; count: number };
}

/** A service that writes its database and publishes an event. Ground truth vs the topic. */
export interface ServiceMetrics {
  serviceId: string;
  writePath: 'dual-write-commit-first' | 'dual-write-publish-first' | 'outbox';
  requests: number;
  /** Changes committed to the database. */
  committed: number;
  /** Events appended to the topic (copies counted). */
  published: number;
  /** Committed changes whose event will never be published. */
  lostEvents: number;
  /** Events published for a change that was never committed. */
  phantomEvents: number;
  /** Events published more than once. */
  duplicateEvents: number;
  /** Outbox rows not yet published. */
  pendingOutbox: number;
  crashes: number;
  /** Requests refused while the service was down. */
  refused: number;
  isDown: boolean;
}
