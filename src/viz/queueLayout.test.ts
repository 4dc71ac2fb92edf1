// The queue half's layout at a desktop, a laptop and a phone: every box inside the diagram,
// none overlapping another, the inner rows inside their queue, touch-sized consumers on the
// phone, and the stream half (when there is one) kept clear of the queue half.

import { describe, expect, it } from 'vitest';
import { Session } from '../store/session';
import { type Box, layoutFitted, layoutFlow } from './flowDiagramLayout';
import { buildFlowModel, type FlowFrame } from './flowModel';
import { type QueueFixture, queueFixtureFrame } from './queueFixture';
import { QUEUE_LEGEND, type QueueSectionLayout, queueLegendPlaces, shownConsumers } from './queueLayout';
import { textWidth } from './textWidth';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 1e-6 && a.y >= b.y - 1e-6 && a.x + a.w <= b.x + b.w + 1e-6 && a.y + a.h <= b.y + b.h + 1e-6;

function combined(kind: QueueFixture = 'sqs'): FlowFrame {
  const s = new Session('default', 1);
  s.advanceTo(8000);
  return queueFixtureFrame(kind, 8000, s.frame());
}

const FRAMES: [string, () => FlowFrame][] = [
  ...(['sqs', 'rabbit', 'dense', 'all'] as QueueFixture[]).map(
    (k) => [k, () => queueFixtureFrame(k)] as [string, () => FlowFrame],
  ),
  ['the stream beside SQS', () => combined('sqs')],
  ['the stream beside RabbitMQ', () => combined('rabbit')],
  ['the stream beside six queues (the section grows, the drawing scales)', () => combined('all')],
];
const SIZES: [number, number, boolean][] = [
  [1920, 1080, false],
  [1280, 800, false],
  [1440, 900, false],
  [390, 844, true],
];

/** The blocks that must not overlap: sources, queue boxes, consumers, labels, the key. */
function blocks(q: QueueSectionLayout): [string, Box][] {
  return [
    ...q.producers.map((p) => [`producer ${p.producerId}`, p] as [string, Box]),
    ...q.exchanges.map((e) => [`exchange ${e.name}`, e] as [string, Box]),
    ...q.queues.flatMap((b) => [
      [`queue ${b.name}`, b] as [string, Box],
      ...b.consumers.map((c) => [`consumer ${c.consumerId}`, c] as [string, Box]),
      ...(b.more ? [[`more under ${b.name}`, b.more] as [string, Box]] : []),
      ...b.bindings.map((l) => [`binding ${l.exchange}→${b.name}`, l] as [string, Box]),
      ...(b.deadLetterLabel ? [[`dead-letter label ${b.name}`, b.deadLetterLabel] as [string, Box]] : []),
    ]),
    ...(q.legend ? [['queue legend', q.legend] as [string, Box]] : []),
  ];
}

