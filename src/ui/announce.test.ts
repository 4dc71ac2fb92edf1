import { describe, expect, it } from 'vitest';
import { createSimulation, type SimEvent } from '../engine';
import { announcementOf, createThrottledAnnouncer } from './announce';

function fakeClock() {
  let nowMs = 0;
  const timers: { atMs: number; callback: () => void }[] = [];
  return {
    now: () => nowMs,
    schedule: (callback: () => void, delayMs: number) => timers.push({ atMs: nowMs + delayMs, callback }),
    advance(ms: number) {
      nowMs += ms;
      for (const t of timers.splice(0).sort((a, b) => a.atMs - b.atMs)) {
        if (t.atMs <= nowMs) t.callback();
        else timers.push(t);
      }
    },
  };
}

describe('announcements', () => {
  it('merge a burst into one, then wait two seconds before the next', () => {
    const clock = fakeClock();
    const said: string[] = [];
    const announcer = createThrottledAnnouncer((t) => said.push(t), clock);
    announcer.push('p-1 crashed');
    announcer.push('payments rebalancing');
    announcer.push('payments rebalancing');
    clock.advance(0);
    expect(said).toEqual(['p-1 crashed. payments rebalancing.']);
    announcer.push('payments rebalanced, generation 2');
    clock.advance(1000);
    expect(said).toHaveLength(1);
    clock.advance(1000);
    expect(said).toEqual(['p-1 crashed. payments rebalancing.', 'payments rebalanced, generation 2.']);
  });

  it('say the latest three of a flood and how many more there were', () => {
    const clock = fakeClock();
    const said: string[] = [];
    const announcer = createThrottledAnnouncer((t) => said.push(t), clock);
    for (let i = 1; i <= 7; i++) announcer.push(`event ${i}`);
    clock.advance(0);
    expect(said).toEqual(['event 5. event 6. event 7. And 4 more.']);
  });

  it('name a crash, its rebalance and the fault, and stay quiet about ordinary records', () => {
    const sim = createSimulation('default', { seed: 1 });
    const texts: string[] = [];
    sim.on('*', (e: SimEvent) => {
      const text = announcementOf(e);
      if (text) texts.push(text);
    });
    sim.advance(8000);
    texts.length = 0;
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(20_000);
    expect(texts[0]).toBe('p-1 crashed');
    expect(texts).toContain('Fault: crash p-1 now');
    expect(texts.some((t) => /^payments rebalanced, generation \d+$/.test(t))).toBe(true);
    expect(texts.length).toBeLessThan(20);
  });
});
