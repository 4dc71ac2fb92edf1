// Reads the text that Kafka's command-line tools print into plain rows, by column name:
// kafka-consumer-groups.sh --describe (offsets table, with or without the GROUP column), --members
// [--verbose] (members table), --state (state table), and kafka-topics.sh --describe ("Topic: x
// PartitionCount: n …" lines). Layouts differ between Kafka versions, so columns are found by header
// name and unknown columns are ignored; notes and warnings around the tables are skipped, and a
// "Consumer group 'x' …" note names the group of a table printed without a GROUP column.

import { ScenarioError } from '../scenario/schema';

/** A line of the pasted text that is not what its table says it should be. */
export class KafkaCliImportError extends ScenarioError {
  override name = 'KafkaCliImportError';
  constructor(
    message: string,
    /** 1-based line number in the pasted text (0 when the problem is not on one line). */
    readonly line: number,
    /** The column (or field) at fault, as the tool names it. */
    readonly column: string,
  ) {
    super(
      line > 0 ? `line ${line}, ${column}: ${message}` : `${column}: ${message}`,
      `line ${line}: ${column}`,
    );
  }
}

export interface OffsetRow {
  line: number;
  group: string;
  /** null for a member without partitions ("-" in TOPIC). */
  topic: string | null;
  partition: number | null;
  committed: number | null;
  logEnd: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
  snapshot: number;
}

export interface MemberRow {
  line: number;
  group: string;
  consumerId: string;
  host: string | null;
  clientId: string | null;
  partitionCount: number | null;
  /** From --verbose: topic → partitions; null when the column is absent. */
  assignment: Map<string, number[]> | null;
}

export interface StateRow {
  line: number;
  group: string;
  strategy: string | null;
  state: string | null;
  memberCount: number | null;
}

export interface TopicRow {
  line: number;
  topic: string;
  partitionCount: number | null;
  configs: Map<string, string>;
  /** Partition numbers listed on the per-partition lines. */
  partitions: number[];
}

export interface CliTables {
  offsets: OffsetRow[];
  members: MemberRow[];
  states: StateRow[];
  topics: TopicRow[];
  /** Seconds between snapshot 0 and snapshot 1, or null when the text holds one snapshot. */
  intervalSec: number | null;
}

type TableKind = 'offsets' | 'members' | 'state';

/**
 * The second snapshot starts at a line such as `# after 30s`, `--- after 30 seconds ---` or the shell
 * command that waited between the two runs, `sleep 30` (optionally behind a `$ ` prompt).
 */
