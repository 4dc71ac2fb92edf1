// The one place that changes the run: it owns the Session and the animation loop, and
// publishes one frame per animation frame to the store. UI controls, keyboard shortcuts,
// the URL and window.queuescope all go through these functions.

import { type Fault, getPreset, parseFault, parseScenario, type Scenario } from '../engine';
import { type Intervention, Session } from './session';
import { SPEED_MAX, SPEED_MIN, store } from './store';

let session: Session | null = null;
let rafId = 0;
let lastWallMs: number | null = null;
/** A wall-clock frame longer than this (a background tab) is not simulated in full. */
const MAX_WALL_STEP_MS = 100;

export interface LoadOptions {
  seed?: number;
  interventions?: Intervention[];
  timeMs?: number;
  speed?: number;
  isPlaying?: boolean;
}

function resolve(scenario: Scenario | string): { doc: Scenario; id: string } {
  if (typeof scenario === 'string') return { doc: getPreset(scenario), id: scenario };
  const doc = parseScenario(scenario);
  return { doc, id: doc.id ?? 'custom' };
}

/** Loads a scenario. Invalid input throws, and the current run stays on screen. */
export function load(scenario: Scenario | string, options: LoadOptions = {}): void {
  const { doc, id } = resolve(scenario);
  const seed = options.seed ?? store.getState().seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
    throw new RangeError(`seed must be an integer from 0 to 2147483647, got ${seed}`);
  const interventions = (options.interventions ?? []).map((i) => ({
    atMs: i.atMs,
    fault: parseFault(i.fault) as Fault,
  }));
  const next = new Session(typeof scenario === 'string' ? scenario : doc, seed, interventions);
  if (options.timeMs) next.seek(options.timeMs);
  session = next;
  store.setState({
    seed,
    scenarioId: id,
    scenarioTitle: doc.title ?? id,
    scenarioDescription: doc.description ?? '',
    scenarioJson: JSON.stringify(doc, null, 2),
    interventions: next.interventions,
    branches: [],
    speed: clampSpeed(options.speed ?? store.getState().speed),
    isPlaying: options.isPlaying ?? store.getState().isPlaying,
    selection: null,
    error: null,
  });
  publish(true);
}

/** Loads and reports problems in the UI instead of throwing. */
export function tryLoad(scenario: Scenario | string, options: LoadOptions = {}): boolean {
  try {
    load(scenario, options);
    return true;
  } catch (error) {
    store.setState({ error: `Could not load the scenario: ${(error as Error).message}` });
    return false;
  }
}

export function currentSession(): Session {
  if (!session) throw new Error('No scenario is loaded yet');
  return session;
}

export function hasSession(): boolean {
  return session !== null;
}

function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`speed must be a number from ${SPEED_MIN} to ${SPEED_MAX}`);
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, x));
}

export function setSpeed(x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < SPEED_MIN || x > SPEED_MAX) {
    throw new RangeError(`speed must be a number from ${SPEED_MIN} to ${SPEED_MAX}, got ${x}`);
  }
  store.setState({ speed: x });
}

const SPEED_STEPS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

export function speedUp(): void {
  const s = store.getState().speed;
  store.setState({ speed: SPEED_STEPS.find((x) => x > s + 1e-9) ?? SPEED_MAX });
}

export function slowDown(): void {
  const s = store.getState().speed;
  store.setState({ speed: [...SPEED_STEPS].reverse().find((x) => x < s - 1e-9) ?? SPEED_MIN });
}

export function play(): void {
  store.setState({ isPlaying: true });
}

export function pause(): void {
  store.setState({ isPlaying: false });
  publish(true);
}

export function togglePlay(): void {
  if (store.getState().isPlaying) pause();
  else play();
}

export function stepEvent(): void {
  pause();
  currentSession().stepEvent();
  publish();
}

export function stepMs(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0 || ms > 86_400_000)
    throw new RangeError(`step: ms must be from 0 to 86400000, got ${ms}`);
  const s = currentSession();
  s.advanceTo(s.now + ms);
  publish();
}

export function seek(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0 || ms > 86_400_000)
    throw new RangeError(`seek: ms must be from 0 to 86400000, got ${ms}`);
  currentSession().seek(ms);
  publish();
}

export function reset(): void {
  const s = currentSession();
  load(s.scenario, { seed: s.seed, isPlaying: false });
}

export function setSeed(seed: number): void {
  load(currentSession().scenario, { seed, isPlaying: store.getState().isPlaying });
}

/** Applies a fault (validated); returns what happened in one line. */
export function inject(fault: unknown): string {
  const s = currentSession();
  const description = s.intervene(fault as Fault);
  store.setState({
    interventions: [...s.interventions],
    branches: [...s.branches],
    notice: description,
    error: null,
  });
  publish();
  return description;
}

/** Injects from a UI control: problems become a message, never an exception. */
export function tryInject(fault: Fault): void {
  try {
    inject(fault);
  } catch (error) {
    store.setState({ error: (error as Error).message });
  }
}

/** Panels (React) refresh at most this often while playing; diagrams every frame. */
const PANEL_INTERVAL_MS = 500;
let lastPanelWallMs = Number.NEGATIVE_INFINITY;

export function publish(force = false): void {
  if (!session) return;
  const frame = session.frame();
  const state = store.getState();
  if (!force && state.frame === frame) return;
  const wallMs = performance.now();
  const isPanelDue = force || !state.isPlaying || wallMs - lastPanelWallMs >= PANEL_INTERVAL_MS;
  if (isPanelDue) lastPanelWallMs = wallMs;
  store.setState(isPanelDue ? { frame, panelFrame: frame, maxTimeMs: session.maxTimeMs } : { frame });
}

function tick(wallMs: number): void {
  rafId = requestAnimationFrame(tick);
  const state = store.getState();
  const previous = lastWallMs;
  lastWallMs = wallMs;
  if (!session || !state.isPlaying || previous === null) return;
  const wallDelta = Math.min(MAX_WALL_STEP_MS, Math.max(0, wallMs - previous));
  const target = session.now + wallDelta * state.speed;
  session.advanceTo(Math.round(target * 1000) / 1000);
  publish();
}

export function startLoop(): void {
  if (rafId) return;
  rafId = requestAnimationFrame(tick);
}

export function stopLoop(): void {
  cancelAnimationFrame(rafId);
  rafId = 0;
  lastWallMs = null;
}
