// The page's lesson host over a real controller with a hand-driven animation clock: a step's
// run plays the page's player (frames move time) and stops exactly at the step's end; the
// reveal is computed from the same session; progress is stored; the highlight follows.

import { describe, expect, it } from 'vitest';
import { getLesson, PROGRESS_STORAGE_KEY, parseProgress, runLessonHeadless } from '../../lessons';
import { createController } from '../../store/controller';
import { createAppStore } from '../../store/store';
import { createLessonHost, highlightOf } from './lessonHost';
import { lessonSpeed } from './webPlayer';

function fakeFrames() {
  let wallMs = 0;
  const pending = new Map<number, (wallMs: number) => void>();
  let nextId = 1;
  return {
    raf: (cb: (wallMs: number) => void) => {
      pending.set(nextId, cb);
      return nextId++;
    },
    cancelRaf: (id: number) => void pending.delete(id),
    now: () => wallMs,
    frame(ms = 16) {
      wallMs += ms;
      const due = [...pending.values()];
      pending.clear();
      for (const cb of due) cb(wallMs);
    },
  };
}

function setup() {
  const frames = fakeFrames();
  const store = createAppStore();
  const controller = createController(store, frames);
  controller.load('default', { seed: 1 });
  const saved = new Map<string, string>();
  const storage = {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
  };
  const host = createLessonHost(controller, storage);
  return { frames, store, controller, host, saved };
}

