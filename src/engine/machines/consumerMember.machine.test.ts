import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../test/support/simulatedClock';
import type { MemberState } from '../types';
import { consumerMemberMachine, type MemberEvent } from './consumerMember.machine';

const M = 'p-1';
const PAUSE_TIMER = 'xstate.after.pauseDuration';

let clock: SimulatedClock<typeof consumerMemberMachine>;
const snap = () => clock.host.get(M)!;
const value = () => snap().value as MemberState;
const send = (...events: MemberEvent[]) => {
  for (const event of events) clock.send(M, event);
};

/** The events that walk a fresh member to each state. */
const PATHS: Record<Exclude<MemberState, 'Crashed' | 'Left' | 'Paused'>, MemberEvent[]> = {
  Unjoined: [],
  Joining: [{ type: 'JOIN' }],
  AwaitingAssignment: [{ type: 'JOIN' }, { type: 'JOINED', generationId: 1 }],
  Stable: [{ type: 'JOIN' }, { type: 'JOINED', generationId: 1 }, { type: 'ASSIGNED', generationId: 1 }],
  Stale: [
    { type: 'JOIN' },
    { type: 'JOINED', generationId: 1 },
    { type: 'ASSIGNED', generationId: 1 },
    { type: 'POLL_TIMEOUT' },
  ],
};
const goTo = (state: keyof typeof PATHS) => {
  send(...PATHS[state]);
  expect(value()).toBe(state);
  clock.takeActions();
};

beforeEach(() => {
  clock = new SimulatedClock(consumerMemberMachine);
  clock.host.start(M, { memberId: M, groupId: 'payments' });
});

describe('consumer member: joining', () => {
  it('walks Unjoined → Joining → AwaitingAssignment → Stable with the protocol hooks', () => {
    expect(value()).toBe('Unjoined');
    send({ type: 'JOIN' });
    expect(value()).toBe('Joining');
    expect(clock.takeActions()).toEqual(['sendJoinGroup']);
    send({ type: 'JOINED', generationId: 4 });
    expect(value()).toBe('AwaitingAssignment');
    expect(snap().context.generationId).toBe(4);
    send({ type: 'ASSIGNED', generationId: 4 });
    expect(value()).toBe('Stable');
    expect(clock.takeActions()).toEqual(['startFetching']);
  });

  it.each<[string, MemberEvent, string[]]>([
    ['REJOIN (REBALANCE_IN_PROGRESS)', { type: 'REJOIN' }, ['sendJoinGroup']],
    ['FENCED (a rejected commit or heartbeat)', { type: 'FENCED' }, ['stopProcessing', 'sendJoinGroup']],
  ])('a Stable member rejoins on %s', (_name, event, actions) => {
    goTo('Stable');
    send(event);
    expect(value()).toBe('Joining');
    expect(clock.takeActions()).toEqual(actions);
  });

  it.each<[keyof typeof PATHS, MemberEvent]>([
    ['Unjoined', { type: 'ASSIGNED', generationId: 1 }],
    ['Unjoined', { type: 'POLL_TIMEOUT' }],
    ['Joining', { type: 'ASSIGNED', generationId: 1 }],
    ['Joining', { type: 'POLL' }],
    ['AwaitingAssignment', { type: 'JOINED', generationId: 2 }],
    ['Stable', { type: 'JOINED', generationId: 2 }],
    ['Stable', { type: 'RESTART' }],
    ['Stale', { type: 'ASSIGNED', generationId: 1 }],
  ])('in %s ignores %o', (state, event) => {
    goTo(state);
    send(event);
    expect(value()).toBe(state);
    expect(clock.takeActions()).toEqual([]);
  });
});

describe('consumer member: max.poll.interval.ms', () => {
  it('POLL_TIMEOUT makes a Stable member Stale: it leaves the group, and the slow batch carries on', () => {
    goTo('Stable');
    send({ type: 'POLL_TIMEOUT' });
    expect(value()).toBe('Stale');
    expect(clock.takeActions()).toEqual(['sendLeaveGroup']);
  });

  it('the next poll() of a Stale member rejoins', () => {
    goTo('Stale');
    send({ type: 'POLL' });
    expect(value()).toBe('Joining');
    expect(clock.takeActions()).toEqual(['sendJoinGroup']);
  });
});

