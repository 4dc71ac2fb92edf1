// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createMachine, setup } from 'xstate';
import { consumerMemberMachine } from '../engine/machines/consumerMember.machine';
import { groupCoordinatorMachine } from '../engine/machines/groupCoordinator.machine';
import {
  boxWidthFor,
  type ChartLayout,
  chartModel,
  createMachineChart,
  intersects,
  LABEL_FONT,
  layoutChart,
  MARKER_W,
  NAME_FONT,
  type Rect,
} from './machineChart';
import { textWidth } from './textWidth';

describe('statecharts generated from the machines', () => {
  it('the coordinator chart has Kafka group states and their transitions', () => {
    const model = chartModel(groupCoordinatorMachine);
    expect(model.states.map((s) => s.name)).toEqual([
      'Empty',
      'PreparingRebalance',
      'CompletingRebalance',
      'Stable',
      'Dead',
    ]);
    const edge = (from: string, to: string) =>
      model.edges.find((e) => e.from === from && e.to === to)?.events ?? [];
    expect(edge('Stable', 'PreparingRebalance')).toEqual(
      expect.arrayContaining(['JOIN_GROUP', 'LEAVE_GROUP', 'SESSION_EXPIRED']),
    );
    expect(edge('PreparingRebalance', 'CompletingRebalance')).toEqual(expect.arrayContaining(['always']));
    expect(edge('CompletingRebalance', 'Stable')).toEqual(['SYNC_DONE']);
    expect(model.global).toEqual(expect.arrayContaining(['HEARTBEAT', 'DELETE_GROUP']));
  });

  it('the member chart folds the transient Resuming state into edges from Paused', () => {
    const model = chartModel(consumerMemberMachine);
    const names = model.states.map((s) => s.name);
    expect(names).toEqual([
      'Unjoined',
      'Joining',
      'AwaitingAssignment',
      'Stable',
      'Stale',
      'Paused',
      'Crashed',
      'Left',
    ]);
    expect(
      model.edges.some((e) => e.from === 'Stable' && e.to === 'Stale' && e.events.includes('POLL_TIMEOUT')),
    ).toBe(true);
    expect(model.edges.some((e) => e.from === 'Paused' && e.to === 'Stable')).toBe(true);
  });

  it('highlights the current state and moves the highlight on update', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const chart = createMachineChart(svg, chartModel(groupCoordinatorMachine));
    chart.update('Stable', 380);
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('Stable');
    chart.update('PreparingRebalance', 380);
    expect(svg.querySelectorAll('[aria-current="true"]')).toHaveLength(1);
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('PreparingRebalance');
  });

  it('merges transitions that share events into one lane with one label', () => {
    const layout = layoutChart(chartModel(consumerMemberMachine), 333);
    const crash = layout.links.filter((l) => l.events.includes('CRASH'));
    expect(crash).toHaveLength(1);
    expect(crash[0].targets).toEqual(['Crashed']);
    expect(crash[0].sources).toHaveLength(6);
    const resume = layout.links.filter((l) => l.events.includes('after pauseDuration'));
    expect(resume).toHaveLength(1);
    expect(resume[0].targets).toHaveLength(5);
    expect(layout.labels).toHaveLength(layout.links.length);
  });
});

/**
 * A machine none of the product's: a consumer's poll loop as a learner would sketch it, with
 * a nested state, a transient decision state, delays, a final state and a root-level event.
 */
const loopMachine = setup({
  guards: { isAutoCommit: () => true },
  delays: { backoffMs: 100, pollMs: 500 },
}).createMachine({
  id: 'loop',
  initial: 'Idle',
  on: { REVOKED: '.Idle' },
  states: {
    Idle: { on: { ASSIGNED: 'Polling' } },
    Polling: { on: { RECORDS: 'Processing', EMPTY: 'Waiting', CRASH: 'Crashed' } },
    Waiting: { after: { pollMs: 'Polling' }, on: { CRASH: 'Crashed' } },
    Processing: {
      initial: 'Handling',
      states: { Handling: { on: { FAILED: '#loop.Backoff' } } },
      on: { DONE: 'Deciding', CRASH: 'Crashed' },
    },
    Deciding: { always: [{ guard: 'isAutoCommit', target: 'Committing' }, { target: 'Polling' }] },
    Committing: { on: { COMMITTED: 'Polling', CRASH: 'Crashed' } },
    Backoff: { after: { backoffMs: 'Processing' }, on: { CRASH: 'Crashed' } },
    Crashed: { type: 'final' },
  },
});

