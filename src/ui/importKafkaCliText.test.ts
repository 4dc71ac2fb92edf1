import { describe, expect, it } from 'vitest';
import { DESCRIBE_ALL_GROUPS } from '../engine/kafka/cliImport.fixtures';
import { createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { importKafkaCliText } from './ImportExport';

function loaded() {
  const controller = createController(createAppStore(), { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
  controller.load('default', { seed: 1 });
  return controller;
}

describe('importKafkaCliText', () => {
  it('loads the scenario built from kafka-consumer-groups output, with its topic, partitions and lag', () => {
    const controller = loaded();
    expect(importKafkaCliText(controller, DESCRIBE_ALL_GROUPS, 'the pasted output')).toBe(true);
    const state = controller.store.getState();
    expect(state.error).toBeNull();
    const snap = state.frame?.snapshot;
    expect(snap?.topics.map((t) => [t.name, t.partitions])).toEqual([['orders', 4]]);
    expect(state.frame?.metrics.groups.billing.lag).toBe(50 + 400 + 80 + 30);
  });

  it('a malformed line names the line and column, and the current scenario stays', () => {
    const controller = loaded();
    const before = controller.store.getState().scenarioJson;
    const broken = DESCRIBE_ALL_GROUPS.replace(
      'billing         orders          1          9800',
      'billing         orders          x          9800',
    );
    expect(importKafkaCliText(controller, broken, 'The pasted output')).toBe(false);
    const state = controller.store.getState();
    expect(state.error).toMatch(/Line 4, column PARTITION/);
    expect(state.scenarioJson).toBe(before);
  });
});
