import { describe, expect, it } from 'vitest';
import { createController } from './controller';
import { createAppStore } from './store';

/** A hand-driven animation-frame scheduler and wall clock. */
function fakeFrames() {
  let wallMs = 0;
  let nextId = 1;
  const pending = new Map<number, (wallMs: number) => void>();
  const tasks: (() => void)[] = [];
  return {
    /** Tasks queued behind the frame run when the frame is over (see `frame`). */
    afterFrame: (cb: () => void) => {
      tasks.push(cb);
    },
    /** Runs the animation-frame callbacks only, leaving the tasks queued behind them. */
    animationFrame(ms = 16) {
      wallMs += ms;
      const due = [...pending.values()];
      pending.clear();
      for (const cb of due) cb(wallMs);
    },
    runTasks() {
      for (const task of tasks.splice(0)) task();
    },
    raf: (cb: (wallMs: number) => void) => {
      pending.set(nextId, cb);
      return nextId++;
    },
    cancelRaf: (id: number) => {
      pending.delete(id);
    },
    now: () => wallMs,
    get scheduled() {
      return pending.size;
    },
    /** Runs one animation frame `ms` of wall time after the last, then the tasks it queued. */
    frame(ms = 16) {
      this.animationFrame(ms);
      this.runTasks();
    },
  };
}

function setup() {
  const frames = fakeFrames();
  const store = createAppStore();
  const controller = createController(store, frames);
  controller.load('default', { seed: 1 });
  return { frames, store, controller };
}

