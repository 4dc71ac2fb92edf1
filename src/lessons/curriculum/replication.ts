// Replication: what acks=1 risks when a leader dies, what min.insync.replicas costs (refused
// writes, nothing lost), and what unclean leader election trades (availability for loss).
// Each lesson runs its preset; the preset's timeline injects the broker faults.

import type { LessonDocument } from '../schema';

const ackedLost = { metric: 'replication.acknowledgedLost' };

export const acksOneLeaderCrash: LessonDocument = {
  id: 'acks-1-leader-crash',
  title: 'acks=1: acknowledged, then lost',
  concept:
    'With acks=1 the leader answers as soon as it wrote a record, before any follower copied it. If the leader dies, the new leader (an in-sync follower that was behind) has a shorter log, and the records only the old leader had are gone, though the producer was told they were written.',
  track: 'replication',
  scenario: 'acks-1-leader-crash',
  steps: [
    {
      title: 'Three replicas, acks=1',
      narration:
        'Every partition has three replicas on brokers 0, 1 and 2. Followers fetch from the leader; the high watermark is what every in-sync replica has. At 4 s broker 1 starts fetching slowly, but it stays in the ISR: replica.lag.time.max.ms is 30 s.',
      runMs: 14_000,
    },
    {
      title: 'The leader crashes',
      narration:
        'At 15 s broker 0, the leader of partition 0, crashes. The controller elects broker 1 from the ISR.',
      runMs: 4000,
      prediction: {
        kind: 'choice',
        question: 'Does the producer lose records it was told were written?',
        choices: [
          { id: 'yes', label: 'Yes: records only broker 0 had are gone' },
          { id: 'no', label: 'No: a replica in the ISR has everything' },
        ],
        answer: {
          value: ackedLost,
          unit: 'acknowledged records lost',
          rule: [{ choice: 'yes', if: { gte: 1 } }, { choice: 'no' }],
        },
        expect: 'yes',
        why: [
          'In the ISR means "caught up within replica.lag.time.max.ms", not "has every record".',
          'acks=1 acknowledged records broker 1 never copied; electing it truncated them away.',
        ],
      },
    },
    {
      title: 'The old leader returns',
      narration:
        'At 30 s broker 0 restarts and truncates its log to the new leader’s (KIP-101): the records stay lost.',
      runMs: 16_000,
    },
  ],
};

export const minInsyncReplicas: LessonDocument = {
  id: 'min-insync-replicas',
  title: 'min.insync.replicas: refuse rather than lose',
  concept:
    'With acks=all a write is acknowledged only when every in-sync replica has it, and min.insync.replicas=2 refuses writes (NOT_ENOUGH_REPLICAS) when fewer than two replicas are in sync. The producer holds the records and retries within delivery.timeout.ms: availability drops, nothing acknowledged is lost.',
  track: 'replication',
  scenario: 'min-insync-replicas',
  steps: [
    {
      title: 'acks=all, min.insync.replicas=2',
      narration: 'Three brokers, replication.factor 3. Broker 1 will crash at 10 s, broker 2 at 15 s.',
      runMs: 9000,
    },
    {
      title: 'Two brokers down',
      narration: 'After both crashes every partition has one in-sync replica: broker 0.',
      runMs: 11_000,
      prediction: {
        kind: 'choice',
        question: 'What happens to the producer’s writes?',
        choices: [
          { id: 'refused', label: 'Refused with NOT_ENOUGH_REPLICAS; the producer holds them' },
          { id: 'accepted', label: 'Accepted by broker 0 alone' },
        ],
        answer: {
          value: { delta: { metric: 'replication.notEnoughReplicas' } },
          unit: 'records refused',
          rule: [{ choice: 'refused', if: { gte: 1 } }, { choice: 'accepted' }],
        },
        expect: 'refused',
        why: [
          'One in-sync replica is below min.insync.replicas=2, so acks=all produces fail.',
          'The producer retries; the records wait in its buffer, not in the log.',
        ],
      },
    },
    {
      title: 'A broker returns',
      narration: 'At 30 s broker 1 restarts, catches up and rejoins the ISR; the held records are written.',
      runMs: 20_000,
      prediction: {
        kind: 'number',
        question: 'How many acknowledged records were lost over the whole run?',
        answer: { value: ackedLost, unit: 'records' },
        tolerance: { abs: 0 },
        expect: { min: 0, max: 0 },
        why: [
          'Every acknowledged record was on two replicas, and only in-sync replicas were elected.',
          'The price was availability: writes waited while the ISR was too small.',
        ],
      },
    },
  ],
};

export const uncleanElection: LessonDocument = {
  id: 'unclean-election',
  title: 'Unclean leader election: available, and lossy',
  concept:
    'When no in-sync replica is alive, unclean.leader.election.enable=true lets an out-of-sync replica lead. The partition comes back at once, and every record that replica never copied (acknowledged ones included) is lost. With it off (the default) the partition stays offline until an in-sync replica returns.',
  track: 'replication',
  scenario: 'unclean-election',
  steps: [
    {
      title: 'A follower falls out of the ISR',
      narration:
        'Two brokers, replication.factor 2. Broker 1 fetches slowly from 4 s; after replica.lag.time.max.ms (10 s) it leaves the ISR of the partitions broker 0 leads.',
      runMs: 19_000,
    },
    {
      title: 'The only in-sync replica crashes',
      narration: 'At 20 s broker 0 crashes. The topic allows unclean leader election.',
      runMs: 5000,
      prediction: {
        kind: 'choice',
        question: 'What do the partitions broker 0 led do?',
        choices: [
          { id: 'available-loss', label: 'Broker 1 leads at once; records it lacked are lost' },
          { id: 'offline-safe', label: 'They stay offline until broker 0 returns; nothing is lost' },
        ],
        answer: {
          value: ackedLost,
          unit: 'acknowledged records lost',
          rule: [{ choice: 'available-loss', if: { gte: 1 } }, { choice: 'offline-safe' }],
        },
        expect: 'available-loss',
        why: [
          'Unclean election picks a live replica outside the ISR: writes continue immediately.',
          'Everything above its log end, acknowledged with acks=all while it was out of the ISR, is gone.',
        ],
      },
    },
    {
      title: 'Broker 0 returns',
      narration: 'At 40 s broker 0 restarts and truncates its log to broker 1’s.',
      runMs: 20_000,
    },
  ],
};
