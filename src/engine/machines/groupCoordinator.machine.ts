// The broker-side group coordinator for one consumer group, with Kafka's classic group
// states (ClassicGroupState.java): Empty → PreparingRebalance → CompletingRebalance →
// Stable, and Dead. It tracks membership, per-member session timers and the generation.
// Assignment math and message flow live in the engine; the actions below are its hooks.

import { assign, setup } from 'xstate';

export interface CoordinatorContext {
  groupId: string;
  generationId: number;
  members: string[];
  joined: string[];
  leaderId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  initialRebalanceDelayMs: number;
  lastRebalanceReason: string;
}

export type CoordinatorEvent =
  | { type: 'JOIN_GROUP'; memberId: string }
  | { type: 'LEAVE_GROUP'; memberId: string }
  | { type: 'HEARTBEAT'; memberId: string }
  | { type: 'SESSION_EXPIRED'; memberId: string }
  | { type: 'SYNC_DONE' }
  | { type: 'DELETE_GROUP' };

export interface CoordinatorInput {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  initialRebalanceDelayMs: number;
}

const sessionTimerId = (memberId: string) => `session:${memberId}`;

const memberIdOf = (event: CoordinatorEvent) => ('memberId' in event ? event.memberId : '');

/**
 * A heartbeat or join restarts the member's session timer (session.timeout.ms). XState's
 * `raise` takes only a static id, so per-member timers use the host's keyed timer actions.
 */
const armSessionTimer = {
  type: 'startTimer' as const,
  params: ({ context, event }: { context: CoordinatorContext; event: CoordinatorEvent }) => ({
    key: sessionTimerId(memberIdOf(event)),
    delayMs: context.sessionTimeoutMs,
    event: { type: 'SESSION_EXPIRED' as const, memberId: memberIdOf(event) },
  }),
};
const disarmSessionTimer = {
  type: 'cancelTimer' as const,
  params: ({ event }: { event: CoordinatorEvent }) => ({ key: sessionTimerId(memberIdOf(event)) }),
};

const without = (list: string[], id: string) => list.filter((m) => m !== id);
const withMember = (list: string[], id: string) => (list.includes(id) ? list : [...list, id]);

/** The actions the engine implements (kafka/membership.ts `coordinatorHooks`), run by the host. */
export type CoordinatorHook = 'announceRebalance' | 'computeAssignment' | 'groupStable' | 'memberRemoved';

const hook = () => {};
const COORDINATOR_HOOKS: Record<CoordinatorHook, () => void> = {
  announceRebalance: hook,
  computeAssignment: hook,
  groupStable: hook,
  memberRemoved: hook,
};

