import { describe, expect, it } from 'vitest';
import { resolveScenario } from './config';
import { getPreset, listPresets, PRESET_IDS } from './presets';
import { parseFault, parseScenario, type Scenario, ScenarioError } from './schema';

// biome-ignore lint/suspicious/noExplicitAny: these tests break scenarios field by field, on purpose.
type Loose = Record<string, any>;

/** A small valid scenario to break one field at a time. */
const valid = (): Scenario => ({
  id: 'tiny',
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 10 }],
  groups: [{ groupId: 'payments', topic: 'orders', consumers: 2, 'session.timeout.ms': 10_000 }],
});

/** Runs `parse` and returns the ScenarioError it throws (fails the test if it does not). */
const errorOf = (parse: () => unknown): ScenarioError => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but parsing succeeded');
};

type Mutation = (s: Loose) => void;

describe('presets', () => {
  it.each(PRESET_IDS)('preset "%s" parses and resolves', (id) => {
    const scenario = getPreset(id);
    expect(parseScenario(structuredClone(scenario))).toEqual(scenario);
    expect(resolveScenario(scenario).id).toBe(id);
  });

  it('lists every preset with a title and a description', () => {
    expect(listPresets().map((p) => p.id)).toEqual([...PRESET_IDS]);
    for (const p of listPresets()) expect(p.title.length * p.description.length).toBeGreaterThan(0);
  });

  it('an unknown preset id throws a ScenarioError listing the presets', () => {
    const error = errorOf(() => getPreset('nope'));
    expect(error.message).toContain('"nope"');
    expect(error.message).toContain('default');
  });

  it('getPreset hands out a copy: editing it does not change the next one', () => {
    const a = getPreset('default');
    a.topics[0].partitions = 99;
    expect(getPreset('default').topics[0].partitions).toBe(6);
  });
});

