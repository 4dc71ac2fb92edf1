// @vitest-environment jsdom
// What the consumer nodes of the flow diagram say, on a real run: compare-brokers slows the
// first consumer of each system tenfold at 15 s and crashes it at 20 s.
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../store/session';
import { createFlowDiagram } from '../flowDiagram';

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
