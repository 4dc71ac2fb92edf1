// Queuescope's headless API: a deterministic Kafka-style engine that runs the same in
// Node and in the browser. Everything a script, a test or the UI needs is exported here.

export type { Assignment, AssignorMember } from './kafka/assignors';
export { ASSIGNOR_NAMES, assign, isCooperative } from './kafka/assignors';
export { importKafkaCli, KafkaCliImportError, type KafkaCliImportOptions } from './kafka/cliImport';
export { murmur2, partitionForKey, toPositive } from './kafka/murmur2';
export { SKEW_THRESHOLD } from './metrics/observe';
export { getPreset, listPresets, PRESET_IDS } from './scenario/presets';
export type { Scenario } from './scenario/schema';
export { parseFault, parseScenario, ScenarioError } from './scenario/schema';
export type { Checkpoint, SimulationOptions } from './simulation';
export { createSimulation, KNOWN_EVENTS, Simulation } from './simulation';
export * from './types';
