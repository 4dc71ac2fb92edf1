// Queuescope's headless API: a deterministic Kafka-style engine that runs the same in
// Node and in the browser. Everything a script, a test or the UI needs is exported here, and
// every scenario runs synchronously: importing this file provides the queue runtime, which a
// page loads on demand instead (see api.ts and queueRuntimeSlot.ts).

import { provideQueueRuntime } from './queueRuntimeSlot';
import { QUEUE_RUNTIME } from './queues/runtime/queueRuntime';

provideQueueRuntime(QUEUE_RUNTIME);

export * from './api';
// The broker comparison's functions ride with the queue runtime's chunk on the page.
export { brokerComparison, SYSTEM_LABELS } from './compare/brokerComparison';
export { COMPARISON_EVENTS, createComparisonObservations, observeComparison } from './compare/observe';
export { importKafkaCli, KafkaCliImportError, type KafkaCliImportOptions } from './kafka/cliImport';
export { rabbitMessageMachine } from './machines/rabbitMessage.machine';
