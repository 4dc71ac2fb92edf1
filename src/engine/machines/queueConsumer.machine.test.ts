import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
  type QueueConsumerEvent,
  type QueueConsumerEventType,
  type QueueConsumerState,
  queueConsumerMachine,
} from './queueConsumer.machine';
import { compileQueueConsumerTable, stepQueueConsumer } from './queueConsumerTable';

const EVENTS: QueueConsumerEventType[] = [
  'START',
  'RECEIVE',
  'BATCH',
  'EMPTY',
  'NEXT',
  'RESTART',
  'STOP',
  'CRASH',
  'CRASH_BEFORE_PROCESS',
  'CRASH_AFTER_PROCESS',
  'CRASH_AFTER_DELETE',
];

/** Paths from the initial state to every state. */
const PATHS: QueueConsumerEventType[][] = [
  [],
  ['START'],
  ['START', 'BATCH'],
  ['START', 'EMPTY'],
  ['START', 'CRASH'],
];

function viaXState(events: QueueConsumerEventType[]) {
  let [snapshot] = initialTransition(queueConsumerMachine);
  let hooks: string[] = [];
  for (const type of events) {
    const [next, actions] = transition(queueConsumerMachine, snapshot, { type } as QueueConsumerEvent);
    snapshot = next;
    hooks = actions.map((a) => a.type).filter((t) => !t.startsWith('xstate.'));
  }
  return { state: snapshot.value as QueueConsumerState, hooks };
}

function viaTable(events: QueueConsumerEventType[]) {
  const table = compileQueueConsumerTable();
  const target = { loop: 'Stopped' as QueueConsumerState, hooks: [] as string[] };
  const record = (name: string) => (t: typeof target) => t.hooks.push(name);
  const hooks = {
    requestReceive: record('requestReceive'),
    scheduleReceive: record('scheduleReceive'),
    disarmCrash: record('disarmCrash'),
  };
  for (const type of events) {
    target.hooks = [];
    stepQueueConsumer(target, { type } as QueueConsumerEvent, hooks, table);
  }
  return { state: target.loop, hooks: target.hooks };
}

describe('queue consumer machine', () => {
  it('reaches every state it declares through the paths under test', () => {
    const reached = new Set(PATHS.map((p) => viaXState(p).state));
    expect([...reached].sort()).toEqual(Object.keys(queueConsumerMachine.root.states).sort());
  });

  for (const path of PATHS) {
    for (const type of EVENTS) {
      it(`the table equals XState after [${path.join(', ')}] then ${type}`, () => {
        expect(viaTable([...path, type])).toEqual(viaXState([...path, type]));
      });
    }
  }

  it('a crash while processing leaves only a restart to receive again', () => {
    expect(viaXState(['START', 'BATCH', 'CRASH_AFTER_PROCESS', 'NEXT']).state).toBe('Crashed');
    expect(viaXState(['START', 'BATCH', 'CRASH_AFTER_PROCESS', 'RESTART'])).toEqual({
      state: 'Receiving',
      hooks: ['requestReceive'],
    });
  });
});
