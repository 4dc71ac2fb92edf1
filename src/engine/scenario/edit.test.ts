import { describe, expect, it } from 'vitest';
import {
  addGroup,
  addPartition,
  MAX_PARTITIONS,
  removeLastGroup,
  setDeliveryMode,
  setGroupConfig,
  setProducerKeys,
  setProducerRate,
  setTopicConfig,
} from './edit';
import { getPreset } from './presets';
import { ScenarioError } from './schema';

const base = () => getPreset('default');

describe('scenario edits', () => {
  it('setGroupConfig changes one group and leaves the input untouched', () => {
    const doc = base();
    const before = JSON.stringify(doc);
    const next = setGroupConfig(doc, 'payments', { 'max.poll.records': 50, 'session.timeout.ms': 20_000 });
    expect(next.groups[0]).toMatchObject({
      groupId: 'payments',
      'max.poll.records': 50,
      'session.timeout.ms': 20_000,
    });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('setGroupConfig rejects an unknown group and an invalid value, naming the field', () => {
    expect(() => setGroupConfig(base(), 'nobody', { consumers: 1 })).toThrow(/group "nobody"/);
    const error = (() => {
      try {
        setGroupConfig(base(), 'payments', { 'session.timeout.ms': 5 });
      } catch (e) {
        return e as ScenarioError;
      }
    })();
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error?.path).toBe('scenario.groups.0.session.timeout.ms');
  });

  it('setDeliveryMode switches to manual commits', () => {
    const next = setDeliveryMode(base(), 'payments', 'at-most-once');
    expect(next.groups[0]).toMatchObject({ delivery: 'at-most-once', 'enable.auto.commit': false });
  });

  it('setProducerRate and setProducerKeys change the producer by index', () => {
    expect(setProducerRate(base(), 0, 250).producers[0].ratePerSec).toBe(250);
    expect(setProducerKeys(base(), 0, { type: 'null' }).producers[0].keys).toEqual({ type: 'null' });
    expect(() => setProducerRate(base(), 0, -1)).toThrow(ScenarioError);
    expect(() => setProducerRate(base(), 3, 10)).toThrow(/producers\[3\]/);
  });

  it('addPartition adds one partition up to the limit, and retention changes by topic', () => {
    const doc = base();
    expect(addPartition(doc, 'orders').topics[0].partitions).toBe(doc.topics[0].partitions + 1);
    const full = setTopicConfig(doc, 'orders', { partitions: MAX_PARTITIONS });
    expect(addPartition(full, 'orders').topics[0].partitions).toBe(MAX_PARTITIONS);
    expect(setTopicConfig(doc, 'orders', { 'retention.ms': 30_000 }).topics[0]['retention.ms']).toBe(30_000);
    expect(() => addPartition(doc, 'nope')).toThrow(/topic "nope"/);
  });

  it('addGroup names groups after uses and removeLastGroup drops the last', () => {
    const one = addGroup(base());
    const two = addGroup(one);
    expect(two.groups.map((g) => g.groupId).slice(-2)).toEqual(['shipping', 'emails']);
    expect(two.groups.at(-1)).toMatchObject({ consumers: 2, delivery: 'at-least-once', topic: 'orders' });
    expect(removeLastGroup(two).groups.map((g) => g.groupId)).toEqual(one.groups.map((g) => g.groupId));
    expect(() => removeLastGroup({ ...base(), groups: [] })).toThrow(ScenarioError);
  });
});
