// @vitest-environment jsdom
// The Lag tab on queue presets: each group reading an SQS or RabbitMQ queue shows its backlog
// under the broker's own names, with the engine's figures, drawn over the last minute.

import { afterEach, describe, expect, it } from 'vitest';
import { renderWithController, unmountRendered } from '../../test/support/renderWithController';
import '../engine'; // provides the queue runtime, as the page's loader does
import type { Controller } from '../store/controller';
import { LagTab } from './LagTab';
import { backlogTerms } from './QueueLag';

function renderLag(preset: string, atMs: number): { host: HTMLElement; c: Controller } {
  return renderWithController(<LagTab />, (c) => c.load(preset, { seed: 1, timeMs: atMs }));
}

const cells = (section: Element, band: string) =>
  [...section.querySelectorAll(`tr[data-band="${band}"] > *`)].map((x) => x.textContent ?? '');

afterEach(unmountRendered);

describe('LagTab on queue presets', () => {
  it('SQS: the backlog in CloudWatch names, with the engine’s counts, and a line on what is simplified', () => {
    // sqs-redrive at 18 s: the outage keeps failed messages in flight until their visibility timeout.
    const { host, c } = renderLag('sqs-redrive', 18_000);
    const m = c.store.getState().panelFrame!.metrics.groups.payments;
    expect(m.queueInFlight).toBeGreaterThan(5);
    const section = host.querySelector('[aria-label="Lag of payments"]')!;
    expect(section).not.toBeNull();
    expect(cells(section, 'visible')[0]).toContain('ApproximateNumberOfMessagesVisible');
    expect(cells(section, 'visible')[1]).toBe(String(m.queueVisible));
    expect(cells(section, 'inFlight')[0]).toContain('ApproximateNumberOfMessagesNotVisible');
    expect(cells(section, 'inFlight')[1]).toBe(String(m.queueInFlight));
    expect(cells(section, 'delayed')[0]).toContain('ApproximateNumberOfMessagesDelayed');
    expect(cells(section, 'age')[0]).toContain('ApproximateAgeOfOldestMessage');
    expect(m.lag).toBe(m.queueVisible! + m.queueInFlight! + m.queueDelayed!);
    expect(section.querySelector('.qs-simplifies')?.textContent).toMatch(/^Queuescope simplifies/);
    // The chart draws the recorded backlog: the in-flight band has an area, over the last minute.
    const inFlight = section.querySelector('path[data-band="inFlight"]')?.getAttribute('d') ?? '';
    expect(inFlight.length).toBeGreaterThan(20);
    // The group's lag is drawn in the chart of every group too.
    expect(host.querySelector('.lines path[data-group="payments"]')?.getAttribute('d')).not.toBe('');
    // Its axis counts messages, not Kafka records.
    expect([...host.querySelectorAll('svg.qs-chart > text')].map((t) => t.textContent)).toContain(
      'messages in the queue',
    );
  });

  it('RabbitMQ: messages_ready and messages_unacknowledged, no delayed figure, one section per group', () => {
    const { host, c } = renderLag('rabbitmq-nack-requeue', 20_000);
    const metrics = c.store.getState().panelFrame!.metrics.groups;
    for (const id of ['classic-workers', 'quorum-workers']) {
      const section = host.querySelector(`[aria-label="Lag of ${id}"]`)!;
      expect(cells(section, 'visible')[0]).toContain('messages_ready');
      expect(cells(section, 'visible')[1]).toBe(String(metrics[id].queueVisible));
      expect(cells(section, 'inFlight')[0]).toContain('messages_unacknowledged');
      expect(cells(section, 'inFlight')[1]).toBe(String(metrics[id].queueInFlight));
      expect(section.querySelector('tr[data-band="delayed"]')).toBeNull();
    }
  });

  it('Kafka groups keep their partition bars; a share group says what its lag counts', () => {
    const { host } = renderLag('kafka-share-group', 10_000);
    const share = host.querySelector('[aria-label="Lag of workers"]')!;
    expect(share.querySelector('ol.qs-bars')).not.toBeNull();
    expect(share.textContent).toContain('SPSO');
    expect(share.textContent).not.toContain('rebalance');
    expect([...host.querySelectorAll('svg.qs-chart > text')].map((t) => t.textContent)).toContain(
      'records behind',
    );
  });

  it('names every figure per queue type', () => {
    expect(backlogTerms('sqs-fifo').system).toBe('SQS FIFO');
    expect(backlogTerms('rabbitmq-quorum').bands.delayed).toBeNull();
    expect(backlogTerms('sqs-standard').age.name).toBe('ApproximateAgeOfOldestMessage');
  });
});
