import { describe, expect, it } from 'vitest';
import { figureText, unitFor } from './figure';

describe('a reveal figure', () => {
  it('puts the unit’s noun in the singular for exactly one', () => {
    expect(figureText(1, 'redeliveries')).toBe('1 redelivery');
    expect(figureText(4, 'redeliveries')).toBe('4 redeliveries');
    expect(figureText(0, 'redeliveries')).toBe('0 redeliveries');
    expect(figureText(1, 'jobs applied twice')).toBe('1 job applied twice');
    expect(figureText(1, 'idle consumers')).toBe('1 idle consumer');
    expect(figureText(1, 'parked dead letters')).toBe('1 parked dead letter');
    expect(figureText(-1, 'records change in the worst partition’s lag')).toBe(
      '-1 record change in the worst partition’s lag',
    );
    expect(figureText(1, 'dead-letterings this step')).toBe('1 dead-lettering this step');
    expect(figureText(1, 'batches')).toBe('1 batch');
  });

  it('leaves units, shares and rates alone', () => {
    expect(figureText(1, 'ms')).toBe('1 ms');
    expect(figureText(1, 's (end-to-end p99)')).toBe('1 s (end-to-end p99)');
    expect(unitFor(1, 'of all events')).toBe('of all events');
    expect(unitFor(1, 'orders/s published')).toBe('orders/s published');
    expect(unitFor(1, '× storm / backoff failed calls')).toBe('× storm / backoff failed calls');
    expect(figureText(1.5, 'orders')).toBe('1.5 orders');
    expect(figureText(2, null)).toBe('2');
  });
});