describe('controller', () => {
  it('loads a preset and publishes its first frame', () => {
    const { store, controller } = setup();
    const s = store.getState();
    expect(s.scenarioId).toBe('default');
    expect(s.frame?.nowMs).toBe(0);
    expect(s.panelFrame).toBe(s.frame);
    expect(controller.isPlaying()).toBe(false);
    expect(controller.isClockRunning()).toBe(false);
  });

  it('runs the animation loop only while playing', () => {
    const { frames, store, controller } = setup();
    frames.frame();
    expect(frames.scheduled).toBe(0);
    controller.play();
    expect(controller.isClockRunning()).toBe(true);
    expect(store.getState().isPlaying).toBe(true);
    frames.frame(); // the first frame only sets the wall-clock origin
    frames.frame(50);
    frames.frame(50);
    expect(controller.now()).toBe(100);
    expect(store.getState().frame?.nowMs).toBe(100);
    controller.pause();
    expect(controller.isClockRunning()).toBe(false);
    expect(frames.scheduled).toBe(0);
    expect(store.getState().isPlaying).toBe(false);
    frames.frame(50);
    expect(controller.now()).toBe(100);
  });

  it('advances by wall time × speed, a long wall frame counting as 100 ms', () => {
    const { frames, controller } = setup();
    controller.setSpeed(4);
    controller.play();
    frames.frame();
    frames.frame(25);
    expect(controller.now()).toBe(100);
    frames.frame(5000); // a background tab
    expect(controller.now()).toBe(500);
  });

  it('throttles panel frames while playing, diagrams get every frame', () => {
    const { frames, store, controller } = setup();
    controller.play();
    frames.frame();
    frames.frame(600);
    const panel = store.getState().panelFrame;
    frames.frame(16);
    expect(store.getState().frame).not.toBe(panel);
    expect(store.getState().panelFrame).toBe(panel);
    controller.pause();
    expect(store.getState().panelFrame).toBe(store.getState().frame);
  });

  it('refreshes the panels in a task of their own after the frame that draws the diagram', () => {
    const { frames, store, controller } = setup();
    controller.play();
    frames.frame();
    const before = store.getState().panelFrame;
    frames.animationFrame(600);
    const drawn = store.getState().frame;
    expect(drawn).not.toBe(before);
    // Inside the animation frame only the diagram's frame moved.
    expect(store.getState().panelFrame).toBe(before);
    frames.runTasks();
    expect(store.getState().panelFrame).toBe(drawn);
    // A pause before the queued refresh runs publishes at once, and the stale refresh is dropped.
    frames.animationFrame(600);
    controller.pause();
    const paused = store.getState().frame;
    expect(store.getState().panelFrame).toBe(paused);
    frames.runTasks();
    expect(store.getState().panelFrame).toBe(paused);
  });

  it('seeks back and forth exactly, and keeps playing across a seek', () => {
    const { store, controller } = setup();
    controller.seek(20_000);
    expect(controller.now()).toBe(20_000);
    const at20 = JSON.stringify(controller.snapshot());
    controller.seek(5_000);
    expect(store.getState().frame?.nowMs).toBe(5_000);
    controller.seek(20_000);
    expect(JSON.stringify(controller.snapshot())).toBe(at20);
    controller.play();
    controller.seek(1_000);
    expect(controller.isPlaying()).toBe(true);
    controller.seek(2_000, { pause: true });
    expect(controller.isPlaying()).toBe(false);
    controller.seekBy(-5_000);
    expect(controller.now()).toBe(0);
  });

  it('steps one engine event or a duration, and stepping pauses', () => {
    const { controller } = setup();
    controller.play();
    const before = controller.snapshot().version;
    controller.stepEvent();
    expect(controller.isPlaying()).toBe(false);
    expect(controller.snapshot().version).toBeGreaterThan(before);
    controller.stepMs(250);
    expect(controller.now()).toBeGreaterThanOrEqual(250);
  });

  it('moves the speed along its steps and rejects speeds out of range', () => {
    const { store, controller } = setup();
    controller.speedUp();
    expect(store.getState().speed).toBe(2);
    controller.slowDown();
    controller.slowDown();
    expect(store.getState().speed).toBe(0.5);
    expect(() => controller.setSpeed(100)).toThrow(RangeError);
    expect(() => controller.setSpeed(Number.NaN)).toThrow(RangeError);
    expect(store.getState().speed).toBe(0.5);
  });

  it('rejects bad times without touching the run', () => {
    const { controller } = setup();
    controller.stepMs(1000);
    expect(() => controller.seek(-1)).toThrow(RangeError);
    expect(() => controller.stepMs(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(controller.now()).toBe(1000);
  });

  it('keeps the current run and sets an error when a scenario is invalid', () => {
    const { store, controller } = setup();
    controller.stepMs(2000);
    const session = controller.currentSession();
    expect(() => controller.load({ topics: [] } as never)).toThrow();
    expect(controller.tryLoad('no-such-preset')).toBe(false);
    expect(store.getState().error).toMatch(/Could not load the scenario/);
    expect(controller.currentSession()).toBe(session);
    expect(store.getState().scenarioId).toBe('default');
    expect(controller.now()).toBe(2000);
  });

  it('injects faults, and a bad one from the UI becomes a message', () => {
    const { store, controller } = setup();
    controller.stepMs(5000);
    const line = controller.inject({ type: 'crash-consumer', memberId: 'p-1' });
    expect(line).toMatch(/p-1/);
    expect(store.getState().interventions).toHaveLength(1);
    expect(store.getState().frame?.log.at(-1)?.text).toBe('crash p-1 now');
    controller.tryInject({ type: 'restart-consumer', memberId: 'nobody' });
    expect(store.getState().error).toMatch(/nobody/);
  });

  it('restarts from t = 0 with the same seed on a scenario edit, and reports a bad edit', () => {
    const { store, controller } = setup();
    controller.setSeed(9);
    controller.stepMs(3000);
    controller.editScenario((doc) => ({ ...doc, title: 'edited' }));
    expect(controller.now()).toBe(0);
    expect(store.getState().seed).toBe(9);
    expect(store.getState().scenarioTitle).toBe('edited');
    controller.editScenario((doc) => ({ ...doc, topics: [] }));
    expect(store.getState().error).toMatch(/That setting was not applied/);
    expect(store.getState().scenarioTitle).toBe('edited');
  });

  it('publishes the records a selection shows', () => {
    const { store, controller } = setup();
    controller.stepMs(3000);
    controller.select({ kind: 'partition', topic: 'orders', partition: 0 });
    const keys = Object.keys(store.getState().inspectedRecords);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('orders/0/'))).toBe(true);
    controller.select(null);
    expect(store.getState().inspectedRecords).toEqual({});
  });

  it('moves event subscriptions to a newly loaded run', () => {
    const { controller } = setup();
    const seen: number[] = [];
    const off = controller.on('produced', (e) => seen.push(e.atMs));
    controller.stepMs(500);
    const before = seen.length;
    expect(before).toBeGreaterThan(0);
    controller.load('default', { seed: 2 });
    controller.stepMs(500);
    expect(seen.length).toBeGreaterThan(before);
    off();
    const after = seen.length;
    controller.stepMs(500);
    expect(seen.length).toBe(after);
  });

  it('moves between scenario captions and pauses there', () => {
    const { store, controller } = setup();
    controller.load('at-least-once');
    expect(store.getState().hasCaptions).toBe(true);
    controller.play();
    controller.stepCaption(1);
    expect(controller.isPlaying()).toBe(false);
    expect(controller.now()).toBe(12_001);
    controller.stepCaption(1); // no later caption: one second on
    expect(controller.now()).toBe(13_001);
    controller.stepCaption(-1);
    expect(controller.now()).toBe(12_001);
  });

  it('describes the view for a shareable link', () => {
    const { controller } = setup();
    controller.setSpeed(2);
    controller.stepMs(1500);
    controller.togglePresentation();
    expect(controller.viewState()).toEqual({
      scenario: 'default',
      seed: 1,
      speed: 2,
      timeMs: 1500,
      isPaused: true,
      interventions: [],
      isPresentation: true,
    });
  });

  it('runTo plays to a simulated time and pauses exactly there; a load drops it', async () => {
    const { frames, controller } = setup();
    let isDone = false;
    void controller.runTo(1000).then(() => {
      isDone = true;
    });
    expect(controller.isPlaying()).toBe(true);
    for (let i = 0; i < 100 && controller.isPlaying(); i++) frames.frame(50);
    await Promise.resolve();
    expect(controller.now()).toBe(1000);
    expect(controller.isPlaying()).toBe(false);
    expect(isDone).toBe(true);
    await expect(controller.runTo(500)).resolves.toBeUndefined();
    void controller.runTo(5000);
    controller.load('default', { seed: 1, isPlaying: false });
    controller.play();
    for (let i = 0; i < 200; i++) frames.frame(50);
    expect(controller.now()).toBeGreaterThan(5000);
  });

  it('takes a checkpoint due while playing only in an idle period that holds it, or paused', () => {
    const frames = fakeFrames();
    const idle: ((deadline: { timeRemaining(): number }) => void)[] = [];
    const store = createAppStore();
    const controller = createController(store, { ...frames, idle: (cb) => idle.push(cb) });
    controller.load('default', { seed: 1 });
    const session = controller.currentSession();
    const times = () =>
      (session as unknown as { checkpoints: { atMs: number }[] }).checkpoints.map((c) => c.atMs);
    session.lastCheckpointMs = 8;
    controller.seek(4_950);
    controller.play();
    frames.frame();
    frames.frame(60);
    frames.frame(16);
    expect(session.hasDueCheckpoint()).toBe(true);
    expect(times()).toEqual([0]);
    expect(idle).toHaveLength(1); // asked once, not once per frame
    idle.shift()?.({ timeRemaining: () => 5 });
    expect(times()).toEqual([0]);
    expect(idle).toHaveLength(1); // too short for 8 ms: asks again
    frames.frame(16);
    idle.shift()?.({ timeRemaining: () => 14 });
    expect(times()).toEqual([0, 5_042]);
    expect(session.hasDueCheckpoint()).toBe(false);
    // Paused, the next idle moment takes it whatever its length.
    controller.seek(9_990);
    frames.frame(16);
    frames.frame(16);
    controller.pause();
    expect(session.hasDueCheckpoint()).toBe(true);
    idle.shift()?.({ timeRemaining: () => 0 });
    expect(times()).toEqual([0, 5_042, controller.now()]);
  });
});
