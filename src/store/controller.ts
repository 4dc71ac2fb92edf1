// The one place that changes the run. A controller owns a Session, the player machine and
// the animation loop, and publishes one frame per animation frame to its store. UI
// controls, keyboard shortcuts, the URL and window.queuescope all go through one controller
// made by createController; the loop runs only while the player is Playing.

import { createActor } from 'xstate';
import {
  type Fault,
  getPreset,
  hasQueueRuntime,
  loadQueueRuntime,
  type Metrics,
  needsQueueRuntime,
  parseFault,
  parseScenario,
  type Scenario,
  type SimEvent,
  type Snapshot,
} from '../engine';
import type { Frame } from './frame';
import { createFrameClock } from './frameClock';
import { inspectRecords } from './inspect';
import {
  clampSpeed,
  isPlayingIn,
  isPresentationIn,
  type PlayerActor,
  type PlayerEvent,
  playerMachine,
  SPEED_MAX,
  SPEED_MIN,
  speedIn,
} from './player.machine';
import { type Intervention, Session, type TracedEvent } from './session';
import type { AppStore, Selection } from './store';

/** Panels (React) refresh at most this often while playing; diagrams every frame. */
const PANEL_INTERVAL_MS = 500;
/** The longest seek or step: one simulated day. */
const MAX_TIME_MS = 86_400_000;

export interface ControllerOptions {
  /** The animation-frame scheduler (window.requestAnimationFrame in the page). */
  raf?: (callback: (wallMs: number) => void) => number;
  cancelRaf?: (id: number) => void;
  /** Wall-clock milliseconds (performance.now in the page). */
  now?: () => number;
  /**
   * Calls back when the page is idle (requestIdleCallback in the page). A checkpoint that
   * falls due while playing waits for an idle period long enough to hold it, or the pause.
   */
  idle?: (callback: (deadline: { timeRemaining(): number }) => void) => void;
  /**
   * Runs a callback in a task of its own right after the current one (a MessageChannel message
   * in the page). While playing, the panels' refresh (a React render of the side panel) runs
   * there instead of inside the animation frame that draws the diagram, so the two costs never
   * land in one frame.
   */
  afterFrame?: (callback: () => void) => void;
}

/** A task of its own, queued behind the current one (not clamped like setTimeout). */
function defaultAfterFrame(callback: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(callback, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

/** requestIdleCallback where the browser has it; elsewhere (Safari) checkpoints wait for the pause. */
function defaultIdle(callback: (deadline: { timeRemaining(): number }) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback);
  else setTimeout(() => callback({ timeRemaining: () => 0 }), 100);
}

export interface LoadOptions {
  seed?: number;
  interventions?: Intervention[];
  timeMs?: number;
  speed?: number;
  isPlaying?: boolean;
}

/** What a shareable link records about the current view. */
export interface ViewState {
  scenario: Scenario | string;
  seed: number;
  speed: number;
  timeMs: number;
  isPaused: boolean;
  interventions: Intervention[];
  isPresentation: boolean;
}

export interface Controller {
  readonly store: AppStore;
  /** The player machine: React reads it with @xstate/react's useSelector. */
  readonly player: PlayerActor;
  /**
   * Loads a scenario. Invalid input throws, and the current run stays on screen. A scenario
   * with queues needs the queue runtime, which loads on first use: until it is in, this
   * returns a promise and the current run stays on screen (a later load wins).
   */
  load(scenario: Scenario | string, options?: LoadOptions): void | Promise<void>;
  /** Loads and reports problems in the UI instead of throwing (false: the input is invalid). */
  tryLoad(scenario: Scenario | string, options?: LoadOptions): boolean;
  hasSession(): boolean;
  /** The run itself, for the scripting API and link; UI components read the store instead. */
  currentSession(): Session;
  /** Sends an event to the player (what lessons and shortcuts use). */
  send(event: PlayerEvent): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  isPlaying(): boolean;
  stepEvent(): void;
  stepMs(ms: number): void;
  /**
   * Plays until simulated time `ms`, then pauses exactly there (lessons run a step this way,
   * so the learner sees the diagram move). Resolves when the time is reached; a later
   * runTo, cancelRun or load drops it unresolved. Pausing midway only holds it.
   */
  runTo(ms: number): Promise<void>;
  cancelRun(): void;
  /** Goes to a simulated time; playing continues unless `pause` is set. */
  seek(ms: number, options?: { pause?: boolean }): void;
  seekBy(deltaMs: number): void;
  /** Pauses at the next (1) or previous (−1) scenario caption; forward without one, 1 s. */
  stepCaption(direction: 1 | -1): void;
  setSpeed(x: number): void;
  speedUp(): void;
  slowDown(): void;
  togglePresentation(): void;
  reset(): void;
  setSeed(seed: number): void;
  /** Applies a fault (validated); returns what happened in one line. */
  inject(fault: unknown): string;
  /** Injects from a UI control: problems become a message, never an exception. */
  tryInject(fault: Fault): void;
  /** Restarts the run from t = 0 with an edited scenario (engine/scenario/edit.ts). */
  editScenario(edit: (scenario: Scenario) => Scenario): void;
  select(selection: Selection | null): void;
  /** Subscribes to engine events of whichever run is current; returns an unsubscribe. */
  on(eventType: SimEvent['type'] | '*', callback: (event: SimEvent) => void): () => void;
  /** A fault in one sentence, in the words of the system it hits in the current run. */
  describeFault(fault: Fault): string;
  snapshot(): Snapshot;
  metrics(): Metrics;
  now(): number;
  trace(limit?: number): TracedEvent[];
  viewState(): ViewState;
  publish(force?: boolean): void;
  /** True while the animation loop is scheduled (only when Playing). */
  isClockRunning(): boolean;
  dispose(): void;
}

function validTime(name: string, ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS)
    throw new RangeError(`${name}: ms must be from 0 to ${MAX_TIME_MS}, got ${ms}`);
  return ms;
}

