// Interview drill cards: every practice-quiz question and flashcard of the seed articles,
// rewritten in our own words, each with a model answer and a "Show me" that opens the
// lesson step or scenario whose numbers answer it, plus the figures to look at there.
// A drill session shuffles the cards with a seeded generator, so a deck can be replayed.

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Scenario } from '../engine/index';

/** Open a built-in lesson at a step (0-based), or a scenario (faults in its timeline) run to `runMs`. */
export type ShowMe =
  | { lesson: string; step: number }
  | { scenario: string | Scenario; seed?: number; runMs: number };

export interface DrillCard {
  id: string;
  /** Where the question comes from (the seed article and the item in it). */
  source: string;
  question: string;
  /** For multiple-choice questions; the learner answers first, then sees `correct`. */
  choices?: { id: string; label: string }[];
  correct?: string;
  modelAnswer: string;
  showMe: ShowMe;
  /** The figures on screen that answer the question, named as the UI labels them. */
  look: string[];
}

const orders = (partitions: number) => ({ name: 'orders', partitions, 'retention.ms': 3_600_000 });
const checkout = (ratePerSec: number) => ({
  id: 'checkout',
  topic: 'orders',
  ratePerSec,
  keys: { type: 'uniform' as const, count: 100_000, prefix: 'order-' },
});

/** Open-ended Q4: the API answers fast, yet customers wait longer and longer. */
export const END_TO_END_DRIFT: Scenario = {
  id: 'end-to-end-drift',
  title: 'Fast API, slower and slower fulfilment',
  description:
    'Checkout accepts 60 orders/s and answers at once; fulfilment can finish about 50/s. Nothing fails, no alert on API latency fires, yet every order waits longer than the one before.',
  topics: [orders(4)],
  producers: [checkout(60)],
  groups: [
    {
      groupId: 'fulfilment',
      topic: 'orders',
      consumers: 4,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 80, distribution: 'constant' },
    },
  ],
};

/** Saga flashcard: without a compensating step, one service's success and another's failure disagree. */
export const SAGA_NEEDS_COMPENSATION: Scenario = {
  id: 'saga-needs-compensation',
  title: 'Inventory reserved, payment failed: why sagas compensate',
  description:
    'Every order is handled by two services with their own local transactions: inventory reserves stock, payments charges the card. Some payments fail for good and are dead-lettered, while their stock stays reserved: each of those needs a compensating "release reservation".',
  topics: [orders(3)],
  producers: [checkout(30)],
  groups: [
    {
      groupId: 'inventory',
      topic: 'orders',
      consumers: 3,
      delivery: 'effectively-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 5 },
    },
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 3,
      delivery: 'effectively-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 10 },
      failureRate: 0.3,
      retry: { mode: 'blocking', maxAttempts: 2, backoffMs: 200, multiplier: 2, jitter: 'none' },
      dlq: { enabled: true },
    },
  ],
};

/** CQRS flashcard: the read model is a projection fed by events, and it can fall behind. */
export const CQRS_READ_MODEL: Scenario = {
  id: 'cqrs-read-model',
  title: 'A CQRS read model falling behind the write side',
  description:
    'Commands append order events; the order-view group projects them into a read model. From 10 s its database slows down: the write side is unaffected, reads get staler.',
  topics: [orders(2)],
  producers: [checkout(20)],
  groups: [
    {
      groupId: 'order-view',
      topic: 'orders',
      consumers: 1,
      delivery: 'effectively-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 10, distribution: 'constant' },
    },
  ],
  timeline: [
    {
      at: 10_000,
      fault: { type: 'slow-consumer', memberId: 'o-1', factor: 8 },
      caption: 'The read-model database slows down 8×.',
    },
  ],
};

