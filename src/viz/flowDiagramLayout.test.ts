// @vitest-environment jsdom
// The vertical layout phones get: everything at the full width, stacked without overlap,
// touch-sized rows, edges in the gutter, and no text drawn under 12 px.

import { describe, expect, it } from 'vitest';
import { LARGE } from '../../test/support/largeScenario';
import type { Scenario } from '../engine';
import { Session } from '../store/session';
import { retryBoxHeight } from './flow/boxes';
import { edgePaths } from './flow/edges';
import { createFlowDiagram } from './flowDiagram';
import {
  type Box,
  fitZoom,
  layoutFitted,
  layoutFlow,
  MIN_READABLE_SCALE,
  TOUCH,
  VERTICAL_GUTTER,
  viewOf,
} from './flowDiagramLayout';
import { buildFlowModel } from './flowModel';

const FOUR_GROUPS: Scenario = {
  id: 'four',
  topics: [{ name: 'orders', partitions: 6 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 40 }],
  groups: ['a', 'b', 'c', 'd'].map((groupId) => ({ groupId, topic: 'orders', consumers: 3 })),
};

const SCENARIOS: [string, Scenario | string][] = [
  ['default', 'default'],
  ['two-topics', 'two-topics'],
  ['flash-sale (retry topics and a DLQ)', 'flash-sale'],
  ['four groups', FOUR_GROUPS],
  ['64 partitions, 32 consumers', LARGE],
];
const WIDTHS = [320, 360, 390, 768];

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 1e-6 && a.y >= b.y - 1e-6 && a.x + a.w <= b.x + b.w + 1e-6 && a.y + a.h <= b.y + b.h + 1e-6;

function modelOf(scenario: Scenario | string) {
  const s = new Session(scenario, 1);
  s.advanceTo(8000);
  return { frame: s.frame(), model: buildFlowModel(s.frame(), { selection: null }) };
}

describe('vertical flow layout', () => {
  for (const [name, scenario] of SCENARIOS)
    it(`stacks ${name} at phone and tablet widths without overlap, inside the width`, () => {
      const { model } = modelOf(scenario);
      for (const width of WIDTHS) {
        const layout = layoutFitted(model, width, 700, true);
        const at = `${name} at ${width}`;
        expect(layout.isVertical).toBe(true);
        expect(layout.width, at).toBe(width);
        const page = { x: 0, y: 0, w: layout.width, h: layout.height };
        const retry = model.retryTopics.length;
        const blocks: Box[] = [
          ...layout.producers,
          ...layout.strips,
          ...layout.lanes,
          ...(model.deadLetters.hasDlq || retry > 0 ? [layout.dlq] : []),
          ...(retry > 0
            ? [{ ...layout.dlq, y: layout.dlq.y - retryBoxHeight(retry) - 10, h: retryBoxHeight(retry) }]
            : []),
          layout.legend as Box,
        ];
        for (const b of blocks) expect(inside(b, page), `${at}: ${JSON.stringify(b)}`).toBe(true);
        for (let i = 0; i < blocks.length; i++)
          for (let j = i + 1; j < blocks.length; j++)
            expect(overlaps(blocks[i], blocks[j]), `${at}: blocks ${i} and ${j}`).toBe(false);
        // The gutter right of strips and lanes stays free for the assignment edges.
        for (const b of [...layout.strips, ...layout.lanes])
          expect(b.x + b.w + VERTICAL_GUTTER, at).toBeLessThanOrEqual(width - 12 + 1e-6);
        for (const lane of layout.lanes) {
          expect(lane.headerH, at).toBeGreaterThanOrEqual(TOUCH);
          const boxes = [...lane.members, lane.sink];
          for (const b of boxes) expect(inside(b, lane), at).toBe(true);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), at).toBe(false);
          for (const m of lane.members) {
            expect(m.h, `${at}: ${m.memberId} is a touch target`).toBeGreaterThanOrEqual(TOUCH);
            expect(m.w, `${at}: ${m.memberId} has room for its two lines`).toBeGreaterThanOrEqual(150);
          }
        }
        if (!model.isDense) for (const s of layout.strips) expect(s.h, at).toBeGreaterThanOrEqual(TOUCH);
      }
    });

  it('runs each assignment edge from its strip down the gutter to its member’s row', () => {
    const { model } = modelOf('default');
    const layout = layoutFitted(model, 390, 700, true);
    const paths = edgePaths(model, layout);
    expect(paths.length).toBe(model.edges.length);
    const rightEnd = layout.strips[0].x + layout.strips[0].w;
    for (const p of paths) {
      const xs = [...p.d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[1]));
      for (const x of xs) expect(x).toBeGreaterThanOrEqual(rightEnd - 1e-6);
      for (const x of xs) expect(x).toBeLessThanOrEqual(rightEnd + VERTICAL_GUTTER);
    }
  });

  it('draws no text under 12 px and shows the whole legend at 360 px', () => {
    for (const scenario of ['default', 'flash-sale', LARGE] as const) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      document.body.append(svg);
      const view = createFlowDiagram(svg, { onSelect: () => {} });
      const { frame } = modelOf(scenario);
      const { layout } = view.update(frame, { width: 360, height: 640, selection: null, isVertical: true });
      expect(svg.getAttribute('viewBox')).toBe(`0 0 360 ${layout.height}`);
      const sizes = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '') !== '')
        .map((t) => Number(t.getAttribute('font-size') ?? 12));
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      expect(svg.querySelectorAll('g.legend g.entry')).toHaveLength(6);
      view.destroy();
      svg.remove();
    }
  });

  it('leaves the desktop layout as it was when not asked for the vertical one', () => {
    const { model } = modelOf('default');
    const layout = layoutFitted(model, 390, 700);
    expect(layout.isVertical).toBe(false);
    expect(layout.legend).toBeUndefined();
    expect(layout.width).toBe(640);
  });
});

