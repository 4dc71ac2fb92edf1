// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  createStageLatencyChart,
  formatAxisMs,
  STAGE_WINDOW_MS,
  type StagePoint,
  spreadLabels,
} from './stageLatencyChart';

const point = (atMs: number, retriesMs: number): StagePoint => ({
  atMs,
  stageP99Ms: { queueMs: 30, processingMs: 40, retriesMs, dlqMs: 0, endToEndMs: retriesMs + 70 },
});

function mount() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  return { svg, chart: createStageLatencyChart(svg) };
}

describe('stage latency chart', () => {
  it('draws one line per stage, keyed by stage, and follows the samples from one update to the next', () => {
    const { svg, chart } = mount();
    const a = [point(1000, 500), point(2000, 800)];
    chart.update({ samples: a, nowMs: 2000, sloMs: null, width: 500, height: 200 });
    const paths = () => [...svg.querySelectorAll('.lines path')];
    expect(paths().map((p) => p.getAttribute('data-stage'))).toEqual([
      'queueMs',
      'processingMs',
      'retriesMs',
      'dlqMs',
      'endToEndMs',
    ]);
    const first = paths()[2];
    const before = first.getAttribute('d');
    chart.update({ samples: [...a, point(3000, 4000)], nowMs: 3000, sloMs: null, width: 500, height: 200 });
    // The same element (keyed join), redrawn with one more point.
    expect(paths()[2]).toBe(first);
    expect(first.getAttribute('d')).not.toBe(before);
    expect((first.getAttribute('d') ?? '').split('L')).toHaveLength(3);
    chart.destroy();
  });

  it('draws the SLO as a labelled line above the stages under it, and hides it without a budget', () => {
    const { svg, chart } = mount();
    const samples = [point(1000, 100), point(2000, 200)];
    chart.update({ samples, nowMs: 2000, sloMs: 5000, width: 500, height: 200 });
    const slo = svg.querySelector('.slo')!;
    expect(slo.getAttribute('display')).toBeNull();
    expect(slo.querySelector('text')?.textContent).toBe('SLO: end-to-end p99 ≤ 5 s');
    const sloY = Number(slo.querySelector('line')?.getAttribute('y1'));
    // The axis reaches past the SLO, so every line (all below 5 s) is drawn below it.
    expect(sloY).toBeGreaterThan(0);
    const yAt = (stage: string) =>
      Number(svg.querySelector(`.labels text[data-stage="${stage}"]`)?.getAttribute('y'));
    expect(yAt('endToEndMs')).toBeGreaterThan(sloY);
    chart.update({ samples, nowMs: 2000, sloMs: null, width: 500, height: 200 });
    expect(slo.getAttribute('display')).toBe('none');
  });

  it('shows only the last two minutes', () => {
    const { svg, chart } = mount();
    const samples = Array.from({ length: 30 }, (_, i) => point(i * 10_000, 100 + i));
    const nowMs = 290_000;
    chart.update({ samples, nowMs, sloMs: null, width: 500, height: 200 });
    const d = svg.querySelector('.lines path[data-stage="retriesMs"]')?.getAttribute('d') ?? '';
    expect(d.split('L')).toHaveLength(samples.filter((s) => s.atMs >= nowMs - STAGE_WINDOW_MS).length);
  });

  it('spreads end labels so none overlap and none drop below the axis', () => {
    const ys = spreadLabels([150, 149, 151, 40, 150], 150, 13);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(13);
    expect(Math.max(...ys)).toBeLessThanOrEqual(150);
    expect(ys[3]).toBe(40); // far from the others: stays by its line
  });

  it('formats the axis in ms below a second, in s above', () => {
    expect([0, 250, 1500, 20_000].map(formatAxisMs)).toEqual(['0', '250 ms', '1.5 s', '20 s']);
  });
});
