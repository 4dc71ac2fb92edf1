import { describe, expect, it } from 'vitest';
import {
  compileMessageTable,
  type RabbitMessageEventType,
  type RabbitMessageState,
  VIEW_STATE_OF,
} from '../../machines/rabbitMessage.machine';
import { STEP, step } from './queue';
import type { RabbitMessage } from './state';

const STATES = Object.keys(VIEW_STATE_OF) as RabbitMessageState[];
const EVENTS = Object.keys(STEP) as RabbitMessageEventType[];

describe('lifecycle steps', () => {
  it('every state × event goes where the machine table says, or throws where it has no transition', () => {
    const table = compileMessageTable();
    let legal = 0;
    for (const from of STATES)
      for (const event of EVENTS) {
        const m = { messageId: 7, queue: 'q', lifecycle: from, state: VIEW_STATE_OF[from] } as RabbitMessage;
        const to = table[from][event];
        if (to === undefined) {
          expect(() => step(m, STEP[event])).toThrow(`${event} from ${from}`);
          expect(m.lifecycle).toBe(from);
        } else {
          step(m, STEP[event]);
          expect([m.lifecycle, m.state]).toEqual([to, VIEW_STATE_OF[to]]);
          legal++;
        }
      }
    expect(legal).toBe(12);
  });
});
