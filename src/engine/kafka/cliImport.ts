// "Bring your own group": turns the text output of kafka-consumer-groups.sh --describe (one group or
// --all-groups, optionally --members [--verbose] and --state) and kafka-topics.sh --describe, pasted in
// any combination, into a Queuescope scenario with those topics, partition counts, log-end and committed
// offsets (so lag matches), members and strategy. Two snapshots a few seconds apart give rates:
//
//   <first describe output>
//   # after 30s              (or "--- after 30 seconds ---", or the shell's "sleep 30")
//   <second describe output>
//
// The producer rate of a topic is the growth of its log-end offsets over that time; a group's processing
// time per record comes from the growth of its committed offsets, spread over its members with partitions.
// The scenario starts from the second snapshot. Simplifications, stated in the scenario description: a
// scenario group reads one topic, so a group reading several becomes one scenario group per topic; the
// member ids are the engine's own, and the current assignment is handed to the first consumers as the
// partitions they own when they join (the sticky assignor keeps it; cooperative-sticky starts afresh).

import { parseScenario, type Scenario } from '../scenario/schema';
import { type CliTables, KafkaCliImportError, type MemberRow, readCliTables } from './cliTables';

export { KafkaCliImportError } from './cliTables';

export interface KafkaCliImportOptions {
  /** Group id for a --describe table printed without a GROUP column and without a "Consumer group 'x'" note. */
  groupId?: string;
  /** Scenario id (default "imported"). */
  id?: string;
}

const MAX_TOPICS = 8;
const MAX_GROUPS = 8;
const MAX_PARTITIONS = 256;
const MAX_CONSUMERS = 64;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const STRATEGIES = new Set(['range', 'roundrobin', 'sticky', 'cooperative-sticky']);
const MAX_RETENTION_MS = 30 * 86_400_000;

interface TopicModel {
  name: string;
  line: number;
  partitions: number;
  logEnd: (number | null)[];
  firstLogEnd: (number | null)[];
  configs: Map<string, string>;
}

interface GroupMember {
  consumerId: string;
  clientId: string | null;
  host: string | null;
  /** topic → partitions this member owns (from --describe rows or --members --verbose). */
  owns: Map<string, Set<number>>;
}

interface GroupModel {
  name: string;
  line: number;
  topics: string[];
  members: Map<string, GroupMember>;
  strategy: string | null;
  state: string | null;
  /** Per topic, per partition: committed offset in the last and first snapshot. */
  committed: Map<string, Map<number, { last: number | null; first: number | null }>>;
}

