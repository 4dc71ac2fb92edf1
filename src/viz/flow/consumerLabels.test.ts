// @vitest-environment jsdom
// What the consumer nodes of the flow diagram say, on a real run: compare-brokers slows the
// first consumer of each system tenfold at 15 s and crashes it at 20 s.
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../store/session';
import { createFlowDiagram } from '../flowDiagram';
import { textWidth } from '../textWidth';
import { loadQueuesLayer } from './queuesSlot';

// The queue layer is its own chunk in the page; here it loads before any diagram is drawn.
await loadQueuesLayer();

const svgs: SVGSVGElement[] = [];
afterEach(() => {
  for (const s of svgs.splice(0)) s.remove();
});

/** The diagram's pane at a 1280×800 page (measured in Chromium: 922×437, scrolling). */
const DESKTOP = { width: 922, height: 437, selection: null };
/** Room enough for every word, so what is said does not depend on what fits. */
const WIDE = { width: 1600, height: 1400, selection: null };

function draw(preset: string, atMs: number, options: Record<string, unknown> = DESKTOP) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  svgs.push(svg);
  const view = createFlowDiagram(svg, { onSelect: () => {} });
  const s = new Session(preset, 1);
  s.advanceTo(atMs);
  view.update(s.frame(), options as typeof DESKTOP);
  return svg;
}

/** The visible text of a consumer node, Kafka member or queue consumer. */
function shown(svg: SVGSVGElement, id: string): string {
  const node = svg.querySelector(`g.member[data-key="${id}"], g.queue-consumer[data-key="${id}"]`);
  expect(node, id).not.toBeNull();
  return [...(node as Element).querySelectorAll('text')].map((t) => t.textContent).join(' ');
}

const FIRST_CONSUMERS = ['p-1', 'workers-1', 's-1', 'f-1', 'r-1'];

describe('a crashed consumer', () => {
  it('shows its slow-down while it runs', () => {
    const svg = draw('compare-brokers', 17_000, WIDE);
    for (const id of FIRST_CONSUMERS) expect(shown(svg, id), id).toMatch(/×10/);
  });

  it('shows only that it crashed, not the slow-down its restart will not keep', () => {
    const svg = draw('compare-brokers', 21_000, WIDE);
    for (const id of FIRST_CONSUMERS) {
      expect(shown(svg, id), id).toMatch(/Crashed/);
      expect(shown(svg, id), id).not.toMatch(/×/);
    }
  });
});

/** The diagram at a 390×844 phone: the vertical layout, full width. */
const PHONE = { width: 390, height: 844, selection: null, isVertical: true };

describe('consumer labels fit their node', () => {
  const cases: [string, number][] = [
    ['compare-brokers', 17_000],
    ['compare-brokers', 21_000],
    ['kafka-share-group', 20_000],
  ];
  for (const [screen, options] of [
    ['1280×800', DESKTOP],
    ['390×844', PHONE],
  ] as const)
    for (const [preset, atMs] of cases)
      it(`${preset} at ${atMs / 1000} s on a ${screen} page: no label is cut, each fits its box`, () => {
        const svg = draw(preset, atMs, options);
        const nodes = [...svg.querySelectorAll('g.member, g.queue-consumer')];
        expect(nodes.length).toBeGreaterThan(4);
        for (const node of nodes) {
          const box = node.querySelector('rect') as SVGRectElement;
          const w = Number(box.getAttribute('width'));
          const texts = [...node.querySelectorAll('text')];
          for (const t of texts) {
            const text = t.textContent ?? '';
            expect(text, `${node.getAttribute('data-key')}: "${text}"`).not.toMatch(/…/);
            const isBold = Number(t.getAttribute('font-weight')) >= 600;
            const x = Number(t.getAttribute('x'));
            const left = t.getAttribute('text-anchor') === 'end' ? x - textWidth(text, 12, isBold) : x;
            expect(
              left - Number(box.getAttribute('x')) + textWidth(text, 12, isBold),
              text,
            ).toBeLessThanOrEqual(w);
          }
          // The state word is shown whenever the consumer is not simply working.
          const title = node.querySelector('title')?.textContent ?? '';
          const state = /Crashed|Paused|Left|Stopped/.exec(title)?.[0];
          if (state) expect(texts.map((t) => t.textContent).join(' ')).toContain(state);
        }
      });

  it('the tooltip of a shortened label says it in full', () => {
    const svg = draw('kafka-share-group', 20_000);
    const node = svg.querySelector('g.member[data-key="r-3"]') as Element;
    expect(node.querySelector('text')?.textContent).toBe('● r-3 · idle');
    expect(node.firstElementChild?.tagName.toLowerCase()).toBe('title');
    expect(node.querySelector('title')?.textContent).toMatch(
      /^r-3 Stable: idle: 5 consumers for 2 partitions; a partition has one owner per group$/,
    );
    // The accessible name stays what tests and demos find it by.
    expect(node.getAttribute('aria-label')).toBe('Consumer r-3: Stable');
  });
});
