import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../scenario/schema';
import { createSimulation } from '../simulation';
import { importKafkaCli, KafkaCliImportError } from './cliImport';
import {
  DESCRIBE_ALL_GROUPS,
  DESCRIBE_WITHOUT_GROUP_COLUMN,
  MEMBERS_VERBOSE,
  STATE,
  TOPICS_DESCRIBE,
  TWO_SNAPSHOTS,
} from './cliImport.fixtures';

const lagByPartition = (text: string, groupId: string) =>
  createSimulation(importKafkaCli(text), { seed: 1 }).metrics().groups[groupId].lagByPartition;

describe('importKafkaCli: --describe layouts', () => {
  it('reads a table without the GROUP column, naming the group from the options', () => {
    const s = importKafkaCli(DESCRIBE_WITHOUT_GROUP_COLUMN, { groupId: 'checkout' });
    expect(s.topics).toEqual([
      { name: 'carts', partitions: 4, initialLogEndOffsets: [1620, 1600, 1515, 42] },
    ]);
    expect(s.groups).toEqual([
      // consumer3 owns nothing ("-" in TOPIC) but is a member; carts-3 has no active member.
      {
        groupId: 'checkout',
        topic: 'carts',
        consumers: 3,
        initialCommittedOffsets: [1500, 1490, 1510, -1],
        initialAssignment: [[0, 1], [2], []],
      },
    ]);
    expect(s.producers).toEqual([]);
    expect(s.description).toContain('consumer1 (carts-0,1); consumer2 (carts-2); consumer3 (no partitions)');
  });

  it('reads rows of groups whose names start like a note ("error-handler")', () => {
    const text = `Warning: Consumer group 'error-handler' is rebalancing.
GROUP          TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST       CLIENT-ID
error-handler  orders  0          5               9               4    eh-1-a       /10.0.0.1  eh-1
`;
    expect(importKafkaCli(text).groups).toEqual([
      {
        groupId: 'error-handler',
        topic: 'orders',
        consumers: 1,
        initialCommittedOffsets: [5],
        initialAssignment: [[0]],
      },
    ]);
  });

  it('skips a log4j line printed inside a table', () => {
    const lines = DESCRIBE_ALL_GROUPS.split('\n');
    lines.splice(
      4,
      0,
      '[2024-05-01 10:00:00,123] WARN [AdminClient clientId=adminclient-1] Connection to node 2 was lost',
    );
    expect(importKafkaCli(lines.join('\n')).groups[0].initialCommittedOffsets).toEqual([
      10400, 9800, 10100, 10000,
    ]);
  });

  it('falls back to the group id "imported" when nothing names the group', () => {
    expect(importKafkaCli(DESCRIBE_WITHOUT_GROUP_COLUMN).groups[0].groupId).toBe('imported');
  });

  it('starts the simulation with the lag the table shows (log end − current offset)', () => {
    const sim = createSimulation(importKafkaCli(DESCRIBE_WITHOUT_GROUP_COLUMN, { groupId: 'checkout' }), {
      seed: 1,
    });
    // carts-3 has no committed offset: auto.offset.reset=latest puts it at the log end.
    expect(sim.metrics().groups.checkout.lagByPartition).toEqual([120, 110, 5, 0]);
    expect(sim.snapshot().partitions.map((p) => p.logEndOffset)).toEqual([1620, 1600, 1515, 42]);
  });

  it('reads --all-groups: several groups, blank lines between them, a note above one', () => {
    const s = importKafkaCli(DESCRIBE_ALL_GROUPS);
    expect(s.groups.map((g) => [g.groupId, g.consumers, g.initialCommittedOffsets])).toEqual([
      ['billing', 2, [10400, 9800, 10100, 10000]],
      ['audit', 0, [9000, 9100, -1, 9050]],
    ]);
    expect(s.topics[0].initialLogEndOffsets).toEqual([10450, 10200, 10180, 10030]);
    expect(lagByPartition(DESCRIBE_ALL_GROUPS, 'billing')).toEqual([50, 400, 80, 30]);
  });
});