function firstSeen<K, T>(map: Map<K, T>, key: K, create: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function buildTopics(t: CliTables): Map<string, TopicModel> {
  const topics = new Map<string, TopicModel>();
  const touch = (name: string, line: number) => {
    if (!NAME.test(name)) {
      throw new KafkaCliImportError(
        `topic name "${name}" must be 1–64 letters, digits, ".", "_" or "-" here`,
        line,
        'TOPIC',
      );
    }
    const topic = firstSeen(topics, name, () => ({
      name,
      line,
      partitions: 0,
      logEnd: [],
      firstLogEnd: [],
      configs: new Map(),
    }));
    if (topics.size > MAX_TOPICS)
      throw new KafkaCliImportError(`a scenario holds at most ${MAX_TOPICS} topics`, line, 'TOPIC');
    return topic;
  };
  for (const row of t.topics) {
    const topic = touch(row.topic, row.line);
    topic.configs = row.configs;
    const listed = row.partitions.length > 0 ? Math.max(...row.partitions) + 1 : 0;
    topic.partitions = Math.max(row.partitionCount ?? 0, listed);
  }
  for (const row of t.offsets) {
    if (row.topic === null || row.partition === null) continue;
    const topic = touch(row.topic, row.line);
    const declared = t.topics.find((r) => r.topic === row.topic)?.partitionCount ?? null;
    if (declared !== null && row.partition >= declared) {
      throw new KafkaCliImportError(
        `partition ${row.partition} is beyond the ${declared} partitions kafka-topics.sh lists for ${row.topic}`,
        row.line,
        'PARTITION',
      );
    }
    topic.partitions = Math.max(topic.partitions, row.partition + 1);
    const slot = row.snapshot === 1 || t.intervalSec === null ? topic.logEnd : topic.firstLogEnd;
    // Groups are described one after another, so the same partition's log end can differ a little.
    const seen = Math.max(slot[row.partition] ?? 0, row.logEnd ?? 0, row.committed ?? 0);
    if (row.logEnd !== null || row.committed !== null) slot[row.partition] = seen;
  }
  for (const row of t.members) {
    for (const [name, partitions] of row.assignment ?? []) {
      const topic = touch(name, row.line);
      topic.partitions = Math.max(topic.partitions, ...partitions.map((p) => p + 1));
    }
  }
  for (const topic of topics.values()) {
    if (topic.partitions > MAX_PARTITIONS) {
      throw new KafkaCliImportError(
        `${topic.name} has ${topic.partitions} partitions; a scenario topic holds at most ${MAX_PARTITIONS}`,
        topic.line,
        'PartitionCount',
      );
    }
    if (topic.partitions === 0)
      throw new KafkaCliImportError(`${topic.name} has no partitions`, topic.line, 'PartitionCount');
  }
  return topics;
}

function memberOf(g: GroupModel, row: Pick<MemberRow, 'consumerId' | 'clientId' | 'host'>): GroupMember {
  const m = firstSeen(g.members, row.consumerId, () => ({
    consumerId: row.consumerId,
    clientId: row.clientId,
    host: row.host,
    owns: new Map<string, Set<number>>(),
  }));
  m.clientId ??= row.clientId;
  m.host ??= row.host;
  return m;
}

function buildGroups(t: CliTables): Map<string, GroupModel> {
  const groups = new Map<string, GroupModel>();
  const touch = (name: string, line: number) =>
    firstSeen(groups, name, () => ({
      name,
      line,
      topics: [],
      members: new Map(),
      strategy: null,
      state: null,
      committed: new Map(),
    }));
  const seen = new Map<string, number>();
  for (const row of t.offsets) {
    const g = touch(row.group, row.line);
    if (row.consumerId !== null) {
      const m = memberOf(g, { consumerId: row.consumerId, clientId: row.clientId, host: row.host });
      if (row.topic !== null && row.partition !== null && row.snapshot === (t.intervalSec === null ? 0 : 1))
        firstSeen(m.owns, row.topic, () => new Set()).add(row.partition);
    }
    if (row.topic === null || row.partition === null) continue;
    if (!g.topics.includes(row.topic)) g.topics.push(row.topic);
    const key = `${row.snapshot}\u0000${row.group}\u0000${row.topic}\u0000${row.partition}`;
    if (seen.has(key)) {
      throw new KafkaCliImportError(
        `${row.topic}-${row.partition} of group ${row.group} appears again (first on line ${seen.get(key)}); ` +
          'to compare two snapshots put a line "# after <seconds>s" between them',
        row.line,
        'PARTITION',
      );
    }
    seen.set(key, row.line);
    const perTopic = firstSeen(g.committed, row.topic, () => new Map());
    const cell = firstSeen(perTopic, row.partition, () => ({ last: null, first: null }));
    if (row.snapshot === 1 || t.intervalSec === null) cell.last = row.committed;
    else cell.first = row.committed;
  }
  for (const row of t.members) {
    const g = touch(row.group, row.line);
    const m = memberOf(g, row);
    for (const [topic, partitions] of row.assignment ?? []) {
      const owned = firstSeen(m.owns, topic, () => new Set());
      for (const p of partitions) owned.add(p);
      if (!g.topics.includes(topic)) g.topics.push(topic);
    }
  }
  for (const row of t.states) {
    const g = touch(row.group, row.line);
    g.strategy = row.strategy ?? g.strategy;
    g.state = row.state ?? g.state;
  }
  return groups;
}

function scenarioName(raw: string, taken: Set<string>): string {
  let name = raw.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'group';
  for (let i = 2; taken.has(name); i++) name = `${name.slice(0, 60)}-${i}`;
  taken.add(name);
  return name;
}

function topicFields(topic: TopicModel): Partial<Scenario['topics'][number]> {
  const fields: Partial<Scenario['topics'][number]> = {};
  const retention = topic.configs.get('retention.ms');
  if (retention !== undefined && /^-?\d+$/.test(retention)) {
    const ms = Number(retention);
    if (ms === -1 || (ms >= 0 && ms <= MAX_RETENTION_MS)) fields['retention.ms'] = ms;
  }
  const policy = topic.configs.get('cleanup.policy');
  if (policy === 'delete' || policy === 'compact') fields['cleanup.policy'] = policy;
  return fields;
}

/** Builds a scenario from pasted kafka-consumer-groups.sh / kafka-topics.sh output. */
export function importKafkaCli(text: string, options: KafkaCliImportOptions = {}): Scenario {
  const tables = readCliTables(text, options);
  const topics = buildTopics(tables);
  const groups = buildGroups(tables);
  const dt = tables.intervalSec;
  const notes: string[] = [];
  const takenGroupIds = new Set<string>();

  const scenarioGroups: Scenario['groups'] = [];
  for (const g of groups.values()) {
    if (g.topics.length === 0) {
      notes.push(`Group ${g.name} reads no topic in the pasted text and is left out.`);
      continue;
    }
    const partitionOwners = new Set([...g.members.values()].filter((m) => m.owns.size > 0));
    for (const topicName of g.topics) {
      const topic = topics.get(topicName)!;
      const members = [...g.members.values()].filter(
        (m) => g.topics.length === 1 || m.owns.has(topicName) || !partitionOwners.has(m),
      );
      if (members.length > MAX_CONSUMERS) {
        throw new KafkaCliImportError(
          `group ${g.name} has ${members.length} members; a scenario group holds at most ${MAX_CONSUMERS}`,
          g.line,
          'CONSUMER-ID',
        );
      }
      const id = scenarioName(g.topics.length === 1 ? g.name : `${g.name}.${topicName}`, takenGroupIds);
      if (scenarioGroups.length >= MAX_GROUPS)
        throw new KafkaCliImportError(`a scenario holds at most ${MAX_GROUPS} groups`, g.line, 'GROUP');
      const offsets = g.committed.get(topicName) ?? new Map();
      const committed = Array.from({ length: topic.partitions }, (_, p) => offsets.get(p)?.last ?? -1);
      const group: Scenario['groups'][number] = {
        groupId: id,
        topic: topicName,
        consumers: members.length,
        initialCommittedOffsets: committed,
      };
      // Who owns what now: the first consumers report it when they join, so a sticky assignor keeps it.
      const claimed = new Set<number>();
      const owned = members.map((m) =>
        [...(m.owns.get(topicName) ?? [])]
          .sort((a, b) => a - b)
          .filter((p) => p < topic.partitions && !claimed.has(p) && claimed.add(p)),
      );
      if (claimed.size > 0) group.initialAssignment = owned;
      if (g.strategy !== null && STRATEGIES.has(g.strategy))
        group['partition.assignment.strategy'] = g.strategy as 'range';
      else if (g.strategy !== null)
        notes.push(`Group ${g.name} uses assignor "${g.strategy}"; the default (range) stands in.`);
      if (dt !== null) {
        let consumed = 0;
        for (const { first, last } of offsets.values())
          if (first !== null && last !== null) consumed += last - first;
        const busy = members.filter((m) => m.owns.has(topicName)).length || members.length;
        if (consumed > 0 && busy > 0) {
          const meanMs = Math.min(600_000, Math.round(((busy * dt * 1000) / consumed) * 1000) / 1000);
          group.processing = { meanMs, distribution: 'exponential' };
          notes.push(
            `${id}: committed ${consumed} records in ${dt} s, so ${meanMs} ms per record per member (a group that keeps up may be faster).`,
          );
        }
      }
      if (id !== g.name) notes.push(`Group ${g.name} on ${topicName} is scenario group ${id}.`);
      const described = members
        .map((m) => {
          const owned = [...(m.owns.get(topicName) ?? [])].sort((a, b) => a - b);
          return `${m.clientId ?? m.consumerId} (${owned.length > 0 ? `${topicName}-${owned.join(',')}` : 'no partitions'})`;
        })
        .join('; ');
      notes.push(`${id}${g.state ? ` [${g.state}]` : ''}: ${described || 'no active members'}.`);
      scenarioGroups.push(group);
    }
  }

  const scenarioTopics: Scenario['topics'] = [];
  const producers: Scenario['producers'] = [];
  const takenProducerIds = new Set<string>();
  for (const topic of topics.values()) {
    const hasOffsets = topic.logEnd.some((o) => o !== undefined && o !== null);
    const logEnd = Array.from(
      { length: topic.partitions },
      (_, p) => topic.logEnd[p] ?? topic.firstLogEnd[p] ?? 0,
    );
    // A group may have committed past what another group's row showed as the log end a moment earlier.
    for (const g of scenarioGroups) {
      if (g.topic !== topic.name) continue;
      g.initialCommittedOffsets!.forEach((c, p) => {
        if (c > logEnd[p]) logEnd[p] = c;
      });
    }
    scenarioTopics.push({
      name: topic.name,
      partitions: topic.partitions,
      ...topicFields(topic),
      ...(hasOffsets || scenarioGroups.some((g) => g.topic === topic.name)
        ? { initialLogEndOffsets: logEnd }
        : {}),
    });
    if (dt !== null) {
      let produced = 0;
      topic.firstLogEnd.forEach((first, p) => {
        const last = topic.logEnd[p];
        if (first !== null && first !== undefined && last !== null && last !== undefined)
          produced += last - first;
      });
      const ratePerSec = Math.min(1_000_000, Math.round((produced / dt) * 1000) / 1000);
      if (ratePerSec > 0) {
        producers.push({
          id: scenarioName(`${topic.name}-producer`, takenProducerIds),
          topic: topic.name,
          ratePerSec,
        });
        notes.push(`${topic.name}: log end grew by ${produced} in ${dt} s, so ${ratePerSec} records/s.`);
      }
    }
  }
  if (scenarioTopics.length === 0)
    throw new KafkaCliImportError(
      'found no topic: paste kafka-consumer-groups.sh --describe or kafka-topics.sh --describe output',
      0,
      'input',
    );

  const header =
    dt === null
      ? 'Imported from Kafka CLI output (one snapshot, so no rates: producers are left out).'
      : `Imported from two Kafka CLI snapshots ${dt} s apart; the scenario starts at the second.`;
  const description = [header, ...notes].join('\n');
  return parseScenario({
    id: options.id ?? 'imported',
    title:
      `Imported: ${scenarioGroups.map((g) => g.groupId).join(', ') || scenarioTopics.map((t) => t.name).join(', ')}`.slice(
        0,
        200,
      ),
    description: description.length > 2000 ? `${description.slice(0, 1997)}…` : description,
    topics: scenarioTopics,
    producers,
    groups: scenarioGroups,
  });
}