const SNAPSHOT_MARKER =
  /^\s*(?:#+|-{2,}|\$|>)?\s*(?:sleep\s+(\d+(?:\.\d+)?)\s*s?|after\s+(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)\b)[\s#-]*(?:;.*)?$/i;
/**
 * "Warning: …", "Error: …", "Note: …", "Consumer group 'x' has no active members.", comments, prompts
 * and log4j lines ("[2024-05-01 10:00:00,123] WARN …") that the tools print between table rows.
 */
const NOTE = /^\s*(?:warning|warn|error|note|info)\s*:|consumer group '|^\s*[#$>[]/i;
const HEADER_TOKEN = /^[A-Z#][A-Z0-9#-]*$/;
const NUMERIC_COLUMNS = new Set([
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'LAG',
  '#PARTITIONS',
  '#MEMBERS',
]);

function tokensOf(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** "COORDINATOR (ID)" is one column: glue a "(ID)" (or a data value "(3)") onto the token before it. */
function mergeParenthesised(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (out.length > 0 && /^\(\w+\)$/.test(t)) out[out.length - 1] = `${out[out.length - 1]} ${t}`;
    else out.push(t);
  }
  return out;
}

/**
 * --state prints an empty ASSIGNMENT-STRATEGY for a group without members (Empty, Dead), which leaves
 * no token in its place: put a "-" there so the columns line up again.
 */
function stateTokens(headers: string[], tokens: string[]): string[] {
  const merged = mergeParenthesised(tokens);
  const at = headers.indexOf('ASSIGNMENT-STRATEGY');
  if (merged.length === headers.length - 1 && at >= 0) merged.splice(at, 0, '-');
  return merged;
}

function tableKind(headers: string[]): TableKind | null {
  const has = (h: string) => headers.includes(h);
  if (!headers.every((h) => HEADER_TOKEN.test(h) || h === 'COORDINATOR (ID)')) return null;
  if (has('TOPIC') && has('PARTITION') && (has('CURRENT-OFFSET') || has('LOG-END-OFFSET'))) return 'offsets';
  if (has('CONSUMER-ID') && has('#PARTITIONS')) return 'members';
  if (has('STATE') && (has('#MEMBERS') || has('ASSIGNMENT-STRATEGY'))) return 'state';
  return null;
}

function parseCount(value: string, line: number, column: string): number | null {
  if (value === '-') return null;
  if (!/^\d+$/.test(value))
    throw new KafkaCliImportError(`expected a whole number or "-", got "${value}"`, line, column);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new KafkaCliImportError(`"${value}" is too large`, line, column);
  return n;
}

/** --members --verbose ASSIGNMENT: "orders(0,1,2), payments(0)" or "-". */
function parseAssignment(value: string, line: number): Map<string, number[]> {
  const result = new Map<string, number[]>();
  if (value === '-' || value === '') return result;
  const rest = value.replace(/([^\s(),]+)\(([\d,\s]*)\)/g, (_, topic: string, list: string) => {
    const partitions = list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(Number);
    result.set(topic, [...(result.get(topic) ?? []), ...partitions]);
    return '';
  });
  if (rest.replace(/[\s,]/g, '') !== '')
    throw new KafkaCliImportError(`cannot read "${value}" as topic(partition,…) pairs`, line, 'ASSIGNMENT');
  return result;
}

/** `Topic: orders TopicId: x PartitionCount: 6 … Configs: a=b,c=d` (also the older `Topic:orders`). */
function parseTopicFields(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of line.matchAll(/([A-Za-z]+):\s*(\S*)/g)) {
    if (!fields.has(match[1])) fields.set(match[1], match[2]);
  }
  return fields;
}

export function readCliTables(text: string, options: { groupId?: string } = {}): CliTables {
  const lines = text.split(/\r?\n/);
  const tables: CliTables = { offsets: [], members: [], states: [], topics: [], intervalSec: null };
  const topicRows = new Map<string, TopicRow>();
  let snapshot = 0;
  let namedGroup: string | null = null;
  let table: { kind: TableKind; headers: string[] } | null = null;

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\t/g, ' ');
    const marker = SNAPSHOT_MARKER.exec(line);
    if (marker) {
      if (snapshot > 0)
        throw new KafkaCliImportError(
          'only two snapshots can be compared; found a third',
          lineNo,
          'snapshot',
        );
      tables.intervalSec = Number(marker[1] ?? marker[2]);
      if (!(tables.intervalSec > 0))
        throw new KafkaCliImportError('the seconds between snapshots must be above 0', lineNo, 'snapshot');
      snapshot = 1;
      table = null;
      return;
    }
    const tokens = tokensOf(line);
    if (tokens.length === 0) {
      table = null;
      return;
    }
    const topicMatch = /^\s*Topic:\s*(\S+)/.exec(line);
    if (topicMatch) {
      table = null;
      const fields = parseTopicFields(line);
      const name = topicMatch[1];
      const row: TopicRow = topicRows.get(name) ?? {
        line: lineNo,
        topic: name,
        partitionCount: null,
        configs: new Map(),
        partitions: [],
      };
      topicRows.set(name, row);
      if (fields.has('Partition')) {
        const p = parseCount(fields.get('Partition')!, lineNo, 'Partition');
        if (p !== null) row.partitions.push(p);
      } else if (fields.has('PartitionCount')) {
        row.line = lineNo;
        row.partitionCount = parseCount(fields.get('PartitionCount')!, lineNo, 'PartitionCount');
        const configs = /Configs:\s*(\S*)/.exec(line)?.[1] ?? '';
        for (const pair of configs.split(',')) {
          const eq = pair.indexOf('=');
          if (eq > 0) row.configs.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
      }
      return;
    }
    const headers = mergeParenthesised(tokens);
    const kind = tableKind(headers);
    if (kind) {
      table = { kind, headers };
      return;
    }
    const group = /consumer group '([^']+)'/i.exec(line);
    if (group) namedGroup = group[1];
    // A note, a warning, a command line or text between tables: nothing to read. A note inside a table
    // does not end it, so no row after it is dropped.
    if (!table || NOTE.test(line)) return;
    readRow(table, table.kind === 'state' ? stateTokens(table.headers, tokens) : tokens, lineNo);
  });

  function readRow(t: { kind: TableKind; headers: string[] }, tokens: string[], lineNo: number) {
    const { headers } = t;
    if (tokens.length < headers.length) {
      throw new KafkaCliImportError(
        `the row has ${tokens.length} values for ${headers.length} columns`,
        lineNo,
        headers[tokens.length],
      );
    }
    // The last column takes the rest of the line (the ASSIGNMENT list has spaces after its commas).
    const values = [...tokens.slice(0, headers.length - 1), tokens.slice(headers.length - 1).join(' ')];
    const cell = new Map(headers.map((h, i) => [h, values[i]]));
    for (const h of headers) if (NUMERIC_COLUMNS.has(h)) parseCount(cell.get(h)!, lineNo, h);
    const text = (h: string) => {
      const v = cell.get(h);
      return v === undefined || v === '-' ? null : v;
    };
    const count = (h: string) => (cell.has(h) ? parseCount(cell.get(h)!, lineNo, h) : null);
    const groupId = text('GROUP') ?? namedGroup ?? options.groupId ?? 'imported';
    if (t.kind === 'offsets') {
      const topic = text('TOPIC');
      const partition = count('PARTITION');
      if (topic !== null && partition === null)
        throw new KafkaCliImportError(`topic ${topic} has no partition number`, lineNo, 'PARTITION');
      tables.offsets.push({
        line: lineNo,
        group: groupId,
        topic,
        partition,
        committed: count('CURRENT-OFFSET'),
        logEnd: count('LOG-END-OFFSET'),
        consumerId: text('CONSUMER-ID'),
        host: text('HOST'),
        clientId: text('CLIENT-ID'),
        snapshot,
      });
    } else if (t.kind === 'members') {
      const consumerId = text('CONSUMER-ID');
      if (consumerId === null)
        throw new KafkaCliImportError('a member needs a CONSUMER-ID', lineNo, 'CONSUMER-ID');
      const assignmentColumn = headers.includes('ASSIGNMENT')
        ? 'ASSIGNMENT'
        : headers.includes('CURRENT-ASSIGNMENT')
          ? 'CURRENT-ASSIGNMENT'
          : null;
      tables.members.push({
        line: lineNo,
        group: groupId,
        consumerId,
        host: text('HOST'),
        clientId: text('CLIENT-ID'),
        partitionCount: count('#PARTITIONS'),
        assignment: assignmentColumn ? parseAssignment(cell.get(assignmentColumn)!, lineNo) : null,
      });
    } else {
      tables.states.push({
        line: lineNo,
        group: groupId,
        strategy: text('ASSIGNMENT-STRATEGY'),
        state: text('STATE'),
        memberCount: count('#MEMBERS'),
      });
    }
  }

  tables.topics = [...topicRows.values()];
  return tables;
}
