// A session is one run the person is looking at: a simulation plus its recorders, with
// checkpoints for time travel. Seeking restores the nearest earlier checkpoint and
// re-simulates deterministically, re-applying the person's interventions at their times;
// an intervention made in the past forks the run and keeps the old branch's figures.

import {
  type Checkpoint,
  createSimulation,
  type Fault,
  type Metrics,
  type Scenario,
  type SimEvent,
  type Simulation,
} from '../engine';
import type { Frame } from './frame';
import {
  ACTIVITY_WINDOW_MS,
  checkpointRecorder,
  emptyRecorder,
  pruneActivity,
  RECORDED_EVENTS,
  type RecorderCheckpoint,
  type RecorderState,
  recordEvent,
  restoreRecorder,
  sample,
} from './recorder';

export const SAMPLE_MS = 250;
export const CHECKPOINT_MS = 5000;

const wallNow = (): number => globalThis.performance?.now() ?? Date.now();

export interface Intervention {
  atMs: number;
  fault: Fault;
}

/** An engine event as exported; a fault carries its one-line description. */
export type TracedEvent = SimEvent & { description?: string };

export interface BranchSummary {
  label: string;
  forkedAtMs: number;
  reachedMs: number;
  groups: Record<
    string,
    { duplicates: number; lost: number; deadLettered: number; lag: number; applied: number }
  >;
}

interface SessionCheckpoint {
  atMs: number;
  sim: Checkpoint;
  recorder: RecorderCheckpoint;
  interventionsApplied: number;
}

export class Session {
  readonly sim: Simulation;
  readonly scenario: Scenario | string;
  readonly seed: number;
  interventions: Intervention[] = [];
  branches: BranchSummary[] = [];
  private recorder: RecorderState;
  private checkpoints: SessionCheckpoint[] = [];
  private applied = 0;
  /** The furthest time this branch has been simulated to. */
  maxTimeMs = 0;
  private aheadMarkers: Frame['markers'] = [];
  private lastFrameVersion = -1;
  private lastFrame: Frame | null = null;
  private isLastFrameLive = false;
  /** The metrics of the latest sample (at most SAMPLE_MS of simulated time old). */
  private sampledMetrics: Metrics | null = null;
  /** A checkpoint fell due while playing: takeDueCheckpoint saves it when there is time. */
  private isCheckpointDue = false;
  /** Wall-clock ms the latest checkpoint took (a queue holding thousands of messages: hundreds). */
  lastCheckpointMs = 0;

  constructor(scenario: Scenario | string, seed: number, interventions: Intervention[] = []) {
    this.scenario = scenario;
    this.seed = seed;
    this.sim = createSimulation(scenario, { seed });
    const partitions = this.sim.snapshot().partitions.length;
    this.recorder = emptyRecorder(partitions);
    for (const type of RECORDED_EVENTS)
      this.sim.on(type, (e: SimEvent) => recordEvent(this.recorder, e, (f) => this.sim.describeFault(f)));
    this.interventions = [...interventions].sort((a, b) => a.atMs - b.atMs);
    this.sampledMetrics = sample(this.recorder, this.sim);
    this.saveCheckpoint();
  }

  get now(): number {
    return this.sim.now;
  }

  /**
   * Advances to `targetMs`, sampling at fixed instants and applying due interventions.
   * `deferCheckpoints` (the animation loop): a checkpoint that falls due is only noted, and
   * the controller takes it in an idle moment (takeDueCheckpoint), so it never lengthens a
   * frame. A checkpoint may be taken at any instant: seeking restores the nearest earlier
   * one and re-simulates, deterministically, whatever its time.
   */
  advanceTo(targetMs: number, { deferCheckpoints = false }: { deferCheckpoints?: boolean } = {}): void {
    while (this.sim.now < targetMs) {
      const nextSample = (Math.floor(this.sim.now / SAMPLE_MS) + 1) * SAMPLE_MS;
      const nextIntervention = this.interventions[this.applied]?.atMs ?? Number.POSITIVE_INFINITY;
      const stop = Math.min(targetMs, nextSample, nextIntervention);
      this.sim.advance(stop - this.sim.now);
      this.applyDueInterventions();
      if (this.sim.now === nextSample) {
        this.sampledMetrics = sample(this.recorder, this.sim);
        if (this.sim.now % CHECKPOINT_MS === 0 && this.sim.now > this.lastCheckpointAtMs()) {
          if (deferCheckpoints) this.isCheckpointDue = true;
          else this.saveCheckpoint();
        }
      }
    }
    this.applyDueInterventions();
    if (this.sim.now > this.maxTimeMs) this.maxTimeMs = this.sim.now;
  }

