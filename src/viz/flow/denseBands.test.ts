// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { LARGE } from '../../../test/support/largeScenario';
import { Session } from '../../store/session';
import type { G } from '../d3put';
import { select } from '../d3put';
import { layoutFitted } from '../flowDiagramLayout';
import { buildFlowModel } from '../flowModel';
import { createDenseBandsLayer, densePaths } from './denseBands';

function frameAt(session: Session, ms: number, width = 1920, height = 1080) {
  session.advanceTo(ms);
  const model = buildFlowModel(session.frame(), { selection: null });
  return { model, layout: layoutFitted(model, width, height) };
}

/** The subpaths of a path's data (one per M). */
const parts = (d: string) => d.split('M').filter(Boolean);

const mounted: { destroy(): void }[] = [];
function mount() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  let held = false;
  const layer = createDenseBandsLayer(select(svg).append('g') as unknown as G, {
    onSelect: () => {},
    activation: { onActivate: () => {}, onMenu: () => {} },
    isHeld: () => held,
  });
  mounted.push(layer);
  return { svg, layer, hold: (h: boolean) => (held = h) };
}

afterEach(() => {
  for (const layer of mounted.splice(0)) layer.destroy();
  document.body.innerHTML = '';
});

describe('dense bands', () => {
  it('draws every strip with a handful of paths in the theme colours', () => {
    const { model, layout } = frameAt(new Session(LARGE, 1), 6000);
    const paths = densePaths(model, layout);
    expect(paths.map((p) => p.key)).toEqual(['panels', 'filled', 'lag/payments', 'ends']);
    const byKey = new Map(paths.map((p) => [p.key, p]));
    expect(parts(byKey.get('panels')?.d ?? '')).toHaveLength(64);
    expect(byKey.get('panels')?.fill).toBe('var(--qs-panel)');
    expect(byKey.get('filled')?.fill).toBe('var(--qs-cell-filled)');
    expect(byKey.get('lag/payments')?.fill).toBe(model.colorOf('payments'));
    expect(byKey.get('lag/payments')?.opacity).toBe(0.6);
    // The log end of each strip: a vertical line at its right boundary.
    const ends = parts(byKey.get('ends')?.d ?? '');
    expect(ends).toHaveLength(64);
    const s = layout.strips[5];
    expect(ends[5]).toMatch(new RegExp(`^[\\d.]+,${Math.round((s.y - 1) * 10) / 10}V`));
  });

  it('redraws only when not held, and the log ends move right as the log grows', () => {
    const { svg, layer, hold } = mount();
    const session = new Session(LARGE, 1);
    const a = frameAt(session, 6000);
    layer.update(a.model, a.layout);
    const ends = () => svg.querySelector('path.dense[data-key="ends"]')?.getAttribute('d') ?? '';
    const sumX = (d: string) => parts(d).reduce((t, p) => t + Number(p.split(',')[0]), 0);
    const endsA = ends();
    expect(svg.querySelectorAll('path.dense')).toHaveLength(4);
    const b = frameAt(session, 9000);
    hold(true);
    layer.update(b.model, b.layout);
    expect(ends()).toBe(endsA);
    hold(false);
    layer.update(b.model, b.layout);
    expect(sumX(ends())).toBeGreaterThan(sumX(endsA));
  });

  it('draws nothing outside the dense view', () => {
    const { svg, layer } = mount();
    const dense = frameAt(new Session(LARGE, 1), 6000);
    layer.update(dense.model, dense.layout);
    const small = frameAt(new Session('default', 1), 5000, 1280, 640);
    expect(densePaths(small.model, small.layout)).toEqual([]);
    layer.update(small.model, small.layout);
    expect(svg.querySelectorAll('path.dense')).toHaveLength(0);
  });
});
