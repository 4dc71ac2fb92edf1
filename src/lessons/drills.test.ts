import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario } from '../engine/index';
import { getLesson } from './curriculum/index';
import {
  answerCard,
  CQRS_READ_MODEL,
  checkChoice,
  currentCard,
  DRILL_CARDS,
  drillScore,
  END_TO_END_DRIFT,
  SAGA_NEEDS_COMPENSATION,
  shuffle,
  startDrill,
} from './drills';

describe('drill cards', () => {
  it('cover the 4 practice-quiz questions and 10 flashcards of the seeds, with unique ids', () => {
    expect(DRILL_CARDS.filter((c) => c.source.includes('practice quiz'))).toHaveLength(4);
    expect(DRILL_CARDS.filter((c) => c.source.includes('flashcard'))).toHaveLength(10);
    expect(new Set(DRILL_CARDS.map((c) => c.id)).size).toBe(DRILL_CARDS.length);
  });

  it.each(DRILL_CARDS.map((c) => [c.id, c] as const))(
    '%s: Show me opens something that exists',
    (_, card) => {
      expect(card.look.length).toBeGreaterThan(0);
      if (card.choices) expect(card.choices.map((c) => c.id)).toContain(card.correct);
      const target = card.showMe;
      if ('lesson' in target) {
        const lesson = getLesson(target.lesson);
        expect(lesson, target.lesson).toBeDefined();
        expect(target.step).toBeGreaterThanOrEqual(0);
        expect(target.step).toBeLessThan(lesson!.steps.length);
      } else {
        expect(() => parseScenario(target.scenario)).not.toThrow();
        expect(target.runMs).toBeGreaterThan(0);
      }
    },
  );
});

describe('drill cards on queues', () => {
  const lessonOf = (id: string) => {
    const target = DRILL_CARDS.find((c) => c.id === id)?.showMe;
    return target && 'lesson' in target ? target.lesson : null;
  };

  it('“Kafka or RabbitMQ?” opens the broker comparison, not a Kafka-only lesson', () => {
    expect(lessonOf('kafka-or-rabbitmq')).toBe('compare-brokers');
  });

  it('SQS, RabbitMQ and share groups each have cards whose Show me opens a lesson on them', () => {
    const opened = DRILL_CARDS.map((c) => ('lesson' in c.showMe ? c.showMe.lesson : ''));
    expect(opened.filter((id) => id.startsWith('sqs-')).length).toBeGreaterThanOrEqual(2);
    expect(opened.filter((id) => id.startsWith('rabbitmq-')).length).toBeGreaterThanOrEqual(1);
    expect(opened).toContain('kafka-share-groups');
    for (const id of [
      'sqs-visibility-timeout',
      'sqs-fifo-groups',
      'rabbitmq-nack-requeue',
      'kafka-share-groups',
    ])
      expect(getLesson(id)?.track, id).toBe('queues');
    // Prefetch and the standard queue's promise are answered by the comparison lesson.
    expect(lessonOf('rabbitmq-prefetch')).toBe('compare-brokers');
    expect(lessonOf('sqs-standard-promise')).toBe('compare-brokers');
  });

  it('the partition card limits “one consumer per partition” to consumer groups (share groups share one)', () => {
    const answer = DRILL_CARDS.find((c) => c.id === 'kafka-partition')!.modelAnswer;
    expect(answer).toMatch(/in a consumer group each partition has at most one active consumer/);
    expect(answer).not.toMatch(/a group can have at most one active consumer/);
  });
});

describe('open-ended scenarios show what their cards claim', () => {
  it.each([1, 2, 3])(
    'end-to-end drift (seed %i): no failures, yet the oldest unprocessed order keeps getting older',
    (seed) => {
      const sim = createSimulation(END_TO_END_DRIFT, { seed });
      sim.advance(20_000);
      const early = sim.metrics().groups.fulfilment;
      sim.advance(40_000);
      const late = sim.metrics();
      const g = late.groups.fulfilment;
      expect(g.lagMs).toBeGreaterThan(early.lagMs + 5000);
      expect(g.latencyMs.p99).toBeGreaterThan(early.latencyMs.p99);
      expect(g.consumedPerSec).toBeLessThan(late.producedPerSec);
      expect([g.failedAttempts, g.deadLettered, g.lost]).toEqual([0, 0, 0]);
    },
  );

  it.each([1, 2, 3])(
    'saga (seed %i): orders whose payment failed for good still have stock reserved',
    (seed) => {
      const sim = createSimulation(SAGA_NEEDS_COMPENSATION, { seed });
      sim.advance(30_000);
      const { inventory, payments } = sim.metrics().groups;
      expect(payments.deadLettered).toBeGreaterThan(0);
      expect(inventory.lost).toBe(0);
      // Inventory reserved more orders than payments ever charged: the gap needs compensating.
      expect(inventory.applied - payments.applied).toBeGreaterThanOrEqual(payments.deadLettered);
    },
  );

  it.each([1, 2, 3])(
    'CQRS (seed %i): the read model goes stale while the write side is unaffected',
    (seed) => {
      const sim = createSimulation(CQRS_READ_MODEL, { seed });
      sim.advance(10_000);
      const before = sim.metrics();
      sim.advance(30_000);
      const after = sim.metrics();
      expect(before.groups['order-view'].lagMs).toBeLessThan(1000);
      expect(after.groups['order-view'].lagMs).toBeGreaterThan(10_000);
      expect(after.producedPerSec).toBeCloseTo(before.producedPerSec, -1);
    },
  );
});

describe('drill sessions', () => {
  it('shuffle is a permutation fixed by the seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffle(items, 7);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffle(items, 7)).toEqual(a);
    expect(shuffle(items, 8)).not.toEqual(a);
  });

  it('walks the deck and keeps the score', () => {
    let session = startDrill(3);
    expect(session.order).toHaveLength(DRILL_CARDS.length);
    const first = currentCard(session)!;
    session = answerCard(session, true);
    session = answerCard(session, false);
    expect(drillScore(session)).toEqual({ right: 1, answered: 2, total: DRILL_CARDS.length });
    expect(session.results[first.id]).toBe(true);
    const quiz = DRILL_CARDS.find((c) => c.id === 'one-partition-20x-behind')!;
    expect(checkChoice(quiz, 'c')).toBe(true);
    expect(checkChoice(quiz, 'a')).toBe(false);
    expect(checkChoice(DRILL_CARDS.find((c) => c.id === 'saga')!, 'a')).toBeNull();
  });
});
