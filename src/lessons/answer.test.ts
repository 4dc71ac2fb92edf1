import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/index';
import { type EvalContext, evaluate, judge, readPath } from './answer';
import { parseLesson } from './schema';

function contextAfter(ms: number, startMs: number): EvalContext {
  const sim = createSimulation('at-least-once', { seed: 1 });
  const events: EvalContext['events'][number][] = [];
  sim.on('committed', (e) => events.push(e));
  sim.advance(startMs);
  const start = { metrics: sim.metrics(), snapshot: sim.snapshot() };
  sim.advance(ms - startMs);
  return { metrics: sim.metrics(), snapshot: sim.snapshot(), events, stepStartMs: startMs, start };
}

describe('answer expressions', () => {
  const ctx = contextAfter(20_000, 10_000);

  it('reads metric paths, lists of numbers, wildcards and [field=value] filters', () => {
    expect(readPath(ctx.metrics, 'groups.payments.lag')).toBe(ctx.metrics.groups.payments.lag);
    expect(readPath(ctx.metrics, 'groups.payments.lagByPartition')).toEqual(
      ctx.metrics.groups.payments.lagByPartition,
    );
    expect(readPath(ctx.snapshot, 'partitions.*.logEndOffset')).toEqual(
      ctx.snapshot.partitions.map((p) => p.logEndOffset),
    );
    expect(readPath(ctx.snapshot, 'groups.[groupId=payments].members.*.assigned')).toEqual(
      ctx.snapshot.groups[0].members.map((m) => m.assigned.length),
    );
    expect(readPath(ctx.snapshot, 'deadLetters')).toBe(0);
    expect(() => readPath(ctx.metrics, 'groups.nobody.lag')).toThrow(/not a number/);
  });

  it('counts events since the step began unless asked for the whole lesson', () => {
    const sinceStep = ctx.events.filter((e) => e.atMs >= 10_000).length;
    expect(sinceStep).toBeGreaterThan(0);
    expect(evaluate({ count: 'committed' }, ctx)).toBe(sinceStep);
    expect(evaluate({ count: 'committed', since: 'lesson' }, ctx)).toBe(ctx.events.length);
    expect(evaluate({ count: 'committed', where: { memberId: 'nobody' } }, ctx)).toBe(0);
    expect(evaluate({ events: 'committed', field: 'offsets.length', agg: 'max' }, ctx)).toBeGreaterThan(0);
  });

  it('takes deltas against the step start, and combines values', () => {
    const produced = ctx.metrics.produced - ctx.start.metrics.produced;
    expect(evaluate({ delta: { metric: 'produced' } }, ctx)).toBe(produced);
    expect(evaluate({ ratio: [{ delta: { metric: 'produced' } }, { const: 10 }] }, ctx)).toBeCloseTo(
      produced / 10,
    );
    expect(evaluate({ cmp: [{ metric: 'produced' }, '>', { const: 0 }] }, ctx)).toBe(1);
    expect(evaluate({ countWhere: { const: 3 }, is: { gt: 2, lt: 4 } }, ctx)).toBe(1);
    expect(evaluate({ argmax: { snapshot: 'partitions.*.logEndOffset' } }, ctx)).toBe(
      ctx.snapshot.partitions.reduce(
        (best, p, i, all) => (p.logEndOffset > all[best].logEndOffset ? i : best),
        0,
      ),
    );
  });
});

describe('judge', () => {
  const ctx = contextAfter(20_000, 10_000);
  const lesson = parseLesson({
    id: 'j',
    title: 'j',
    concept: 'j',
    track: 'x',
    scenario: 'at-least-once',
    steps: [
      {
        narration: 'n',
        runMs: 0,
        prediction: {
          kind: 'number',
          question: 'How many produced?',
          answer: { value: { metric: 'produced' } },
          tolerance: { ratio: 0.1 },
          expect: { min: 0 },
          why: ['a', 'b'],
        },
      },
      {
        narration: 'n',
        runMs: 0,
        prediction: {
          kind: 'choice',
          question: 'Lost any?',
          choices: [
            { id: 'none', label: 'none' },
            { id: 'some', label: 'some' },
          ],
          answer: {
            value: { metric: 'groups.payments.lost' },
            rule: [{ choice: 'none', if: { eq: 0 } }, { choice: 'some' }],
          },
          expect: 'none',
          why: ['a', 'b'],
        },
      },
    ],
  });

  it('puts a numeric guess beside the engine figure, right within the tolerance', () => {
    const produced = ctx.metrics.produced;
    const close = judge(lesson.steps[0].prediction!, ctx, Math.round(produced * 1.05));
    expect(close).toMatchObject({ value: produced, isRight: true, correctChoice: null });
    expect(judge(lesson.steps[0].prediction!, ctx, Math.round(produced * 1.5)).isRight).toBe(false);
    expect(judge(lesson.steps[0].prediction!, ctx, null).isRight).toBeNull();
  });

  it('picks the correct choice from the engine figure with the first matching rule', () => {
    expect(judge(lesson.steps[1].prediction!, ctx, 'some')).toMatchObject({
      correctChoice: 'none',
      isRight: false,
    });
    const lossy = { ...ctx, metrics: structuredClone(ctx.metrics) };
    lossy.metrics.groups.payments.lost = 3;
    expect(judge(lesson.steps[1].prediction!, lossy, 'some')).toMatchObject({
      value: 3,
      correctChoice: 'some',
      isRight: true,
    });
  });
});
