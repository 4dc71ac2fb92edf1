// One vanilla zustand store, in slices: playback, scenario, selection, frame and UI.
// The animation loop writes one frame per animation frame; React reads through selectors,
// and diagrams subscribe transiently (useFrame) so 60 fps updates skip React renders.

import { createStore } from 'zustand/vanilla';
import type { Frame } from './frame';
import type { BranchSummary, Intervention } from './session';

export type Selection =
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'member'; memberId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'message'; topic: string; partition: number; offset: number };

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
  interventions: Intervention[];
  branches: BranchSummary[];
  maxTimeMs: number;
}

export interface UiSlice {
  theme: 'light' | 'dark';
  isShortcutsOpen: boolean;
  isPresentation: boolean;
  isEmbed: boolean;
  /** A clear message about bad input; what is on screen stays. */
  error: string | null;
  notice: string | null;
}

export interface AppState extends PlaybackSlice, ScenarioSlice, UiSlice {
  /** The latest frame, replaced once per animation frame (diagrams read it transiently). */
  frame: Frame | null;
  /** The same, refreshed a few times a second while playing: React panels read this one. */
  panelFrame: Frame | null;
  selection: Selection | null;
}

export const SPEED_MIN = 0.25;
export const SPEED_MAX = 64;

export function initialState(): AppState {
  return {
    isPlaying: false,
    speed: 1,
    seed: 1,
    scenarioId: 'default',
    scenarioTitle: '',
    scenarioDescription: '',
    scenarioJson: '',
    interventions: [],
    branches: [],
    maxTimeMs: 0,
    theme: 'light',
    isShortcutsOpen: false,
    isPresentation: false,
    isEmbed: false,
    error: null,
    notice: null,
    frame: null,
    panelFrame: null,
    selection: null,
  };
}

export const store = createStore<AppState>()(() => initialState());

export type AppStore = typeof store;