describe('statecharts of any machine', () => {
  it('reads a machine it was not written for: nested states fold up, transient states become edges', () => {
    const model = chartModel(loopMachine);
    expect(model.states.map((s) => s.name)).toEqual([
      'Idle',
      'Polling',
      'Waiting',
      'Processing',
      'Committing',
      'Backoff',
      'Crashed',
    ]);
    const edge = (from: string, to: string) =>
      model.edges.find((e) => e.from === from && e.to === to)?.events ?? [];
    expect(edge('Processing', 'Backoff')).toEqual(['FAILED']);
    expect(edge('Processing', 'Committing')).toEqual(['DONE']);
    expect(edge('Processing', 'Polling')).toEqual(['DONE']);
    expect(edge('Waiting', 'Polling')).toEqual(['after pollMs']);
    expect(model.states.find((s) => s.name === 'Crashed')?.isFinal).toBe(true);
    expect(model.global).toEqual(['REVOKED']);
  });

  it('charts one region of a parallel machine', () => {
    const parallel = createMachine({
      id: 'member',
      type: 'parallel',
      states: {
        membership: {
          initial: 'Joining',
          states: { Joining: { on: { JOINED: 'Stable' } }, Stable: { on: { LEAVE: 'Left' } }, Left: {} },
        },
        loop: { initial: 'Idle', states: { Idle: { on: { GO: 'Busy' } }, Busy: {} } },
      },
    });
    const membership = chartModel(parallel, { at: 'membership' });
    expect(membership.states.map((s) => s.name)).toEqual(['Joining', 'Stable', 'Left']);
    expect(membership.edges).toEqual([
      { from: 'Joining', to: 'Stable', events: ['JOINED'] },
      { from: 'Stable', to: 'Left', events: ['LEAVE'] },
    ]);
    expect(chartModel(parallel, { at: 'loop' }).edges).toEqual([
      { from: 'Idle', to: 'Busy', events: ['GO'] },
    ]);
    expect(() => chartModel(parallel, { at: 'nope' })).toThrow(/no state "nope"/);
  });

  it('draws it and lights its current state', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const chart = createMachineChart(svg, chartModel(loopMachine));
    chart.update('Backoff', 333);
    expect([...svg.querySelectorAll('[data-state]')].map((g) => g.getAttribute('data-state'))).toHaveLength(
      7,
    );
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('Backoff');
    chart.update('Polling', 333);
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('Polling');
  });
});

/** Horizontal or vertical segment as a thin rectangle. */
const lineRect = (s: { x1: number; y1: number; x2: number; y2: number }): Rect => ({
  x: Math.min(s.x1, s.x2) - 1,
  y: Math.min(s.y1, s.y2) - 1,
  w: Math.abs(s.x2 - s.x1) + 2,
  h: Math.abs(s.y2 - s.y1) + 2,
});

const inside = (r: Rect, box: Rect) =>
  r.x >= box.x && r.y >= box.y && r.x + r.w <= box.x + box.w && r.y + r.h <= box.y + box.h;

describe.each([
  ['consumer member', consumerMemberMachine],
  ['group coordinator', groupCoordinatorMachine],
  ['sample poll loop', loopMachine],
])('the %s chart is readable in a side panel', (_name, machine) => {
  // Panel content widths at 1024×700, 1280×800 and 1920×1080 windows, and a little either side.
  describe.each([295, 320, 333, 380, 513])('%i px wide', (width) => {
    const model = chartModel(machine);
    const layout: ChartLayout = layoutChart(model, width);

    it('fits the width without scaling and keeps everything inside the viewBox', () => {
      expect(layout.viewBox.w).toBeLessThanOrEqual(width);
      for (const r of [...layout.states, ...layout.labels]) expect(inside(r, layout.viewBox)).toBe(true);
      for (const l of layout.links)
        for (const s of l.segments) expect(inside(lineRect(s), layout.viewBox)).toBe(true);
    });

    it('sizes every box for its name in bold, with room for the current-state marker', () => {
      const need = Math.max(...model.states.map((s) => textWidth(s.name, NAME_FONT, true)));
      expect(boxWidthFor(model.states.map((s) => s.name))).toBeGreaterThanOrEqual(need + MARKER_W);
      for (const s of layout.states) {
        expect(s.w).toBeGreaterThanOrEqual(textWidth(s.name, NAME_FONT, true) + MARKER_W);
        expect(s.h).toBeGreaterThanOrEqual(NAME_FONT + 8);
      }
    });

    it('never lets two state boxes touch', () => {
      for (const [i, a] of layout.states.entries())
        for (const b of layout.states.slice(i + 1)) expect(intersects(a, b, 4)).toBe(false);
    });

    it('gives every transition a full label that overlaps no other label, no box and no line', () => {
      const labelled = new Set(layout.labels.map((l) => l.link));
      for (const l of layout.links) {
        expect(labelled.has(l.key)).toBe(true);
        const label = layout.labels.find((x) => x.link === l.key);
        expect(label?.lines.map((t) => t.replace(/ \/$/, '')).join(' / ')).toBe(l.events.join(' / '));
      }
      for (const [i, a] of layout.labels.entries()) {
        // Wide enough for its text.
        for (const t of a.lines) expect(a.w).toBeGreaterThanOrEqual(textWidth(t, LABEL_FONT));
        for (const b of layout.labels.slice(i + 1))
          expect(intersects(a, b), `${a.link} × ${b.link}`).toBe(false);
        for (const s of layout.states) expect(intersects(a, s), `${a.link} × ${s.name}`).toBe(false);
        expect(a.crossings, `${a.link} crosses a line`).toBe(0);
        for (const l of layout.links)
          for (const s of l.segments) expect(intersects(a, lineRect(s)), `${a.link} × ${l.key}`).toBe(false);
      }
    });

    it('keeps lines off the boxes they do not connect', () => {
      for (const l of layout.links)
        for (const s of l.segments)
          for (const b of layout.states) {
            const inner = { x: b.x + 1, y: b.y + 1, w: b.w - 2, h: b.h - 2 };
            expect(intersects(lineRect(s), inner), `${l.key} × ${b.name}`).toBe(false);
          }
    });
  });
});
