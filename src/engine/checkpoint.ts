// What a checkpoint of a simulation holds, and the parts it shares with the live world
// instead of copying (see SharedParts). Seeking restores one and re-simulates from it.

import type { Scheduler } from './core/scheduler';
import type { KeySampler } from './kafka/keys';
import { createRows, type LogRows, type PartitionLog, sliceRows } from './log/partitionLog';
import type { EngineEvent, World } from './world';

type MachineSnapshots<M> = Map<string, M>;

export interface Checkpoint {
  /** The world without its logs' records and the key samplers' caches (see `shared`). */
  world: World;
  shared: SharedParts;
  scheduler: ReturnType<Scheduler<EngineEvent>['save']>;
  coordinators: MachineSnapshots<unknown>;
  members: MachineSnapshots<unknown>;
  rng: number[];
}

/**
 * What a checkpoint shares with the live world instead of copying. A log only ever appends
 * to its rows (retention, compaction and truncation replace the LogRows, never edit it) and a
 * row is never changed, so a checkpoint keeps the LogRows and its length at that moment.
 * A key sampler's Zipf table never changes and its caches are pure memos of the key index. Copying either made each
 * checkpoint cost time and memory in proportion to everything retained.
 */
export interface SharedParts {
  logs: { records: LogRows; length: number }[];
  samplers: Pick<KeySampler, 'cdf' | 'partitionCache' | 'keyCache'>[];
}

function allLogs(w: World): PartitionLog[] {
  return Object.values(w.topics).flatMap((t) => t.logs);
}

/** Takes the shared parts out of `w` (put them back with `attachShared`). */
export function detachShared(w: World): SharedParts {
  const logs = allLogs(w).map((log) => {
    const part = { records: log.records, length: log.records.length };
    log.records = createRows();
    return part;
  });
  const samplers = w.producers.map(({ sampler }) => {
    const part = { cdf: sampler.cdf, partitionCache: sampler.partitionCache, keyCache: sampler.keyCache };
    sampler.cdf = null;
    sampler.partitionCache = null;
    sampler.keyCache = null;
    return part;
  });
  return { logs, samplers };
}

/** Puts shared parts into `w`; into a restored world, each log gets its own records array. */
export function attachShared(w: World, shared: SharedParts, isRestore: boolean): void {
  allLogs(w).forEach((log, i) => {
    const { records, length } = shared.logs[i];
    log.records = isRestore ? sliceRows(records, 0, length) : records;
  });
  w.producers.forEach(({ sampler }, i) => {
    sampler.cdf = shared.samplers[i].cdf;
    sampler.partitionCache = shared.samplers[i].partitionCache;
    sampler.keyCache = shared.samplers[i].keyCache;
  });
}