/** The diagram pane on a 1280×800 page (measured in the built page: 922 × 464 px). */
const PANE = { width: 922, height: 464 };

describe('a readable scale: fitted when the text stays readable, else the pane scrolls', () => {
  const layoutOf = (w: number, h: number, isVertical = false) =>
    ({ ...layoutFitted(modelOf('default').model, 1000, 600), width: w, height: h, isVertical }) as const;

  it('fits a layout that needs at most a little shrinking', () => {
    const v = viewOf(layoutOf(1000, 520), 1000, 500);
    expect(v.isScrolling).toBe(false);
    expect(v.scale).toBeCloseTo(500 / 520);
    expect([v.width, v.height]).toEqual([1000, 500]);
  });

  it('scrolls one that would be drawn below the readable scale, at the width scale and its own height', () => {
    const v = viewOf(layoutOf(1000, 2000), 1000, 500);
    expect(v.isScrolling).toBe(true);
    expect(v.scale).toBe(1);
    expect([v.width, v.height]).toEqual([1000, 2000]);
    // Drawn 1.2× across (a zoomed layout): the same scale down the scroll.
    expect(viewOf(layoutOf(1000, 2000), 1200, 500)).toMatchObject({ scale: 1.2, height: 2400 });
    // Wider than the pane even at the minimum: it scrolls sideways too, never below it.
    const wide = viewOf(layoutOf(1000, 2000), 600, 500);
    expect(wide.scale).toBe(MIN_READABLE_SCALE);
    expect(wide.width).toBeCloseTo(1000 * MIN_READABLE_SCALE);
  });

  it('keeps body text (12 units) at 11 px or more', () => {
    expect(12 * MIN_READABLE_SCALE).toBeGreaterThanOrEqual(11);
    for (const [h, ph] of [
      [700, 600],
      [1300, 600],
      [5000, 400],
    ])
      expect(12 * viewOf(layoutOf(1000, h), 1000, ph).scale).toBeGreaterThanOrEqual(11);
  });

  it('never scrolls the vertical layout (the page scrolls) and leaves the Kafka views as they were', () => {
    expect(viewOf(layoutOf(390, 3000, true), 390, 700).isScrolling).toBe(false);
    for (const [scenario, w, h] of [
      ['default', 1280, 800],
      ['default', PANE.width, PANE.height],
      ['two-topics', PANE.width, PANE.height],
      [LARGE, 1920, 1080],
    ] as const) {
      const { model } = modelOf(scenario);
      const layout = layoutFitted(model, w, h);
      const v = viewOf(layout, w, h);
      expect(v.isScrolling, `${typeof scenario === 'string' ? scenario : 'large'} at ${w}×${h}`).toBe(false);
      // Exactly the fitted layout, zoomed by fitZoom, filling the pane.
      const zoom = fitZoom(model, w, h);
      expect(layout).toEqual(layoutFlow(model, w / zoom, h / zoom));
      expect(v.scale).toBeCloseTo(zoom);
    }
  });

  it('draws compare-brokers at a readable scale in a laptop pane, every queue consumer one by one', () => {
    const s = new Session('compare-brokers', 1);
    s.advanceTo(30_000);
    const model = buildFlowModel(s.frame(), { selection: null });
    // Squeezed into the pane and fitted it was drawn at under half size (about 5 px text).
    const squeezed = layoutFlow(model, PANE.width, PANE.height);
    expect(Math.min(PANE.width / squeezed.width, PANE.height / squeezed.height)).toBeLessThan(0.5);
    expect(squeezed.queues?.queues.some((b) => b.hiddenConsumers > 0)).toBe(true);
    const layout = layoutFitted(model, PANE.width, PANE.height);
    const v = viewOf(layout, PANE.width, PANE.height);
    expect(v.isScrolling).toBe(true);
    expect(v.scale).toBeGreaterThanOrEqual(1);
    expect(v.width).toBe(PANE.width);
    expect(v.height).toBeGreaterThan(PANE.height);
    const q = layout.queues!;
    for (const b of q.queues) expect(b.hiddenConsumers, b.name).toBe(0);
    expect(q.queues.flatMap((b) => b.consumers.map((c) => c.consumerId))).toEqual(
      expect.arrayContaining(['s-1', 'f-1', 'r-1']),
    );
    // Nothing of the queue half runs past the drawing, and the stream half keeps the pane's height.
    for (const b of q.queues) expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
    expect(q.area.y + q.area.h).toBeLessThanOrEqual(layout.height);
    expect(q.area.y).toBeGreaterThanOrEqual(PANE.height);
  });
});