export const groupCoordinatorMachine = setup({
  types: {
    context: {} as CoordinatorContext,
    events: {} as CoordinatorEvent,
    input: {} as CoordinatorInput,
  },
  guards: {
    isMember: ({ context, event }) => 'memberId' in event && context.members.includes(event.memberId),
    isNewMember: ({ context, event }) => 'memberId' in event && !context.joined.includes(event.memberId),
    allJoined: ({ context }) =>
      context.members.length > 0 && context.members.every((m) => context.joined.includes(m)),
    hasNoMembers: ({ context }) => context.members.length === 0,
    someJoined: ({ context }) => context.joined.length > 0,
  },
  delays: {
    initialRebalanceDelay: ({ context }) => context.initialRebalanceDelayMs,
    rebalanceTimeout: ({ context }) => context.rebalanceTimeoutMs,
  },
  actions: {
    addJoinedMember: assign(({ context, event }) => {
      if (event.type !== 'JOIN_GROUP') return {};
      return {
        members: withMember(context.members, event.memberId),
        joined: withMember(context.joined, event.memberId),
        lastRebalanceReason: !context.members.includes(event.memberId)
          ? `member ${event.memberId} joined`
          : context.joined.length === 1 && context.joined[0] === event.memberId
            ? `member ${event.memberId} rejoined`
            : context.lastRebalanceReason,
      };
    }),
    startNewRound: assign(({ event }) => ({
      joined: event.type === 'JOIN_GROUP' ? [event.memberId] : [],
    })),
    removeMember: assign(({ context, event }) => {
      if (!('memberId' in event)) return {};
      const reason = event.type === 'SESSION_EXPIRED' ? 'session.timeout.ms expired for' : 'member left:';
      return {
        members: without(context.members, event.memberId),
        joined: without(context.joined, event.memberId),
        leaderId: context.leaderId === event.memberId ? null : context.leaderId,
        lastRebalanceReason: `${reason} ${event.memberId}`,
      };
    }),
    dropUnjoinedMembers: assign(({ context }) => ({
      members: context.members.filter((m) => context.joined.includes(m)),
      lastRebalanceReason: 'rebalance timeout: members that did not rejoin were removed',
    })),
    completeJoin: assign(({ context }) => ({
      generationId: context.generationId + 1,
      leaderId:
        context.leaderId && context.joined.includes(context.leaderId)
          ? context.leaderId
          : (context.joined[0] ?? null),
    })),
    // Keyed timers, interpreted by the machine host on the engine clock:
    startTimer: (_, _params: { key: string; delayMs: number; event: CoordinatorEvent }) => {},
    cancelTimer: (_, _params: { key: string }) => {},
    // Hooks the engine implements (it owns partitions, offsets and the network):
    ...COORDINATOR_HOOKS,
  },
}).createMachine({
  id: 'groupCoordinator',
  context: ({ input }) => ({
    groupId: input.groupId,
    generationId: 0,
    members: [],
    joined: [],
    leaderId: null,
    sessionTimeoutMs: input.sessionTimeoutMs,
    rebalanceTimeoutMs: input.rebalanceTimeoutMs,
    initialRebalanceDelayMs: input.initialRebalanceDelayMs,
    lastRebalanceReason: '',
  }),
  initial: 'Empty',
  on: {
    HEARTBEAT: {
      guard: 'isMember',
      actions: armSessionTimer,
      description: 'A heartbeat restarts the member session timer',
    },
    DELETE_GROUP: { target: '.Dead' },
  },
  states: {
    Empty: {
      description: 'No members; committed offsets are kept',
      on: {
        JOIN_GROUP: {
          target: 'PreparingRebalance.InitialDelay',
          actions: ['startNewRound', 'addJoinedMember', armSessionTimer],
          description: 'The first member starts a rebalance, delayed by group.initial.rebalance.delay.ms',
        },
      },
    },
    PreparingRebalance: {
      description: 'Waiting for every known member to send JoinGroup',
      entry: 'announceRebalance',
      initial: 'Waiting',
      on: {
        JOIN_GROUP: { actions: ['addJoinedMember', armSessionTimer] },
        LEAVE_GROUP: { guard: 'isMember', actions: ['removeMember', disarmSessionTimer, 'memberRemoved'] },
        SESSION_EXPIRED: { guard: 'isMember', actions: ['removeMember', 'memberRemoved'] },
      },
      states: {
        InitialDelay: {
          after: { initialRebalanceDelay: 'Waiting' },
        },
        Waiting: {
          always: [
            { guard: 'hasNoMembers', target: '#groupCoordinator.Empty' },
            { guard: 'allJoined', target: '#groupCoordinator.CompletingRebalance' },
          ],
          after: {
            rebalanceTimeout: [
              {
                guard: 'someJoined',
                target: '#groupCoordinator.CompletingRebalance',
                actions: 'dropUnjoinedMembers',
              },
              { target: '#groupCoordinator.Empty', actions: 'dropUnjoinedMembers' },
            ],
          },
        },
      },
    },
    CompletingRebalance: {
      description: 'Members joined; the leader computes the assignment and SyncGroup hands it out',
      entry: ['completeJoin', 'computeAssignment'],
      on: {
        SYNC_DONE: { target: 'Stable', description: 'Every member received its assignment' },
        JOIN_GROUP: {
          target: 'PreparingRebalance',
          actions: ['startNewRound', 'addJoinedMember', armSessionTimer],
        },
        LEAVE_GROUP: {
          guard: 'isMember',
          target: 'PreparingRebalance',
          actions: ['removeMember', disarmSessionTimer, 'startNewRound', 'memberRemoved'],
        },
        SESSION_EXPIRED: {
          guard: 'isMember',
          target: 'PreparingRebalance',
          actions: ['removeMember', 'startNewRound', 'memberRemoved'],
        },
      },
    },
    Stable: {
      description: 'Members heartbeat and commit; partitions are being consumed',
      entry: 'groupStable',
      on: {
        JOIN_GROUP: {
          target: 'PreparingRebalance',
          actions: ['startNewRound', 'addJoinedMember', armSessionTimer],
          description: 'A new member, or a member rejoining (cooperative follow-up), starts a rebalance',
        },
        LEAVE_GROUP: {
          guard: 'isMember',
          target: 'PreparingRebalance',
          actions: ['removeMember', disarmSessionTimer, 'startNewRound', 'memberRemoved'],
        },
        SESSION_EXPIRED: {
          guard: 'isMember',
          target: 'PreparingRebalance',
          actions: ['removeMember', 'startNewRound', 'memberRemoved'],
          description: 'No heartbeat within session.timeout.ms: the member is removed',
        },
      },
    },
    Dead: { type: 'final', description: 'The group is deleted' },
  },
});
