// The engine's exports, less the parts a page loads as chunks of their own: the queue runtime
// (through queueRuntimeSlot.ts), the Kafka CLI importer and the RabbitMQ message machine.
// index.ts is the headless API: these exports plus those parts, all synchronous. The page's
// build reads `engine` as this file (vite.config.ts), so what only some scenarios or dialogs
// use stays out of the page's first load.

// The broker comparison (issue 12): "Kafka or RabbitMQ or SQS?" filled from a run's own figures.
export type {
  BrokerComparisonInput,
  BrokerComparisonRow,
  ComparedSystem,
  OrderGuarantee,
} from './compare/brokerComparison';
export type { ComparisonObservations, CrashRedelivery } from './compare/observe';
export { isComparison, systemKinds } from './compare/systems';
export { describeFault } from './faultDescription';
export * from './flowTypes';
export type { Assignment, AssignorMember } from './kafka/assignors';
export { ASSIGNOR_NAMES, assign, isCooperative } from './kafka/assignors';
export { murmur2, partitionForKey, toPositive } from './kafka/murmur2';
// The three machines that run the engine, for the Statechart tab (members[].loop.state,
// members[].state and groups[].state are their current states).
export type { IdleReason, LoopEvent, LoopState } from './machines/consumerLoop.machine';
export { consumerLoopMachine } from './machines/consumerLoop.machine';
export { consumerMemberMachine } from './machines/consumerMember.machine';
export { groupCoordinatorMachine } from './machines/groupCoordinator.machine';
// A RabbitMQ message's lifecycle (queues[].messages[].state is its contract name).
export type { RabbitMessageState } from './machines/rabbitMessage.machine';
export type { DrainTime } from './metrics/drain';
export { drainTime, groupDrainTimes, topicProducedPerSec } from './metrics/drain';
export type { LagSkew } from './metrics/skew';
export { lagSkew, SKEW_THRESHOLD } from './metrics/skew';
export { hasQueueRuntime, loadQueueRuntime, needsQueueRuntime } from './queueRuntimeSlot';
export * as scenarioEdit from './scenario/edit';
export { getPreset, listPresets, PRESET_IDS } from './scenario/presets';
export type { Scenario } from './scenario/schema';
export { parseFault, parseScenario, ScenarioError } from './scenario/schema';
export { shareConsumerMachine } from './share/shareConsumer.machine';
export { shareRecordMachine } from './share/shareRecord.machine';
export type { Checkpoint, SimulationOptions } from './simulation';
export { createSimulation, KNOWN_EVENTS, Simulation } from './simulation';
// Transactions as a standalone model (KIP-98 on its own logs). Scenarios use the engine's wiring
// (transactions/engineTxn.ts): `transactional.id`, `isolation.level`, `transform`.
export * as transactions from './transactions/coordinator';
export * as transactionalLog from './transactions/txnLog';
export * from './types';
