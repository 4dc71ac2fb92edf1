// Group membership: how partitions move when members join or die, and what happens to a
// member the group gave up on (a zombie) when it comes back.

import type { LessonDocument } from '../schema';

const orders = (partitions: number) => ({ name: 'orders', partitions, 'retention.ms': 600_000 });
const checkout = {
  id: 'checkout',
  topic: 'orders',
  ratePerSec: 30,
  keys: { type: 'uniform' as const, count: 5000, prefix: 'order-' },
};

export const rebalances: LessonDocument = {
  id: 'rebalances',
  title: 'Rebalances: eager stop-the-world vs cooperative',
  concept:
    'When membership changes, the group reassigns partitions. The eager protocol makes every member give up all its partitions first; cooperative-sticky moves only the partitions that change owner. A member that dies silently is noticed only after session.timeout.ms.',
  track: 'groups',
  scenario: {
    id: 'rebalances',
    title: 'Two groups on one topic: eager (range) and cooperative-sticky',
    topics: [orders(6)],
    producers: [checkout],
    groups: [
      {
        groupId: 'eager',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'partition.assignment.strategy': 'range',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
      },
      {
        groupId: 'coop',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'partition.assignment.strategy': 'cooperative-sticky',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
      },
    ],
  },
  steps: [
    {
      title: 'Two protocols',
      narration:
        'Both groups have 3 consumers on 6 partitions, two partitions each. eager uses the range assignor (eager protocol); coop uses cooperative-sticky.',
      highlight: { groups: ['eager', 'coop'], part: 'members' },
      runMs: 10_000,
    },
    {
      title: 'A fourth member joins',
      narration: 'A new consumer joins each group, as an autoscaler would add one.',
      highlight: { groups: ['eager', 'coop'], part: 'rebalance' },
      inject: [
        { type: 'add-consumer', groupId: 'eager' },
        { type: 'add-consumer', groupId: 'coop' },
      ],
      runMs: 10_000,
      prediction: {
        kind: 'choice',
        question: 'Which group takes more partitions away from their owners during this rebalance?',
        choices: [
          { id: 'eager', label: 'eager: everyone stops and gives up everything' },
          { id: 'coop', label: 'coop' },
          { id: 'same', label: 'The same: both move what has to move' },
        ],
        answer: {
          value: {
            diff: [
              { events: 'revoked', field: 'partitions.length', agg: 'sum', where: { groupId: 'eager' } },
              { events: 'revoked', field: 'partitions.length', agg: 'sum', where: { groupId: 'coop' } },
            ],
          },
          unit: 'more partitions revoked in eager',
          rule: [{ choice: 'eager', if: { gt: 0 } }, { choice: 'same', if: { eq: 0 } }, { choice: 'coop' }],
        },
        expect: 'eager',
        why: [
          'Eager: all members revoke all partitions, then get a new assignment; nothing is processed meanwhile.',
          'Cooperative: members keep what they keep and only hand over the partitions that move.',
        ],
      },
    },
    {
      title: 'A silent death',
      narration:
        'e-1 crashes without leaving the group: no goodbye, its heartbeats just stop. session.timeout.ms is 10 s.',
      highlight: { members: ['e-1'], groups: ['eager'], part: 'rebalance' },
      inject: [{ type: 'crash-consumer', memberId: 'e-1' }],
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question:
          'How many seconds pass between the crash and the end of the rebalance that hands its partitions on?',
        answer: {
          value: {
            ratio: [
              {
                diff: [
                  { events: 'rebalance-completed', field: 'atMs', agg: 'first', where: { groupId: 'eager' } },
                  { events: 'fault', field: 'atMs', agg: 'first', where: { 'fault.type': 'crash-consumer' } },
                ],
              },
              { const: 1000 },
            ],
          },
          unit: 's',
          decimals: 1,
        },
        tolerance: { abs: 2 },
        expect: { min: 9, max: 16 },
        why: [
          'The coordinator only learns of the death when no heartbeat arrives for session.timeout.ms.',
          'Until then the dead member’s partitions are owned by nobody who works: their lag grows.',
        ],
      },
    },
  ],
};

