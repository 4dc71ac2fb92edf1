// The built-in curriculum, grouped by track for the lesson index. Later issues (queues,
// flow control, replication) add their lessons to their track's list here; a track with
// no lessons yet is listed as planned so the index keeps its place.

import { type Lesson, type LessonDocument, parseLesson } from '../schema';
import { compareBrokers } from './compare';
import { atLeastOnce, atMostOnce, effectivelyOnce, replay } from './delivery';
import { endToEndLatency } from './endToEnd';
import { hotPartition, poisonMessage, retention, retries } from './failures';
import { autoscaling, backpressure, outbox, withoutAQueue } from './flowControl';
import { consumerGroups, keysAndPartitions, lag, whyAQueue } from './foundations';
import { rebalances, zombieConsumer } from './groups';
import { retryOrdering } from './ordering';
import { dlxRetry, maxLength, nackRequeue, topicRouting } from './rabbitmq';
import { acksOneLeaderCrash, minInsyncReplicas, uncleanElection } from './replication';
import { shareGroups } from './shareGroups';
import { fifoGroups, redrive, visibilityTimeout } from './sqs';
import { transactionsEos } from './transactions';

export interface Track {
  id: string;
  title: string;
  description: string;
  lessons: readonly LessonDocument[];
}

export const TRACKS: readonly Track[] = [
  {
    id: 'foundations',
    title: 'Foundations',
    description: 'Why a queue, keys and partitions, consumer groups, lag.',
    lessons: [whyAQueue, keysAndPartitions, consumerGroups, lag],
  },
  {
    id: 'groups',
    title: 'Groups and rebalances',
    description: 'How partitions move between members, and what happens to a member the group gave up on.',
    lessons: [rebalances, zombieConsumer],
  },
  {
    id: 'delivery',
    title: 'Delivery guarantees',
    description:
      'At-most-once, at-least-once, effectively-once, replaying a topic, per-key order under retries, and exactly-once with transactions.',
    lessons: [atMostOnce, atLeastOnce, effectivelyOnce, replay, retryOrdering, transactionsEos],
  },
  {
    id: 'failures',
    title: 'When things go wrong',
    description: 'Retry storms, poison messages, hot partitions, retention, where end-to-end time goes.',
    lessons: [hotPartition, retries, poisonMessage, retention, endToEndLatency],
  },
  {
    id: 'queues',
    title: 'Queues (SQS, RabbitMQ)',
    description:
      'SQS visibility timeouts, FIFO groups and redrive; RabbitMQ routing, requeues, delayed retry through dead-letter exchanges, length limits; Kafka share groups; and the same workload on all of them side by side.',
    lessons: [
      visibilityTimeout,
      fifoGroups,
      redrive,
      topicRouting,
      nackRequeue,
      dlxRetry,
      maxLength,
      shareGroups,
      compareBrokers,
    ],
  },
  {
    id: 'flow-control',
    title: 'Flow control',
    description:
      'A flash sale without a queue, backpressure, autoscaling on lag, dual writes and the outbox.',
    lessons: [withoutAQueue, backpressure, autoscaling, outbox],
  },
  {
    id: 'replication',
    title: 'Replication',
    description: 'Replicas, in-sync replicas, acks, min.insync.replicas and unclean leader election.',
    lessons: [acksOneLeaderCrash, minInsyncReplicas, uncleanElection],
  },
];

let cache: Map<string, Lesson> | null = null;

function all(): Map<string, Lesson> {
  if (!cache) {
    cache = new Map();
    for (const track of TRACKS)
      for (const doc of track.lessons) {
        const lesson = parseLesson(doc);
        if (lesson.track !== track.id)
          throw new Error(
            `curriculum: lesson ${lesson.id} says track ${lesson.track}, listed under ${track.id}`,
          );
        if (cache.has(lesson.id)) throw new Error(`curriculum: duplicate lesson id ${lesson.id}`);
        cache.set(lesson.id, lesson);
      }
  }
  return cache;
}

/** Every built-in lesson, validated, in index order. */
export function listLessons(): Lesson[] {
  return [...all().values()];
}

export const LESSON_IDS: readonly string[] = TRACKS.flatMap((t) => t.lessons.map((l) => l.id));

/** A built-in lesson by id, or undefined. */
export function getLesson(id: string): Lesson | undefined {
  return all().get(id);
}

/** What the lesson index shows (and the scripting API `queuescope.lessons()` lists). */
export interface LessonSummary {
  id: string;
  title: string;
  concept: string;
  track: string;
  steps: number;
  predictions: number;
}

export function summarize(lesson: Lesson): LessonSummary {
  return {
    id: lesson.id,
    title: lesson.title,
    concept: lesson.concept,
    track: lesson.track,
    steps: lesson.steps.length,
    predictions: lesson.steps.filter((s) => s.prediction).length,
  };
}

/** The index: every track in order, with its lessons' summaries (planned tracks are empty). */
export function lessonIndex(): {
  id: string;
  title: string;
  description: string;
  lessons: LessonSummary[];
}[] {
  return TRACKS.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    lessons: t.lessons.map((doc) => summarize(getLesson(doc.id)!)),
  }));
}
