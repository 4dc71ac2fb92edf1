// The simulation: one world, one virtual clock, one seeded rng and one scheduler. Time
// moves only through advance()/step(); every event runs in (time, sequence) order, so a
// scenario, a seed and the same inputs give the same event stream, byte for byte.

import type { EventObject } from 'xstate';
import { Rng } from './core/rng';
import { type Scheduled, Scheduler } from './core/scheduler';
import { onRedriveTick } from './delivery/dlq';
import { countOf, pruneBelow } from './delivery/idCounter';
import { onRetryDue } from './delivery/processing';
import type { EngineContext } from './engineContext';
import { injectFault, restart } from './faults';
import { onCommitDone, onPoll, onPollDeadline, onRecordDone } from './kafka/consumerLoop';
import { applyInitialOffsets, seedInitialAssignment } from './kafka/initialOffsets';
import type { KeySampler } from './kafka/keys';
import {
  addMember,
  createGroupRt,
  onCoordinatorAction,
  onHeartbeat,
  onMemberAction,
  recordGroupState,
  recordMemberState,
} from './kafka/membership';
import { createProducerRt, onProduce } from './kafka/producer';
import { applyRetention, compact, createLog, type LogRecord, type PartitionLog } from './log/partitionLog';
import { consumerMemberMachine, type MemberEvent } from './machines/consumerMember.machine';
import { type CoordinatorEvent, groupCoordinatorMachine } from './machines/groupCoordinator.machine';
import { MachineHost } from './machines/host';
import { createHistogram } from './metrics/histogram';
import { buildMetrics, buildSnapshot } from './metrics/observe';
import { createRateMeter } from './metrics/rateMeter';
import { type EngineConfig, resolveScenario } from './scenario/config';
import { getPreset } from './scenario/presets';
import { parseScenario, type Scenario, ScenarioError } from './scenario/schema';
import type { GroupState, MemberState, Metrics, SimEvent, SimEventOf, SimEventType, Snapshot } from './types';
import type { EngineEvent, World } from './world';

type Listener = (event: SimEvent) => void;
type MachineSnapshots<M> = Map<string, M>;

const MAX_ADVANCE_MS = 7 * 86_400_000;
const LATENCY_WINDOW_MS = 10_000;
const DLQ_HISTORY_LIMIT = 600;

export interface Checkpoint {
  /** The world without its logs' records and the key samplers' caches (see `shared`). */
  world: World;
  shared: SharedParts;
  scheduler: ReturnType<Scheduler<EngineEvent>['save']>;
  coordinators: MachineSnapshots<unknown>;
  members: MachineSnapshots<unknown>;
  rng: number[];
}

export interface SimulationOptions {
  seed?: number;
}

export class Simulation {
  readonly scenario: Scenario;
  readonly config: EngineConfig;
  private w: World;
  private rng: Rng;
  private scheduler = new Scheduler<EngineEvent>();
  private listeners = new Map<string, Set<Listener>>();
  private wanted: Record<string, boolean> = {};
  private ctx: EngineContext;
  private coordinators: MachineHost<typeof groupCoordinatorMachine>;
  private memberMachines: MachineHost<typeof consumerMemberMachine>;

