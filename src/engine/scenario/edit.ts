// Typed edits of a scenario document, for the Controls tab and, later, lessons. Each takes a
// scenario and returns a new validated one (the input is never mutated); an edit that would
// make the document invalid throws a ScenarioError naming the field, as an import would.

import { parseScenario, type Scenario, ScenarioError } from './schema';

type GroupConfig = Scenario['groups'][number];
type TopicConfig = Scenario['topics'][number];
type ProducerConfig = Scenario['producers'][number];

/** The group settings a person may change from the Controls tab. */
export type GroupPatch = Partial<Omit<GroupConfig, 'groupId' | 'topic'>>;
export type TopicPatch = Partial<Omit<TopicConfig, 'name'>>;
export type ProducerPatch = Partial<Omit<ProducerConfig, 'id'>>;

function indexOf<T>(list: T[], isIt: (x: T) => boolean, what: string, field: string): number {
  const i = list.findIndex(isIt);
  if (i < 0) throw new ScenarioError(`${field}: ${what} is not in the scenario`, field);
  return i;
}

function replaced<T>(list: T[], i: number, item: T): T[] {
  return list.map((x, j) => (j === i ? item : x));
}

export function setGroupConfig(scenario: Scenario, groupId: string, patch: GroupPatch): Scenario {
  const i = indexOf(scenario.groups, (g) => g.groupId === groupId, `group "${groupId}"`, 'groups');
  return parseScenario({
    ...scenario,
    groups: replaced(scenario.groups, i, { ...scenario.groups[i], ...patch }),
  });
}

/**
 * Changes a group's delivery mode. Manual commits follow, since with enable.auto.commit the
 * commit timing, not the mode, decides what is lost or duplicated.
 */
export function setDeliveryMode(
  scenario: Scenario,
  groupId: string,
  delivery: NonNullable<GroupConfig['delivery']>,
): Scenario {
  return setGroupConfig(scenario, groupId, { delivery, 'enable.auto.commit': false });
}

export function setTopicConfig(scenario: Scenario, name: string, patch: TopicPatch): Scenario {
  const i = indexOf(scenario.topics, (t) => t.name === name, `topic "${name}"`, 'topics');
  return parseScenario({
    ...scenario,
    topics: replaced(scenario.topics, i, { ...scenario.topics[i], ...patch }),
  });
}

export const MAX_PARTITIONS = 64;

/** Adds one partition (Kafka can only add partitions, never remove them). */
export function addPartition(scenario: Scenario, topic: string): Scenario {
  const t = scenario.topics.find((x) => x.name === topic);
  return setTopicConfig(scenario, topic, { partitions: Math.min(MAX_PARTITIONS, (t?.partitions ?? 0) + 1) });
}

export function setProducerConfig(scenario: Scenario, index: number, patch: ProducerPatch): Scenario {
  const producer = scenario.producers[index];
  if (!producer)
    throw new ScenarioError(`producers[${index}]: the scenario has no such producer`, 'producers');
  return parseScenario({
    ...scenario,
    producers: replaced(scenario.producers, index, { ...producer, ...patch }),
  });
}

export function setProducerRate(scenario: Scenario, index: number, ratePerSec: number): Scenario {
  return setProducerConfig(scenario, index, { ratePerSec });
}

export function setProducerKeys(scenario: Scenario, index: number, keys: ProducerConfig['keys']): Scenario {
  return setProducerConfig(scenario, index, { keys });
}

export const MAX_GROUPS = 4;
const GROUP_NAMES = ['shipping', 'emails', 'fraud', 'search'];

/** Adds an at-least-once group of two consumers on the first topic, named after a use. */
export function addGroup(scenario: Scenario): Scenario {
  const used = new Set(scenario.groups.map((g) => g.groupId));
  const groupId = GROUP_NAMES.find((n) => !used.has(n)) ?? `group-${scenario.groups.length + 1}`;
  return parseScenario({
    ...scenario,
    groups: [
      ...scenario.groups,
      {
        groupId,
        topic: scenario.topics[0].name,
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
      },
    ],
  });
}

export function removeLastGroup(scenario: Scenario): Scenario {
  if (scenario.groups.length === 0) throw new ScenarioError('groups: there is no group to remove', 'groups');
  return parseScenario({ ...scenario, groups: scenario.groups.slice(0, -1) });
}
