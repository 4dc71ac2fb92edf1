import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../test/support/simulatedClock';
import { consumerLoopMachine, type LoopEvent, type LoopState } from './consumerLoop.machine';

const M = 'p-1';

let clock: SimulatedClock<typeof consumerLoopMachine>;
const snap = () => clock.host.get(M)!;
const value = () => snap().value as LoopState;
const send = (...types: LoopEvent['type'][]) => {
  for (const type of types) clock.send(M, { type } as LoopEvent);
};

beforeEach(() => {
  clock = new SimulatedClock(consumerLoopMachine);
  clock.host.start(M, {});
});

describe('consumer loop: poll → process → commit', () => {
  it('starts stopped, and poll() asks the engine to schedule the fetch', () => {
    expect(value()).toBe('Stopped');
    send('POLL');
    expect(value()).toBe('Polling');
    expect(clock.takeActions(M)).toEqual(['schedulePoll']);
  });

  it('processes a batch record by record, backs off on a failure, commits, polls again', () => {
    send('POLL', 'PROCESS');
    expect(value()).toBe('Processing');
    send('PROCESS');
    expect(value()).toBe('Processing');
    send('BACKOFF');
    expect(value()).toBe('Backoff');
    send('COMMIT'); // a backing-off record is still in hand: no commit
    expect(value()).toBe('Backoff');
    send('PROCESS', 'COMMIT');
    expect(value()).toBe('Committing');
    clock.takeActions(M);
    send('POLL');
    expect(value()).toBe('Polling');
    expect(clock.takeActions(M)).toEqual(['schedulePoll']);
  });

  it('at-most-once commits the fetched batch before processing it', () => {
    send('POLL', 'COMMIT');
    expect(value()).toBe('Committing');
    send('PROCESS');
    expect(value()).toBe('Processing');
  });

  it('an empty fetch idles with its reason until poll() runs again', () => {
    send('POLL', 'NO_DATA');
    expect(value()).toBe('Idle');
    expect(snap().context.reason).toBe('waiting-for-data');
    send('PROCESS'); // nothing fetched: nothing to process
    expect(value()).toBe('Idle');
    send('POLL');
    expect(value()).toBe('Polling');
    expect(snap().context.reason).toBeNull();
    send('REJOINING');
    expect(value()).toBe('Idle');
    expect(snap().context.reason).toBe('rejoining');
  });

  it('a dropped buffer stops the loop from any step', () => {
    for (const path of [
      ['POLL'],
      ['POLL', 'PROCESS'],
      ['POLL', 'PROCESS', 'BACKOFF'],
      ['POLL', 'COMMIT'],
    ] as const) {
      clock.host.start(M, {});
      send(...path);
      send('STOP');
      expect(value()).toBe('Stopped');
    }
  });
});

describe('consumer loop: crash points', () => {
  it('each armed crash point is a transition from the step where it fires', () => {
    const cases: [LoopEvent['type'][], LoopEvent['type']][] = [
      [['POLL'], 'CRASH_BEFORE_PROCESS'],
      [['POLL', 'PROCESS'], 'CRASH_BEFORE_PROCESS'],
      [['POLL', 'PROCESS'], 'CRASH_AFTER_PROCESS'],
      [['POLL', 'COMMIT'], 'CRASH_AFTER_COMMIT'],
      [['POLL', 'NO_DATA'], 'CRASH'],
    ];
    for (const [path, crash] of cases) {
      clock.host.start(M, {});
      send(...path);
      clock.takeActions(M);
      send(crash);
      expect(value()).toBe('Crashed');
      expect(clock.takeActions(M)).toEqual(['disarmCrash']);
    }
  });

  it('a crash point that does not apply to the current step is ignored', () => {
    send('POLL', 'NO_DATA', 'CRASH_AFTER_PROCESS');
    expect(value()).toBe('Idle');
    send('POLL', 'CRASH_AFTER_COMMIT');
    expect(value()).toBe('Polling');
  });

  it('a crashed loop stays crashed while its buffer is dropped, and polls again after a restart', () => {
    send('POLL', 'PROCESS', 'CRASH', 'STOP');
    expect(value()).toBe('Crashed');
    send('POLL');
    expect(value()).toBe('Polling');
  });
});