function resolve(scenario: Scenario | string): { doc: Scenario; id: string } {
  if (typeof scenario === 'string') return { doc: getPreset(scenario), id: scenario };
  const doc = parseScenario(scenario);
  return { doc, id: doc.id ?? 'custom' };
}

export function createController(store: AppStore, options: ControllerOptions = {}): Controller {
  const raf = options.raf ?? ((cb) => requestAnimationFrame(cb));
  const cancelRaf = options.cancelRaf ?? ((id) => cancelAnimationFrame(id));
  const wallNow = options.now ?? (() => performance.now());
  const idle = options.idle ?? defaultIdle;
  const afterFrame = options.afterFrame ?? defaultAfterFrame;
  /** The panel refresh queued behind the frame that fell due, if any (a later publish supersedes it). */
  let pendingPanel: Frame | null = null;
  let isCheckpointScheduled = false;
  let isDisposed = false;

  let session: Session | null = null;
  let doc: Scenario | null = null;
  let lastPanelWallMs = Number.NEGATIVE_INFINITY;
  const listeners = new Set<{
    type: SimEvent['type'] | '*';
    callback: (event: SimEvent) => void;
    detach: () => void;
  }>();

  const reportError = (error: unknown) => store.setState({ error: (error as Error).message });
  /** Where runTo stops the clock, and whom it tells. */
  let stopAt: { ms: number; resolve: () => void } | null = null;

  function currentSession(): Session {
    if (!session) throw new Error('No scenario is loaded yet');
    return session;
  }

  const clock = createFrameClock(raf, cancelRaf, (wallDeltaMs) => {
    if (!session) return;
    const target = Math.round((session.now + wallDeltaMs * speedIn(player.getSnapshot())) * 1000) / 1000;
    session.advanceTo(stopAt ? Math.min(target, stopAt.ms) : target, { deferCheckpoints: true });
    publish();
    if (session.hasDueCheckpoint()) scheduleCheckpoint();
    if (stopAt && session.now >= stopAt.ms) {
      const { resolve } = stopAt;
      stopAt = null;
      player.send({ type: 'PAUSE' });
      resolve();
    }
  });

  const player: PlayerActor = createActor(
    playerMachine.provide({
      actions: {
        startClock: () => clock.start(),
        stopClock: () => {
          clock.stop();
          publish(true);
          if (session?.hasDueCheckpoint()) scheduleCheckpoint();
        },
        seekTo: (_, { timeMs }) => {
          try {
            currentSession().seek(timeMs);
            publish(true);
          } catch (error) {
            reportError(error);
          }
        },
        stepBy: (_, { ms }) => {
          try {
            const s = currentSession();
            if (ms === null) s.stepEvent();
            else s.advanceTo(s.now + ms);
            publish(true);
          } catch (error) {
            reportError(error);
          }
        },
      },
    }),
    { input: { isPlaying: false, speed: store.getState().speed } },
  );
  // Readers outside React (the diagrams, the link) see the player through the store.
  player.subscribe((snapshot) => {
    const mirror = {
      isPlaying: isPlayingIn(snapshot),
      speed: speedIn(snapshot),
      isPresentation: isPresentationIn(snapshot),
    };
    const s = store.getState();
    if (
      s.isPlaying !== mirror.isPlaying ||
      s.speed !== mirror.speed ||
      s.isPresentation !== mirror.isPresentation
    )
      store.setState(mirror);
  });
  player.start();

  /**
   * Takes a checkpoint that fell due while playing in an idle period that can hold it (its
   * last cost, with a margin), so time travel never costs a frame; paused, at the first idle
   * moment. A checkpoint that never fits while playing (a queue of thousands of messages
   * takes hundreds of ms to copy) waits for the pause.
   */
  function scheduleCheckpoint(): void {
    if (isCheckpointScheduled) return;
    isCheckpointScheduled = true;
    idle((deadline) => {
      isCheckpointScheduled = false;
      const s = session;
      if (isDisposed || !s?.hasDueCheckpoint()) return;
      if (isPlayingIn(player.getSnapshot()) && deadline.timeRemaining() < s.lastCheckpointMs * 1.5 + 1) {
        scheduleCheckpoint();
        return;
      }
      s.takeDueCheckpoint();
    });
  }

  function publish(force = false): void {
    if (!session) return;
    const isLive = isPlayingIn(player.getSnapshot());
    const frame = session.frame({ live: !force && isLive });
    const state = store.getState();
    if (!force && state.frame === frame) return;
    const wallMs = wallNow();
    const isPanelDue = force || !isLive || wallMs - lastPanelWallMs >= PANEL_INTERVAL_MS;
    if (!isPanelDue) {
      store.setState({ frame });
      return;
    }
    lastPanelWallMs = wallMs;
    if (force || !isLive) {
      pendingPanel = null;
      store.setState({ frame, ...panelState(frame) });
      return;
    }
    // Playing: the diagram now, the panels in their own task right after this frame's.
    store.setState({ frame });
    pendingPanel = frame;
    afterFrame(() => {
      if (pendingPanel !== frame || isDisposed) return;
      pendingPanel = null;
      store.setState(panelState(frame));
    });
  }

  function panelState(frame: Frame) {
    const s = session!;
    return {
      panelFrame: frame,
      maxTimeMs: s.maxTimeMs,
      inspectedRecords: inspectRecords(s.sim, store.getState().selection, frame.snapshot),
    };
  }

  /** Counts loads, so a load waiting for the queue runtime yields to any later one. */
  let loadCount = 0;

  function load(scenario: Scenario | string, opts: LoadOptions = {}): void | Promise<void> {
    const resolved = resolve(scenario);
    const ticket = ++loadCount;
    if (!needsQueueRuntime(resolved.doc) || hasQueueRuntime()) return start(scenario, resolved, opts);
    // Validate now (seed, speed, interventions throw at once), start once the chunk is in.
    checkLoadOptions(opts);
    const notice = 'Loading the SQS and RabbitMQ engine…';
    store.setState({ notice });
    return loadQueueRuntime()
      .finally(() => {
        if (store.getState().notice === notice) store.setState({ notice: null });
      })
      .then(() => {
        if (ticket === loadCount) start(scenario, resolved, opts);
      });
  }

  function checkLoadOptions(opts: LoadOptions): { seed: number; interventions: Intervention[] } {
    const seed = opts.seed ?? store.getState().seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
      throw new RangeError(`seed must be an integer from 0 to 2147483647, got ${seed}`);
    if (opts.speed !== undefined && !Number.isFinite(opts.speed))
      throw new RangeError(`speed must be a number from ${SPEED_MIN} to ${SPEED_MAX}`);
    const interventions = (opts.interventions ?? []).map((i) => ({
      atMs: i.atMs,
      fault: parseFault(i.fault) as Fault,
    }));
    return { seed, interventions };
  }

  function start(
    scenario: Scenario | string,
    resolved: { doc: Scenario; id: string },
    opts: LoadOptions,
  ): void {
    const { seed, interventions } = checkLoadOptions(opts);
    stopAt = null;
    const next = new Session(typeof scenario === 'string' ? scenario : resolved.doc, seed, interventions);
    if (opts.timeMs) next.seek(opts.timeMs);
    session = next;
    doc = resolved.doc;
    for (const l of listeners) {
      l.detach();
      l.detach = next.sim.on(l.type as '*', l.callback);
    }
    store.setState({
      seed,
      scenarioId: resolved.id,
      scenarioTitle: resolved.doc.title ?? resolved.id,
      scenarioDescription: resolved.doc.description ?? '',
      scenarioJson: JSON.stringify(resolved.doc, null, 2),
      hasCaptions: (resolved.doc.timeline ?? []).some((e) => e.caption),
      interventions: next.interventions,
      branches: [],
      selection: null,
      error: null,
    });
    if (opts.speed !== undefined) player.send({ type: 'SET_SPEED', speed: clampSpeed(opts.speed) });
    if (opts.isPlaying !== undefined) player.send({ type: opts.isPlaying ? 'PLAY' : 'PAUSE' });
    publish(true);
  }

  function tryLoad(scenario: Scenario | string, opts: LoadOptions = {}): boolean {
    const report = (error: unknown) =>
      store.setState({ error: `Could not load the scenario: ${(error as Error).message}` });
    try {
      load(scenario, opts)?.catch(report);
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  }

  function inject(fault: unknown): string {
    const s = currentSession();
    const description = s.intervene(fault as Fault);
    store.setState({
      interventions: [...s.interventions],
      branches: [...s.branches],
      notice: description,
      error: null,
    });
    publish(true);
    return description;
  }

  function seek(ms: number, opts: { pause?: boolean } = {}): void {
    validTime('seek', ms);
    currentSession();
    player.send({ type: 'SEEK', timeMs: ms, pause: opts.pause });
  }

  const isPlaying = () => isPlayingIn(player.getSnapshot());

  return {
    store,
    player,
    load,
    tryLoad,
    hasSession: () => session !== null,
    currentSession,
    send: (event) => player.send(event),
    play: () => player.send({ type: 'PLAY' }),
    pause: () => player.send({ type: 'PAUSE' }),
    togglePlay: () => player.send({ type: 'TOGGLE' }),
    isPlaying,
    stepEvent() {
      currentSession();
      player.send({ type: 'STEP' });
    },
    stepMs(ms) {
      validTime('step', ms);
      currentSession();
      player.send({ type: 'STEP', ms });
    },
    runTo(ms) {
      validTime('runTo', ms);
      const s = currentSession();
      stopAt = null;
      if (s.now >= ms) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stopAt = { ms, resolve };
        player.send({ type: 'PLAY' });
      });
    },
    cancelRun() {
      stopAt = null;
    },
    seek,
    seekBy: (deltaMs) => seek(Math.min(MAX_TIME_MS, Math.max(0, currentSession().now + deltaMs))),
    stepCaption(direction) {
      const now = currentSession().now;
      const times = (doc?.timeline ?? []).filter((e) => e.caption).map((e) => e.at);
      const target =
        direction === 1 ? times.find((t) => t > now + 1) : [...times].reverse().find((t) => t < now - 1);
      if (target !== undefined) seek(target + 1, { pause: true });
      else if (direction === 1) player.send({ type: 'STEP', ms: 1000 });
      else player.send({ type: 'PAUSE' });
    },
    setSpeed(x) {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < SPEED_MIN || x > SPEED_MAX)
        throw new RangeError(`speed must be a number from ${SPEED_MIN} to ${SPEED_MAX}, got ${x}`);
      player.send({ type: 'SET_SPEED', speed: x });
    },
    speedUp: () => player.send({ type: 'SPEED_UP' }),
    slowDown: () => player.send({ type: 'SLOW_DOWN' }),
    togglePresentation: () => player.send({ type: 'PRESENTATION_TOGGLE' }),
    reset() {
      const s = currentSession();
      load(s.scenario, { seed: s.seed, isPlaying: false });
    },
    setSeed(seed) {
      load(currentSession().scenario, { seed });
    },
    inject,
    tryInject(fault) {
      try {
        inject(fault);
      } catch (error) {
        reportError(error);
      }
    },
    editScenario(edit) {
      try {
        if (!doc) throw new Error('no scenario is loaded');
        load(edit(doc), { seed: store.getState().seed });
        store.setState({ notice: 'Settings changed: the run restarted from t = 0 with the same seed.' });
      } catch (error) {
        store.setState({ error: `That setting was not applied: ${(error as Error).message}` });
      }
    },
    select(selection) {
      store.setState({
        selection,
        inspectedRecords: session ? inspectRecords(session.sim, selection, session.sim.snapshot()) : {},
      });
    },
    describeFault(fault) {
      return currentSession().sim.describeFault(fault);
    },
    on(eventType, callback) {
      const listener = {
        type: eventType,
        callback,
        detach: currentSession().sim.on(eventType as '*', callback),
      };
      listeners.add(listener);
      return () => {
        listener.detach();
        listeners.delete(listener);
      };
    },
    snapshot: () => currentSession().sim.snapshot(),
    metrics: () => currentSession().sim.metrics(),
    now: () => currentSession().now,
    trace: (limit) => currentSession().trace(limit),
    viewState() {
      const s = currentSession();
      const p = player.getSnapshot();
      return {
        scenario: s.scenario,
        seed: s.seed,
        speed: speedIn(p),
        timeMs: s.now,
        isPaused: !isPlayingIn(p),
        interventions: s.interventions,
        isPresentation: isPresentationIn(p),
      };
    },
    publish,
    isClockRunning: clock.isRunning,
    dispose() {
      isDisposed = true;
      player.stop();
      clock.stop();
      for (const l of listeners) l.detach();
      listeners.clear();
    },
  };
}
