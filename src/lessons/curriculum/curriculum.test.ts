import { describe, expect, it } from 'vitest';
import { runLessonHeadless } from '../headless';
import { lessonScenario } from '../schema';
import { getLesson, LESSON_IDS, lessonIndex, listLessons, TRACKS } from './index';

const SEEDS = [1, 2, 3, 4, 5];

describe('the curriculum', () => {
  it('has at least the 14 lessons of the issue, each asking at least one prediction', () => {
    const lessons = listLessons();
    expect(lessons.length).toBeGreaterThanOrEqual(14);
    for (const id of [
      'why-a-queue',
      'keys-and-partitions',
      'consumer-groups',
      'rebalances',
      'lag',
      'hot-partition',
      'at-most-once',
      'at-least-once',
      'effectively-once',
      'retries',
      'poison-message',
      'zombie-consumer',
      'replay',
      'retention',
    ])
      expect(getLesson(id), id).toBeDefined();
    for (const lesson of lessons)
      expect(
        lesson.steps.some((s) => s.prediction),
        lesson.id,
      ).toBe(true);
  });

  it('indexes every lesson once, by track, and keeps planned tracks for later issues', () => {
    expect(new Set(LESSON_IDS).size).toBe(LESSON_IDS.length);
    const index = lessonIndex();
    expect(index.map((t) => t.id)).toEqual(TRACKS.map((t) => t.id));
    expect(index.flatMap((t) => t.lessons.map((l) => l.id))).toEqual(LESSON_IDS);
    expect(index.find((t) => t.id === 'queues')?.lessons.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'kafka-share-groups',
        'rabbitmq-routing',
        'rabbitmq-nack-requeue',
        'rabbitmq-dlx-retry',
        'sqs-visibility-timeout',
        'sqs-fifo-groups',
        'sqs-redrive',
      ]),
    );
    expect(index.find((t) => t.id === 'replication')?.lessons.map((l) => l.id)).toEqual([
      'acks-1-leader-crash',
      'min-insync-replicas',
      'unclean-election',
    ]);
  });

  it('highlights only groups, partitions and members its scenario has', () => {
    for (const lesson of listLessons()) {
      const scenario = lessonScenario(lesson);
      const groupIds = scenario.groups.map((g) => g.groupId);
      const partitions = Math.max(...scenario.topics.map((t) => t.partitions));
      lesson.steps.forEach((step, i) => {
        const where = `${lesson.id} step ${i}`;
        for (const g of step.highlight?.groups ?? []) expect(groupIds, where).toContain(g);
        for (const p of step.highlight?.partitions ?? []) expect(p, where).toBeLessThan(partitions);
        // Member ids read "<first letter of the group>-<n>" (the engine's client-id style).
        for (const m of step.highlight?.members ?? [])
          expect(
            groupIds.map((g) => g[0]),
            where,
          ).toContain(m.split('-')[0]);
      });
    }
  });

  // The engine decides every answer; the lesson only states what it means to teach. A lesson
  // whose point holds for some seeds and not others is a bug in the lesson.
  describe.each(listLessons().map((l) => [l.id, l] as const))('%s', (_, lesson) => {
    it.each(SEEDS)('computes every answer and teaches its point with seed %i', (seed) => {
      const run = runLessonHeadless(lesson, { seed });
      expect(run.errors).toEqual([]);
      expect(run.problems).toEqual([]);
      lesson.steps.forEach((step, i) => {
        const reveal = run.results[i].reveal;
        if (!step.prediction) {
          expect(reveal).toBeNull();
          return;
        }
        expect(reveal, `step ${i}`).not.toBeNull();
        expect(Number.isFinite(reveal!.value), `step ${i}`).toBe(true);
        if (step.prediction.kind === 'choice') {
          expect(reveal!.correctChoice, `step ${i}: value ${reveal!.value}`).toBe(step.prediction.expect);
          expect(reveal!.isRight).toBe(true);
        } else {
          const { min, max } = step.prediction.expect;
          if (min !== undefined) expect(reveal!.value, `step ${i}`).toBeGreaterThanOrEqual(min);
          if (max !== undefined) expect(reveal!.value, `step ${i}`).toBeLessThanOrEqual(max);
        }
      });
    });
  });
});