export const DRILL_CARDS: readonly DrillCard[] = [
  {
    id: 'when-to-add-a-queue',
    source: 'seed 000, practice quiz Q1',
    question: 'What most strongly suggests putting a queue in front of some work?',
    choices: [
      { id: 'a', label: 'The team wants experience with a popular broker' },
      { id: 'b', label: 'The endpoint is already fast at the median' },
      { id: 'c', label: 'The work is slow or bursty, and the user does not need to wait for it' },
      { id: 'd', label: 'The service has no retries yet' },
    ],
    correct: 'c',
    modelAnswer:
      'A queue costs operations and makes results eventual, so it pays off when the work can finish later: the downstream is slower or burstier than the requests, and the caller only needs an acknowledgement. Then the queue absorbs the burst and the user is answered at once.',
    showMe: { lesson: 'why-a-queue', step: 1 },
    look: ['orders/s published during the spike', 'payments lag'],
  },
  {
    id: 'ack-after-idempotency-record',
    source: 'seed 000, practice quiz Q2',
    question: 'Why acknowledge a message only after its idempotency record has been saved?',
    choices: [
      { id: 'a', label: 'It makes the broker store less data' },
      {
        id: 'b',
        label:
          'A crash between the side effect and the ack then cannot make a redelivery repeat the effect unnoticed',
      },
      { id: 'c', label: 'It protects against every kind of network partition' },
      { id: 'd', label: 'It lets consumers go faster' },
    ],
    correct: 'b',
    modelAnswer:
      'If the ack (commit) goes out before the dedupe record exists and the consumer crashes, the message is redelivered and nothing remembers it was already applied, so the effect happens twice. Saving the record with the effect, then acking, means any redelivery is recognised and skipped.',
    showMe: { lesson: 'effectively-once', step: 1 },
    look: ['payments duplicates (0)', 'payments deduplicated (skips)'],
  },
  {
    id: 'one-partition-20x-behind',
    source: 'seed 000, practice quiz Q3',
    question: 'One partition is 20× further behind than the others. What do you do first?',
    choices: [
      { id: 'a', label: 'Add producer instances' },
      { id: 'b', label: 'Delete old messages from the lagging partition' },
      { id: 'c', label: 'Look at per-partition lag and the key distribution before scaling consumers' },
      { id: 'd', label: 'Shorten retention to free the brokers' },
    ],
    correct: 'c',
    modelAnswer:
      'A single hot partition is nearly always a key problem: one key (a merchant, a tenant) sends most of the traffic to one partition, and only one consumer per group can read it. Check lag per partition and which keys dominate; fix the key (spread or salt it). More consumers do not help that partition.',
    showMe: { lesson: 'hot-partition', step: 1 },
    look: ['payments lag per partition', 'skew', 'key of the hot partition’s records (inspector)'],
  },
  {
    id: 'fast-api-slow-customers',
    source: 'seed 000, practice quiz Q4 (open-ended)',
    question:
      'Your API stays fast thanks to the queue, but the time until a customer’s order is actually done keeps growing. How do you find and control the problem?',
    modelAnswer:
      'API latency only measures accepting the work. Add an end-to-end SLO from publish to completion, and watch lag in time (age of the oldest unprocessed message) and consumed vs produced rate: here consumers finish about 50/s while 60/s arrive, so lag in time grows without bound. Then add capacity or partitions, shed or defer low-value work, give high-value jobs their own queue or priority, and tell users honest completion estimates.',
    showMe: { scenario: END_TO_END_DRIFT, runMs: 60_000 },
    look: [
      'fulfilment lag in time (oldest unprocessed order, s): grows every second',
      'fulfilment end-to-end latency p99: grows with it',
      'consumed/s below produced/s',
      'no errors, no retries, no dead letters',
    ],
  },
  {
    id: 'when-to-use-a-queue',
    source: 'seed 001, flashcard',
    question: 'When would you reach for a message queue?',
    modelAnswer:
      'When the producer should not depend on the consumer: slow work the user need not wait for (emails, image processing), one event that several services react to (fan-out), or bursts of writes to smooth out. The queue gives decoupling, load levelling and resilience.',
    showMe: { lesson: 'why-a-queue', step: 3 },
    look: ['payments lag rising during the spike, then draining'],
  },
  {
    id: 'kafka-or-rabbitmq',
    source: 'seed 001, flashcard',
    question: 'Kafka or RabbitMQ?',
    modelAnswer:
      'Kafka when you need a durable, replayable event log read by several independent groups at their own pace (streams, audit, rebuilding views), with order per key. RabbitMQ (or SQS) for task queues with per-message acks, rich routing or request/reply, where a message is gone once done. Kafka share groups now give a log queue-like per-record acks too. Pick by retention, replay and fan-out needs, and by what your team can operate.',
    showMe: { lesson: 'compare-brokers', step: 4 },
    look: [
      'payments retained: orders a new Kafka group could still read',
      'the queues: every processed message deleted or acked, nothing to read again',
      'the table in Outcomes: order, redelivery and loss per system',
    ],
  },
  {
    id: 'at-least-once-handling',
    source: 'seed 001, flashcard',
    question: 'What is at-least-once delivery, and how do you cope with it?',
    modelAnswer:
      'Every message is delivered, but a crash before the ack makes it arrive again. Make the consumer idempotent: record processed message ids (in the same transaction as the effect) and skip ids already seen, or make the effect naturally idempotent (upserts).',
    showMe: { lesson: 'at-least-once', step: 1 },
    look: ['payments duplicates', 'payments lost (0)'],
  },
  {
    id: 'three-superpowers',
    source: 'seed 001, flashcard',
    question: 'Name the three things a message queue gives you.',
    modelAnswer:
      'Decoupling (the producer does not wait for or know the consumer), load levelling (bursts are stored and worked off at the consumer’s pace) and resilience (messages survive a consumer crash and are processed when it is back).',
    showMe: { lesson: 'why-a-queue', step: 1 },
    look: ['orders/s published during the spike', 'payments lag'],
  },
  {
    id: 'point-to-point-vs-pub-sub',
    source: 'seed 001, flashcard',
    question: 'Point-to-point vs publish/subscribe: what is the difference?',
    modelAnswer:
      'Point-to-point: each message is handled by exactly one of the competing consumers. Pub/sub: every subscriber gets its own copy. In Kafka both at once: each consumer group gets every record, and within a group each partition has one consumer.',
    showMe: { lesson: 'consumer-groups', step: 0 },
    look: ['payments and analytics applied counts (about equal)', 'partition owners within each group'],
  },
  {
    id: 'at-least-once-definition',
    source: 'seed 001, flashcard',
    question: 'In one sentence: at-least-once delivery?',
    modelAnswer:
      'Never lost, possibly repeated: the consumer acks after processing, so a crash in between redelivers. Pair it with idempotent consumers.',
    showMe: { lesson: 'at-least-once', step: 2 },
    look: ['payments lost (0)', 'payments duplicates'],
  },
  {
    id: 'kafka-partition',
    source: 'seed 001, flashcard',
    question: 'What is a Kafka partition and why does it matter?',
    modelAnswer:
      'An ordered, append-only slice of a topic. Records with the same key always go to the same partition, which is what keeps them in order; and in a consumer group each partition has at most one active consumer, so the partition count caps that group’s parallelism. (A share group, KIP-932, lifts that cap: its consumers share a partition record by record, without order.)',
    showMe: { lesson: 'keys-and-partitions', step: 1 },
    look: [
      'partitions receiving customer-7’s records (1)',
      'idle consumer when consumers outnumber partitions',
    ],
  },
  {
    id: 'dead-letter-queue',
    source: 'seed 001, flashcard',
    question: 'What is a dead-letter queue for?',
    modelAnswer:
      'A place for messages that still fail after a capped number of retries, so they stop blocking the rest, are not lost, and can be inspected and redriven once the cause is fixed. Alert on its depth.',
    showMe: { lesson: 'poison-message', step: 1 },
    look: [
      'attempts before dead-lettering (4)',
      'DLQ depth',
      'partition moving again after the poison record',
    ],
  },
  {
    id: 'saga',
    source: 'seed 001, flashcard',
    question: 'What is the Saga pattern?',
    modelAnswer:
      'A business transaction spread over services as a chain of local transactions, each publishing an event; when a later step fails, compensating actions undo the earlier ones (refund, release stock). Choreography lets services react to each other’s events; orchestration has a coordinator issue the steps. The engine shows why: orders whose payment failed for good still hold their stock until something compensates.',
    showMe: { scenario: SAGA_NEEDS_COMPENSATION, runMs: 30_000 },
    look: [
      'payments dead-lettered: orders whose payment failed for good',
      'inventory applied: those same orders still have stock reserved',
      'the gap between them is the work a compensating step must undo',
    ],
  },
  {
    id: 'cqrs',
    source: 'seed 001, flashcard',
    question: 'What is CQRS?',
    modelAnswer:
      'Command Query Responsibility Segregation: writes go to a model built for commands, reads come from separate read models shaped for queries, usually fed by the write side’s events. The price is eventual consistency: the read model is as stale as its consumer’s lag.',
    showMe: { scenario: CQRS_READ_MODEL, runMs: 40_000 },
    look: [
      'order-view lag in time: how stale reads are',
      'produced/s unchanged: the write side never notices',
    ],
  },

  // ---- Queues: SQS, RabbitMQ and Kafka share groups (the queues track) --------------
  {
    id: 'sqs-visibility-timeout',
    source: 'queues track, SQS',
    question:
      'An SQS job sometimes runs longer than the queue’s VisibilityTimeout. What happens, and what do you do about it?',
    modelAnswer:
      'Receiving does not remove the message; it hides it for VisibilityTimeout. If the worker has not deleted it by then, it is visible again and another consumer receives it (ApproximateReceiveCount 2), so the job runs twice. Have the worker call ChangeMessageVisibility every few seconds while it works, so the timeout only has to cover one interval, and keep the consumer idempotent: a standard queue delivers at least once anyway.',
    showMe: { lesson: 'sqs-visibility-timeout', step: 0 },
    look: ['workers duplicates (jobs applied twice)', 'heartbeat-workers redeliveries (0)'],
  },
  {
    id: 'sqs-standard-promise',
    source: 'queues track, SQS',
    question: 'What does an SQS standard queue promise about each message?',
    choices: [
      { id: 'a', label: 'Exactly once, in the order it was sent' },
      {
        id: 'b',
        label: 'At least once: it can arrive twice, and consumers can finish messages in any order',
      },
      { id: 'c', label: 'At most once: a message a consumer loses is gone' },
      { id: 'd', label: 'Exactly once, as long as the visibility timeout is long enough' },
    ],
    correct: 'b',
    modelAnswer:
      'At-least-once with best-effort order. A message comes back when its visibility timeout runs out before the delete, and competing consumers finish in any order. A longer timeout makes duplicates rarer, not impossible. For order per customer and deduplicated sends, use a FIFO queue with MessageGroupId and MessageDeduplicationId.',
    showMe: { lesson: 'compare-brokers', step: 1 },
    look: ['SQS standard out of order (the table in Outcomes)', 'SQS FIFO out of order (0)'],
  },
  {
    id: 'sqs-fifo-groups',
    source: 'queues track, SQS',
    question:
      'In an SQS FIFO queue, one customer’s message keeps failing. What happens to that customer’s other messages, and to other customers?',
    modelAnswer:
      'Order holds within a MessageGroupId: while one message of a group is in flight, the queue hands out no other message of that group. So the failing message holds back its own group until it is deleted or, after maxReceiveCount receives, moved to the DLQ; the other groups keep flowing. A resend with the same MessageDeduplicationId within 5 minutes is accepted but not stored again.',
    showMe: { lesson: 'sqs-fifo-groups', step: 0 },
    look: [
      'the waiting orders: how many are the poison order’s customer’s',
      'other customers’ orders still applied',
      'receives before the DLQ (maxReceiveCount)',
    ],
  },
  {
    id: 'rabbitmq-nack-dlx',
    source: 'queues track, RabbitMQ',
    question:
      'A RabbitMQ consumer cannot process a message. What do basic.nack with requeue=true and requeue=false do?',
    modelAnswer:
      'requeue=true puts the message back near its old place and it is delivered again: one that always fails loops on a classic queue, while a quorum queue counts deliveries and drops or dead-letters it past delivery-limit (20 by default since 4.0). requeue=false dead-letters it through the queue’s x-dead-letter-exchange, with an x-death entry naming the queue and the reason, or drops it when no DLX is set. A delayed retry is a wait queue with a TTL whose DLX routes back.',
    showMe: { lesson: 'rabbitmq-nack-requeue', step: 0 },
    look: [
      'quorum-workers redeliveries: capped by the delivery limit',
      'classic-workers redeliveries: no cap',
      'dead-lettered',
    ],
  },
  {
    id: 'rabbitmq-prefetch',
    source: 'queues track, RabbitMQ',
    question:
      'What does RabbitMQ’s prefetch (basic.qos) limit, and what becomes of a consumer’s unacked messages when it dies?',
    modelAnswer:
      'Prefetch caps how many unacknowledged deliveries one consumer holds; the broker pushes up to that many. Set it too high and a slow consumer sits on work others could do; too low and consumers idle between round trips. When the consumer’s channel closes, every unacked message it held is requeued at once, marked redelivered, and pushed to a consumer with room; one it had already applied but not acked is applied twice.',
    showMe: { lesson: 'compare-brokers', step: 2 },
    look: ['RabbitMQ redelivery delay after the crash (the table in Outcomes)', 'rabbit-workers lost (0)'],
  },
  {
    id: 'kafka-share-groups',
    source: 'queues track, Kafka share groups',
    question: 'Kafka share groups (KIP-932): how do they read a topic differently from a consumer group?',
    choices: [
      { id: 'a', label: 'They are a consumer group with more partitions' },
      {
        id: 'b',
        label:
          'Many consumers take records of the same partition one by one, each locked until acknowledged; no order per partition',
      },
      { id: 'c', label: 'They copy every record to every consumer' },
      { id: 'd', label: 'They move failed records to a dead-letter topic' },
    ],
    correct: 'b',
    modelAnswer:
      'A consumer group gives each partition to one consumer, so partitions cap its parallelism and keep order per key. A share group hands records out one at a time to any number of consumers: a fetched record is locked (30 s by default) until the consumer accepts, releases or rejects it; an expired lock makes it available again. Past the delivery count limit (5 by default) the record is archived: there is no DLQ of its own, and no order within a partition.',
    showMe: { lesson: 'kafka-share-groups', step: 0 },
    look: [
      'workers (share group): consumers that processed jobs, 5 of 5',
      'reports (consumer group): 2 of 5, one per partition',
      'deliveries of the poison job before it is archived',
    ],
  },
];

