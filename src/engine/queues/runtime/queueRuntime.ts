// Everything the engine calls on the queue side (SQS, RabbitMQ, and the broker comparison), in one object: the engine core
// reaches it through queueRuntimeSlot.ts, so a page can load it as a chunk of its own the first
// time a scenario has queues, while the headless API (index.ts) provides it up front.

import { brokerComparison } from '../../compare/brokerComparison';
import { COMPARISON_EVENTS, createComparisonObservations, observeComparison } from '../../compare/observe';
import { exchangeSnapshot } from '../rabbitmq/routing';
import { applyQueueFault } from './faults';
import { buildQueueSnapshots, queueGroupMetrics } from './observe';
import { onQueueProduce } from './produce';
import { createQueueWorld, dispatchQueueEvent, startQueues } from './runtime';

export const QUEUE_RUNTIME = {
  createQueueWorld,
  startQueues,
  dispatchQueueEvent,
  onQueueProduce,
  applyQueueFault,
  buildQueueSnapshots,
  queueGroupMetrics,
  exchangeSnapshot,
  // The broker comparison: only a scenario with queues can run two kinds of system.
  createComparisonObservations,
  observeComparison,
  comparisonEvents: COMPARISON_EVENTS,
  brokerComparison,
};

export type QueueRuntime = typeof QUEUE_RUNTIME;
