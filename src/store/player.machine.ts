// The player: whether the run is paused or playing, the transient seeking and stepping
// steps, the playback speed, and presentation mode (a parallel region). The controller
// provides the effects (`seekTo`, `stepBy`, `startClock`, `stopClock`) with
// `machine.provide`; lessons and the UI drive it only through these events.

import { type ActorRefFrom, assertEvent, assign, type SnapshotFrom, setup } from 'xstate';

export const SPEED_MIN = 0.25;
export const SPEED_MAX = 64;
/** The speeds `+` and `−` move between. */
export const SPEED_STEPS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

export type PlayerEvent =
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'TOGGLE' }
  /** Goes to a simulated time; playing resumes afterwards unless `pause` is set. */
  | { type: 'SEEK'; timeMs: number; pause?: boolean }
  /** Runs one engine event, or `ms` of simulated time; the player ends paused. */
  | { type: 'STEP'; ms?: number }
  | { type: 'SET_SPEED'; speed: number }
  | { type: 'SPEED_UP' }
  | { type: 'SLOW_DOWN' }
  | { type: 'PRESENTATION_TOGGLE' }
  | { type: 'PRESENTATION_SET'; isOn: boolean };

export interface PlayerInput {
  isPlaying?: boolean;
  speed?: number;
  isPresentation?: boolean;
}

export interface PlayerContext {
  speed: number;
  /** Set on entering Seeking: whether Playing resumes once the seek is done. */
  isResumingAfterSeek: boolean;
  isPlayingAtStart: boolean;
  isPresentationAtStart: boolean;
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
}

export function nextSpeed(speed: number, direction: 1 | -1): number {
  if (direction === 1) return SPEED_STEPS.find((x) => x > speed + 1e-9) ?? SPEED_MAX;
  return [...SPEED_STEPS].reverse().find((x) => x < speed - 1e-9) ?? SPEED_MIN;
}

export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as PlayerInput,
  },
  actions: {
    /** Effects, provided by the controller (`playerMachine.provide`). */
    seekTo: (_, _params: { timeMs: number }) => {},
    stepBy: (_, _params: { ms: number | null }) => {},
    startClock: () => {},
    stopClock: () => {},
    setSpeed: assign({
      speed: ({ event }) => {
        assertEvent(event, 'SET_SPEED');
        return clampSpeed(event.speed);
      },
    }),
    speedUp: assign({ speed: ({ context }) => nextSpeed(context.speed, 1) }),
    slowDown: assign({ speed: ({ context }) => nextSpeed(context.speed, -1) }),
    resumeAfterSeek: assign({
      isResumingAfterSeek: ({ event }) => event.type === 'SEEK' && !event.pause,
    }),
    stayPausedAfterSeek: assign({ isResumingAfterSeek: false }),
  },
  guards: {
    isPlayingAtStart: ({ context }) => context.isPlayingAtStart,
    isPresentationAtStart: ({ context }) => context.isPresentationAtStart,
    isResumingAfterSeek: ({ context }) => context.isResumingAfterSeek,
    isTurningOn: ({ event }) => event.type === 'PRESENTATION_SET' && event.isOn,
    isTurningOff: ({ event }) => event.type === 'PRESENTATION_SET' && !event.isOn,
  },
}).createMachine({
  id: 'player',
  type: 'parallel',
  context: ({ input }) => ({
    speed: clampSpeed(input.speed ?? 1),
    isResumingAfterSeek: false,
    isPlayingAtStart: input.isPlaying ?? false,
    isPresentationAtStart: input.isPresentation ?? false,
  }),
  on: {
    SET_SPEED: { actions: 'setSpeed', description: 'Playback speed, clamped to 0.25–64×' },
    SPEED_UP: { actions: 'speedUp' },
    SLOW_DOWN: { actions: 'slowDown' },
  },
  states: {
    playback: {
      initial: 'Starting',
      states: {
        Starting: {
          always: [{ guard: 'isPlayingAtStart', target: 'Playing' }, { target: 'Paused' }],
        },
        Paused: {
          on: {
            PLAY: 'Playing',
            TOGGLE: 'Playing',
            SEEK: { target: 'Seeking', actions: 'stayPausedAfterSeek' },
            STEP: 'Stepping',
          },
        },
        Playing: {
          description: 'The animation clock runs only in this state',
          entry: 'startClock',
          exit: 'stopClock',
          on: {
            PAUSE: 'Paused',
            TOGGLE: 'Paused',
            SEEK: { target: 'Seeking', actions: 'resumeAfterSeek' },
            STEP: 'Stepping',
          },
        },
        Seeking: {
          entry: {
            type: 'seekTo',
            params: ({ event }) => ({ timeMs: event.type === 'SEEK' ? event.timeMs : 0 }),
          },
          always: [{ guard: 'isResumingAfterSeek', target: 'Playing' }, { target: 'Paused' }],
        },
        Stepping: {
          entry: {
            type: 'stepBy',
            params: ({ event }) => ({ ms: event.type === 'STEP' ? (event.ms ?? null) : null }),
          },
          always: 'Paused',
        },
      },
    },
    presentation: {
      initial: 'Starting',
      states: {
        Starting: {
          always: [{ guard: 'isPresentationAtStart', target: 'On' }, { target: 'Off' }],
        },
        Off: {
          on: { PRESENTATION_TOGGLE: 'On', PRESENTATION_SET: { guard: 'isTurningOn', target: 'On' } },
        },
        On: {
          description: 'Big diagram, no side panel or event log',
          on: { PRESENTATION_TOGGLE: 'Off', PRESENTATION_SET: { guard: 'isTurningOff', target: 'Off' } },
        },
      },
    },
  },
});

/** A player snapshot, as `useSelector` and `getSnapshot()` give it. */
export type PlayerView = SnapshotFrom<typeof playerMachine>;
export type PlayerActor = ActorRefFrom<typeof playerMachine>;

export const isPlayingIn = (s: PlayerView): boolean => s.matches({ playback: 'Playing' });
export const isPresentationIn = (s: PlayerView): boolean => s.matches({ presentation: 'On' });
export const speedIn = (s: PlayerView): number => s.context.speed;
