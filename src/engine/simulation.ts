// The simulation: one world, one virtual clock, one seeded rng and one scheduler. Time
// moves only through advance()/step(); every event runs in (time, sequence) order, so a
// scenario, a seed and the same inputs give the same event stream, byte for byte.
// This file only wires the modules together: retention lives in log/retention.ts,
// checkpoints in checkpoint.ts, the initial world in createWorld.ts, the timeline in timeline.ts.

import type { EventObject } from 'xstate';
import { attachShared, type Checkpoint, detachShared } from './checkpoint';
import { Rng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { createWorld } from './createWorld';
import { onRedriveTick } from './delivery/dlq';
import { countOf } from './delivery/idCounter';
import { onRetryDue } from './delivery/processing';
import type { EngineContext } from './engineContext';
import { describeFaultIn, injectFault, restart } from './faults';
import { dispatchFlow, startFlow } from './flow/engineFlow';
import {
  loopHooks,
  onAutoCommitDue,
  onCommitDone,
  onPoll,
  onPollDeadline,
  onRecordDone,
} from './kafka/consumerLoop';
import { seedInitialAssignment } from './kafka/initialOffsets';
import {
  addMember,
  coordinatorHooks,
  memberHooks,
  onHeartbeat,
  recordMemberState,
  syncGroupState,
} from './kafka/membership';
import { onProduce } from './kafka/producer';
import { KNOWN_EVENTS } from './knownEvents';
import { recordAt } from './log/partitionLog';
import { runRetention } from './log/retention';
import { consumerLoopMachine } from './machines/consumerLoop.machine';
import { consumerMemberMachine, type MemberEvent, type MemberHook } from './machines/consumerMember.machine';
import {
  type CoordinatorEvent,
  type CoordinatorHook,
  groupCoordinatorMachine,
} from './machines/groupCoordinator.machine';
import { MachineHost } from './machines/host';
import { compileLoopTable, LoopRunner } from './machines/loopTable';
import { buildMetrics, buildSnapshot } from './metrics/observe';
import { queueRuntime } from './queueRuntimeSlot';
import { startReplication } from './replication/replication';
import { onReplicationEvent } from './replication/resend';
import { type EngineConfig, resolveScenario } from './scenario/config';
import { getPreset } from './scenario/presets';
import { parseScenario, type Scenario, ScenarioError } from './scenario/schema';
import { onShareEvent, startShareGroup } from './share/consumer';
import { runTimelineEntry } from './timeline';
import { onTransactionTimeout } from './transactions/engineTxn';
import { txnStateAt } from './transactions/state';
import type { Fault, MemberState, Metrics, SimEvent, SimEventOf, SimEventType, Snapshot } from './types';
import type { EngineEvent, MemberRt, World } from './world';

export type { Checkpoint } from './checkpoint';
export { KNOWN_EVENTS } from './knownEvents';

type Listener = (event: SimEvent) => void;

const MAX_ADVANCE_MS = 7 * 86_400_000;

export interface SimulationOptions {
  seed?: number;
}

/** The consumer loop machine, compiled once (see machines/loopTable.ts). */
const LOOP_TABLE = compileLoopTable(consumerLoopMachine);

export class Simulation {
  readonly scenario: Scenario;
  readonly config: EngineConfig;
  private w: World;
  private rng: Rng;
  private scheduler = new Scheduler<EngineEvent>();
  private listeners = new Map<string, Set<Listener>>();
  private wanted: Record<string, boolean> = {};
  /**
   * Some event type is wanted. Without listeners (a headless run) `wants` answers false at once:
   * the keyed read of `wanted`, several per delivery, was 3% of a queue run.
   */
  private isAnyWanted = false;
  private ctx: EngineContext;
  private coordinators: MachineHost<typeof groupCoordinatorMachine, CoordinatorHook>;
  private memberMachines: MachineHost<typeof consumerMemberMachine, MemberHook>;
  private loops: LoopRunner<MemberRt>;

  constructor(scenario: Scenario | string, options: SimulationOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31)
      throw new ScenarioError(`seed: must be an integer, got ${seed}`, 'seed');
    this.scenario = typeof scenario === 'string' ? getPreset(scenario) : parseScenario(scenario);
    this.config = resolveScenario(this.scenario);
    this.rng = new Rng(seed);
    this.w = createWorld(this.config, seed);
    this.ctx = this.makeContext();
    this.coordinators = new MachineHost(
      groupCoordinatorMachine,
      this.timerPort('coordinator'),
      coordinatorHooks(this.ctx),
    );
    this.memberMachines = new MachineHost(
      consumerMemberMachine,
      this.timerPort('member'),
      memberHooks(this.ctx),
    );
    this.ctx.coordinators = this.coordinators;
    this.ctx.memberMachines = this.memberMachines;
    this.loops = new LoopRunner(LOOP_TABLE, loopHooks(this.ctx));
    this.refreshWanted();
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
    const scheduler = this.scheduler;
    for (;;) {
      const event = scheduler.popEventUntil(target);
      if (event === undefined) break;
      this.dispatch(event, scheduler.lastAtMs, scheduler.lastSeq);
      handled += 1;
    }
    this.w.nowMs = target;
    this.w.version += 1;
    return handled;
  }

  /** Runs exactly the next event (the clock jumps to its time); false when none is left. */
  step(): boolean {
    const event = this.scheduler.popEventUntil(Number.POSITIVE_INFINITY);
    if (event === undefined) return false;
    this.dispatch(event, this.scheduler.lastAtMs, this.scheduler.lastSeq);
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

  /** A fault as one sentence, in the words of the system it hits now (DeleteMessage, ack, commit). */
  describeFault(fault: Fault): string {
    return describeFaultIn(this.ctx, fault);
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
    const r = recordAt(log, offset);
    if (!r) return undefined;
    const applied: Record<string, number> = {};
    for (const g of Object.values(this.w.groups))
      if (g.config.topic === topic) applied[g.config.groupId] = countOf(g.sink, r.messageId);
    return {
      topic,
      partition,
      ...r,
      applied,
      ...(log.txn ? { transaction: txnStateAt(log.txn, offset) } : {}),
    };
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
      wants: (type) => this.isAnyWanted && this.wanted[type] === true,
      emit: (event) => this.emit(event),
      // The hosts need the context for their hooks: the constructor sets them right after.
      coordinators: undefined as never,
      memberMachines: undefined as never,
      sendToMember: (memberId, event) => this.sendToMember(memberId, event),
      sendToCoordinator: (groupId, event) => this.sendToCoordinator(groupId, event),
      sendToLoop: (m, event) => this.loops.send(m, event),
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
    this.coordinators.send(groupId, event);
    syncGroupState(this.ctx, groupId);
  }

  private emit(event: SimEvent): void {
    if (this.w.compare) queueRuntime().observeComparison(this.w.compare, event);
    const specific = this.listeners.get(event.type);
    if (specific) for (const cb of specific) cb(event);
    const all = this.listeners.get('*');
    if (all) for (const cb of all) cb(event);
  }

  private refreshWanted(): void {
    const all = (this.listeners.get('*')?.size ?? 0) > 0;
    this.wanted = {};
    for (const type of KNOWN_EVENTS) this.wanted[type] = all || (this.listeners.get(type)?.size ?? 0) > 0;
    // The broker comparison folds a few event types itself (compare/observe.ts).
    if (this.w.compare) for (const type of queueRuntime().comparisonEvents) this.wanted[type] = true;
    this.isAnyWanted = Object.values(this.wanted).includes(true);
  }

  private boot(): void {
    const w = this.w;
    for (const [i, p] of this.config.producers.entries())
      this.scheduler.schedule(p.startMs, { kind: 'produce', producer: i });
    for (const g of this.config.groups) {
      if (g.share) continue; // a share group has no coordinator state machine: no rebalance
      this.coordinators.start(g.groupId, {
        groupId: g.groupId,
        sessionTimeoutMs: g.sessionTimeoutMs,
        rebalanceTimeoutMs: g.maxPollIntervalMs,
        initialRebalanceDelayMs: this.config.broker.initialRebalanceDelayMs,
      });
    }
    this.scheduler.schedule(this.config.broker.retentionCheckIntervalMs, { kind: 'retention' });
    startReplication(this.ctx);
    for (const [index, entry] of this.config.timeline.entries())
      this.scheduler.schedule(entry.at, { kind: 'timeline', index });
    for (const g of this.config.groups) {
      if (g.startMs === 0) this.addFirstMembers(g.groupId, g.consumers);
      else this.scheduler.schedule(g.startMs, { kind: 'group-start', groupId: g.groupId });
    }
    startFlow(this.ctx);
    if (w.queues) queueRuntime().startQueues(this.ctx);
    w.version += 1;
  }

  private dispatch(e: EngineEvent, atMs: number, seq: number): void {
    const ctx = this.ctx;
    this.w.nowMs = atMs;
    this.w.version += 1;
    if (e.kind === 'queue-step') {
      // The queue engine's per-delivery event, first: the switch below compares kinds in turn.
      queueRuntime().dispatchQueueEvent(ctx, e);
      return;
    }
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
        if (
          this.w.producers[e.producer].config.queue !== null ||
          this.w.producers[e.producer].config.publish !== null
        )
          queueRuntime().onQueueProduce(ctx, e.producer);
        else onProduce(ctx, e.producer);
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
      case 'auto-commit-due':
        onAutoCommitDue(ctx, e.memberId);
        return;
      case 'timer': {
        const id = `${e.actor}:${e.actorId}:${e.key}`;
        if (this.w.timerSeqs[id] !== seq) return;
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
        runRetention(ctx);
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
        runTimelineEntry(ctx, e.index);
        return;
      case 'group-start': {
        const g = this.config.groups.find((x) => x.groupId === e.groupId);
        if (g) this.addFirstMembers(g.groupId, g.consumers);
        return;
      }
      case 'outage-end':
        return;
      case 'autoscale':
      case 'sync-tick':
      case 'service-tick':
      case 'relay':
      case 'service-restart':
        dispatchFlow(ctx, e);
        return;
      case 'replica-fetch':
      case 'broker-return':
        onReplicationEvent(ctx, e);
        return;
      case 'txn-timeout':
        onTransactionTimeout(ctx, e.transactionalId, e.sequence);
        return;
      case 'share-poll':
      case 'share-record-done':
      case 'share-lock-expiry':
      case 'share-resume':
      case 'share-restart':
        onShareEvent(ctx, e);
        return;
      case 'queue-due':
      case 'queue-restart':
      case 'queue-group-start':
      case 'queue-tick':
        queueRuntime().dispatchQueueEvent(ctx, e);
        return;
    }
  }

  /** A group's first consumers; an imported group's members start owning their real partitions. */
  private addFirstMembers(groupId: string, count: number): void {
    if (this.w.groups[groupId].share) {
      startShareGroup(this.ctx, groupId, count);
      return;
    }
    const ids = Array.from({ length: count }, () => addMember(this.ctx, groupId));
    seedInitialAssignment(this.w.groups[groupId], ids);
  }
}

export function createSimulation(scenario: Scenario | string, options: SimulationOptions = {}): Simulation {
  return new Simulation(scenario, options);
}