  constructor(scenario: Scenario | string, options: SimulationOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31)
      throw new ScenarioError(`seed: must be an integer, got ${seed}`, 'seed');
    this.scenario = typeof scenario === 'string' ? getPreset(scenario) : parseScenario(scenario);
    this.config = resolveScenario(this.scenario);
    this.rng = new Rng(seed);
    this.w = createWorld(this.config, seed);
    this.coordinators = new MachineHost(groupCoordinatorMachine, this.timerPort('coordinator'), (id, a) =>
      onCoordinatorAction(this.ctx, id, a),
    );
    this.memberMachines = new MachineHost(consumerMemberMachine, this.timerPort('member'), (id, a) =>
      onMemberAction(this.ctx, id, a),
    );
    this.ctx = this.makeContext();
    this.boot();
  }

  get now(): number {
    return this.w.nowMs;
  }

  get version(): number {
    return this.w.version;
  }

  get seed(): number {
    return this.w.seed;
  }

  /** Runs every event up to now + ms, then sets the clock to exactly that time. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS)
      throw new ScenarioError(`advance: ms must be a number from 0 to ${MAX_ADVANCE_MS}, got ${ms}`, 'ms');
    const target = this.w.nowMs + ms;
    let handled = 0;
    for (;;) {
      const item = this.scheduler.popUntil(target);
      if (!item) break;
      this.dispatch(item);
      handled += 1;
    }
    this.w.nowMs = target;
    this.w.version += 1;
    return handled;
  }

  /** Runs exactly the next event (the clock jumps to its time); false when none is left. */
  step(): boolean {
    const item = this.scheduler.popUntil(Number.POSITIVE_INFINITY);
    if (!item) return false;
    this.dispatch(item);
    return true;
  }

  nextEventAtMs(): number {
    return this.scheduler.peekTime();
  }

  inject(fault: unknown): string {
    const description = injectFault(this.ctx, fault);
    this.w.version += 1;
    return description;
  }

  snapshot(): Snapshot {
    return buildSnapshot(this.ctx);
  }

  metrics(): Metrics {
    return buildMetrics(this.ctx);
  }

  /** Subscribes to one event type, or to all with '*'; returns the unsubscribe function. */
  on<T extends SimEventType>(type: T, callback: (event: SimEventOf<T>) => void): () => void;
  on(type: '*', callback: (event: SimEvent) => void): () => void;
  on(type: string, callback: (event: never) => void): () => void {
    if (type !== '*' && !KNOWN_EVENTS.has(type))
      throw new ScenarioError(`on: unknown event type "${type}"`, 'type');
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(callback as Listener);
    this.refreshWanted();
    return () => {
      set.delete(callback as Listener);
      this.refreshWanted();
    };
  }

  /** Log-end offset of every partition, in snapshot order (cheap: no snapshot is built). */
  logEndOffsets(): number[] {
    const out: number[] = [];
    for (const t of Object.values(this.w.topics)) for (const log of t.logs) out.push(log.logEndOffset);
    return out;
  }

  /** A record's details, for the inspector ("why did it land on this partition?"). */
  record(topic: string, partition: number, offset: number) {
    const log = this.w.topics[topic]?.logs[partition];
    if (!log) return undefined;
    const r = log.records.find((x, i) => i >= log.head && x.offset === offset);
    if (!r) return undefined;
    const applied: Record<string, number> = {};
    for (const g of Object.values(this.w.groups))
      if (g.config.topic === topic) applied[g.config.groupId] = countOf(g.sink, r.messageId);
    return { topic, partition, ...r, applied };
  }

  checkpoint(): Checkpoint {
    const shared = detachShared(this.w);
    let world: World;
    try {
      world = structuredClone(this.w);
    } finally {
      attachShared(this.w, shared, false);
    }
    return {
      world,
      shared,
      scheduler: structuredClone(this.scheduler.save()),
      coordinators: this.coordinators.save(),
      members: this.memberMachines.save(),
      rng: this.rng.state(),
    };
  }

  restore(cp: Checkpoint): void {
    this.w = structuredClone(cp.world);
    attachShared(this.w, cp.shared, true);
    this.ctx.w = this.w;
    this.scheduler = Scheduler.restore(structuredClone(cp.scheduler));
    this.coordinators.restore(cp.coordinators as never);
    this.memberMachines.restore(cp.members as never);
    this.rng = Rng.fromState(cp.rng);
    this.ctx.rng = this.rng;
  }

  // ---- internals ------------------------------------------------------------------

  private makeContext(): EngineContext {
    return {
      w: this.w,
      rng: this.rng,
      schedule: (atMs, event) => this.scheduler.schedule(atMs, event),
      wants: (type) => this.wanted[type] === true,
      emit: (event) => this.emit(event),
      coordinators: this.coordinators,
      memberMachines: this.memberMachines,
      sendToMember: (memberId, event) => this.sendToMember(memberId, event),
      sendToCoordinator: (groupId, event) => this.sendToCoordinator(groupId, event),
    };
  }

  private timerPort(actor: 'coordinator' | 'member') {
    return {
      startTimer: (actorId: string, key: string, delayMs: number, event: EventObject) => {
        const id = `${actor}:${actorId}:${key}`;
        const old = this.w.timerSeqs[id];
        if (old !== undefined) this.scheduler.cancel(old);
        this.w.timerSeqs[id] = this.scheduler.schedule(this.w.nowMs + delayMs, {
          kind: 'timer',
          actor,
          actorId,
          key,
          event,
        });
      },
      cancelTimer: (actorId: string, key: string) => {
        const id = `${actor}:${actorId}:${key}`;
        const seq = this.w.timerSeqs[id];
        if (seq !== undefined) {
          this.scheduler.cancel(seq);
          delete this.w.timerSeqs[id];
        }
      },
    };
  }

  private sendToMember(memberId: string, event: MemberEvent): void {
    const snap = this.memberMachines.send(memberId, event);
    const m = this.w.members[memberId];
    // The JoinGroup response carries the new generation; commits use it from then on.
    if (m && event.type === 'JOINED') m.generationId = event.generationId;
    if (snap && m) recordMemberState(this.ctx, m, snap.value as MemberState);
  }

  private sendToCoordinator(groupId: string, event: CoordinatorEvent): void {
    const snap = this.coordinators.send(groupId, event);
    const g = this.w.groups[groupId];
    if (!snap || !g) return;
    const value = typeof snap.value === 'string' ? snap.value : Object.keys(snap.value)[0];
    recordGroupState(this.ctx, g, value as GroupState, snap.context.generationId);
    g.leaderId = snap.context.leaderId;
  }

  private emit(event: SimEvent): void {
    const specific = this.listeners.get(event.type);
    if (specific) for (const cb of specific) cb(event);
    const all = this.listeners.get('*');
    if (all) for (const cb of all) cb(event);
  }

  private refreshWanted(): void {
    const all = (this.listeners.get('*')?.size ?? 0) > 0;
    this.wanted = {};
    for (const type of KNOWN_EVENTS) this.wanted[type] = all || (this.listeners.get(type)?.size ?? 0) > 0;
  }

  private boot(): void {
    const w = this.w;
    for (const [i, p] of this.config.producers.entries())
      this.scheduler.schedule(p.startMs, { kind: 'produce', producer: i });
    for (const g of this.config.groups) {
      this.coordinators.start(g.groupId, {
        groupId: g.groupId,
        sessionTimeoutMs: g.sessionTimeoutMs,
        rebalanceTimeoutMs: g.maxPollIntervalMs,
        initialRebalanceDelayMs: this.config.broker.initialRebalanceDelayMs,
      });
    }
    this.scheduler.schedule(this.config.broker.retentionCheckIntervalMs, { kind: 'retention' });
    for (const [index, entry] of this.config.timeline.entries())
      this.scheduler.schedule(entry.at, { kind: 'timeline', index });
    for (const g of this.config.groups) {
      if (g.startMs === 0) this.addFirstMembers(g.groupId, g.consumers);
      else
        this.scheduler.schedule(g.startMs, { kind: 'timeline', index: -1 - this.config.groups.indexOf(g) });
    }
    w.version += 1;
  }

  private dispatch(item: Scheduled<EngineEvent>): void {
    const e = item.event;
    const ctx = this.ctx;
    this.w.nowMs = item.atMs;
    this.w.version += 1;
    if (e.kind === 'record-done' || e.kind === 'poll' || e.kind === 'commit-done' || e.kind === 'to-member') {
      // A frozen process handles nothing: what reaches it waits until the pause ends.
      const m = this.w.members[e.memberId];
      if (m?.state === 'Paused') {
        m.deferred.push(e);
        return;
      }
    }
    switch (e.kind) {
      case 'produce':
        onProduce(ctx, e.producer);
        return;
      case 'record-done':
        onRecordDone(ctx, e.memberId, e.incarnation);
        return;
      case 'poll':
        onPoll(ctx, e.memberId, e.incarnation);
        return;
      case 'commit-done':
        onCommitDone(ctx, e);
        return;
      case 'heartbeat':
        onHeartbeat(ctx, e.memberId, e.loop);
        return;
      case 'poll-deadline':
        onPollDeadline(ctx, e.memberId);
        return;
      case 'timer': {
        const id = `${e.actor}:${e.actorId}:${e.key}`;
        if (this.w.timerSeqs[id] !== item.seq) return;
        delete this.w.timerSeqs[id];
        if (e.actor === 'coordinator') this.sendToCoordinator(e.actorId, e.event as CoordinatorEvent);
        else this.sendToMember(e.actorId, e.event as MemberEvent);
        return;
      }
      case 'to-coordinator':
        this.sendToCoordinator(e.groupId, e.event);
        return;
      case 'to-member':
        this.sendToMember(e.memberId, e.event);
        return;
      case 'sync':
        if (
          this.w.groups[e.groupId]?.generationId === e.generationId &&
          this.w.groups[e.groupId].state === 'CompletingRebalance'
        ) {
          this.sendToCoordinator(e.groupId, { type: 'SYNC_DONE' });
        }
        return;
      case 'retention':
        this.onRetention();
        return;
      case 'retry-due':
        onRetryDue(ctx, e.groupId);
        return;
      case 'redrive-tick':
        onRedriveTick(ctx);
        return;
      case 'restart': {
        const m = this.w.members[e.memberId];
        if (m?.state === 'Crashed') restart(ctx, m);
        return;
      }
      case 'timeline':
        this.onTimeline(e.index);
        return;
      case 'outage-end':
        return;
    }
  }

  private addFirstMembers(groupId: string, count: number): void {
    const ids = Array.from({ length: count }, () => addMember(this.ctx, groupId));
    seedInitialAssignment(this.w.groups[groupId], ids);
  }

  private onTimeline(index: number): void {
    if (index < 0) {
      const g = this.config.groups[-1 - index];
      this.addFirstMembers(g.groupId, g.consumers);
      return;
    }
    const entry = this.config.timeline[index];
    if ('caption' in entry && entry.caption && this.wanted.caption)
      this.emit({ type: 'caption', atMs: this.w.nowMs, text: entry.caption });
    if ('fault' in entry && entry.fault) {
      try {
        injectFault(this.ctx, entry.fault);
      } catch (error) {
        // A scripted fault whose target is gone (e.g. already crashed) is reported, not fatal.
        if (this.wanted.caption)
          this.emit({
            type: 'caption',
            atMs: this.w.nowMs,
            text: `timeline[${index}] skipped: ${(error as Error).message}`,
          });
      }
    }
  }

  private onRetention(): void {
    const w = this.w;
    let minLiveId = w.nextMessageId;
    for (const t of Object.values(w.topics)) {
      const groups = Object.values(w.groups).filter((g) => g.config.topic === t.config.name);
      for (const log of t.logs) {
        const deleted = applyRetention(log, w.nowMs, t.config.retentionMs, t.config.retentionBytes);
        if (t.config.cleanupPolicy === 'compact') {
          const superseded = compact(log, 100);
          if (superseded.length > 0)
            for (const g of groups)
              markDeletedUnconsumed(this.ctx, g, log.partition, superseded, 'compacted');
        }
        if (deleted.length > 0) {
          for (const g of groups) markDeletedUnconsumed(this.ctx, g, log.partition, deleted);
          if (this.wanted.retention)
            this.emit({
              type: 'retention',
              atMs: w.nowMs,
              topic: log.topic,
              partition: log.partition,
              logStartOffset: log.logStartOffset,
            });
        }
        const head = log.records[log.head];
        if (head) minLiveId = Math.min(minLiveId, head.messageId);
      }
    }
    for (const m of Object.values(w.members))
      for (let i = m.batchIndex; i < m.batch.length; i++)
        minLiveId = Math.min(minLiveId, m.batch[i].record.messageId);
    for (const g of Object.values(w.groups)) {
      for (const r of g.retryQueue) minLiveId = Math.min(minLiveId, r.entry.record.messageId);
      pruneBelow(g.sink, minLiveId);
      pruneBelow(g.idempotencyStore, minLiveId);
      if (w.nowMs - g.latencyWindowStartMs >= LATENCY_WINDOW_MS) {
        g.latencyPrevious = g.latencyRecent;
        g.latencyRecent = createHistogram();
        g.latencyWindowStartMs = w.nowMs;
      }
    }
    w.dlqDepthHistory.push({ atMs: w.nowMs, depth: w.deadLetters.length });
    if (w.dlqDepthHistory.length > DLQ_HISTORY_LIMIT)
      w.dlqDepthHistory.splice(0, w.dlqDepthHistory.length - DLQ_HISTORY_LIMIT);
    this.scheduler.schedule(w.nowMs + this.config.broker.retentionCheckIntervalMs, { kind: 'retention' });
  }
}

