import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { createSimulation } from '../simulation';
import {
  consumerLoopMachine,
  type LoopEvent,
  type LoopEventType,
  type LoopState,
} from './consumerLoop.machine';
import { compileLoopTable, type LoopHooks, LoopRunner, type LoopStateData } from './loopTable';

const EVENTS: LoopEventType[] = [
  'POLL',
  'NO_DATA',
  'REJOINING',
  'PROCESS',
  'BACKOFF',
  'COMMIT',
  'STOP',
  'CRASH',
  'CRASH_BEFORE_PROCESS',
  'CRASH_AFTER_PROCESS',
  'CRASH_AFTER_COMMIT',
];

/** Event paths from the initial state to each state (and to Idle with each reason). */
const PATHS: LoopEventType[][] = [
  [],
  ['POLL'],
  ['POLL', 'NO_DATA'],
  ['POLL', 'REJOINING'],
  ['POLL', 'PROCESS'],
  ['POLL', 'PROCESS', 'BACKOFF'],
  ['POLL', 'COMMIT'],
  ['CRASH'],
];

interface Target {
  loop: LoopStateData;
  hooks: string[];
}

const hooks: LoopHooks<Target> = {
  schedulePoll: (t) => t.hooks.push('schedulePoll'),
  disarmCrash: (t) => t.hooks.push('disarmCrash'),
  armAutoCommitWake: (t) => t.hooks.push('armAutoCommitWake'),
};

function viaXState(events: LoopEventType[]) {
  let [snapshot] = initialTransition(consumerLoopMachine);
  let hookNames: string[] = [];
  for (const type of events) {
    const [next, actions] = transition(consumerLoopMachine, snapshot, { type } as LoopEvent);
    snapshot = next;
    hookNames = actions.map((a) => a.type).filter((t) => !t.startsWith('xstate.'));
  }
  return { state: snapshot.value as LoopState, reason: snapshot.context.reason, hooks: hookNames };
}

function viaTable(events: LoopEventType[]) {
  const runner = new LoopRunner(compileLoopTable(consumerLoopMachine), hooks);
  const target: Target = { loop: { state: 'Stopped', reason: null }, hooks: [] };
  for (const type of events) {
    target.hooks = [];
    runner.send(target, { type } as LoopEvent);
  }
  return { state: target.loop.state, reason: target.loop.reason, hooks: target.hooks };
}

describe('the compiled loop table', () => {
  it('steps exactly as XState does, from every state, for every event', () => {
    let compared = 0;
    for (const path of PATHS) {
      for (const type of EVENTS) {
        expect(viaTable([...path, type]), `${path.join('→') || 'start'} + ${type}`).toEqual(
          viaXState([...path, type]),
        );
        compared += 1;
      }
    }
    expect(compared).toBe(PATHS.length * EVENTS.length);
    // The paths reach every state of the machine.
    const reached = new Set(PATHS.map((p) => viaXState(p).state));
    expect([...reached].sort()).toEqual(Object.keys(consumerLoopMachine.root.states).sort());
  });
});

describe('the loop in a running simulation', () => {
  it('each member reports its loop state, and activity follows it', () => {
    const sim = createSimulation({
      id: 'loop',
      topics: [{ name: 'orders', partitions: 2 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50 }],
      groups: [
        {
          groupId: 'payments',
          topic: 'orders',
          consumers: 1,
          delivery: 'at-least-once',
          processing: { meanMs: 40 },
        },
      ],
      broker: { 'group.initial.rebalance.delay.ms': 0 },
    });
    const member = () => sim.snapshot().groups[0].members[0];
    expect(member().loop).toEqual({ state: 'Stopped', reason: null });
    const seen = new Set<string>();
    for (let i = 0; i < 3000 && sim.now < 2000; i++) {
      sim.step();
      const m = member();
      seen.add(m.loop.state);
      expect(m.activity).toBe(
        {
          Stopped: 'none',
          Crashed: 'none',
          Polling: 'polling',
          Idle: 'idle',
          Processing: 'processing',
          Backoff: 'backoff',
          Committing: 'committing',
        }[m.loop.state],
      );
    }
    expect(seen).toContain('Processing');
    expect(seen).toContain('Committing');
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(20_000);
    expect(member().loop).toEqual({ state: 'Idle', reason: 'waiting-for-data' });
    sim.inject({ type: 'crash-consumer', memberId: member().memberId });
    expect(member().loop.state).toBe('Crashed');
  });

  it('checkpoint and restore bring the loop state back exactly', () => {
    const sim = createSimulation('default', { seed: 3 });
    sim.advance(4321);
    const cp = sim.checkpoint();
    const before = sim.snapshot().groups.flatMap((g) => g.members.map((m) => m.loop));
    sim.advance(3000);
    sim.restore(cp);
    expect(sim.snapshot().groups.flatMap((g) => g.members.map((m) => m.loop))).toEqual(before);
  });
});