export function getDrillCard(id: string): DrillCard | undefined {
  return DRILL_CARDS.find((c) => c.id === id);
}

// ---- Drill sessions -------------------------------------------------------------------

export interface DrillSession {
  seed: number;
  /** Card ids in the order they are asked. */
  order: string[];
  index: number;
  /** Per card id: answered right or not (the learner judges open questions themselves). */
  results: Record<string, boolean>;
}

/** A seeded Fisher–Yates shuffle: the same seed always gives the same order. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const rng = xoroshiro128plus(seed | 0);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function startDrill(seed: number, cards: readonly DrillCard[] = DRILL_CARDS): DrillSession {
  return { seed, order: shuffle(cards, seed).map((c) => c.id), index: 0, results: {} };
}

export function currentCard(session: DrillSession): DrillCard | undefined {
  const id = session.order[session.index];
  return id === undefined ? undefined : getDrillCard(id);
}

/** Records the learner's verdict on the current card and moves to the next. */
export function answerCard(session: DrillSession, isRight: boolean): DrillSession {
  const id = session.order[session.index];
  if (id === undefined) return session;
  return { ...session, index: session.index + 1, results: { ...session.results, [id]: isRight } };
}

/** A multiple-choice card can be judged from the choice alone; open cards return null. */
export function checkChoice(card: DrillCard, choiceId: string): boolean | null {
  return card.correct === undefined ? null : card.correct === choiceId;
}

export function drillScore(session: DrillSession): { right: number; answered: number; total: number } {
  const verdicts = Object.values(session.results);
  return { right: verdicts.filter(Boolean).length, answered: verdicts.length, total: session.order.length };
}