/** Retention deleted records this group had not consumed yet: their effects never happen. */
function markDeletedUnconsumed(
  ctx: EngineContext,
  g: World['groups'][string],
  partition: number,
  deleted: { offset: number; messageId: number }[],
  how: 'retention' | 'compacted' = 'retention',
): void {
  const from = Math.max(g.committed[partition], g.startOffsets[partition]);
  if (g.startOffsets[partition] < 0) return;
  for (const r of deleted) {
    if (r.offset < from) continue;
    if (countOf(g.sink, r.messageId) > 0 || g.lost.has(r.messageId) || g.deadLetteredIds.has(r.messageId))
      continue;
    const owner = g.owner[partition];
    const m = owner ? ctx.w.members[owner] : undefined;
    if (
      m &&
      m.positions[partition] > r.offset &&
      m.batch.some((b, i) => i >= m.batchIndex && b.record.messageId === r.messageId)
    )
      continue;
    if (how === 'compacted') {
      // A newer record with the same key is still there: superseded, not lost.
      g.compacted.add(r.messageId);
      continue;
    }
    g.lost.add(r.messageId);
    if (ctx.wants('lost'))
      ctx.emit({
        type: 'lost',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        messageId: r.messageId,
        reason: 'deleted by retention before it was consumed',
      });
  }
}

