// Kafka share groups ("queues for Kafka", KIP-932): the same topic read by a consumer group
// and by a share group, side by side. The preset's timeline injects the poison job and the
// crash; every answer is read from the engine.

import type { LessonDocument } from '../schema';

export const shareGroups: LessonDocument = {
  id: 'kafka-share-groups',
  title: 'Share groups: queues for Kafka',
  concept:
    'A consumer group gives each partition to one consumer, so extra consumers idle. A share group (KIP-932) hands out records one by one: any number of consumers read one partition, each record locked while held, then ACCEPTed, RELEASEd or REJECTed. A record released or timed out share.delivery.count.limit times is archived: poison protection without a DLQ.',
  track: 'queues',
  scenario: 'kafka-share-group',
  steps: [
    {
      title: 'Five consumers, two partitions',
      narration:
        '"jobs" has 2 partitions. "reports" is a consumer group of 5; "workers" is a share group of 5. Both read every job.',
      runMs: 9000,
      highlight: { groups: ['reports', 'workers'] },
      prediction: {
        kind: 'number',
        question: 'How many of the share group’s 5 consumers have processed jobs?',
        answer: {
          value: {
            countWhere: { snapshot: 'groups.[groupId=workers].members.*.processedCount' },
            is: { gt: 0 },
          },
          unit: 'consumers',
        },
        tolerance: { abs: 0 },
        expect: { min: 5, max: 5 },
        why: [
          'A share group has no exclusive assignment: every consumer fetches from every partition.',
          'The consumer group "reports" has one owner per partition: only 2 of its 5 consumers work.',
        ],
      },
    },
    {
      title: 'A poison job',
      narration:
        'At 10 s a job that always fails is published. The workers RELEASE it after each failure, so it becomes available again; each acquisition counts one delivery.',
      runMs: 5000,
      prediction: {
        kind: 'number',
        question: 'How many times is the poison job delivered before the broker archives it?',
        answer: {
          value: { events: 'acknowledged', field: 'deliveryCount', agg: 'max', where: { to: 'Archived' } },
          unit: 'deliveries',
        },
        tolerance: { abs: 0 },
        expect: { min: 5, max: 5 },
        why: [
          'share.delivery.count.limit is 5: a record released at its 5th delivery is Archived, not redelivered.',
          'There is no DLQ of its own: the archived record is counted (metrics: archived) and SPSO moves past it.',
        ],
      },
    },
    {
      title: 'A consumer crashes',
      narration: 'At 20 s workers-2 crashes while it holds acquired jobs. It restarts 10 s later.',
      runMs: 16_000,
      prediction: {
        kind: 'choice',
        question: 'What happens to the share group when one of its consumers dies?',
        choices: [
          { id: 'no-rebalance', label: 'Nothing stops: its jobs come back when their locks expire' },
          { id: 'rebalance', label: 'It rebalances, like a consumer group' },
        ],
        answer: {
          value: { metric: 'groups.workers.rebalances' },
          unit: 'rebalances',
          rule: [{ choice: 'no-rebalance', if: { eq: 0 } }, { choice: 'rebalance' }],
        },
        expect: 'no-rebalance',
        why: [
          'Share consumers own no partitions, so there is nothing to reassign.',
          'Jobs the dead consumer held stay Acquired until share.record.lock.duration.ms (5 s here) runs out, then any consumer can take them.',
        ],
      },
    },
  ],
};