  /** Runs exactly one engine event (for stepping through a rebalance). */
  stepEvent(): void {
    const next = this.sim.nextEventAtMs();
    if (!Number.isFinite(next)) return;
    if (next > this.sim.now) this.advanceTo(next);
    this.sim.step();
    if (this.sim.now > this.maxTimeMs) this.maxTimeMs = this.sim.now;
  }

  /** Moves to any time, forward or back; the view is exactly what it was then. */
  seek(targetMs: number): void {
    if (!Number.isFinite(targetMs) || targetMs < 0)
      throw new RangeError(`seek: time must be ≥ 0 ms, got ${targetMs}`);
    if (targetMs >= this.sim.now && targetMs - this.sim.now <= CHECKPOINT_MS) {
      this.advanceTo(targetMs);
      return;
    }
    // The latest checkpoint early enough that the activity window is refilled by re-simulation.
    const wanted = Math.max(0, targetMs - ACTIVITY_WINDOW_MS);
    let cp = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.atMs <= wanted) cp = c;
    if (targetMs >= this.sim.now && cp.atMs <= this.sim.now) {
      this.advanceTo(targetMs);
      return;
    }
    if (this.recorder.markers.length > 0 && this.sim.now >= (this.aheadMarkers.at(-1)?.atMs ?? -1))
      this.aheadMarkers = this.recorder.markers;
    this.sim.restore(cp.sim);
    this.recorder = restoreRecorder(cp.recorder);
    this.applied = cp.interventionsApplied;
    this.sampledMetrics = null;
    this.advanceTo(targetMs);
  }

  /**
   * Applies a fault now. In the past (after a seek back), this forks: the old future and
   * its later interventions are dropped, and the old branch's figures are kept.
   */
  intervene(fault: Fault): string {
    if (this.sim.now < this.maxTimeMs) this.fork();
    const description = this.sim.inject(fault);
    this.interventions.splice(this.applied, 0, { atMs: this.sim.now, fault });
    this.applied += 1;
    return description;
  }

  private fork(): void {
    const ahead = new Session(this.scenario, this.seed, this.interventions);
    ahead.advanceTo(this.maxTimeMs);
    const metrics = ahead.sim.metrics();
    const label = String.fromCharCode(65 + this.branches.length);
    const groups: BranchSummary['groups'] = {};
    for (const [id, g] of Object.entries(metrics.groups))
      groups[id] = {
        duplicates: g.duplicates,
        lost: g.lost,
        deadLettered: g.deadLettered,
        lag: g.lag,
        applied: g.applied,
      };
    this.branches.push({ label, forkedAtMs: this.sim.now, reachedMs: this.maxTimeMs, groups });
    this.interventions = this.interventions.slice(0, this.applied);
    this.checkpoints = this.checkpoints.filter(
      (c) => c.atMs <= this.sim.now && c.interventionsApplied <= this.applied,
    );
    this.maxTimeMs = this.sim.now;
    this.aheadMarkers = [];
  }

  /**
   * The full event trace of this branch from t = 0 to now, re-simulated headless from the
   * scenario, the seed and the interventions (deterministic: the same events as the run).
   */
  trace(limit = 200_000): TracedEvent[] {
    const sim = createSimulation(this.scenario, { seed: this.seed });
    const events: TracedEvent[] = [];
    sim.on('*', (e) => {
      if (events.length < limit)
        events.push(e.type === 'fault' ? { ...e, description: sim.describeFault(e.fault) } : e);
    });
    for (const i of this.interventions) {
      if (i.atMs > this.now) break;
      sim.advance(i.atMs - sim.now);
      try {
        sim.inject(i.fault);
      } catch {
        // Skipped, as the run skips a replayed intervention that no longer applies.
      }
    }
    sim.advance(this.now - sim.now);
    return events;
  }

  /**
   * The frame at the current instant. `live` (while playing): the metrics are those of the
   * latest sample, at most SAMPLE_MS of simulated time old, instead of computed anew each
   * animation frame (a queue's in-flight count walks every message in hand); paused,
   * stepped or seeked frames are exact.
   */
  frame({ live = false }: { live?: boolean } = {}): Frame {
    const sim = this.sim;
    if (this.lastFrame && this.lastFrameVersion === sim.version && (live || !this.isLastFrameLive))
      return this.lastFrame;
    const snapshot = sim.snapshot();
    const metrics = live && this.sampledMetrics ? this.sampledMetrics : sim.metrics();
    const r = this.recorder;
    pruneActivity(r.activity, sim.now);
    if (r.activity.isAggregated && r.activity.produced.length < 200) r.activity.isAggregated = false;
    const series = r.series;
    const last = series[series.length - 1];
    const secondAgo = series[Math.max(0, series.length - 1 - 1000 / SAMPLE_MS)];
    const spanSec = last && secondAgo && last.atMs > secondAgo.atMs ? (last.atMs - secondAgo.atMs) / 1000 : 1;
    r.activity.producedPerPartitionPerSec = snapshot.partitions.map((_, i) =>
      last && secondAgo ? (last.logEndOffsets[i] - secondAgo.logEndOffsets[i]) / spanSec : 0,
    );
    const frame: Frame = {
      nowMs: sim.now,
      version: sim.version,
      snapshot,
      metrics,
      activity: {
        ...r.activity,
        produced: r.activity.produced.slice(),
        processed: r.activity.processed.slice(),
        failed: r.activity.failed.slice(),
        deadLettered: r.activity.deadLettered.slice(),
      },
      lagHistory: r.lagHistory,
      series: r.series,
      log: r.log.filter((e) => e.atMs <= sim.now),
      markers: [...r.markers, ...this.aheadMarkers.filter((m) => m.atMs > sim.now)],
      caption: r.caption,
    };

    this.lastFrame = frame;
    this.lastFrameVersion = sim.version;
    this.isLastFrameLive = live && metrics === this.sampledMetrics;
    return frame;
  }

  /** True when a checkpoint fell due during a deferred advance and is not taken yet. */
  hasDueCheckpoint(): boolean {
    return this.isCheckpointDue;
  }

  /** Takes the checkpoint that fell due, at the current instant (after a seek back, none). */
  takeDueCheckpoint(): void {
    if (!this.isCheckpointDue) return;
    this.isCheckpointDue = false;
    if (this.sim.now > this.lastCheckpointAtMs()) this.saveCheckpoint();
  }

  private lastCheckpointAtMs(): number {
    return this.checkpoints.length > 0 ? this.checkpoints[this.checkpoints.length - 1].atMs : -1;
  }

  private saveCheckpoint(): void {
    const start = wallNow();
    this.checkpoints.push({
      atMs: this.sim.now,
      sim: this.sim.checkpoint(),
      recorder: checkpointRecorder(this.recorder),
      interventionsApplied: this.applied,
    });
    this.lastCheckpointMs = wallNow() - start;
  }

  private applyDueInterventions(): void {
    while (
      this.applied < this.interventions.length &&
      this.interventions[this.applied].atMs <= this.sim.now
    ) {
      try {
        this.sim.inject(this.interventions[this.applied].fault);
      } catch {
        // A replayed intervention that no longer applies (e.g. its consumer is gone) is skipped.
      }
      this.applied += 1;
    }
  }
}