describe('parseScenario', () => {
  it('accepts a minimal scenario', () => {
    expect(parseScenario(valid()).groups[0].groupId).toBe('payments');
  });

  it.each<[string, Mutation, string]>([
    [
      'a session timeout below 1 s',
      (s) => (s.groups[0]['session.timeout.ms'] = 10),
      'scenario.groups.0.session.timeout.ms',
    ],
    ['zero partitions', (s) => (s.topics[0].partitions = 0), 'scenario.topics.0.partitions'],
    ['a fractional partition count', (s) => (s.topics[0].partitions = 1.5), 'scenario.topics.0.partitions'],
    ['a negative rate', (s) => (s.producers[0].ratePerSec = -1), 'scenario.producers.0.ratePerSec'],
    ['a rate that is a string', (s) => (s.producers[0].ratePerSec = '10'), 'scenario.producers.0.ratePerSec'],
    ['a topic name with a space', (s) => (s.topics[0].name = 'my orders'), 'scenario.topics.0.name'],
    [
      'an unknown delivery mode',
      (s) => (s.groups[0].delivery = 'exactly-once'),
      'scenario.groups.0.delivery',
    ],
    [
      'an unknown assignor',
      (s) => (s.groups[0]['partition.assignment.strategy'] = 'magic'),
      'scenario.groups.0.partition.assignment.strategy',
    ],
    [
      'auto.offset.reset none',
      (s) => (s.groups[0]['auto.offset.reset'] = 'none'),
      'scenario.groups.0.auto.offset.reset',
    ],
    ['a failure rate above 1', (s) => (s.groups[0].failureRate = 1.5), 'scenario.groups.0.failureRate'],
    [
      'a negative initial rebalance delay',
      (s) => (s.broker = { 'group.initial.rebalance.delay.ms': -1 }),
      'scenario.broker.group.initial.rebalance.delay.ms',
    ],
    [
      'an unknown key type',
      (s) => (s.producers[0].keys = { type: 'random', count: 3 }),
      'scenario.producers.0.keys.type',
    ],
    ['no topics', (s) => (s.topics = []), 'scenario.topics'],
    ['a producer on an unknown topic', (s) => (s.producers[0].topic = 'refunds'), 'scenario.producers'],
    ['a group on an unknown topic', (s) => (s.groups[0].topic = 'refunds'), 'scenario.groups'],
    ['two groups with the same id', (s) => s.groups.push({ ...s.groups[0] }), 'scenario.groups'],
    ['two topics with the same name', (s) => s.topics.push({ ...s.topics[0] }), 'scenario.topics'],
  ])('rejects %s, naming %s', (_name, mutate, path) => {
    const s = valid() as Loose;
    mutate(s);
    const error = errorOf(() => parseScenario(s));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it.each<[string, Mutation, string]>([
    ['at the top level', (s) => (s.speed = 2), 'scenario.speed'],
    ['in a topic', (s) => (s.topics[0].replicas = 3), 'scenario.topics.0.replicas'],
    [
      'in a group (a misspelt config name)',
      (s) => (s.groups[0]['session.timeout'] = 10_000),
      'scenario.groups.0.session.timeout',
    ],
    [
      'in the keys',
      (s) => (s.producers[0].keys = { type: 'uniform', count: 3, hot: 'x' }),
      'scenario.producers.0.keys.hot',
    ],
    ['in the broker', (s) => (s.broker = { 'num.partitions': 3 }), 'scenario.broker.num.partitions'],
  ])('rejects an unknown key %s', (_name, mutate, path) => {
    const s = valid() as Loose;
    mutate(s);
    const error = errorOf(() => parseScenario(s));
    expect(error.path).toBe(path);
    expect(error.message).toContain('Invalid key');
  });

  it.each<[number | undefined, number | undefined, boolean]>([
    [3000, 10_000, true],
    [10_000, 10_000, false],
    [12_000, 10_000, false],
    [undefined, 3000, false], // the 3000 ms default heartbeat against a 3000 ms session
    [2000, undefined, true], // against the 45000 ms default session
  ])(
    'heartbeat.interval.ms %s with session.timeout.ms %s is accepted: %s',
    (heartbeat, session, isAccepted) => {
      const s = valid() as Loose;
      delete s.groups[0]['session.timeout.ms'];
      if (heartbeat !== undefined) s.groups[0]['heartbeat.interval.ms'] = heartbeat;
      if (session !== undefined) s.groups[0]['session.timeout.ms'] = session;
      if (isAccepted) expect(() => parseScenario(s)).not.toThrow();
      else
        expect(errorOf(() => parseScenario(s)).message).toContain(
          'heartbeat.interval.ms must be lower than session.timeout.ms',
        );
    },
  );

  it('rejects input that is not an object', () => {
    for (const input of [null, 42, 'default'])
      expect(errorOf(() => parseScenario(input)).path).toBe('scenario');
  });

  it('lists every problem in issues, the first one in path', () => {
    const s = valid() as Loose;
    s.topics[0].partitions = 0;
    s.producers[0].ratePerSec = -5;
    const error = errorOf(() => parseScenario(s));
    expect(error.path).toBe('scenario.topics.0.partitions');
    expect(error.issues.some((line) => line.startsWith('scenario.producers.0.ratePerSec'))).toBe(true);
  });

  it('accepts a valid timeline of faults and captions', () => {
    const s = valid();
    s.timeline = [
      { at: 1000, caption: 'hello' },
      { at: 2000, fault: { type: 'crash-consumer', memberId: 'p-1', point: 'before-process' } },
    ];
    expect(parseScenario(s).timeline).toHaveLength(2);
  });

  // Regression: the timeline entry was a union of two shapes, which swallowed the nested
  // issue ("scenario.timeline.0: Invalid type: Expected Object but received Object").
  it('a bad fault inside the timeline names the fault field that is wrong', () => {
    const s = valid() as Loose;
    s.timeline = [{ at: 5000, fault: { type: 'crash-consumer', memberId: 'p-1', point: 'later' } }];
    const error = errorOf(() => parseScenario(s));
    expect(error.path).toBe('scenario.timeline.0.fault.point');
  });

  it('rejects a timeline entry with neither a fault nor a caption', () => {
    const s = valid() as Loose;
    s.timeline = [{ at: 5000 }];
    expect(errorOf(() => parseScenario(s)).path).toBe('scenario.timeline.0');
  });
});

describe('parseFault', () => {
  it.each<[string, unknown, string]>([
    ['an unknown type', { type: 'explode' }, 'fault.type'],
    ['a missing memberId', { type: 'crash-consumer' }, 'fault.memberId'],
    ['an unknown crash point', { type: 'crash-consumer', memberId: 'p-1', point: 'later' }, 'fault.point'],
    ['a hot-key share of 2', { type: 'hot-key', key: 'k', share: 2 }, 'fault.share'],
    ['a negative pause', { type: 'pause-consumer', memberId: 'p-1', durationMs: -5 }, 'fault.durationMs'],
    ['a zero duplicate count', { type: 'duplicate-delivery', count: 0 }, 'fault.count'],
    ['a reset to a negative offset', { type: 'reset-offsets', groupId: 'g', to: -1 }, 'fault.to'],
    ['an unknown key', { type: 'purge-dlq', force: true }, 'fault.force'],
  ])('rejects %s, naming %s', (_name, fault, path) => {
    const error = errorOf(() => parseFault(fault));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('accepts every crash point', () => {
    for (const point of [
      'now',
      'before-process',
      'after-process-before-commit',
      'after-commit-before-process-completes',
    ])
      expect(parseFault({ type: 'crash-consumer', memberId: 'p-1', point })).toMatchObject({ point });
  });
});

describe('budgets', () => {
  it('accepts any subset of the budgets and resolves them into the engine config', () => {
    const s = { ...valid(), budgets: { duplicatesPct: 0.01, endToEndP99Ms: 5000 } };
    expect(resolveScenario(parseScenario(s)).budgets).toEqual({ duplicatesPct: 0.01, endToEndP99Ms: 5000 });
    expect(resolveScenario(parseScenario(valid())).budgets).toEqual({});
  });

  it.each<[string, unknown, string, string]>([
    ['a negative duplicate share', { duplicatesPct: -1 }, 'scenario.budgets.duplicatesPct', 'Invalid value'],
    ['a share above 100%', { lostPct: 101 }, 'scenario.budgets.lostPct', 'Invalid value'],
    ['lag as a string', { lagSeconds: '5' }, 'scenario.budgets.lagSeconds', 'Invalid type'],
    ['an infinite p99', { endToEndP99Ms: Number.POSITIVE_INFINITY }, 'scenario.budgets.endToEndP99Ms', ''],
    ['an unknown budget', { p99Ms: 500 }, 'scenario.budgets.p99Ms', 'Invalid key'],
    ['no budget at all', {}, 'scenario.budgets', 'budgets needs at least one of'],
  ])('rejects %s with a ScenarioError naming %s', (_name, budgets, path, message) => {
    const error = errorOf(() => parseScenario({ ...valid(), budgets }));
    expect(error.path).toBe(path);
    expect(error.message).toContain(message);
  });
});