describe('queue section layout', () => {
  for (const [name, frameOf] of FRAMES)
    for (const [width, height, isVertical] of SIZES)
      it(`places ${name} at ${width}×${height} without overlap, inside the diagram`, () => {
        const frame = frameOf();
        const model = buildFlowModel(frame, { selection: null });
        const layout = layoutFitted(model, width, height, isVertical);
        const q = layout.queues as QueueSectionLayout;
        expect(q).toBeDefined();
        expect(q.isVertical).toBe(isVertical);
        const page = { x: 0, y: 0, w: layout.width, h: layout.height };
        const all = blocks(q);
        // The stream half's blocks, when there is one.
        all.push(
          ...layout.producers.map((p) => [`stream producer ${p.producerId}`, p] as [string, Box]),
          ...layout.strips.map((s) => [`strip ${s.key}`, s] as [string, Box]),
          ...layout.lanes.map((l) => [`lane ${l.groupId}`, l] as [string, Box]),
        );
        for (const [label, b] of all) expect(inside(b, page), `${label}: ${JSON.stringify(b)}`).toBe(true);
        for (let i = 0; i < all.length; i++)
          for (let j = i + 1; j < all.length; j++)
            expect(overlaps(all[i][1], all[j][1]), `${all[i][0]} overlaps ${all[j][0]}`).toBe(false);
        for (const b of q.queues) {
          expect(inside(b.ready, b), `${b.name} ready row`).toBe(true);
          expect(inside(b.chips, b), `${b.name} chips`).toBe(true);
          expect(b.ready.y).toBeGreaterThanOrEqual(b.y + b.headerH);
          expect(b.chips.y).toBeGreaterThanOrEqual(b.ready.y + b.ready.h);
          // Never cramped: at least a few cells and a chip of full width.
          expect(b.ready.cells, `${b.name} cells`).toBeGreaterThanOrEqual(6);
          expect(b.chips.chipW, `${b.name} chip width`).toBeGreaterThanOrEqual(120);
          for (const c of b.consumers) expect(c.w, `${c.consumerId} width`).toBeGreaterThanOrEqual(150);
          if (isVertical)
            for (const c of b.consumers) expect(c.h, `${c.consumerId} touch`).toBeGreaterThanOrEqual(44);
          else for (const c of b.consumers) expect(c.h).toBeGreaterThanOrEqual(24);
        }
        // The key's box holds each of its lines (it was one line high while the text wrapped to two).
        if (q.legend) {
          const places = queueLegendPlaces(q.legend.w);
          expect((places[places.length - 1].line + 1) * 20, 'key lines').toBeLessThanOrEqual(q.legend.h);
          for (const [i, e] of QUEUE_LEGEND.entries())
            expect(places[i].dx + 18 + textWidth(e.text, 12), e.text).toBeLessThanOrEqual(q.legend.w);
        }
        // Every queue's consumers are drawn or counted.
        for (const row of model.queueSection?.rows ?? []) {
          const b = q.queues.find((x) => x.name === row.name);
          expect(b, row.name).toBeDefined();
          expect((b?.consumers.length ?? 0) + (b?.hiddenConsumers ?? 0)).toBe(row.consumers.length);
        }
      });

  it('puts each DLQ right under its source, with room for the dead-letter arrow label', () => {
    const model = buildFlowModel(queueFixtureFrame('all'), { selection: null });
    const q = layoutFitted(model, 1440, 900).queues as QueueSectionLayout;
    const names = q.queues.map((b) => b.name);
    expect(names).toEqual(['jobs', 'jobs-dlq', 'eu-orders', 'orders-dead', 'us-orders', 'audit']);
    const dlq = q.queues[1];
    expect(dlq.deadLetterFrom).toBe('jobs');
    expect(dlq.deadLetterLabel?.y).toBeGreaterThanOrEqual(q.queues[0].y + q.queues[0].h);
    expect(q.queues[3].deadLetterFrom).toBe('eu-orders');
  });

  it('aggregates the dense queue: 50 consumers drawn or counted, the queue box keeps its rows', () => {
    const model = buildFlowModel(queueFixtureFrame('dense'), { selection: null });
    const q = layoutFitted(model, 1280, 800).queues as QueueSectionLayout;
    const b = q.queues[0];
    expect(b.consumers.length).toBeGreaterThan(5);
    expect(b.consumers.length + b.hiddenConsumers).toBe(50);
    expect(b.chips.rows).toBeGreaterThanOrEqual(1);
  });

  it('gives the stream half the top and the queue half the rest, without overlap', () => {
    const model = buildFlowModel(combined(), { selection: null });
    const layout = layoutFitted(model, 1440, 900);
    const q = layout.queues as QueueSectionLayout;
    const streamBottom = Math.max(
      ...layout.strips.map((s) => s.y + s.h),
      ...layout.lanes.map((l) => l.y + l.h),
      layout.dlq.y + layout.dlq.h,
    );
    expect(q.area.y).toBeGreaterThanOrEqual(streamBottom);
    expect(layout.strips.length).toBeGreaterThan(0);
  });
});