function createWorld(config: EngineConfig, seed: number): World {
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
    producers: config.producers.map((p) => createProducerRt(p, topics[p.topic].logs.length)),
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
  };
  applyInitialOffsets(w, config);
  return w;
}

export const KNOWN_EVENTS: ReadonlySet<string> = new Set<SimEventType>([
  'produced',
  'fetched',
  'processed',
  'process-failed',
  'committed',
  'commit-rejected',
  'member-state',
  'group-state',
  'rebalance-started',
  'rebalance-completed',
  'assigned',
  'revoked',
  'evicted',
  'dead-lettered',
  'redriven',
  'lost',
  'retention',
  'offsets-reset',
  'fault',
  'caption',
]);

export function createSimulation(scenario: Scenario | string, options: SimulationOptions = {}): Simulation {
  return new Simulation(scenario, options);
}

/**
 * What a checkpoint shares with the live world instead of copying. A log only ever appends
 * to its records array (retention and compaction replace the array, never edit it) and a
 * record is never changed, so a checkpoint keeps the array and its length at that moment.
 * A key sampler's Zipf table never changes and its caches are pure memos of the key index. Copying either made each
 * checkpoint cost time and memory in proportion to everything retained.
 */
interface SharedParts {
  logs: { records: LogRecord[]; length: number }[];
  samplers: Pick<KeySampler, 'cdf' | 'partitionCache' | 'keyCache'>[];
}

function allLogs(w: World): PartitionLog[] {
  return Object.values(w.topics).flatMap((t) => t.logs);
}

/** Takes the shared parts out of `w` (put them back with `attachShared`). */
function detachShared(w: World): SharedParts {
  const logs = allLogs(w).map((log) => {
    const part = { records: log.records, length: log.records.length };
    log.records = [];
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
function attachShared(w: World, shared: SharedParts, isRestore: boolean): void {
  allLogs(w).forEach((log, i) => {
    const { records, length } = shared.logs[i];
    log.records = isRestore ? records.slice(0, length) : records;
  });
  w.producers.forEach(({ sampler }, i) => {
    sampler.cdf = shared.samplers[i].cdf;
    sampler.partitionCache = shared.samplers[i].partitionCache;
    sampler.keyCache = shared.samplers[i].keyCache;
  });
}
