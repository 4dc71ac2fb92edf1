// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { LARGE } from '../../test/support/largeScenario';
import { Session } from '../store/session';
import { loadQueuesLayer } from './flow/queuesSlot';
import { createFlowDiagram } from './flowDiagram';
import { fitZoom, layoutFitted } from './flowDiagramLayout';
import { buildFlowModel, type FlowFrame } from './flowModel';

// The queue layer is its own chunk in the page; here it loads before any diagram is drawn.
await loadQueuesLayer();

const modelOf = (frame: FlowFrame) => buildFlowModel(frame, { selection: null });

function mount() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg, overlay);
  const picked: unknown[] = [];
  const view = createFlowDiagram(svg, { onSelect: (s) => picked.push(s) }, overlay);
  return { svg, overlay, view, picked };
}

const options = { width: 1280, height: 640, selection: null };
const LAYER_ORDER = ['producers', 'strips', 'lanes', 'dlq'];
/** An element's place in the diagram's keyboard order (stable within a layer). */
const order = (el: Element) =>
  LAYER_ORDER.findIndex((layer) => el.closest(`g.${layer}`)) * 1000 +
  [...(el.closest('g.flow')?.querySelectorAll('[data-target]') ?? [])].indexOf(el);

describe('flow diagram', () => {
  it('draws one strip per partition keyed by topic/partition and one node per member', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(10_000);
    view.update(s.frame(), options);
    const keys = [...svg.querySelectorAll('g.strip')].map((g) => g.getAttribute('data-key'));
    expect(keys).toEqual(['orders/0', 'orders/1', 'orders/2', 'orders/3', 'orders/4', 'orders/5']);
    const members = [...svg.querySelectorAll('g.member')].map((g) => g.getAttribute('data-key'));
    expect(members).toEqual(['p-1', 'p-2', 'p-3', 'a-1', 'a-2']);
    // One topic: the lanes do not repeat it.
    expect(svg.querySelector('g.lane[data-key="payments"] text.line[data-key="sub"]')?.textContent).toMatch(
      /^range · /,
    );
  });

  it('shows a crashed member by its label, not colour alone, and keeps the node keyed', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(8000);
    view.update(s.frame(), options);
    const before = svg.querySelector('g.member[data-key="p-1"]');
    s.intervene({ type: 'crash-consumer', memberId: 'p-1' });
    s.advanceTo(8500);
    view.update(s.frame(), options);
    const node = svg.querySelector('g.member[data-key="p-1"]');
    expect(node).toBe(before);
    expect(node?.textContent).toContain('Crashed');
    expect(node?.querySelector('rect')?.getAttribute('stroke-dasharray')).not.toBeNull();
  });

  it('places each group committed marker at its committed offset boundary', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(12_000);
    const frame = s.frame();
    view.update(frame, options);
    const layout = layoutFitted(modelOf(frame), options.width, options.height);
    const strip = layout.strips[0];
    const committed = frame.snapshot.partitions[0].committed.payments;
    const expectedX =
      strip.x +
      strip.labelW +
      Math.min(strip.cells, Math.max(0, committed - strip.firstOffset)) * strip.cellW;
    const marker = svg.querySelector('g.strip[data-key="orders/0"] path.committed');
    const x = Number(/^M([\d.]+),/.exec(marker?.getAttribute('d') ?? '')?.[1]);
    expect(x).toBeCloseTo(expectedX, 3);
  });

  it('shows every group: a committed marker and a lag figure per group, even with four', () => {
    const { svg, view } = mount();
    const four = {
      id: 'four',
      topics: [{ name: 'orders', partitions: 6 }],
      producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 40 }],
      groups: ['a', 'b', 'c', 'd'].map((groupId) => ({ groupId, topic: 'orders', consumers: 2 })),
    };
    const s = new Session(four, 1);
    s.advanceTo(10_000);
    view.update(s.frame(), options);
    const strip = svg.querySelector('g.strip[data-key="orders/3"]') as SVGGElement;
    expect(strip.querySelectorAll('path.committed')).toHaveLength(4);
    const lagText = [...strip.querySelectorAll('text.lag, text.lag-all')].map((t) => t.textContent).join(' ');
    const lags = s.sim.snapshot().partitions[3].lag;
    for (const id of ['a', 'b', 'c', 'd']) expect(lagText).toContain(String(lags[id]));
    expect(lagText.match(/\d+/g)).toHaveLength(4);
  });

  it('points left at the window edge when a commit is older than the offsets on screen', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(10_000);
    s.intervene({ type: 'pause-consumer', memberId: 'a-1', durationMs: 60_000 });
    s.intervene({ type: 'pause-consumer', memberId: 'a-2', durationMs: 60_000 });
    s.advanceTo(40_000);
    const frame = s.frame();
    view.update(frame, options);
    const layout = layoutFitted(modelOf(frame), options.width, options.height);
    const strip = layout.strips[0];
    expect(frame.snapshot.partitions[0].committed.analytics).toBeLessThan(strip.firstOffset);
    const marker = svg.querySelector('g.strip[data-key="orders/0"] path.committed[data-key="analytics"]');
    const x = Number(/^M([\d.]+),/.exec(marker?.getAttribute('d') ?? '')?.[1]);
    // The arrow sits left of the first cell, not on one (which would read as a commit there).
    expect(x).toBeCloseTo(strip.x + strip.labelW - 10, 3);
  });

  it('keeps member boxes and the sink apart and inside their lane, from 1 to 32 members', () => {
    type Box = { x: number; y: number; w: number; h: number };
    const overlaps = (a: Box, b: Box) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const inside = (a: Box, b: Box) =>
      a.x >= b.x - 1e-6 &&
      a.y >= b.y - 1e-6 &&
      a.x + a.w <= b.x + b.w + 1e-6 &&
      a.y + a.h <= b.y + b.h + 1e-6;
    for (const consumers of [1, 3, 12, 32])
      for (const [width, height] of [
        [1280, 640],
        [700, 560],
        [1900, 950],
      ]) {
        const scenario = {
          id: 'm',
          topics: [{ name: 'orders', partitions: 12 }],
          producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 10 }],
          groups: [
            { groupId: 'payments', topic: 'orders', consumers },
            { groupId: 'analytics', topic: 'orders', consumers: 2 },
          ],
        };
        const s = new Session(scenario, 1);
        s.advanceTo(4000);
        const layout = layoutFitted(modelOf(s.frame()), width, height);
        for (const lane of layout.lanes) {
          const boxes = [...lane.members, lane.sink];
          for (const b of boxes) expect(inside(b, lane), `${consumers} members at ${width}`).toBe(true);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++)
              expect(overlaps(boxes[i], boxes[j]), `${consumers} members at ${width}: ${i}/${j}`).toBe(false);
        }
      }
  });

  it('fits four lanes in a small diagram: the last lane ends inside it', () => {
    const four = {
      id: 'four',
      topics: [{ name: 'orders', partitions: 6 }],
      producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 40 }],
      groups: ['a', 'b', 'c', 'd'].map((groupId, i) => ({
        groupId,
        topic: 'orders',
        consumers: i === 2 ? 1 : 2,
      })),
    };
    const s = new Session(four, 1);
    s.advanceTo(4000);
    for (const [width, height] of [
      [690, 470],
      [1280, 640],
      [900, 400],
    ]) {
      const layout = layoutFitted(modelOf(s.frame()), width, height);
      const last = layout.lanes.at(-1)!;
      expect(last.y + last.h, `${width}×${height}`).toBeLessThanOrEqual(layout.height);
      for (const lane of layout.lanes) expect(lane.sink.y + lane.sink.h).toBeLessThanOrEqual(lane.y + lane.h);
    }
  });

  it('enlarges a small scenario to fill a big window, but never a dense one', () => {
    const s = new Session('default', 1);
    s.advanceTo(5000);
    expect(fitZoom(modelOf(s.frame()), 1900, 950)).toBeGreaterThan(1.4);
    expect(fitZoom(modelOf(s.frame()), 900, 550)).toBe(1);
    const large = new Session(LARGE, 1);
    large.advanceTo(2000);
    expect(fitZoom(modelOf(large.frame()), 1900, 950)).toBe(1);
  });

  it('under reduced motion, dots do not travel: a new record waits at its strip', () => {
    const { overlay, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(10_000);
    const frame = s.frame();
    view.update(frame, { ...options, isReducedMotion: true });
    const layout = layoutFitted(modelOf(frame), options.width, options.height);
    // Records on their way from the producer are the producer-coloured circles (r 4), one
    // `M x-4,y a…` arc pair per record in the layer's path.
    const produced = overlay.querySelector('path.dots[data-key="var(--qs-producer)|"]');
    const starts = [...(produced?.getAttribute('d') ?? '').matchAll(/M([\d.-]+),([\d.-]+)a4,4/g)].map(
      ([, x, y]) => ({ x: Number(x) + 4, y: Number(y) }),
    );
    expect(starts.length).toBeGreaterThan(0);
    for (const dot of starts)
      expect(
        layout.strips.some(
          (strip) => Math.abs(dot.x - strip.x) < 0.1 && Math.abs(dot.y - (strip.y + strip.h / 2)) < 0.1,
        ),
      ).toBe(true);
  });

  it('a cell keeps its place as the log grows, and a click selects the record it shows now', () => {
    const { svg, view, picked } = mount();
    const s = new Session('default', 1);
    s.advanceTo(20_000);
    view.update(s.frame(), options);
    const strip = () => svg.querySelector('g.strip[data-key="orders/2"]') as SVGGElement;
    const cells = () => [...strip().querySelectorAll<SVGRectElement>('rect.cell')];
    const last = cells().at(-1) as SVGRectElement;
    const xBefore = last.getAttribute('x');
    const endBefore = s.sim.snapshot().partitions[2].logEndOffset;
    s.advanceTo(25_000);
    view.update(s.frame(), options);
    const end = s.sim.snapshot().partitions[2].logEndOffset;
    expect(end).toBeGreaterThan(endBefore);
    // The window slid (more records), and the same element still stands in the same place.
    expect(cells()).toContain(last);
    expect(last.getAttribute('x')).toBe(xBefore);
    cells()
      .at(-1)
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual([{ kind: 'message', topic: 'orders', partition: 2, offset: end - 1 }]);
  });

  it('calls back with a selection when a partition is activated by keyboard', () => {
    const { svg, view, picked } = mount();
    const s = new Session('default', 1);
    s.advanceTo(5000);
    view.update(s.frame(), options);
    const strip = svg.querySelector('g.strip[data-key="orders/2"]') as SVGGElement;
    expect(strip.getAttribute('role')).toBe('button');
    strip.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(picked).toEqual([{ kind: 'partition', topic: 'orders', partition: 2 }]);
  });

  it('opens the menu of any element: Enter selects and opens it, the Menu key and Shift+F10 only open it', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    document.body.append(svg);
    const picked: unknown[] = [];
    const opened: unknown[] = [];
    const view = createFlowDiagram(svg, {
      onSelect: (s) => picked.push(s),
      onContextAction: (target, anchor) => opened.push([target, typeof anchor.top]),
    });
    const s = new Session('poison-message', 1);
    s.advanceTo(20_000);
    view.update(s.frame(), options);
    const press = (selector: string, init: KeyboardEventInit) =>
      (svg.querySelector(selector) as SVGGElement).dispatchEvent(
        new KeyboardEvent('keydown', { bubbles: true, ...init }),
      );
    press('g.member[data-key="p-1"]', { key: 'Enter' });
    press('g.producer', { key: 'ContextMenu' });
    press('g.dlq', { key: 'F10', shiftKey: true });
    press('g.lane[data-key="payments"] g.header', { key: 'F10' });
    expect(picked).toEqual([{ kind: 'member', memberId: 'p-1' }]);
    expect(opened).toEqual([
      [{ kind: 'member', memberId: 'p-1' }, 'number'],
      [{ kind: 'producer', producerId: 'checkout' }, 'number'],
      [{ kind: 'dlq' }, 'number'],
    ]);
    expect(svg.querySelector('g.producer')?.getAttribute('aria-haspopup')).toBe('menu');
  });

  it('is one tab stop: exactly one element at tabindex 0, arrow keys move focus in flow order', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(5000);
    view.update(s.frame(), options);
    const items = [...svg.querySelectorAll<SVGGElement>('[data-target]')];
    expect(items.length).toBeGreaterThan(10);
    // The producer comes first, then partitions, then each group's header and its members.
    items.sort((a, b) => order(a) - order(b));
    expect(items.slice(0, 3).map((el) => el.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^Producer checkout: /),
      expect.stringMatching(/^Partition orders-0: /),
      expect.stringMatching(/^Partition orders-1: /),
    ]);
    const stops = () => items.filter((el) => el.getAttribute('tabindex') === '0');
    expect(stops()).toEqual([items[0]]);
    items[0].focus();
    items[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(items[1]);
    expect(stops()).toEqual([items[1]]);
    items[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement).toBe(items[items.length - 1]);
    view.update(s.frame(), options);
    expect(stops()).toEqual([items[items.length - 1]]);
    // From the <svg> itself the arrows are the page's (→ steps one event), not the diagram's.
    const arrow = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    svg.dispatchEvent(arrow);
    expect(arrow.defaultPrevented).toBe(false);
  });

  it('aggregates at 64 partitions: rate bands instead of dots, no per-offset cells', () => {
    const { svg, overlay, view } = mount();
    const s = new Session(LARGE, 1);
    s.advanceTo(6000);
    view.update(s.frame(), { width: 1920, height: 1080, selection: null });
    expect(svg.querySelectorAll('g.strip')).toHaveLength(64);
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(0);
    // Lag bands and log ends are a few paths under the strips (denseBands.ts); each strip
    // keeps a transparent SVG hit target with its accessible name.
    expect(svg.querySelectorAll('g.dense-bands > path.dense')).toHaveLength(4);
    expect(svg.querySelectorAll('rect.lagbar, rect.band, line.leo')).toHaveLength(0);
    expect(svg.querySelector('g.strip[data-key="orders/7"] rect.bg')?.getAttribute('fill')).toBe(
      'transparent',
    );
    expect(svg.querySelector('g.strip[data-key="orders/7"]')?.getAttribute('aria-label')).toMatch(
      /^Partition orders-7: log end \d+$/,
    );
    expect(overlay.querySelectorAll('path.band').length).toBeGreaterThan(0);
    expect(svg.querySelectorAll('g.member')).toHaveLength(32);
  });

  it('moves dots with simulated time only: the same frame draws the same dots', () => {
    const { overlay, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(10_000);
    view.update(s.frame(), options);
    const first = overlay.innerHTML;
    view.update(s.frame(), options);
    expect(overlay.innerHTML).toBe(first);
    s.advanceTo(10_100);
    view.update(s.frame(), options);
    expect(overlay.innerHTML).not.toBe(first);
  });

  it('moves the same assignment edge to the new owner after a rebalance (at once under reduced motion)', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(8000);
    view.update(s.frame(), { ...options, isReducedMotion: true });
    const owned = s.sim.snapshot().groups[0].members.find((m) => m.memberId === 'p-1')!.assigned[0].partition;
    const edge = svg.querySelector(`path.edge[data-owner="p-1"]`);
    expect(edge).not.toBeNull();
    s.intervene({ type: 'crash-consumer', memberId: 'p-1' });
    s.advanceTo(25_000);
    view.update(s.frame(), { ...options, isReducedMotion: true });
    const newOwner = s.sim.snapshot().partitions[owned].owner.payments;
    expect(newOwner).not.toBe('p-1');
    const moved = [...svg.querySelectorAll('path.edge')].find((p) => p === edge);
    expect(moved?.getAttribute('data-owner')).toBe(newOwner);
    const target = svg.querySelector(`g.member[data-key="${newOwner}"] rect`);
    const endX = Number(/([\d.]+),[\d.]+$/.exec(moved?.getAttribute('d') ?? '')?.[1]);
    expect(endX).toBeCloseTo(Number(target?.getAttribute('x')), 3);
  });

  it('draws two topics: strips, producers and edges keyed by topic survive a second update', () => {
    const { svg, view } = mount();
    const s = new Session('two-topics', 1);
    s.advanceTo(8000);
    view.update(s.frame(), options);
    const strips = () => [...svg.querySelectorAll('g.strip')].map((g) => g.getAttribute('data-key'));
    expect(strips()).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((p) => `orders/${p}`),
      'payments/0',
      'payments/1',
      'payments/2',
    ]);
    const payments1 = svg.querySelector('g.strip[data-key="payments/1"]');
    const orders1 = svg.querySelector('g.strip[data-key="orders/1"]');
    expect(payments1?.getAttribute('aria-label')).toMatch(/^Partition payments-1/);
    s.advanceTo(12_000);
    view.update(s.frame(), options);
    // Same elements, each still showing its own topic's log end.
    expect(svg.querySelector('g.strip[data-key="payments/1"]')).toBe(payments1);
    expect(svg.querySelector('g.strip[data-key="orders/1"]')).toBe(orders1);
    const leo = (topic: string) =>
      s.sim.snapshot().partitions.find((p) => p.topic === topic && p.partition === 1)!.logEndOffset;
    expect(payments1?.getAttribute('aria-label')).toBe(`Partition payments-1: log end ${leo('payments')}`);
    expect(orders1?.getAttribute('aria-label')).toBe(`Partition orders-1: log end ${leo('orders')}`);
    // With two topics each lane names the topic its group reads.
    const sub = (groupId: string) =>
      svg.querySelector(`g.lane[data-key="${groupId}"] text.line[data-key="sub"]`)?.textContent ?? '';
    expect(sub('ledger')).toMatch(/^reads payments · /);
    expect(sub('fulfillment')).toMatch(/^reads orders · /);
    expect([...svg.querySelectorAll('g.producer')].map((g) => g.getAttribute('data-key'))).toEqual([
      'checkout',
      'billing',
    ]);
    const edges = [...svg.querySelectorAll('path.edge')].map((e) => e.getAttribute('data-key') ?? '');
    expect(edges.filter((k) => k.startsWith('ledger/')).every((k) => k.startsWith('ledger/payments/'))).toBe(
      true,
    );
    expect(
      edges.filter((k) => k.startsWith('fulfillment/')).every((k) => k.startsWith('fulfillment/orders/')),
    ).toBe(true);
  });

  it('in a dense, live view holds strip labels between refreshes, twice a second; paused it draws exactly', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    let wallMs = 0;
    const view = createFlowDiagram(svg, { onSelect: () => {} }, undefined, () => wallMs);
    const s = new Session(LARGE, 1);
    s.advanceTo(6000);
    const live = { width: 1920, height: 1080, selection: null, isLive: true };
    view.update(s.frame(), live);
    const strip = svg.querySelector('g.strip[data-key="orders/0"]') as SVGGElement;
    const first = strip.getAttribute('aria-label');
    const leo = () => s.sim.snapshot().partitions[0].logEndOffset;
    expect(first).toBe(`Partition orders-0: log end ${leo()}`);
    s.advanceTo(8000);
    expect(`Partition orders-0: log end ${leo()}`).not.toBe(first);
    wallMs = 100;
    view.update(s.frame(), live);
    expect(strip.getAttribute('aria-label')).toBe(first);
    wallMs = 600;
    view.update(s.frame(), live);
    expect(strip.getAttribute('aria-label')).toBe(`Partition orders-0: log end ${leo()}`);
    s.advanceTo(9000);
    wallMs = 700;
    view.update(s.frame(), { ...live, isLive: false });
    expect(strip.getAttribute('aria-label')).toBe(`Partition orders-0: log end ${leo()}`);
  });
});
