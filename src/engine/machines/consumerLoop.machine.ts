// One consumer's application thread: poll() → process each record → commit → poll again,
// as the Java client's loop runs it, with the blocking-retry backoff, the long poll that
// waits for data (an auto-commit consumer's poll also returns when its next auto-commit is
// due, as ConsumerCoordinator.timeToNextPoll bounds it), and the armed crash points as real
// transitions. It runs beside the member machine (which owns the group membership): the
// member says whether the loop may fetch; this machine says what the loop is doing now.
//
// The engine steps this machine once per poll and once per record, far more often than the
// other two, so it stays flat and guard-free: `loopTable.ts` compiles it into a lookup table
// the engine runs (tested equal to XState's own `transition()`), and its state lives in the
// world as plain data, so checkpoints copy it with everything else.

import { assign, setup } from 'xstate';

export type LoopState = 'Stopped' | 'Polling' | 'Idle' | 'Processing' | 'Backoff' | 'Committing' | 'Crashed';

/** Why an idle loop waits. */
export type IdleReason = 'waiting-for-data' | 'rejoining';

export interface LoopContext {
  reason: IdleReason | null;
}

export type LoopEvent =
  | { type: 'POLL' }
  | { type: 'NO_DATA' }
  | { type: 'REJOINING' }
  | { type: 'PROCESS' }
  | { type: 'BACKOFF' }
  | { type: 'COMMIT' }
  | { type: 'STOP' }
  | { type: 'CRASH' }
  | { type: 'CRASH_BEFORE_PROCESS' }
  | { type: 'CRASH_AFTER_PROCESS' }
  | { type: 'CRASH_AFTER_COMMIT' };

export type LoopEventType = LoopEvent['type'];

/** The engine hooks the machine names; the engine implements each (see kafka/consumerLoop.ts). */
export type LoopHook = 'schedulePoll' | 'disarmCrash' | 'armAutoCommitWake';

const hook = () => {};

const POLL = {
  target: '#consumerLoop.Polling',
  actions: 'schedulePoll',
  description: 'poll() is called: the fetch runs as the next step',
} as const;

const STOP = {
  target: '#consumerLoop.Stopped',
  description: 'The buffer is dropped (fenced, removed, crashed) or the member may not fetch',
} as const;

const CRASH = {
  target: '#consumerLoop.Crashed',
  actions: 'disarmCrash',
  description: 'crash-consumer (now): the process dies wherever the loop is',
} as const;

const idle = (reason: IdleReason, description: string, ...hooks: LoopHook[]) =>
  ({
    target: '#consumerLoop.Idle',
    actions: [{ type: 'setReason', params: { reason } } as const, ...hooks],
    description,
  }) as const;

export const consumerLoopMachine = setup({
  types: {
    context: {} as LoopContext,
    events: {} as LoopEvent,
  },
  actions: {
    setReason: assign((_, params: { reason: IdleReason }) => ({ reason: params.reason })),
    clearReason: assign({ reason: null }),
    schedulePoll: hook,
    disarmCrash: hook,
    armAutoCommitWake: hook,
  },
}).createMachine({
  id: 'consumerLoop',
  context: { reason: null },
  initial: 'Stopped',
  on: { POLL, STOP, CRASH },
  states: {
    Stopped: {
      description: 'Not fetching: not a member with partitions yet, or the buffer was dropped',
    },
    Polling: {
      description: 'poll() runs: auto-commit if due, rejoin if asked, then fetch up to max.poll.records',
      on: {
        PROCESS: { target: 'Processing', description: 'The fetch returned records' },
        COMMIT: {
          target: 'Committing',
          description:
            'At-most-once: commit the batch before processing it; manual commit: store positions a fetch moved without records',
        },
        NO_DATA: idle(
          'waiting-for-data',
          'Nothing to fetch: a long poll waits for data, or with enable.auto.commit until the next auto-commit is due',
          'armAutoCommitWake',
        ),
        REJOINING: idle('rejoining', 'The member rejoins the group: nothing to fetch until assigned'),
        CRASH_BEFORE_PROCESS: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: before processing the fetched batch',
        },
      },
    },
    Idle: {
      description:
        'Between polls: waiting for data (with auto-commit, at most until the next commit is due), or for an assignment while rejoining',
      exit: 'clearReason',
    },
    Processing: {
      description: 'The application processes the batch, one record at a time',
      on: {
        PROCESS: { target: 'Processing', description: 'The next record of the batch' },
        BACKOFF: { target: 'Backoff', description: 'The attempt failed: blocking retry after a backoff' },
        COMMIT: { target: 'Committing', description: 'At-least-once: the batch is done, commit it' },
        CRASH_BEFORE_PROCESS: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: before processing the next record',
        },
        CRASH_AFTER_PROCESS: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: the batch is processed, nothing of it committed yet',
        },
      },
    },
    Backoff: {
      description: 'The record in hand waits for its retry backoff',
      on: {
        PROCESS: { target: 'Processing', description: 'Backoff elapsed: attempt the record again' },
        CRASH_BEFORE_PROCESS: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: before the next attempt',
        },
      },
    },
    Committing: {
      description: 'A synchronous commit of the fetch positions is in flight',
      on: {
        PROCESS: { target: 'Processing', description: 'At-most-once: committed, now process the batch' },
        CRASH_BEFORE_PROCESS: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: committed, before processing',
        },
        CRASH_AFTER_COMMIT: {
          target: 'Crashed',
          actions: 'disarmCrash',
          description: 'Armed crash point: the commit is done, the batch not yet finished',
        },
      },
    },
    Crashed: {
      description: 'The process died; a restarted process polls again once assigned',
      on: { STOP: { description: 'The dead process drops its buffer' } },
    },
  },
});

/** What the loop is doing, in the older one-word form the snapshot's `activity` keeps. */
export const ACTIVITY_OF: Readonly<
  Record<LoopState, 'idle' | 'polling' | 'processing' | 'committing' | 'backoff' | 'none'>
> = {
  Stopped: 'none',
  Polling: 'polling',
  Idle: 'idle',
  Processing: 'processing',
  Backoff: 'backoff',
  Committing: 'committing',
  Crashed: 'none',
};
