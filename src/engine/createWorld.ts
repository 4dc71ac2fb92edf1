// The initial world of a scenario: topics with empty logs, producers, groups without
// members. Members join when the simulation boots (or when their group starts later).

import { applyInitialOffsets } from './kafka/initialOffsets';
import { createGroupRt } from './kafka/membership';
import { createProducerRt } from './kafka/producer';
import { createLog } from './log/partitionLog';
import { createRateMeter } from './metrics/rateMeter';
import { createServiceRt } from './outbox/state';
import { createQueueWorld } from './queues/runtime/runtime';
import { createReplication } from './replication/state';
import type { EngineConfig } from './scenario/config';
import { createSyncRt } from './sync/state';
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
    queues: createQueueWorld(config),
  };
  // A scenario imported from a running system starts from its offsets (kafka-consumer-groups.sh).
  applyInitialOffsets(w, config);
  return w;
}
