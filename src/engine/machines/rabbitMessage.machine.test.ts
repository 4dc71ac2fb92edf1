import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
  compileMessageTable,
  type RabbitMessageEventType,
  type RabbitMessageState,
  rabbitMessageMachine,
} from './rabbitMessage.machine';

const EVENTS: RabbitMessageEventType[] = ['DELIVER', 'ACK', 'REQUEUE', 'DEAD_LETTER', 'EXPIRE', 'DROP'];

/** Event paths from Ready to every state. */
const PATHS: Record<RabbitMessageState, RabbitMessageEventType[]> = {
  Ready: [],
  Unacked: ['DELIVER'],
  Requeued: ['DELIVER', 'REQUEUE'],
  Acked: ['DELIVER', 'ACK'],
  DeadLettered: ['DEAD_LETTER'],
  Expired: ['EXPIRE'],
  Dropped: ['DROP'],
};

function viaXState(events: RabbitMessageEventType[]) {
  let [snapshot] = initialTransition(rabbitMessageMachine);
  for (const type of events) [snapshot] = transition(rabbitMessageMachine, snapshot, { type });
  return snapshot;
}

describe('RabbitMQ message lifecycle machine', () => {
  it('the compiled table agrees with XState for every state and event', () => {
    const table = compileMessageTable();
    for (const [state, path] of Object.entries(PATHS) as [RabbitMessageState, RabbitMessageEventType[]][]) {
      expect(viaXState(path).value).toBe(state);
      for (const type of EVENTS) {
        const next = viaXState([...path, type]);
        // A final state ignores everything; an unhandled event leaves the state as it is.
        expect(table[state][type] ?? state).toBe(next.value);
      }
    }
  });

  it('walks ready → unacked → requeued → unacked → acked, with redelivery in between', () => {
    const s = viaXState(['DELIVER', 'REQUEUE', 'DELIVER', 'ACK']);
    expect(s.value).toBe('Acked');
    expect(s.status).toBe('done');
  });

  it('an unacked message cannot expire: TTL applies only while it waits in the queue', () => {
    expect(viaXState(['DELIVER', 'EXPIRE']).value).toBe('Unacked');
    expect(viaXState(['DELIVER', 'REQUEUE', 'EXPIRE']).value).toBe('Expired');
  });

  it('every final state is final, and acked is reachable only from unacked', () => {
    const table = compileMessageTable();
    for (const s of ['Acked', 'DeadLettered', 'Expired', 'Dropped'] as const) expect(table[s]).toEqual({});
    const ackFrom = (Object.keys(table) as RabbitMessageState[]).filter((s) => table[s].ACK === 'Acked');
    expect(ackFrom).toEqual(['Unacked']);
  });
});
