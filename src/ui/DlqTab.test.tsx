// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithController, unmountRendered } from '../../test/support/renderWithController';
import type { Fault } from '../engine';
import type { Controller } from '../store/controller';
import { DlqTab, QUEUE_REDRIVE_RATE } from './DlqTab';

let controller: Controller;

function render(preset: string, ms: number, faults: Fault[] = []): HTMLElement {
  const rendered = renderWithController(<DlqTab onFault={(f) => faults.push(f)} />, (c) => {
    c.load(preset, { seed: 1 });
    c.seek(ms, { pause: true });
  });
  controller = rendered.c;
  return rendered.host;
}

const section = (host: HTMLElement, name: string) =>
  host.querySelector<HTMLElement>(`section[aria-label="Dead-letter queue ${name}"]`);
const button = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent === name);

afterEach(unmountRendered);

describe('DlqTab', () => {
  it('lists the SQS DLQ of sqs-redrive with receive counts and the real operations', () => {
    const faults: Fault[] = [];
    const host = render('sqs-redrive', 25_000, faults);
    expect(host.textContent).not.toContain('No group in this scenario has a DLQ');
    expect(host.textContent).not.toContain('source topic');
    const dlq = section(host, 'orders-dlq');
    expect(dlq).not.toBeNull();
    const depth = controller.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.visible;
    expect(depth).toBeGreaterThan(0);
    expect(dlq!.textContent).toContain(`${depth} available`);
    const rows = dlq!.querySelectorAll('tbody tr');
    expect(rows.length).toBe(depth);
    expect(dlq!.querySelector('thead')?.textContent).toContain('ApproximateReceiveCount');
    // Every row came from orders after maxReceiveCount receives, and says when it moved.
    for (const row of rows) {
      const cells = row.querySelectorAll('td');
      expect(cells[2].textContent).toBe('orders');
      expect(Number(cells[1].textContent)).toBeGreaterThan(0);
      expect(cells[3].textContent).toMatch(/\d/);
    }
    act(() => button(dlq!, 'Redrive orders-dlq to orders')!.click());
    act(() => button(dlq!, 'Purge orders-dlq')!.click());
    expect(faults).toEqual([
      { type: 'redrive', queue: 'orders-dlq', ratePerSec: QUEUE_REDRIVE_RATE },
      { type: 'purge-dlq', queue: 'orders-dlq' },
    ]);
  });

  it('the redrive it asks for moves the messages back to the source queue', () => {
    const faults: Fault[] = [];
    render('sqs-redrive', 25_000, faults);
    const dlq = section(document.body, 'orders-dlq')!;
    act(() => button(dlq, 'Redrive orders-dlq to orders')!.click());
    const before = controller.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.visible;
    controller.inject(faults[0]);
    controller.seek(25_000 + (before / QUEUE_REDRIVE_RATE) * 1000 + 100, { pause: true });
    // Redriven poison messages may fail again, but not all within the run of the move.
    expect(controller.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.visible).toBeLessThan(before);
  });

  it('shows the x-death header of RabbitMQ dead letters, with purge but no redrive', () => {
    const host = render('rabbitmq-max-length', 16_000);
    const dlq = section(host, 'orders-overflow');
    expect(dlq).not.toBeNull();
    expect(dlq!.textContent).toContain('RabbitMQ dead-letter queue orders-overflow');
    expect(dlq!.textContent).toContain('through overflow');
    // 140 dead letters: the oldest 50 listed, the count exact.
    const total = controller.snapshot().queues!.find((q) => q.name === 'orders-overflow')!.visible;
    expect(total).toBeGreaterThan(50);
    expect(dlq!.querySelectorAll('tbody tr').length).toBe(50);
    expect(dlq!.querySelector('caption')?.textContent).toBe(`The oldest 50 of ${total} messages`);
    const first = dlq!.querySelector('tbody tr');
    expect(first?.textContent).toContain('orders-reject-dlx, maxlen, 1');
    expect(button(dlq!, 'Purge orders-overflow')).toBeDefined();
    expect([...dlq!.querySelectorAll('button')].some((b) => b.textContent?.startsWith('Redrive'))).toBe(
      false,
    );
  });

  it('shows each broker of compare-brokers: the Kafka DLQ topic, the SQS DLQs and the RabbitMQ DLX queue', () => {
    const host = render('compare-brokers', 40_000);
    expect(host.querySelector('h3')?.textContent).toContain('Kafka dead-letter topic (orders.dlt)');
    expect(host.textContent).toContain('Redrive moves messages back to their source topic');
    for (const name of ['orders-sqs-dlq', 'orders-dlq.fifo', 'orders-rabbit-dlq'])
      expect(section(host, name), name).not.toBeNull();
    expect(section(host, 'orders-rabbit-dlq')!.textContent).toContain('orders-quorum, delivery_limit, 1');
  });
  it('shows the retry queue of rabbitmq-dlx-retry as retries in waiting, not as a DLQ', () => {
    const host = render('rabbitmq-dlx-retry', 20_000);
    expect(host.textContent).not.toContain('No queue in this scenario');
    const retry = host.querySelector<HTMLElement>('section[aria-label="Retry queue orders-retry"]');
    expect(retry).not.toBeNull();
    expect(retry!.querySelector('h3')?.textContent).toBe('RabbitMQ retry queue orders-retry');
    expect(retry!.textContent).toContain('dead-lettered back to orders');
    expect(retry!.querySelector('tbody tr')).not.toBeNull();
    expect(button(retry!, 'Purge orders-retry')).toBeDefined();
    expect(section(host, 'orders-retry')).toBeNull();
  });
});
