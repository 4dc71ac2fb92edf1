// One consumer group member, client side. States follow the Java client's MemberState
// (UNJOINED, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE), plus Stale (KIP-848's
// name for an expired max.poll.interval.ms), Paused (a stop-the-world pause such as a long
// GC, in which no heartbeat is sent), Crashed and Left. The poll/process/commit loop runs
// in the engine; this machine owns the membership lifecycle and the pause timer.

import { assign, setup } from 'xstate';
import type { MemberState } from '../types';

export interface MemberContext {
  memberId: string;
  groupId: string;
  generationId: number;
  pauseMs: number;
  resumeTo: MemberState;
}

export type MemberEvent =
  | { type: 'JOIN' }
  | { type: 'JOINED'; generationId: number }
  | { type: 'ASSIGNED'; generationId: number }
  | { type: 'REJOIN' }
  | { type: 'FENCED' }
  | { type: 'POLL_TIMEOUT' }
  | { type: 'POLL' }
  | { type: 'PAUSE'; durationMs: number }
  | { type: 'CRASH' }
  | { type: 'RESTART' }
  | { type: 'LEAVE' };

/** The actions the engine implements (kafka/membership.ts `memberHooks`), run by the host. */
export type MemberHook = 'sendJoinGroup' | 'sendLeaveGroup' | 'startFetching' | 'stopProcessing' | 'resumed';

const hook = () => {};
const MEMBER_HOOKS: Record<MemberHook, () => void> = {
  sendJoinGroup: hook,
  sendLeaveGroup: hook,
  startFetching: hook,
  stopProcessing: hook,
  resumed: hook,
};

export interface MemberInput {
  memberId: string;
  groupId: string;
}

const CRASH = {
  target: '#consumerMember.Crashed',
  description: 'The process dies: no heartbeats, no commits',
} as const;

/** Transitions every joined state shares; PAUSE remembers where to resume. */
const live = (resumeTo: MemberState) =>
  ({
    CRASH,
    LEAVE: {
      target: '#consumerMember.Left',
      actions: 'sendLeaveGroup',
      description: 'close(): LeaveGroup, partitions move at once',
    },
    PAUSE: {
      target: '#consumerMember.Paused',
      actions: { type: 'rememberResumeTarget', params: { resumeTo } },
      description: 'A stop-the-world pause (e.g. GC): the process is frozen',
    },
  }) as const;

export const consumerMemberMachine = setup({
  types: {
    context: {} as MemberContext,
    events: {} as MemberEvent,
    input: {} as MemberInput,
  },
  guards: {
    resumesStable: ({ context }) => context.resumeTo === 'Stable',
    resumesAwaiting: ({ context }) => context.resumeTo === 'AwaitingAssignment',
    resumesJoining: ({ context }) => context.resumeTo === 'Joining',
    resumesStale: ({ context }) => context.resumeTo === 'Stale',
  },
  delays: {
    pauseDuration: ({ context }) => context.pauseMs,
  },
  actions: {
    rememberResumeTarget: assign(({ event }, params: { resumeTo: MemberState }) => ({
      pauseMs: event.type === 'PAUSE' ? event.durationMs : 0,
      resumeTo: params.resumeTo,
    })),
    setGeneration: assign(({ context, event }) => ({
      generationId: 'generationId' in event ? event.generationId : context.generationId,
    })),
    ...MEMBER_HOOKS,
  },
}).createMachine({
  id: 'consumerMember',
  context: ({ input }) => ({
    memberId: input.memberId,
    groupId: input.groupId,
    generationId: -1,
    pauseMs: 0,
    resumeTo: 'Unjoined',
  }),
  initial: 'Unjoined',
  states: {
    Unjoined: {
      on: {
        JOIN: {
          target: 'Joining',
          actions: 'sendJoinGroup',
          description: 'subscribe() + poll(): send JoinGroup',
        },
        CRASH,
        LEAVE: { target: 'Left' },
      },
    },
    Joining: {
      description: 'JoinGroup sent; waiting for the coordinator to complete the round',
      on: {
        JOINED: { target: 'AwaitingAssignment', actions: 'setGeneration' },
        FENCED: { target: 'Joining', reenter: true, actions: 'sendJoinGroup' },
        ...live('Joining'),
      },
    },
    AwaitingAssignment: {
      description: 'JoinGroup answered; waiting for SyncGroup to bring the assignment',
      on: {
        ASSIGNED: { target: 'Stable', actions: ['setGeneration', 'startFetching'] },
        REJOIN: { target: 'Joining', actions: 'sendJoinGroup' },
        FENCED: { target: 'Joining', actions: 'sendJoinGroup' },
        ...live('AwaitingAssignment'),
      },
    },
    Stable: {
      description: 'Heartbeating; the poll → process → commit loop runs',
      on: {
        REJOIN: {
          target: 'Joining',
          actions: 'sendJoinGroup',
          description: 'The coordinator answered a heartbeat with REBALANCE_IN_PROGRESS',
        },
        FENCED: {
          target: 'Joining',
          actions: ['stopProcessing', 'sendJoinGroup'],
          description: 'A commit or heartbeat was rejected: the member was removed',
        },
        POLL_TIMEOUT: {
          target: 'Stale',
          actions: ['sendLeaveGroup'],
          description: 'No poll() within max.poll.interval.ms',
        },
        ...live('Stable'),
      },
    },
    Stale: {
      description: 'max.poll.interval.ms expired: the member left the group; the next poll() rejoins',
      on: {
        POLL: { target: 'Joining', actions: 'sendJoinGroup' },
        CRASH,
        LEAVE: { target: 'Left' },
      },
    },
    Paused: {
      description: 'Frozen: no heartbeat, no poll, no commit until the pause ends',
      after: { pauseDuration: 'Resuming' },
      on: { CRASH, LEAVE: { target: 'Left', actions: 'sendLeaveGroup' } },
    },
    Resuming: {
      entry: 'resumed',
      always: [
        { guard: 'resumesStable', target: 'Stable' },
        { guard: 'resumesAwaiting', target: 'AwaitingAssignment' },
        { guard: 'resumesJoining', target: 'Joining' },
        { guard: 'resumesStale', target: 'Stale' },
        { target: 'Unjoined' },
      ],
    },
    Crashed: {
      description: 'The process is down; the coordinator notices only when the session times out',
      entry: 'stopProcessing',
      on: { RESTART: { target: 'Unjoined', description: 'A new process starts with the same client id' } },
    },
    Left: { type: 'final', entry: 'stopProcessing' },
  },
});
