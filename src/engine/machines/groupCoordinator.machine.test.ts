import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../test/support/simulatedClock';
import { type CoordinatorEvent, groupCoordinatorMachine } from './groupCoordinator.machine';

const SESSION_MS = 6000;
const REBALANCE_MS = 30_000;
const INITIAL_DELAY_MS = 3000;
const G = 'payments';

let clock: SimulatedClock<typeof groupCoordinatorMachine>;
const snap = () => clock.host.get(G)!;
const value = () => snap().value;
const send = (event: CoordinatorEvent) => clock.send(G, event);
const join = (...memberIds: string[]) => {
  for (const memberId of memberIds) send({ type: 'JOIN_GROUP', memberId });
};
const sessionTimer = (memberId: string) => clock.timer(G, `session:${memberId}`);

/** Empty → first rebalance → Stable with the given members, at t = 3000. */
const stableWith = (...memberIds: string[]) => {
  join(...memberIds);
  clock.advance(INITIAL_DELAY_MS);
  expect(value()).toBe('CompletingRebalance');
  send({ type: 'SYNC_DONE' });
  expect(value()).toBe('Stable');
  clock.takeActions();
};

beforeEach(() => {
  clock = new SimulatedClock(groupCoordinatorMachine);
  clock.host.start(G, {
    groupId: G,
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    initialRebalanceDelayMs: INITIAL_DELAY_MS,
  });
});

describe('group coordinator: the first rebalance', () => {
  it('starts Empty at generation 0 with no members', () => {
    expect(value()).toBe('Empty');
    expect(snap().context).toMatchObject({ generationId: 0, members: [], joined: [], leaderId: null });
  });

  it('the first JoinGroup moves Empty to PreparingRebalance and waits group.initial.rebalance.delay.ms', () => {
    join('c-1');
    expect(value()).toEqual({ PreparingRebalance: 'InitialDelay' });
    expect(clock.takeActions()).toEqual(['announceRebalance']);
    expect(clock.timer(G, 'xstate.after.initialRebalanceDelay')?.atMs).toBe(INITIAL_DELAY_MS);
    clock.advance(INITIAL_DELAY_MS - 1);
    expect(value()).toEqual({ PreparingRebalance: 'InitialDelay' });
  });

  it('members joining during the initial delay all land in the first generation', () => {
    join('c-1');
    clock.advance(1000);
    join('c-2');
    clock.advance(1000);
    join('c-3', 'c-2');
    clock.advance(1000);
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context).toMatchObject({
      generationId: 1,
      members: ['c-1', 'c-2', 'c-3'],
      joined: ['c-1', 'c-2', 'c-3'],
      leaderId: 'c-1',
    });
    expect(clock.takeActions()).toEqual(['announceRebalance', 'computeAssignment']);
  });

  it('SyncGroup completes the rebalance: CompletingRebalance → Stable', () => {
    join('c-1');
    clock.advance(INITIAL_DELAY_MS);
    clock.takeActions();
    send({ type: 'SYNC_DONE' });
    expect(value()).toBe('Stable');
    expect(clock.takeActions()).toEqual(['groupStable']);
    expect(snap().context.generationId).toBe(1);
  });

  it('arms a session timer per member on JoinGroup', () => {
    join('c-1');
    clock.advance(500);
    join('c-2');
    expect(sessionTimer('c-1')?.atMs).toBe(SESSION_MS);
    expect(sessionTimer('c-2')?.atMs).toBe(500 + SESSION_MS);
    expect(sessionTimer('c-2')?.event).toEqual({ type: 'SESSION_EXPIRED', memberId: 'c-2' });
  });
});

describe('group coordinator: a rebalance of a Stable group', () => {
  it('a new member moves Stable to PreparingRebalance (no initial delay); it waits for the others', () => {
    stableWith('c-1', 'c-2');
    join('c-3');
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    expect(clock.takeActions()).toEqual(['announceRebalance']);
    expect(snap().context.joined).toEqual(['c-3']);
    join('c-1');
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    join('c-2');
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context).toMatchObject({
      generationId: 2,
      leaderId: 'c-1',
      members: ['c-1', 'c-2', 'c-3'],
    });
  });

  it('a join during CompletingRebalance starts a new round', () => {
    join('c-1');
    clock.advance(INITIAL_DELAY_MS);
    join('c-2');
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    expect(snap().context.joined).toEqual(['c-2']);
    join('c-1');
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context.generationId).toBe(2);
  });

  it('the rebalance timeout drops the members that did not rejoin', () => {
    stableWith('c-1', 'c-2');
    const startedAt = clock.nowMs;
    join('c-3');
    join('c-1');
    // c-2 keeps heartbeating but never rejoins (stuck in a long poll loop).
    for (let t = 2000; t < REBALANCE_MS; t += 2000) {
      clock.advance(2000);
      send({ type: 'HEARTBEAT', memberId: 'c-2' });
      send({ type: 'HEARTBEAT', memberId: 'c-1' });
      send({ type: 'HEARTBEAT', memberId: 'c-3' });
    }
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    clock.advance(startedAt + REBALANCE_MS - clock.nowMs);
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context.members).toEqual(['c-1', 'c-3']);
    expect(snap().context.lastRebalanceReason).toContain('rebalance timeout');
  });

  it('when nobody rejoins before the rebalance timeout the group becomes Empty', () => {
    stableWith('c-1', 'c-2');
    send({ type: 'LEAVE_GROUP', memberId: 'c-1' });
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    for (let t = 0; t < REBALANCE_MS; t += 2000) {
      send({ type: 'HEARTBEAT', memberId: 'c-2' });
      clock.advance(2000);
    }
    expect(value()).toBe('Empty');
    expect(snap().context.members).toEqual([]);
  });

  it('keeps the leader across generations while it rejoins, and picks the first joiner after it leaves', () => {
    stableWith('c-1', 'c-2');
    send({ type: 'LEAVE_GROUP', memberId: 'c-1' });
    expect(snap().context.leaderId).toBeNull();
    join('c-2');
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context.leaderId).toBe('c-2');
  });
});

