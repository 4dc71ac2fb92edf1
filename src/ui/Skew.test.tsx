// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupMetrics } from '../engine';
import { createSimulation } from '../engine';
import { formatSkew, SkewAlert, SkewFigure } from './Skew';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

function render(m: GroupMetrics): HTMLElement {
  const host = document.createElement('div');
  root = createRoot(host);
  act(() =>
    root!.render(
      <>
        <SkewAlert metrics={m} />
        <SkewFigure metrics={m} />
      </>,
    ),
  );
  return host;
}

/** The hot-partition preset's payments group at `ms`. */
function payments(ms: number): GroupMetrics {
  const sim = createSimulation('hot-partition', { seed: 1 });
  sim.advance(ms);
  return sim.metrics().groups.payments;
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

describe('skew in the Lag tab', () => {
  it('says the ratio is undefined when the median partition has no lag, and still names the hot one', () => {
    const m = payments(20_000);
    expect(m.skew).toBeNull();
    const host = render(m);
    expect(host.querySelector('[data-testid="skew-payments"]')?.textContent).toBe(
      '–no median lag: skew undefined',
    );
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(`Skew: ${m.hotPartitions[0]} is behind`);
    expect(alert?.textContent).toContain('skew undefined');
  });

  it('shows max / median as a ratio when the median lags', () => {
    const m = payments(30_000);
    expect(m.skew).not.toBeNull();
    const host = render(m);
    expect(host.querySelector('[data-testid="skew-payments"]')?.textContent).toBe(
      `${formatSkew(m.skew!)}skew (max / median lag)`,
    );
    expect(host.querySelector('[role="alert"]')?.textContent).toContain(
      `${m.hotPartitions.join(', ')} is up to ${formatSkew(m.skew!)} the median lag`,
    );
  });

  it('raises no alert when no partition is hot', () => {
    const m = payments(5000);
    expect(m.isSkewed).toBe(false);
    expect(render(m).querySelector('[role="alert"]')).toBeNull();
  });

  it.each([
    [1.4285, '1.4×'],
    [12.4, '12×'],
    [186, '186×'],
  ])('formats %s as %s', (skew, text) => {
    expect(formatSkew(skew)).toBe(text);
  });
});