function firstChoice(host: ReturnType<typeof setup>['host']): string {
  const p = host.state()?.step?.prediction;
  return p?.kind === 'choice' ? p.choices[0].id : '';
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function playUntil(frames: ReturnType<typeof fakeFrames>, done: () => boolean) {
  for (let i = 0; i < 5000 && !done(); i++) {
    frames.frame(50);
    await flush();
  }
}

describe('the lesson host', () => {
  it('runs a step by playing the page player to exactly the step end, then reveals the engine figure', async () => {
    const { frames, controller, host, store } = setup();
    host.startById('why-a-queue');
    expect(host.state()).toMatchObject({ phase: 'Intro', lessonId: 'why-a-queue' });
    host.forward(); // START
    host.forward(); // Run (step 1 has no prediction)
    expect(host.state()?.phase).toBe('Running');
    expect(controller.isPlaying()).toBe(true);
    frames.frame(16);
    frames.frame(100);
    expect(controller.now()).toBeGreaterThan(0);
    expect(controller.now()).toBeLessThan(8000);
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    expect(controller.now()).toBe(8000);
    expect(controller.isPlaying()).toBe(false);

    host.forward(); // next step
    expect(highlightOf(host.state())).toEqual({
      partitions: [],
      members: [],
      groups: [],
      parts: ['throughput'],
    });
    expect(store.getState().highlight).toEqual(highlightOf(host.state()));
    host.forward(); // to the prediction
    expect(host.state()?.phase).toBe('Predicting');
    host.setDraft('keeps-sending');
    host.forward(); // answer, run
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    const reveal = host.state()?.result?.reveal;
    // The same figure the headless runner computes for this lesson and seed.
    const headless = runLessonHeadless(getLesson('why-a-queue')!, { seed: 1 });
    expect(reveal).toEqual({ ...headless.reveals[0].reveal, guess: 'keeps-sending', isRight: true });
    // The lesson's fault went through the controller: it is an intervention of the run.
    expect(store.getState().interventions.map((i) => i.fault.type)).toEqual(['set-rate']);
  });

  it('stores progress: the step reached, each verdict and the finished lesson', async () => {
    const { frames, host, saved } = setup();
    host.startById('why-a-queue', 1);
    host.forward();
    host.setDraft('slowed');
    host.forward();
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    const stored = parseProgress(saved.get(PROGRESS_STORAGE_KEY)!);
    expect(stored.lessons['why-a-queue']).toEqual({ isDone: false, lastStep: 1, predictions: { 1: false } });
    for (let i = 0; i < 20 && host.state()?.phase !== 'Done'; i++) {
      host.forward();
      await playUntil(frames, () => host.state()?.phase !== 'Running');
    }
    expect(host.state()?.phase).toBe('Done');
    expect(parseProgress(saved.get(PROGRESS_STORAGE_KEY)!).lessons['why-a-queue'].isDone).toBe(true);
    expect(host.ui.getState().progress.lessons['why-a-queue'].isDone).toBe(true);
  });

  it('closing a lesson stops it and clears the highlight; unknown lessons are named', () => {
    const { host, store } = setup();
    host.startById('at-least-once', 1);
    expect(host.state()?.stepIndex).toBe(1);
    host.close();
    expect(host.state()).toBeNull();
    expect(store.getState().highlight).toBeNull();
    expect(() => host.startById('nope')).toThrow(/there is no lesson "nope"/);
    expect(() => host.startById('why-a-queue', 9)).toThrow(/step must be from 1 to 4/);
  });

  it('exports the open lesson as JSON that parses back to the same lesson', () => {
    const { host } = setup();
    host.startById('lag');
    expect(JSON.parse(host.exportJson()!)).toEqual(getLesson('lag'));
  });

  it('puts the learner’s speed back after a run, so a step awaiting their action plays at it', async () => {
    const { frames, controller, host } = setup();
    const speed = () => controller.store.getState().speed;
    host.startById('sqs-visibility-timeout');
    expect(speed()).toBe(1);
    host.forward(); // START
    host.forward(); // to the prediction (step 1 runs 60 s: the run goes at 16×)
    host.setDraft(host.state()!.step!.prediction!.kind === 'number' ? '1' : firstChoice(host));
    host.forward();
    expect(host.state()?.phase).toBe('Running');
    expect(speed()).toBe(16);
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    expect(speed()).toBe(1);
    // Step 2 (no run time), then step 3 waits for the learner to pause h-1.
    host.forward();
    host.forward();
    host.setDraft(host.state()!.step!.prediction!.kind === 'number' ? '1' : firstChoice(host));
    host.forward();
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    host.forward(); // step 3
    host.forward(); // its prediction
    host.setDraft(host.state()!.step!.prediction!.kind === 'number' ? '1' : firstChoice(host));
    host.forward();
    expect(host.state()?.phase).toBe('Waiting');
    expect(controller.isPlaying()).toBe(true);
    expect(speed()).toBe(1);
    const before = controller.now();
    frames.frame(16);
    frames.frame(1000);
    expect(controller.now() - before).toBeLessThanOrEqual(1016);
  });

  it('keeps a speed the learner chose during a run, and restores the speed when the lesson closes mid-run', async () => {
    const { frames, controller, host } = setup();
    const speed = () => controller.store.getState().speed;
    host.startById('sqs-visibility-timeout');
    host.forward();
    host.forward();
    host.setDraft(firstChoice(host) || '1');
    host.forward();
    expect(speed()).toBe(16);
    host.close();
    expect(speed()).toBe(1);
    host.startById('sqs-visibility-timeout');
    host.forward();
    host.forward();
    host.setDraft(firstChoice(host) || '1');
    host.forward();
    controller.setSpeed(4);
    await playUntil(frames, () => host.state()?.phase === 'Revealed');
    expect(speed()).toBe(4);
  });

  it('speeds playback up only as far as a step needs to fit about 5 s of wall time', () => {
    expect(lessonSpeed(1, 4000)).toBe(1);
    expect(lessonSpeed(1, 10_000)).toBe(2);
    expect(lessonSpeed(1, 40_000)).toBe(8);
    expect(lessonSpeed(16, 40_000)).toBe(16);
  });
});

describe('presentation keys', () => {
  const key = (k: string, target: unknown = null) =>
    ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target }) as unknown as KeyboardEvent;

  it('page through an open lesson and blank the screen; leave the page alone otherwise', async () => {
    const { handleLessonKey } = await import('./useLessonKeys');
    const { host } = setup();
    expect(handleLessonKey(host, key('PageDown'))).toBe(false);
    host.startById('why-a-queue');
    expect(handleLessonKey(host, key('PageDown'))).toBe(true);
    expect(host.state()?.phase).toBe('Reading');
    expect(handleLessonKey(host, key('PageUp'))).toBe(true);
    expect(host.state()?.phase).toBe('Intro');
    expect(handleLessonKey(host, key('b'))).toBe(true);
    expect(host.ui.getState().isBlank).toBe(true);
    expect(handleLessonKey(host, key('B'))).toBe(true);
    expect(host.ui.getState().isBlank).toBe(false);
    // Typing a "b" into a number or text field is typing, not blanking.
    expect(handleLessonKey(host, key('b', { tagName: 'INPUT', type: 'number' }))).toBe(false);
    expect(handleLessonKey(host, key('x'))).toBe(false);
  });
});