describe('consumer member: a stop-the-world pause', () => {
  it.each(['Joining', 'AwaitingAssignment', 'Stable'] as const)(
    'a pause in %s lasts durationMs on the clock, then resumes to that state',
    (state) => {
      goTo(state);
      send({ type: 'PAUSE', durationMs: 15_000 });
      expect(value()).toBe('Paused');
      expect(clock.timer(M, PAUSE_TIMER)?.atMs).toBe(15_000);
      clock.advance(14_999);
      expect(value()).toBe('Paused');
      clock.advance(1);
      expect(value()).toBe(state);
      expect(clock.takeActions()).toEqual(['resumed']);
      expect(clock.keys(M)).toEqual([]);
    },
  );

  it('the pause timer fired by hand resumes at once', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 500 });
    clock.fire(M, PAUSE_TIMER);
    expect(value()).toBe('Stable');
    expect(clock.nowMs).toBe(500);
  });

  it('a paused member ignores everything but CRASH and LEAVE until the pause ends', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 1000 });
    send(
      { type: 'REJOIN' },
      { type: 'FENCED' },
      { type: 'POLL_TIMEOUT' },
      { type: 'ASSIGNED', generationId: 9 },
      { type: 'PAUSE', durationMs: 99_000 },
    );
    expect(value()).toBe('Paused');
    expect(clock.timer(M, PAUSE_TIMER)?.atMs).toBe(1000);
    expect(clock.takeActions()).toEqual([]);
  });

  it('LEAVE during a pause (remove-consumer) leaves at once: LeaveGroup, processing stops, no resume', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 1000 }, { type: 'LEAVE' });
    expect(value()).toBe('Left');
    expect(clock.takeActions()).toEqual(['sendLeaveGroup', 'stopProcessing']);
    expect(clock.keys(M)).toEqual([]);
  });

  it('a crash during a pause cancels the pause timer', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 1000 }, { type: 'CRASH' });
    expect(value()).toBe('Crashed');
    expect(clock.keys(M)).toEqual([]);
    clock.advance(5000);
    expect(value()).toBe('Crashed');
  });

  it('a second pause after the first one resumes again', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 1000 });
    clock.advance(1000);
    send({ type: 'PAUSE', durationMs: 2000 });
    clock.advance(1999);
    expect(value()).toBe('Paused');
    clock.advance(1);
    expect(value()).toBe('Stable');
  });
});

describe('consumer member: crash, restart and leave', () => {
  it.each(['Unjoined', 'Joining', 'AwaitingAssignment', 'Stable', 'Stale'] as const)(
    'CRASH in %s → Crashed (processing stops); RESTART → Unjoined; JOIN → Joining',
    (state) => {
      goTo(state);
      send({ type: 'CRASH' });
      expect(value()).toBe('Crashed');
      expect(clock.takeActions()).toEqual(['stopProcessing']);
      send({ type: 'JOIN' }, { type: 'LEAVE' }, { type: 'PAUSE', durationMs: 10 }, { type: 'POLL' });
      expect(value()).toBe('Crashed');
      send({ type: 'RESTART' });
      expect(value()).toBe('Unjoined');
      send({ type: 'JOIN' });
      expect(value()).toBe('Joining');
    },
  );

  it('CRASH in Paused → Crashed as well', () => {
    goTo('Stable');
    send({ type: 'PAUSE', durationMs: 10 }, { type: 'CRASH' });
    expect(value()).toBe('Crashed');
  });

  it.each<[keyof typeof PATHS, string[]]>([
    ['Unjoined', ['stopProcessing']],
    ['Joining', ['sendLeaveGroup', 'stopProcessing']],
    ['AwaitingAssignment', ['sendLeaveGroup', 'stopProcessing']],
    ['Stable', ['sendLeaveGroup', 'stopProcessing']],
    ['Stale', ['stopProcessing']], // it already left the group when it went Stale
  ])('LEAVE in %s → Left, a final state', (state, actions) => {
    goTo(state);
    send({ type: 'LEAVE' });
    expect(value()).toBe('Left');
    expect(snap().status).toBe('done');
    expect(clock.takeActions()).toEqual(actions);
    send({ type: 'RESTART' }, { type: 'JOIN' });
    expect(value()).toBe('Left');
    expect(clock.takeActions()).toEqual([]);
  });
});
