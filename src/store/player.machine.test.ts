import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  clampSpeed,
  isPlayingIn,
  isPresentationIn,
  nextSpeed,
  type PlayerInput,
  playerMachine,
  speedIn,
} from './player.machine';

/** A player whose effects are recorded instead of run. */
function recordingPlayer(input: PlayerInput = {}) {
  const effects: string[] = [];
  const actor = createActor(
    playerMachine.provide({
      actions: {
        startClock: () => effects.push('startClock'),
        stopClock: () => effects.push('stopClock'),
        seekTo: (_, { timeMs }) => effects.push(`seekTo ${timeMs}`),
        stepBy: (_, { ms }) => effects.push(`stepBy ${ms ?? 'event'}`),
      },
    }),
    { input },
  );
  actor.start();
  return { actor, effects };
}

describe('player machine', () => {
  it('starts paused, or playing when asked', () => {
    expect(recordingPlayer().actor.getSnapshot().value).toEqual({ playback: 'Paused', presentation: 'Off' });
    const { actor, effects } = recordingPlayer({ isPlaying: true, isPresentation: true });
    expect(actor.getSnapshot().value).toEqual({ playback: 'Playing', presentation: 'On' });
    expect(effects).toEqual(['startClock']);
  });

  it('starts the clock on entering Playing and stops it on leaving', () => {
    const { actor, effects } = recordingPlayer();
    actor.send({ type: 'PLAY' });
    expect(isPlayingIn(actor.getSnapshot())).toBe(true);
    actor.send({ type: 'TOGGLE' });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Paused' });
    actor.send({ type: 'TOGGLE' });
    actor.send({ type: 'PAUSE' });
    expect(effects).toEqual(['startClock', 'stopClock', 'startClock', 'stopClock']);
  });

  it('seeks and comes back to the mode it was in, unless the seek asks to pause', () => {
    const { actor, effects } = recordingPlayer();
    actor.send({ type: 'SEEK', timeMs: 5000 });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Paused' });
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'SEEK', timeMs: 1000 });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Playing' });
    actor.send({ type: 'SEEK', timeMs: 2000, pause: true });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Paused' });
    expect(effects).toEqual([
      'seekTo 5000',
      'startClock',
      'stopClock',
      'seekTo 1000',
      'startClock',
      'stopClock',
      'seekTo 2000',
    ]);
  });

  it('steps by one event or by a duration and ends paused', () => {
    const { actor, effects } = recordingPlayer({ isPlaying: true });
    actor.send({ type: 'STEP' });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Paused' });
    actor.send({ type: 'STEP', ms: 100 });
    expect(actor.getSnapshot().value).toMatchObject({ playback: 'Paused' });
    expect(effects).toEqual(['startClock', 'stopClock', 'stepBy event', 'stepBy 100']);
  });

  it('ignores PAUSE when paused and PLAY when playing (no extra clock starts)', () => {
    const { actor, effects } = recordingPlayer();
    actor.send({ type: 'PAUSE' });
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'PLAY' });
    expect(effects).toEqual(['startClock']);
  });

  it('keeps the speed within 0.25–64× and moves along the speed steps', () => {
    const { actor } = recordingPlayer({ speed: 3 });
    expect(speedIn(actor.getSnapshot())).toBe(3);
    actor.send({ type: 'SPEED_UP' });
    expect(speedIn(actor.getSnapshot())).toBe(4);
    actor.send({ type: 'SLOW_DOWN' });
    actor.send({ type: 'SLOW_DOWN' });
    expect(speedIn(actor.getSnapshot())).toBe(1);
    actor.send({ type: 'SET_SPEED', speed: 1000 });
    expect(speedIn(actor.getSnapshot())).toBe(64);
    actor.send({ type: 'SPEED_UP' });
    expect(speedIn(actor.getSnapshot())).toBe(64);
    actor.send({ type: 'SET_SPEED', speed: 0.01 });
    actor.send({ type: 'SLOW_DOWN' });
    expect(speedIn(actor.getSnapshot())).toBe(0.25);
    expect(clampSpeed(Number.NaN)).toBe(1);
    expect(nextSpeed(0.3, 1)).toBe(0.5);
  });

  it('toggles presentation independently of playback', () => {
    const { actor } = recordingPlayer({ isPlaying: true });
    actor.send({ type: 'PRESENTATION_TOGGLE' });
    expect(actor.getSnapshot().value).toEqual({ playback: 'Playing', presentation: 'On' });
    actor.send({ type: 'PRESENTATION_SET', isOn: true });
    expect(isPresentationIn(actor.getSnapshot())).toBe(true);
    actor.send({ type: 'PRESENTATION_SET', isOn: false });
    expect(actor.getSnapshot().value).toEqual({ playback: 'Playing', presentation: 'Off' });
  });
});
