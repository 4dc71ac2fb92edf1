// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LARGE } from '../../../test/support/largeScenario';
import { Session } from '../../store/session';
import type { G } from '../d3put';
import { select } from '../d3put';
import { layoutFitted } from '../flowDiagramLayout';
import { buildFlowModel } from '../flowModel';
import { createColorResolver, createDenseCanvasLayer } from './denseCanvas';

/** A 2D context that records what was painted (jsdom has no canvas). */
function recorder() {
  const calls: { op: string; args: number[]; fill: string; alpha: number }[] = [];
  const g = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    transform: [] as number[],
    setTransform(...m: number[]) {
      g.transform = m;
    },
    clearRect: () => calls.push({ op: 'clear', args: [], fill: '', alpha: 1 }),
    fillRect(...args: number[]) {
      calls.push({ op: 'fillRect', args, fill: g.fillStyle, alpha: g.globalAlpha });
    },
    beginPath() {},
    roundRect(...args: number[]) {
      calls.push({ op: 'roundRect', args, fill: g.fillStyle, alpha: g.globalAlpha });
    },
    rect() {},
    fill() {},
    moveTo(...args: number[]) {
      calls.push({ op: 'moveTo', args, fill: g.strokeStyle, alpha: g.globalAlpha });
    },
    lineTo() {},
    stroke() {},
  };
  return { g, calls };
}

const DARK = {
  '--qs-panel': '#161b22',
  '--qs-cell-filled': '#3d444d',
  '--qs-fg': '#e6edf3',
  '--qs-group-0': '#4fa9ea',
};

const mounted: { destroy(): void }[] = [];

function mount(dpr = 1) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  for (const [k, v] of Object.entries(DARK)) svg.style.setProperty(k, v);
  document.body.append(svg);
  vi.stubGlobal('devicePixelRatio', dpr);
  const rec = recorder();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => rec.g as never);
  let held = false;
  const layer = createDenseCanvasLayer(select(svg).append('g') as unknown as G, {
    onSelect: () => {},
    activation: { onActivate: () => {}, onMenu: () => {} },
    isHeld: () => held,
  });
  mounted.push(layer);
  const canvas = svg.querySelector('foreignObject.dense-canvas canvas') as HTMLCanvasElement;
  return { svg, layer, canvas, rec, hold: (h: boolean) => (held = h) };
}

function frameAt(session: Session, ms: number) {
  session.advanceTo(ms);
  const model = buildFlowModel(session.frame(), { selection: null });
  return { model, layout: layoutFitted(model, 1920, 1080) };
}

afterEach(() => {
  for (const layer of mounted.splice(0)) layer.destroy();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('dense canvas layer', () => {
  it('resolves theme custom properties on the element, and passes plain colours through', () => {
    const el = document.createElement('div');
    el.style.setProperty('--qs-panel', '#161b22');
    document.body.append(el);
    const color = createColorResolver(el);
    expect(color('var(--qs-panel)')).toBe('#161b22');
    expect(color('var(--qs-missing, #123456)')).toBe('#123456');
    expect(color('#abcdef')).toBe('#abcdef');
  });

  it('paints every strip in the dark theme, then repaints only when what it shows changed', () => {
    const { layer, canvas, rec, hold } = mount();
    const session = new Session(LARGE, 1);
    const a = frameAt(session, 6000);
    layer.update(a.model, a.layout);
    expect(canvas.width).toBe(Math.round(a.layout.width));
    const panels = rec.calls.filter((c) => c.op === 'roundRect');
    expect(panels).toHaveLength(64);
    expect(new Set(panels.map((c) => c.fill))).toEqual(new Set(['#161b22']));
    // One lag band per strip for the one group, in its dark-theme colour, translucent.
    const lagBands = rec.calls.filter((c) => c.op === 'fillRect' && c.fill === '#4fa9ea');
    expect(lagBands).toHaveLength(64);
    expect(lagBands.every((c) => c.alpha === 0.6)).toBe(true);
    expect(rec.calls.filter((c) => c.op === 'fillRect' && c.fill === '#3d444d')).toHaveLength(64);
    // The log end of each strip is a line in the foreground colour at its right boundary.
    const strip = a.layout.strips[5];
    const leo = rec.calls.filter((c) => c.op === 'moveTo')[5];
    expect(leo.fill).toBe('#e6edf3');
    expect(leo.args[1]).toBe(strip.y - 1);

    const ends = (calls: typeof rec.calls) => calls.filter((c) => c.op === 'moveTo').map((c) => c.args[0]);
    const endsA = ends(rec.calls);
    rec.calls.length = 0;
    layer.update(a.model, a.layout);
    expect(rec.calls).toHaveLength(0);

    const b = frameAt(session, 9000);
    hold(true);
    layer.update(b.model, b.layout);
    expect(rec.calls).toHaveLength(0);
    hold(false);
    layer.update(b.model, b.layout);
    expect(rec.calls.filter((c) => c.op === 'roundRect')).toHaveLength(64);
    // Three seconds later the log ends moved right.
    expect(ends(rec.calls).reduce((x, y) => x + y, 0)).toBeGreaterThan(endsA.reduce((x, y) => x + y, 0));
  });

  it('repaints in the new colours when the theme changes, without a new frame', async () => {
    const { svg, layer, rec } = mount();
    const { model, layout } = frameAt(new Session(LARGE, 1), 6000);
    layer.update(model, layout);
    rec.calls.length = 0;
    svg.style.setProperty('--qs-panel', '#ffffff');
    document.documentElement.dataset.theme = 'light';
    await new Promise((resolve) => setTimeout(resolve, 0));
    const panels = rec.calls.filter((c) => c.op === 'roundRect');
    expect(panels).toHaveLength(64);
    expect(new Set(panels.map((c) => c.fill))).toEqual(new Set(['#ffffff']));
    layer.destroy();
    document.documentElement.dataset.theme = 'dark';
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rec.calls.filter((c) => c.op === 'roundRect')).toHaveLength(64);
  });

  it('sizes the bitmap by devicePixelRatio and paints in layout units', () => {
    const { layer, canvas, rec } = mount(2);
    const { model, layout } = frameAt(new Session(LARGE, 1), 6000);
    layer.update(model, layout);
    expect(canvas.width).toBe(Math.round(layout.width * 2));
    expect(canvas.height).toBe(Math.round(layout.height * 2));
    expect(canvas.style.width).toBe(`${layout.width}px`);
    expect(rec.g.transform).toEqual([2, 0, 0, 2, 0, 0]);
  });

  it('draws nothing and takes no room outside the dense view', () => {
    const { svg, layer, canvas, rec } = mount();
    const dense = frameAt(new Session(LARGE, 1), 6000);
    layer.update(dense.model, dense.layout);
    const session = new Session('default', 1);
    session.advanceTo(5000);
    const model = buildFlowModel(session.frame(), { selection: null });
    const layout = layoutFitted(model, 1280, 640);
    rec.calls.length = 0;
    layer.update(model, layout);
    expect(rec.calls).toHaveLength(0);
    expect(canvas.width).toBe(0);
    expect(svg.querySelector('foreignObject.dense-canvas')?.getAttribute('width')).toBe('0');
  });
});