describe('which queue consumers are drawn one by one', () => {
  const c = (consumerId: string, hasFault = false) => ({ consumerId, hasFault });
  const ids = (list: { consumerId: string }[]) => list.map((x) => x.consumerId).join(' ');
  // The consumers as a queue lists them; s-1 (crashed) last, as the engine lists it after a crash.
  const four = [c('s-2'), c('s-3'), c('s-4'), c('s-1', true)];
  it.each([
    ['all fit: faulted first, then the others in order', four, 4, null, 's-1 s-2 s-3 s-4'],
    ['all fit, no fault: as listed', [c('a'), c('b'), c('c')], 5, null, 'a b c'],
    ['three of four: the faulted one is never the one hidden', four, 3, null, 's-1 s-2 s-3'],
    ['one of four: the faulted one', four, 1, null, 's-1'],
    ['none fit', four, 0, null, ''],
    ['the selected one is kept, in its place among the others', four, 3, 's-4', 's-1 s-2 s-4'],
    ['a selected one already shown does not move', four, 3, 's-2', 's-1 s-2 s-3'],
    ['faults come before the selected one', four, 1, 's-3', 's-1'],
    ['several faults, in order', [c('a'), c('b', true), c('c'), c('d', true)], 2, 'c', 'b d'],
    ['a selected faulted one stays with the faults', [c('a'), c('b', true)], 1, 'b', 'b'],
  ] as const)('%s', (_name, list, count, selected, expected) => {
    expect(ids(shownConsumers(list, count, selected))).toBe(expected);
  });

  /** compare-brokers at 30 s: s-1, f-1 and r-1 crashed at 20 s (after running ten times slower). */
  function compareBrokers(selection: Parameters<typeof buildFlowModel>[1]['selection'] = null) {
    const s = new Session('compare-brokers', 1);
    s.advanceTo(30_000);
    return buildFlowModel(s.frame(), { selection });
  }

  it('marks the crashed consumers of compare-brokers as faulted, and only them', () => {
    const rows = compareBrokers().queueSection?.rows ?? [];
    const faulted = rows.flatMap((r) => r.consumers.filter((x) => x.hasFault).map((x) => x.consumerId));
    expect(faulted.sort()).toEqual(['f-1', 'r-1', 's-1']);
  });

  it('shows the faulted consumers first where the queue half is squeezed, and counts the rest right', () => {
    // The old fitted layout of a laptop pane: three consumers a queue, the fourth counted.
    const layout = layoutFlow(compareBrokers(), 922, 464);
    const boxes = (layout.queues?.queues ?? []).filter((b) => b.consumers.length + b.hiddenConsumers > 0);
    expect(boxes.map((b) => b.name)).toEqual(['orders-sqs', 'orders.fifo', 'orders-quorum']);
    for (const b of boxes) {
      expect(b.hiddenConsumers, b.name).toBeGreaterThan(0);
      expect(b.consumers[0].consumerId, b.name).toMatch(/^[sfr]-1$/);
      expect(b.consumers.length + b.hiddenConsumers).toBe(4);
      expect(b.more).not.toBeNull();
      // Drawn top to bottom in that order.
      const ys = b.consumers.map((x) => x.y);
      expect(ys).toEqual([...ys].sort((p, q) => p - q));
    }
  });

  it('keeps a selected consumer drawn where the queue half is squeezed', () => {
    const layout = layoutFlow(
      compareBrokers({ kind: 'queue-consumer', queue: 'orders-sqs', consumerId: 's-4' }),
      922,
      464,
    );
    const sqs = layout.queues?.queues.find((b) => b.name === 'orders-sqs');
    const shown = sqs?.consumers.map((x) => x.consumerId) ?? [];
    expect(shown).toContain('s-4');
    expect(shown[0]).toBe('s-1');
  });
});