export const zombieConsumer: LessonDocument = {
  id: 'zombie-consumer',
  title: 'Zombie consumers: eviction and fencing by generation',
  concept:
    'A member that goes silent longer than session.timeout.ms, or does not poll within max.poll.interval.ms, is evicted and its partitions reassigned. If it comes back and commits, the coordinator rejects the commit: its generation is stale. That fencing keeps a zombie from overwriting the new owner’s progress.',
  track: 'groups',
  scenario: {
    id: 'zombie-consumer-lesson',
    title: 'payments with a GC pause and a stuck batch',
    topics: [orders(4)],
    producers: [checkout],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'max.poll.records': 50,
        'max.poll.interval.ms': 20_000,
        'session.timeout.ms': 10_000,
        processing: { meanMs: 20 },
      },
    ],
  },
  steps: [
    {
      title: 'Two healthy members',
      narration: 'p-1 and p-2 share 4 partitions, heartbeating every 3 s; session.timeout.ms is 10 s.',
      highlight: { groups: ['payments'], part: 'members' },
      runMs: 10_000,
    },
    {
      title: 'A long GC pause',
      narration:
        'p-1 freezes in a 15 s stop-the-world pause: no heartbeats, no processing. Then it wakes up and carries on as if nothing happened.',
      highlight: { members: ['p-1'], part: 'commits' },
      inject: [{ type: 'pause-consumer', memberId: 'p-1', durationMs: 15_000 }],
      runMs: 25_000,
      prediction: {
        kind: 'choice',
        question: 'When p-1 wakes up and commits the batch it was holding, what does the coordinator do?',
        choices: [
          { id: 'rejected', label: 'Rejects the commit: p-1 was evicted and is fenced' },
          { id: 'accepted', label: 'Accepts it: the commit is late but valid' },
        ],
        answer: {
          value: { count: 'commit-rejected', where: { memberId: 'p-1' } },
          unit: 'rejected commits',
          rule: [{ choice: 'rejected', if: { gte: 1 } }, { choice: 'accepted' }],
        },
        expect: 'rejected',
        why: [
          'After the eviction the group moved to a new generation; p-1’s commit carries the old one.',
          'Fencing by generation stops a zombie from rewinding or skipping the new owner’s offsets.',
        ],
      },
    },
    {
      title: 'How long until eviction?',
      narration: 'Look at the group’s timeline: when did the pause start, and when was p-1 evicted?',
      highlight: { members: ['p-1'], part: 'timeline' },
      runMs: 0,
      prediction: {
        kind: 'number',
        question: 'How many seconds after the pause began was p-1 evicted?',
        answer: {
          value: {
            ratio: [
              {
                diff: [
                  {
                    events: 'evicted',
                    field: 'atMs',
                    agg: 'first',
                    where: { memberId: 'p-1' },
                    since: 'lesson',
                  },
                  {
                    events: 'fault',
                    field: 'atMs',
                    agg: 'first',
                    where: { 'fault.type': 'pause-consumer' },
                    since: 'lesson',
                  },
                ],
              },
              { const: 1000 },
            ],
          },
          unit: 's',
          decimals: 1,
        },
        tolerance: { abs: 2 },
        expect: { min: 8, max: 14 },
        why: [
          'The last heartbeat before the pause plus session.timeout.ms: about 10 s.',
          'A shorter timeout detects deaths sooner but evicts healthy members during long GC pauses.',
        ],
      },
    },
    {
      title: 'Alive but stuck',
      narration:
        'Now p-2 hits a dependency that takes minutes per order. Its heartbeat thread keeps running, but it does not come back to poll(). max.poll.interval.ms is 20 s.',
      highlight: { members: ['p-2'], part: 'members' },
      inject: [{ type: 'slow-consumer', memberId: 'p-2', factor: 1000 }],
      runMs: 40_000,
      prediction: {
        kind: 'choice',
        question: 'p-2 still heartbeats. Is it removed from the group?',
        choices: [
          { id: 'evicted', label: 'Yes: it missed max.poll.interval.ms and leaves the group' },
          { id: 'stays', label: 'No: heartbeats keep it a member' },
        ],
        answer: {
          value: { count: 'evicted', where: { memberId: 'p-2', reason: 'max.poll.interval.ms' } },
          unit: 'evictions by max.poll.interval.ms',
          rule: [{ choice: 'evicted', if: { gte: 1 } }, { choice: 'stays' }],
        },
        expect: 'evicted',
        why: [
          'Heartbeats prove the process is alive; polling proves it is making progress. Both are checked.',
          'A stuck member that is never evicted would hold its partitions forever while their lag grows.',
        ],
      },
    },
  ],
};
