// @vitest-environment jsdom
// The RabbitMQ length-limit counters in a queue group's Outcomes, under RabbitMQ's own names,
// with the figures the engine counts; and the produce rate line above them, which says which
// producers add up to the total.

import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../engine';
import { compareBrokers } from '../lessons/curriculum/compare';
import { deadLetterDestination, GroupOutcomes, producedSummary } from './OutcomesPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

function figures(host: HTMLElement, groupId: string): Record<string, string> {
  const section = host.querySelector(`[aria-label="Outcomes for ${groupId}"]`);
  const out: Record<string, string> = {};
  for (const f of section?.querySelectorAll('.qs-figure') ?? [])
    out[f.querySelector('.qs-figure-label')!.textContent!] =
      f.querySelector('.qs-figure-value')!.textContent!;
  return out;
}

describe('Outcomes of a group reading a RabbitMQ queue with x-max-length', () => {
  it('shows what each x-overflow mode did, beside lost and dead-lettered', () => {
    const sim = createSimulation('rabbitmq-max-length', { seed: 1 });
    sim.advance(30_000);
    const metrics = sim.metrics().groups;
    const host = document.createElement('div');
    root = createRoot(host);
    act(() =>
      root!.render(
        <div>
          {Object.entries(metrics).map(([id, m]) => (
            <GroupOutcomes key={id} groupId={id} m={m} color="#888" />
          ))}
        </div>,
      ),
    );
    const head = figures(host, 'drop-head-workers');
    expect(head['dropped (x-overflow drop-head)']).toBe(
      String(metrics['drop-head-workers'].overflow!.droppedHead),
    );
    expect(head.lost).toBe(head['dropped (x-overflow drop-head)']);
    const reject = figures(host, 'reject-workers');
    expect(reject['rejected at publish (x-overflow reject-publish)']).toBe(
      String(metrics['reject-workers'].overflow!.rejectedAtPublish),
    );
    expect(Number(reject['rejected at publish (x-overflow reject-publish)'])).toBeGreaterThan(0);
    const dlx = figures(host, 'reject-dlx-workers');
    expect(dlx['rejected at publish (x-overflow reject-publish-dlx)']).toBe(dlx['dead-lettered']);
    expect(dlx.lost).toBe('0');
    expect(host.querySelector('[aria-label="Outcomes for reject-dlx-workers"]')?.textContent).toContain(
      'refused while full (x-max-length 20) and dead-lettered (maxlen)',
    );
  });

  it('shows no overflow line for a queue without a length limit', () => {
    const sim = createSimulation('rabbitmq-dlx-retry', { seed: 1 });
    sim.advance(5_000);
    const host = document.createElement('div');
    root = createRoot(host);
    act(() =>
      root!.render(<GroupOutcomes groupId="payments" m={sim.metrics().groups.payments} color="#888" />),
    );
    expect(host.textContent).not.toContain('x-overflow');
  });
});

describe('the produce rate above the Outcomes', () => {
  it('says which producers add up to it, in the words the compare-brokers lesson and preset use', () => {
    const sim = createSimulation('compare-brokers', { seed: 1 });
    sim.advance(15_000);
    const line = producedSummary(sim.metrics().producedPerSec, sim.snapshot().producers);
    expect(line).toBe('80.0 msg/s produced: 4 producers × 20 msg/s.');
    const stated = '4 producers × 20 msg/s = 80 msg/s';
    expect(compareBrokers.steps[0].narration).toContain(stated);
    expect(sim.scenario.description).toContain(stated);
  });

  it('names no producers when one sends everything, and lists unequal rates', () => {
    const sim = createSimulation('sqs-redrive', { seed: 1 });
    sim.advance(10_000);
    expect(producedSummary(sim.metrics().producedPerSec, sim.snapshot().producers)).toBe(
      `${sim.metrics().producedPerSec.toFixed(1)} msg/s produced.`,
    );
    const [p] = sim.snapshot().producers;
    expect(producedSummary(30, [p, { ...p, producerId: 'b', ratePerSec: 25 }])).toBe(
      '30.0 msg/s produced: 2 producers, 5 + 25 msg/s.',
    );
  });
});

describe('Outcomes wording for dead letters and lag of queue groups', () => {
  function render(preset: string, atMs: number) {
    const sim = createSimulation(preset, { seed: 1 });
    sim.advance(atMs);
    const snap = sim.snapshot();
    const metrics = sim.metrics().groups;
    const host = document.createElement('div');
    root = createRoot(host);
    act(() =>
      root!.render(
        <div>
          {Object.entries(metrics).map(([id, m]) => (
            <GroupOutcomes
              key={id}
              groupId={id}
              m={m}
              color="#888"
              deadLetterTo={deadLetterDestination(snap, m.queue)}
            />
          ))}
        </div>,
      ),
    );
    return { host, metrics, snap };
  }

  it('rabbitmq-dlx-retry: messages in orders-retry wait to be retried, not in a DLQ', () => {
    const { host, metrics, snap } = render('rabbitmq-dlx-retry', 20_000);
    expect(deadLetterDestination(snap, 'orders')).toBe('retry');
    expect(metrics.payments.deadLettered).toBeGreaterThan(0);
    const text = host.querySelector('[aria-label="Outcomes for payments"]')?.textContent ?? '';
    expect(text).toContain('dead-lettered to the retry queue (waiting to be retried)');
    expect(text).not.toContain('DLQ');
    expect(text).toContain('lag (messages)');
  });

  it('sqs-redrive: dead letters are in the DLQ; a queue with messages in flight is not caught up', () => {
    const { host, metrics, snap } = render('sqs-redrive', 45_000);
    expect(deadLetterDestination(snap, 'orders')).toBe('dlq');
    const m = Object.values(metrics)[0];
    const text = host.querySelector(`[aria-label="Outcomes for ${m.groupId}"]`)?.textContent ?? '';
    if (m.deadLettered > 0) expect(text).toContain('in the DLQ');
    expect(m.lag).toBeGreaterThan(0);
    expect(m.lagMs).toBeGreaterThan(0);
    expect(text).not.toContain('caught up');
  });
});
