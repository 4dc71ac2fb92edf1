// One vanilla zustand store, in slices: playback, scenario, selection, frame and UI.
// The controller (controller.ts) is its only writer for the run: it publishes one frame per
// animation frame and mirrors the player machine's state (playing, speed, presentation) for
// readers outside React. React reads through selectors, and diagrams subscribe transiently
// (useFrame) so 60 fps updates skip React renders.

import { createStore } from 'zustand/vanilla';
import type { Simulation } from '../engine';
import type { Frame } from './frame';
import type { BranchSummary, Intervention } from './session';

export { SPEED_MAX, SPEED_MIN } from './player.machine';

export type Selection =
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'member'; memberId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'message'; topic: string; partition: number; offset: number }
  /** The queue half (issue 12): a queue or DLQ, and a queue's consumer. */
  | { kind: 'queue'; queue: string }
  | { kind: 'queue-consumer'; queue: string; consumerId: string };

/** A record as the inspector shows it (the engine's `Simulation.record`). */
export type InspectedRecord = NonNullable<ReturnType<Simulation['record']>>;

/** Mirrors of the player machine (player.machine.ts), written only by the controller. */
export interface PlaybackSlice {
  isPlaying: boolean;
  speed: number;
  seed: number;
}

export interface ScenarioSlice {
  scenarioId: string;
  scenarioTitle: string;
  scenarioDescription: string;
  /** The scenario document as loaded (a preset id resolves to its document). */
  scenarioJson: string;
  /** Whether the scenario's timeline has captions (PageDown / PageUp move between them). */
  hasCaptions: boolean;
  interventions: Intervention[];
  branches: BranchSummary[];
  maxTimeMs: number;
}

/** What the open lesson step lights in the diagram (the flow view model's FlowHighlight). */
export interface Highlight {
  partitions: number[];
  members: string[];
  groups: string[];
  parts: string[];
}

export interface UiSlice {
  theme: 'light' | 'dark';
  isShortcutsOpen: boolean;
  isPresentation: boolean;
  isEmbed: boolean;
  /** A clear message about bad input; what is on screen stays. */
  error: string | null;
  notice: string | null;
  /** Set by the open lesson (ui/lessons); null when no lesson lights anything. */
  highlight: Highlight | null;
}

export interface AppState extends PlaybackSlice, ScenarioSlice, UiSlice {
  /** The latest frame, replaced once per animation frame (diagrams read it transiently). */
  frame: Frame | null;
  /** The same, refreshed a few times a second while playing: React panels read this one. */
  panelFrame: Frame | null;
  selection: Selection | null;
  /** Records the selection shows, keyed `topic/partition/offset`, read when the panels refresh. */
  inspectedRecords: Record<string, InspectedRecord>;
}

export function initialState(): AppState {
  return {
    isPlaying: false,
    speed: 1,
    seed: 1,
    scenarioId: 'default',
    scenarioTitle: '',
    scenarioDescription: '',
    scenarioJson: '',
    hasCaptions: false,
    interventions: [],
    branches: [],
    maxTimeMs: 0,
    theme: 'light',
    isShortcutsOpen: false,
    isPresentation: false,
    isEmbed: false,
    error: null,
    notice: null,
    highlight: null,
    frame: null,
    panelFrame: null,
    selection: null,
    inspectedRecords: {},
  };
}

export function createAppStore() {
  return createStore<AppState>()(() => initialState());
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store (tests make their own with createAppStore). */
export const store: AppStore = createAppStore();
