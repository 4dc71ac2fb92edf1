import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { compileMachineTable, pickStep, type TableStep } from './machineTable';
import {
  type ShareLoopEvent,
  type ShareLoopEventType,
  type ShareLoopState,
  shareConsumerMachine,
} from './shareConsumer.machine';
import {
  type ShareRecordEvent,
  type ShareRecordEventType,
  type ShareRecordState,
  shareRecordMachine,
} from './shareRecord.machine';

const RECORD_EVENTS: ShareRecordEventType[] = ['ACQUIRE', 'ACCEPT', 'RELEASE', 'REJECT', 'LOCK_EXPIRED'];
const LOOP_EVENTS: ShareLoopEventType[] = ['POLL', 'NO_DATA', 'PROCESS', 'PAUSE', 'RESUME', 'CRASH', 'STOP'];

/** Runs a record through XState itself and through the compiled table; both must agree. */
function viaXState(limit: number, events: ShareRecordEventType[]) {
  let [snap] = initialTransition(shareRecordMachine, { deliveryCountLimit: limit });
  for (const type of events) [snap] = transition(shareRecordMachine, snap, { type } as ShareRecordEvent);
  return { state: snap.value as ShareRecordState, deliveryCount: snap.context.deliveryCount };
}

const RECORD_TABLE = compileMachineTable<ShareRecordState, ShareRecordEventType>(shareRecordMachine);

function viaTable(limit: number, events: ShareRecordEventType[]) {
  const table = RECORD_TABLE;
  let state: ShareRecordState = 'Available';
  let deliveryCount = 0;
  for (const type of events) {
    const step: TableStep<ShareRecordState> | undefined = pickStep(
      table,
      state,
      type,
      () => deliveryCount >= limit,
    );
    if (!step) continue;
    if (step.actions.includes('countDelivery')) deliveryCount += 1;
    state = step.target;
  }
  return { state, deliveryCount };
}

describe('the compiled share machines', () => {
  it('step a record exactly as XState does, for every event after every path of up to 4 events', () => {
    let compared = 0;
    const paths: ShareRecordEventType[][] = [[]];
    for (let depth = 0; depth < 4; depth++) {
      for (const path of paths.filter((p) => p.length === depth)) {
        for (const type of RECORD_EVENTS) {
          const next = [...path, type];
          for (const limit of [2, 3, 5]) {
            expect(viaTable(limit, next), `${next.join('→')} (limit ${limit})`).toEqual(
              viaXState(limit, next),
            );
            compared += 1;
          }
          paths.push(next);
        }
      }
    }
    expect(compared).toBe(3 * (5 + 25 + 125 + 625));
  });

  it('archive a record released at the delivery count limit, and make it available below it', () => {
    expect(viaTable(2, ['ACQUIRE', 'RELEASE']).state).toBe('Available');
    expect(viaTable(2, ['ACQUIRE', 'RELEASE', 'ACQUIRE', 'RELEASE']).state).toBe('Archived');
    expect(viaTable(2, ['ACQUIRE', 'LOCK_EXPIRED', 'ACQUIRE', 'LOCK_EXPIRED'])).toEqual({
      state: 'Archived',
      deliveryCount: 2,
    });
    expect(viaTable(5, ['ACQUIRE', 'REJECT']).state).toBe('Archived');
    expect(viaTable(5, ['ACQUIRE', 'ACCEPT', 'RELEASE']).state).toBe('Acknowledged');
  });

  it('step the share consumer exactly as XState does, from every reachable state', () => {
    const table = compileMachineTable<ShareLoopState, ShareLoopEventType>(shareConsumerMachine);
    const paths: ShareLoopEventType[][] = [
      [],
      ['POLL'],
      ['POLL', 'NO_DATA'],
      ['POLL', 'PROCESS'],
      ['POLL', 'PROCESS', 'PAUSE'],
      ['POLL', 'NO_DATA', 'PAUSE'],
      ['CRASH'],
    ];
    const seen = new Set<string>();
    for (const path of paths) {
      for (const type of LOOP_EVENTS) {
        const events = [...path, type];
        const actor = createActor(shareConsumerMachine).start();
        let state: ShareLoopState = 'Stopped';
        let hooks: string[] = [];
        let xHooks: string[] = [];
        let snap = actor.getSnapshot();
        for (const t of events) {
          const step: TableStep<ShareLoopState> | undefined = pickStep(table, state, t, () => true);
          hooks = step ? [...step.actions] : [];
          if (step) state = step.target;
          const [next, actions] = transition(shareConsumerMachine, snap, { type: t } as ShareLoopEvent);
          snap = next;
          xHooks = actions.map((a) => a.type).filter((x) => !x.startsWith('xstate.'));
        }
        actor.stop();
        expect({ state, hooks }, events.join('→')).toEqual({ state: snap.value, hooks: xHooks });
        seen.add(state);
      }
    }
    expect([...seen].sort()).toEqual(['Crashed', 'Idle', 'Paused', 'Polling', 'Processing', 'Stopped']);
  });
});
