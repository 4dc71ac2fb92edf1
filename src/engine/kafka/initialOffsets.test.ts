import { describe, expect, it } from 'vitest';
import { type Scenario, ScenarioError } from '../scenario/schema';
import { createSimulation } from '../simulation';

const base = (overrides: Partial<Scenario> = {}): Scenario => ({
  topics: [{ name: 'orders', partitions: 3, initialLogEndOffsets: [1200, 1000, 40] }],
  producers: [],
  groups: [
    {
      groupId: 'billing',
      topic: 'orders',
      consumers: 1,
      initialCommittedOffsets: [1000, 1000, -1],
      'auto.offset.reset': 'earliest',
      delivery: 'at-least-once',
      processing: { meanMs: 1, distribution: 'constant' },
    },
  ],
  ...overrides,
});

describe('initial offsets', () => {
  it('starts each partition at its log-end offset with the lag the committed offsets give', () => {
    const sim = createSimulation(base(), { seed: 1 });
    const partitions = sim.snapshot().partitions;
    expect(partitions.map((p) => p.logEndOffset)).toEqual([1200, 1000, 40]);
    // Only what the group still has to read exists: the log starts at the committed offset.
    expect(partitions.map((p) => p.logStartOffset)).toEqual([1000, 1000, 40]);
    expect(partitions.map((p) => p.committed.billing)).toEqual([1000, 1000, -1]);
    expect(sim.metrics().groups.billing.lag).toBe(200);
  });

  it('lets the group read the backlog from its committed offsets and no further back', () => {
    const sim = createSimulation(base(), { seed: 1 });
    sim.advance(10_000);
    const partitions = sim.snapshot().partitions;
    // Partition 2 had no committed offset: earliest is the first materialised record, its log end (40).
    expect(partitions.map((p) => p.committed.billing)).toEqual([1200, 1000, 40]);
    expect(sim.metrics().groups.billing.delivered).toBe(200);
    expect(sim.metrics().groups.billing.lag).toBe(0);
    expect(sim.metrics().groups.billing.lost).toBe(0);
  });

  it('keeps the records a second, further-behind group still has to read', () => {
    const scenario = base();
    scenario.groups.push({
      groupId: 'audit',
      topic: 'orders',
      consumers: 0,
      initialCommittedOffsets: [100, -1, 0],
    });
    const sim = createSimulation(scenario, { seed: 1 });
    expect(sim.snapshot().partitions.map((p) => p.logStartOffset)).toEqual([100, 1000, 0]);
  });

  it.each<['sticky' | 'range', number[][]]>([
    // The eager sticky assignor keeps what each consumer reports owning when it first joins…
    [
      'sticky',
      [
        [2, 3],
        [0, 1],
      ],
    ],
    // …while range assigns from the member order alone, as Kafka's RangeAssignor does.
    [
      'range',
      [
        [0, 1],
        [2, 3],
      ],
    ],
  ])('hands the initial assignment to the first consumers as owned partitions (%s)', (strategy, expected) => {
    const sim = createSimulation(
      {
        topics: [{ name: 'orders', partitions: 4 }],
        producers: [],
        groups: [
          {
            groupId: 'billing',
            topic: 'orders',
            consumers: 2,
            'partition.assignment.strategy': strategy,
            initialAssignment: [
              [2, 3],
              [0, 1],
            ],
          },
        ],
      },
      { seed: 1 },
    );
    sim.advance(5000);
    const members = sim.snapshot().groups.find((g) => g.groupId === 'billing')!.members;
    expect(members.map((m) => m.assigned.map((tp) => tp.partition).sort())).toEqual(expected);
  });

  it.each<[string, Partial<Scenario>, RegExp]>([
    [
      'log-end offsets that do not match the partition count',
      { topics: [{ name: 'orders', partitions: 3, initialLogEndOffsets: [1, 2] }] },
      /one offset per partition/,
    ],
    [
      'a committed offset beyond the log end',
      {
        groups: [
          { groupId: 'billing', topic: 'orders', consumers: 1, initialCommittedOffsets: [1300, 0, 0] },
        ],
      },
      /none above its initialLogEndOffsets/,
    ],
    [
      'an initial assignment that gives a partition twice',
      {
        groups: [
          {
            groupId: 'billing',
            topic: 'orders',
            consumers: 2,
            initialAssignment: [
              [0, 1],
              [1, 2],
            ],
          },
        ],
      },
      /each owned once/,
    ],
    [
      'a backlog too large to hold',
      { topics: [{ name: 'orders', partitions: 3, initialLogEndOffsets: [900_000, 1000, 40] }] },
      /more than 500,000 records/,
    ],
  ])('rejects %s', (_, overrides, message) => {
    expect(() => createSimulation(base(overrides), { seed: 1 })).toThrow(ScenarioError);
    expect(() => createSimulation(base(overrides), { seed: 1 })).toThrow(message);
  });
});
