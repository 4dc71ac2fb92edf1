// The initial world of a scenario: topics with empty logs, producers, groups without
// members. Members join when the simulation boots (or when their group starts later).

import { isComparison } from './compare/systems';
import { applyInitialOffsets } from './kafka/initialOffsets';
import { createGroupRt } from './kafka/membership';
import { createProducerRt } from './kafka/producer';
import { createLog } from './log/partitionLog';
import { createRateMeter } from './metrics/rateMeter';
import { createServiceRt } from './outbox/state';
import { queueRuntime } from './queueRuntimeSlot';
import { createReplication } from './replication/state';
import type { EngineConfig } from './scenario/config';
import { attachShareGroups } from './share/world';
import { createSyncRt } from './sync/state';
import { usesTransactions } from './transactions/config';
import { createPartitionTxn, createTxnRt } from './transactions/state';
import type { World } from './world';

export function createWorld(config: EngineConfig, seed: number): World {
  const topics: World['topics'] = {};
  for (const t of config.topics) {
    topics[t.name] = {
      config: t,
      logs: Array.from({ length: t.partitions }, (_, p) => createLog(t.name, p)),
    };
  }
  const groups: World['groups'] = {};
  for (const g of config.groups) groups[g.groupId] = createGroupRt(g, topics[g.topic].logs.length, 0);
  const w: World = {
    nowMs: 0,
    version: 0,
    seed,
    config,
    topics,
    producers: config.producers.map((p) => createProducerRt(p, topics[p.topic]?.logs.length ?? 1)),
    groups,
    members: {},
    deadLetters: [],
    dlqDepthHistory: [],
    redriveQueue: [],
    redriveRatePerSec: 10,
    redriveLoopLimit: 3,
    nextMessageId: 0,
    produced: createRateMeter(),
    timerSeqs: {},
    sync: config.sync ? createSyncRt(config.sync) : null,
    services: config.services.map(createServiceRt),
    replication: createReplication(config),
    txn: usesTransactions(config) ? createTxnRt() : null,
    queues: config.queues.length === 0 ? null : queueRuntime().createQueueWorld(config),
    compare: isComparison(config) ? queueRuntime().createComparisonObservations(config) : null,
  };
  // Only the partitions transactions write to carry their state (markers, open and aborted ranges).
  const written = [
    ...config.producers.flatMap((p) => (p.transaction ? [p.topic] : [])),
    ...config.groups.flatMap((g) => (g.transform ? [g.transform.topic] : [])),
  ];
  for (const name of written) for (const log of topics[name].logs) log.txn ??= createPartitionTxn();
  // A scenario imported from a running system starts from its offsets (kafka-consumer-groups.sh).
  applyInitialOffsets(w, config);
  attachShareGroups(w);
  return w;
}