describe('group coordinator: sessions', () => {
  it('removes a member whose session timer fires without heartbeats (SESSION_EXPIRED)', () => {
    stableWith('c-1', 'c-2');
    // Both joined at t = 0; c-2 heartbeats, c-1 is silent.
    clock.advance(2000);
    send({ type: 'HEARTBEAT', memberId: 'c-2' });
    clock.advance(SESSION_MS - 5000 - 1);
    expect(value()).toBe('Stable');
    clock.advance(1);
    expect(clock.nowMs).toBe(SESSION_MS);
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    expect(snap().context.members).toEqual(['c-2']);
    expect(snap().context.lastRebalanceReason).toBe('session.timeout.ms expired for c-1');
    expect(clock.takeActions()).toEqual(['memberRemoved', 'announceRebalance']);
  });

  it('a heartbeat re-arms the session timer from the moment it arrives', () => {
    stableWith('c-1');
    clock.advance(1000); // t = 4000
    send({ type: 'HEARTBEAT', memberId: 'c-1' });
    expect(sessionTimer('c-1')?.atMs).toBe(4000 + SESSION_MS);
    clock.advance(SESSION_MS - 1);
    expect(value()).toBe('Stable');
    clock.advance(1);
    expect(snap().context.members).toEqual([]);
  });

  it('a member that keeps heartbeating is never removed', () => {
    stableWith('c-1');
    send({ type: 'HEARTBEAT', memberId: 'c-1' });
    for (let i = 0; i < 50; i++) {
      clock.advance(SESSION_MS - 1);
      send({ type: 'HEARTBEAT', memberId: 'c-1' });
    }
    expect(value()).toBe('Stable');
    expect(snap().context.members).toEqual(['c-1']);
  });

  it('ignores heartbeats from unknown members (no timer is armed for them)', () => {
    stableWith('c-1');
    send({ type: 'HEARTBEAT', memberId: 'ghost' });
    expect(sessionTimer('ghost')).toBeUndefined();
    expect(value()).toBe('Stable');
  });

  it('a member that expires during a rebalance no longer holds it up', () => {
    stableWith('c-1', 'c-2');
    clock.advance(2000);
    send({ type: 'HEARTBEAT', memberId: 'c-1' });
    join('c-3');
    join('c-1');
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    clock.advance(SESSION_MS - clock.nowMs); // c-2's session, armed at t = 0, expires at t = 6000
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context.members).toEqual(['c-1', 'c-3']);
  });
});

describe('group coordinator: leaving', () => {
  it('LeaveGroup of the last member empties the group and disarms its session timer', () => {
    stableWith('c-1');
    send({ type: 'LEAVE_GROUP', memberId: 'c-1' });
    expect(value()).toBe('Empty');
    expect(snap().context.members).toEqual([]);
    expect(sessionTimer('c-1')).toBeUndefined();
    expect(clock.takeActions()).toEqual(['memberRemoved', 'announceRebalance']);
  });

  it.each<[string, () => void]>([
    ['Stable', () => stableWith('c-1', 'c-2')],
    [
      'CompletingRebalance',
      () => {
        join('c-1', 'c-2');
        clock.advance(INITIAL_DELAY_MS);
      },
    ],
  ])('LeaveGroup in %s starts a rebalance of the remaining members', (_state, arrange) => {
    arrange();
    send({ type: 'LEAVE_GROUP', memberId: 'c-2' });
    expect(value()).toEqual({ PreparingRebalance: 'Waiting' });
    join('c-1');
    expect(value()).toBe('CompletingRebalance');
    expect(snap().context.members).toEqual(['c-1']);
  });

  it('ignores LeaveGroup from a member it does not know', () => {
    stableWith('c-1');
    send({ type: 'LEAVE_GROUP', memberId: 'ghost' });
    expect(value()).toBe('Stable');
    expect(clock.takeActions()).toEqual([]);
  });

  it('a rejoin after everyone left starts over from Empty with the initial delay', () => {
    stableWith('c-1');
    send({ type: 'LEAVE_GROUP', memberId: 'c-1' });
    join('c-1');
    expect(value()).toEqual({ PreparingRebalance: 'InitialDelay' });
    clock.advance(INITIAL_DELAY_MS);
    expect(snap().context.generationId).toBe(2);
  });

  it('DELETE_GROUP moves any state to Dead, a final state', () => {
    stableWith('c-1');
    send({ type: 'DELETE_GROUP' });
    expect(value()).toBe('Dead');
    expect(snap().status).toBe('done');
    send({ type: 'JOIN_GROUP', memberId: 'c-2' });
    expect(value()).toBe('Dead');
  });
});