describe('importKafkaCli: --members, --state and kafka-topics.sh', () => {
  const pasted = [TOPICS_DESCRIBE, DESCRIBE_ALL_GROUPS, MEMBERS_VERBOSE, STATE].join('\n');

  it('counts members without partitions and takes the assignor from --state', () => {
    const s = importKafkaCli(pasted);
    const billing = s.groups.find((g) => g.groupId === 'billing')!;
    expect(billing.consumers).toBe(3);
    expect(billing['partition.assignment.strategy']).toBe('cooperative-sticky');
    const audit = s.groups.find((g) => g.groupId === 'audit')!;
    expect(audit['partition.assignment.strategy']).toBeUndefined();
    expect(s.description).toContain(
      'billing [Stable]: billing-1 (orders-0,1); billing-2 (orders-2,3); billing-3 (no partitions)',
    );
    expect(s.description).toContain('audit [Empty]: no active members');
  });

  it('takes partition counts and configs from kafka-topics.sh, in either field style', () => {
    const s = importKafkaCli(pasted);
    expect(s.topics).toEqual([
      {
        name: 'orders',
        partitions: 4,
        'retention.ms': 86_400_000,
        'cleanup.policy': 'delete',
        initialLogEndOffsets: [10450, 10200, 10180, 10030],
      },
      // No group reads refunds and no offsets were shown: its logs start empty.
      { name: 'refunds', partitions: 2 },
    ]);
  });

  it('builds a group from --members --verbose alone, with its topics from the ASSIGNMENT column', () => {
    const s = importKafkaCli(MEMBERS_VERBOSE);
    expect(s.topics).toEqual([{ name: 'orders', partitions: 4, initialLogEndOffsets: [0, 0, 0, 0] }]);
    expect(s.groups).toEqual([
      {
        groupId: 'billing',
        topic: 'orders',
        consumers: 3,
        initialCommittedOffsets: [-1, -1, -1, -1],
        initialAssignment: [[0, 1], [2, 3], []],
      },
    ]);
  });

  it('lets a sticky group keep the assignment it had, giving the idle member one partition', () => {
    const sim = createSimulation(importKafkaCli(pasted.replace('cooperative-sticky', 'sticky        ')), {
      seed: 1,
    });
    sim.advance(5000);
    const billing = sim.snapshot().groups.find((g) => g.groupId === 'billing')!;
    // The engine names the members b-1..b-3 and hands them billing-1..3's partitions as owned. Only one
    // may keep 2 of the 4; Kafka's HashMap walks b-2 (bucket 6) before b-1 (7) and b-3 (9), so b-2 keeps
    // orders-2,3, b-1 keeps orders-0 and orders-1 goes to the idle b-3.
    expect(
      Object.fromEntries(billing.members.map((m) => [m.memberId, m.assigned.map((tp) => tp.partition)])),
    ).toEqual({
      'b-1': [0],
      'b-2': [2, 3],
      'b-3': [1],
    });
  });

  it('splits a group that reads two topics into one scenario group per topic', () => {
    const text = `GROUP  TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST       CLIENT-ID
etl    orders  0          5               9               4    etl-1-a      /10.0.0.1  etl-1
etl    users   0          2               2               0    etl-2-b      /10.0.0.2  etl-2
`;
    const s = importKafkaCli(text);
    expect(s.groups.map((g) => [g.groupId, g.topic, g.consumers])).toEqual([
      ['etl.orders', 'orders', 1],
      ['etl.users', 'users', 1],
    ]);
  });
});

describe('importKafkaCli: two snapshots', () => {
  it('sets the producer rate from the log-end growth and processing time from the commit growth', () => {
    const s = importKafkaCli(TWO_SNAPSHOTS);
    // Log ends grew 900 + 900 in 30 s; commits grew 600 + 600 in 30 s over 2 busy members.
    expect(s.producers).toEqual([{ id: 'parcels-producer', topic: 'parcels', ratePerSec: 60 }]);
    expect(s.groups[0].processing).toEqual({ meanMs: 50, distribution: 'exponential' });
    // The scenario starts from the second snapshot.
    expect(s.topics[0].initialLogEndOffsets).toEqual([6900, 7000]);
    expect(s.groups[0].initialCommittedOffsets).toEqual([5600, 5800]);
  });

  it.each([
    '# after 30s',
    '--- after 30 seconds ---',
    'sleep 30',
    '$ sleep 30; kafka-consumer-groups.sh --describe',
  ])('accepts "%s" as the marker between the snapshots', (marker) => {
    const text = TWO_SNAPSHOTS.replace('$ sleep 30', marker);
    expect(importKafkaCli(text).producers[0].ratePerSec).toBe(60);
  });
});

describe('importKafkaCli: errors name the line and the column', () => {
  const expectError = (text: string, line: number, column: string, message: RegExp) => {
    let error: unknown;
    try {
      importKafkaCli(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KafkaCliImportError);
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).toMatchObject({ line, column });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(new RegExp(`^line ${line}, ${column}`));
  };

  it('rejects a number column that holds text', () => {
    const text = DESCRIBE_ALL_GROUPS.replace('10400           10450', '10,400          10450');
    expectError(text, 3, 'CURRENT-OFFSET', /expected a whole number or "-", got "10,400"/);
  });

  it('rejects a row that stops short, naming the first missing column', () => {
    const lines = DESCRIBE_ALL_GROUPS.split('\n');
    lines[4] = 'billing         orders          1          9800            10200';
    expectError(lines.join('\n'), 5, 'LAG', /5 values for 9 columns/);
  });

  it('rejects the same partition twice without a snapshot marker', () => {
    expectError(
      TWO_SNAPSHOTS.replace('$ sleep 30\n', ''),
      5,
      'PARTITION',
      /appears again \(first on line 2\).*# after/,
    );
  });

  it('rejects a third snapshot', () => {
    expectError(`${TWO_SNAPSHOTS}# after 10s\n`, 8, 'snapshot', /only two snapshots/);
  });

  it('rejects a partition beyond what kafka-topics.sh lists', () => {
    const topics = TOPICS_DESCRIBE.replace('PartitionCount: 4', 'PartitionCount: 3');
    expectError(
      `${topics}\n${DESCRIBE_ALL_GROUPS}`,
      15,
      'PARTITION',
      /partition 3 is beyond the 3 partitions/,
    );
  });

  it('rejects a malformed ASSIGNMENT list', () => {
    expectError(
      MEMBERS_VERBOSE.replace('orders(2,3)', 'orders[2,3]'),
      3,
      'ASSIGNMENT',
      /topic\(partition,…\)/,
    );
  });

  it('says so when the text holds nothing to import', () => {
    expect(() => importKafkaCli('Error: Consumer group does not exist.\n')).toThrow(/found no topic/);
  });
});
