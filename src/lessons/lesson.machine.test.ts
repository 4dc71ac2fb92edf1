import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getLesson } from './curriculum/index';
import { isAwaitSatisfied, type LessonEvent, lessonMachine, lessonPhase, lessonView } from './lesson.machine';
import { createHeadlessPlayer, type LessonPlayer } from './player';
import { type Lesson, parseLesson } from './schema';

function start(lesson: Lesson, player: LessonPlayer = createHeadlessPlayer()) {
  const actor = createActor(lessonMachine, { input: { lesson, player, seed: 1 } });
  actor.start();
  const send = (...events: LessonEvent[]) => {
    for (const e of events) actor.send(e);
  };
  const phase = () => lessonPhase(actor.getSnapshot());
  const step = () => actor.getSnapshot().context.stepIndex;
  return { actor, player, send, phase, step };
}

/** Virtual time at which step n starts: the sum of the earlier steps' runs. */
const startOf = (lesson: Lesson, n: number) => lesson.steps.slice(0, n).reduce((t, s) => t + s.runMs, 0);

describe('lessonMachine', () => {
  const keys = getLesson('keys-and-partitions')!;
  const groups = getLesson('consumer-groups')!;

  it('goes Intro → Reading → Predicting → Running → Revealed and reveals the engine’s figure beside the guess', () => {
    const { send, phase, player, actor } = start(keys);
    expect(phase()).toBe('Intro');
    send({ type: 'START' });
    expect(phase()).toBe('Reading');
    send({ type: 'NEXT' });
    expect(phase()).toBe('Predicting');
    send({ type: 'ANSWER', value: 'lopsided' });
    // The headless player runs synchronously, so the run finishes at once.
    expect(phase()).toBe('Revealed');
    expect(player.now()).toBe(keys.steps[0].runMs);
    const view = lessonView(actor.getSnapshot());
    expect(view.result?.reveal).toMatchObject({ correctChoice: 'even', guess: 'lopsided', isRight: false });
    expect(view.score).toEqual({ right: 0, asked: 1 });
  });

  it('reaches Done after the last step and goes back to it with BACK', () => {
    const { send, phase, step, player } = start(keys);
    send({ type: 'START' });
    for (let i = 0; i < keys.steps.length; i++) send({ type: 'NEXT' }, { type: 'SKIP' }, { type: 'NEXT' });
    expect(phase()).toBe('Done');
    send({ type: 'BACK' });
    expect(phase()).toBe('Reading');
    expect(step()).toBe(keys.steps.length - 1);
    expect(player.now()).toBe(startOf(keys, keys.steps.length - 1));
  });

  it('BACK replays from a fresh simulation to the start of the previous step', () => {
    const { send, step, player, phase } = start(keys);
    send({ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP' }, { type: 'NEXT' });
    expect(step()).toBe(1);
    const endOfStep0 = player.snapshot().partitions.map((p) => p.logEndOffset);
    send({ type: 'NEXT' }, { type: 'SKIP' });
    expect(phase()).toBe('Revealed');
    send({ type: 'BACK' });
    // From a phase inside step 1, BACK restarts step 1 …
    expect([step(), phase(), player.now()]).toEqual([1, 'Reading', startOf(keys, 1)]);
    expect(player.snapshot().partitions.map((p) => p.logEndOffset)).toEqual(endOfStep0);
    // … and from Reading it goes to the previous step.
    send({ type: 'BACK' });
    expect([step(), phase(), player.now()]).toEqual([0, 'Reading', 0]);
    send({ type: 'BACK' });
    expect(phase()).toBe('Intro');
  });

  it('GOTO opens a step with the earlier steps replayed, including their injected faults', () => {
    const { send, step, player, phase } = start(keys);
    send({ type: 'GOTO', step: 2 });
    expect([step(), phase(), player.now()]).toEqual([2, 'Reading', startOf(keys, 2)]);
    expect(player.snapshot().producers[0].hotKey).toEqual({ key: 'customer-7', share: 1 });
    send({ type: 'GOTO', step: 99 });
    expect(step()).toBe(2);
  });

  it('waits for the learner’s own action, recognising it from the engine’s fault events', () => {
    const { send, phase, player, actor } = start(groups);
    send({ type: 'GOTO', step: 1 }, { type: 'NEXT' }, { type: 'ANSWER', value: 1 });
    expect(phase()).toBe('Waiting');
    player.inject({ type: 'add-consumer', groupId: 'analytics' });
    expect(phase()).toBe('Waiting');
    const before = player.now();
    player.inject({ type: 'add-consumer', groupId: 'payments' });
    expect(phase()).toBe('Revealed');
    expect(player.now()).toBe(before + groups.steps[1].runMs);
    expect(lessonView(actor.getSnapshot()).result?.reveal).toMatchObject({ value: 1, isRight: true });
  });

  it('SKIP while waiting does the awaited action for the learner', () => {
    const { send, phase, player } = start(groups);
    send({ type: 'GOTO', step: 1 }, { type: 'NEXT' }, { type: 'SKIP' });
    expect(phase()).toBe('Waiting');
    send({ type: 'SKIP' });
    expect(phase()).toBe('Revealed');
    expect(player.snapshot().groups.find((g) => g.groupId === 'payments')?.members).toHaveLength(5);
  });

  it('SKIP while reading skips the whole step, its faults and run included', () => {
    const { send, step, player, actor } = start(keys);
    send({ type: 'START' }, { type: 'SKIP' }, { type: 'SKIP' });
    expect(step()).toBe(2);
    expect(player.now()).toBe(startOf(keys, 2));
    expect(player.snapshot().producers[0].hotKey?.key).toBe('customer-7');
    expect(actor.getSnapshot().context.results.slice(0, 2)).toEqual([null, null]);
  });

  it('RESTART returns to the intro with a fresh simulation and no answers', () => {
    const { send, phase, player, actor } = start(keys);
    send({ type: 'START' }, { type: 'NEXT' }, { type: 'ANSWER', value: 'even' }, { type: 'RESTART' });
    expect(phase()).toBe('Intro');
    expect(player.now()).toBe(0);
    expect(actor.getSnapshot().context.results.every((r) => r === null)).toBe(true);
  });

  it('with a player that plays in real time, stays Running until the run settles', async () => {
    const headless = createHeadlessPlayer();
    let finish: () => void = () => {};
    const animated: LessonPlayer = {
      ...headless,
      runUntil: (ms) =>
        new Promise<void>((resolve) => {
          finish = () => {
            headless.seek(ms);
            resolve();
          };
        }),
    };
    const { send, phase } = start(keys, animated);
    send({ type: 'START' }, { type: 'NEXT' }, { type: 'ANSWER', value: 'even' });
    expect(phase()).toBe('Running');
    finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(phase()).toBe('Revealed');
  });

  it('a web player can also report the end of the run itself', () => {
    const headless = createHeadlessPlayer();
    const animated: LessonPlayer = { ...headless, runUntil: () => new Promise<void>(() => {}) };
    const { send, phase } = start(keys, animated);
    send({ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP' });
    expect(phase()).toBe('Running');
    headless.seek(keys.steps[0].runMs);
    send({ type: 'RUN_FINISHED' });
    expect(phase()).toBe('Revealed');
  });

  it('can wait for an engine event instead of a fault, as time passes', () => {
    const lesson = parseLesson({
      id: 'wait-for-rebalance',
      title: 'Wait for a rebalance',
      concept: 'A join leads to a completed rebalance.',
      track: 'custom',
      scenario: 'default',
      steps: [
        {
          narration: 'Watch the group settle after p-4 joins.',
          inject: [{ type: 'add-consumer', groupId: 'payments' }],
          await: {
            prompt: 'Wait until payments has rebalanced',
            event: 'rebalance-completed',
            where: { groupId: 'payments' },
          },
          runMs: 1000,
        },
      ],
    });
    const { send, phase, player } = start(lesson);
    send({ type: 'START' }, { type: 'NEXT' });
    expect(phase()).toBe('Waiting');
    player.seek(player.now() + 1);
    expect(phase()).toBe('Waiting');
    player.seek(player.now() + 15_000);
    expect(phase()).toBe('Revealed');
  });

  it('rejects an await with both a fault and an event, naming the field', () => {
    expect(() =>
      parseLesson({
        ...structuredClone(groups),
        steps: [{ ...groups.steps[1], await: { ...groups.steps[1].await!, event: 'rebalance-completed' } }],
      }),
    ).toThrow(/lesson\.steps\.0\.await: needs either a fault or an event/);
  });

  it('matches an awaited fault on the fields it names, by default all the fields given', () => {
    const fault = (f: object) =>
      ({ type: 'fault', atMs: 0, fault: f }) as Parameters<typeof isAwaitSatisfied>[1];
    const crash = { type: 'crash-consumer', memberId: 'p-1', point: 'now' } as const;
    const strict = { prompt: 'Crash p-1', fault: crash };
    const loose = { ...strict, match: ['type', 'memberId'] };
    expect(isAwaitSatisfied(strict, fault(crash))).toBe(true);
    expect(isAwaitSatisfied(strict, fault({ type: 'crash-consumer', memberId: 'p-1' }))).toBe(false);
    expect(isAwaitSatisfied(loose, fault({ type: 'crash-consumer', memberId: 'p-1' }))).toBe(true);
    expect(isAwaitSatisfied(loose, fault({ type: 'crash-consumer', memberId: 'p-2' }))).toBe(false);
    expect(
      isAwaitSatisfied(loose, fault({ type: 'pause-consumer', memberId: 'p-1', durationMs: 1000 })),
    ).toBe(false);
  });

  it('notes a lesson fault the engine refuses instead of breaking the lesson', () => {
    const lesson = parseLesson({
      id: 'typo',
      title: 'A typo',
      concept: 'An instructor misspelt a consumer.',
      track: 'custom',
      scenario: 'at-least-once',
      steps: [
        { narration: 'Crash p-9.', runMs: 1000, inject: [{ type: 'crash-consumer', memberId: 'p-9' }] },
        { narration: 'Carry on.', runMs: 1000 },
      ],
    });
    const { send, phase, actor } = start(lesson);
    send({ type: 'START' }, { type: 'NEXT' });
    expect(phase()).toBe('Revealed');
    expect(lessonView(actor.getSnapshot()).problems).toEqual([
      expect.stringMatching(/^steps\.0\.inject\.0: fault\.memberId: no consumer "p-9"/),
    ]);
    send({ type: 'GOTO', step: 1 });
    expect(lessonView(actor.getSnapshot()).problems).toHaveLength(1);
    send({ type: 'RESTART' });
    expect(lessonView(actor.getSnapshot()).problems).toEqual([]);
  });
});
