import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine';
import { flowDiagramName } from './FlowDiagram';

const nameAt = (preset: string) => {
  const sim = createSimulation(preset, { seed: 1 });
  sim.advance(2000);
  return flowDiagramName(sim.snapshot());
};

describe('the flow diagram’s accessible name', () => {
  it('says what a queue preset draws, and nothing of Kafka', () => {
    const sqs = nameAt('sqs-redrive');
    expect(sqs).toBe('Flow diagram: producer, queues, dead-letter queues and queue consumers');
    const rabbit = nameAt('rabbitmq-routing');
    expect(rabbit).toContain('exchanges');
    expect(rabbit).not.toMatch(/partitions|consumer groups/);
  });

  it('keeps the Kafka parts on a Kafka preset', () => {
    expect(nameAt('default')).toBe('Flow diagram: producer, partitions, consumer groups and sinks');
  });
});
