// A scenario can start from a running system's offsets (what kafka-consumer-groups.sh --describe shows):
// each partition's log-end offset and each group's committed offset. The engine writes the records a
// group still has to read, from the lowest committed offset to the log end, so lag at time 0 equals
// LOG-END-OFFSET − CURRENT-OFFSET. Simplification: the records below that start were never materialised,
// so they act as deleted by retention (logStartOffset), and the backlog's keys and sizes are unknown
// (null keys, the topic's first producer's message size, produced at time 0).

import { appendRow } from '../log/partitionLog';
import type { EngineConfig } from '../scenario/config';
import { initialLogStartOffsets } from '../scenario/schema';
import type { GroupRt, World } from '../world';

const DEFAULT_MESSAGE_BYTES = 1024;

export function applyInitialOffsets(w: World, config: EngineConfig): void {
  const shape = {
    topics: config.topics,
    groups: config.groups.map((g) => ({
      topic: g.topic,
      initialCommittedOffsets: g.initialCommittedOffsets,
    })),
  };
  for (const t of config.topics) {
    if (!t.initialLogEndOffsets) continue;
    const starts = initialLogStartOffsets(shape, t.name);
    const messageBytes =
      config.producers.find((p) => p.topic === t.name)?.messageBytes ?? DEFAULT_MESSAGE_BYTES;
    w.topics[t.name].logs.forEach((log, p) => {
      log.logStartOffset = starts[p];
      log.logEndOffset = starts[p];
      for (let offset = starts[p]; offset < t.initialLogEndOffsets![p]; offset++) {
        appendRow(log, w.nextMessageId++, null, 0, messageBytes);
      }
    });
  }
  for (const g of config.groups) {
    if (g.initialCommittedOffsets) w.groups[g.groupId].committed = [...g.initialCommittedOffsets];
  }
}

/**
 * The first consumers of a group report the partitions of `initialAssignment` as theirs when they join
 * (Kafka's ownedPartitions / sticky userData), so the eager sticky assignor keeps them. Simplification:
 * cooperative-sticky reads ownership from what a member actually holds, so it starts from scratch.
 */
export function seedInitialAssignment(g: GroupRt, memberIds: readonly string[]): void {
  const owned = g.config.initialAssignment;
  if (!owned) return;
  const topic = g.config.topic;
  g.lastAssignment = Object.fromEntries(
    memberIds.map((id, i) => [id, (owned[i] ?? []).map((partition) => ({ topic, partition }))]),
  );
}
