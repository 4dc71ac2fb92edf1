// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../engine';
import { FlowOutcomes } from './FlowOutcomes';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

function render(preset: string, ms: number): HTMLElement {
  const sim = createSimulation(preset, { seed: 1 });
  sim.advance(ms);
  const host = document.createElement('div');
  root = createRoot(host);
  act(() => root!.render(<FlowOutcomes metrics={sim.metrics()} />));
  return host;
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

describe('FlowOutcomes', () => {
  it('shows the sync path beside the queue: rejected calls and retry amplification', () => {
    const host = render('sync-vs-queue', 25_000);
    const section = host.querySelector('[aria-label="Without a queue: checkout-direct"]');
    expect(section?.textContent).toContain('rejected (no connection)');
    expect(section?.textContent).toMatch(/×[2-9]\.\d\d/);
  });

  it('names the lost and the phantom event of the dual writes', () => {
    const host = render('dual-write-outbox', 12_000);
    const lost = host.querySelector('[aria-label="Service commit-first"] .qs-figure-bad');
    expect(lost?.textContent).toContain('lost events');
    expect(lost?.textContent).toContain('1');
    const phantom = host.querySelector('[aria-label="Service publish-first"] .qs-figure-bad');
    expect(phantom?.textContent).toContain('phantom events');
    expect(host.querySelector('[aria-label="Service outbox"] .qs-figure-bad')).toBeNull();
  });

  it('shows nothing for a scenario without flow-control features', () => {
    expect(render('default', 1000).textContent).toBe('');
  });
});
