// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../store/session';
import { BrokerComparison } from './BrokerComparison';
import { formatMs } from './format';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const session = new Session('compare-brokers', 1);
session.advanceTo(40_000);
const comparison = session.frame().metrics.comparison!;

const host = document.createElement('div');
document.body.append(host);
const root: Root = createRoot(host);
act(() => root.render(<BrokerComparison comparison={comparison} />));

afterAll(() => act(() => root.unmount()));

const cell = (groupId: string, col: string) =>
  host.querySelector(`tr[data-group="${groupId}"] td[data-col="${col}"] strong`)?.textContent;

describe('BrokerComparison', () => {
  it('is a table with a caption, column headers and one row header per system', () => {
    const table = host.querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).toBe('Measured in this run, one row per system');
    expect([...table.querySelectorAll('thead th[scope="col"]')].map((th) => th.textContent)).toEqual([
      'system',
      'order kept',
      'replay',
      'fan-out',
      'duplicates',
      'losses',
      'redelivery after the crash',
      'dead letters',
    ]);
    expect(
      [...table.querySelectorAll('tbody th[scope="row"]')].map((th) => th.firstChild?.textContent),
    ).toEqual(['Kafka consumer group', 'Kafka share group', 'SQS standard', 'SQS FIFO', 'RabbitMQ quorum']);
  });

  it('scrolls inside a named region the keyboard can reach', () => {
    const region = host.querySelector('section[aria-label="Broker comparison table"]') as HTMLElement;
    expect(region.tabIndex).toBe(0);
    expect(region.contains(host.querySelector('table'))).toBe(true);
  });

  it('keeps the arrow keys for scrolling: the page’s step shortcut does not see them', () => {
    const region = host.querySelector('section[aria-label="Broker comparison table"]') as HTMLElement;
    const seen: string[] = [];
    const onKey = (e: KeyboardEvent) => seen.push(e.key);
    window.addEventListener('keydown', onKey);
    for (const key of ['ArrowRight', 'ArrowLeft', 'r'])
      act(() => {
        region.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      });
    window.removeEventListener('keydown', onKey);
    expect(seen).toEqual(['r']);
  });

  it('shows the engine’s figures: redelivery delays, order, replay and dead letters', () => {
    expect(cell('rabbit-workers', 'redelivery')).toBe('0 ms');
    expect(cell('sqs-workers', 'redelivery')).toBe(formatMs(comparison['sqs-workers'].redeliveryDelayMs!));
    expect(cell('payments', 'redelivery')).toBe(formatMs(comparison.payments.redeliveryDelayMs!));
    expect(cell('fifo-workers', 'order')).toBe('per group');
    expect(cell('payments', 'replay')).toBe('yes');
    expect(host.querySelector('tr[data-group="payments"] td[data-col="replay"]')?.textContent).toBe(
      `yes${comparison.payments.retained.toLocaleString('en-US')} kept`,
    );
    expect(cell('sqs-workers', 'replay')).toBe('no');
    expect(host.querySelector('tr[data-group="sqs-workers"] td[data-col="dead-letters"]')?.textContent).toBe(
      '1→ orders-sqs-dlq',
    );
    expect(cell('workers', 'dead-letters')).toBe('1');
  });

  it('lists the rule behind each figure, with the real setting names', () => {
    const rules = host.querySelector('details.qs-compare-rules')!;
    expect(rules.querySelector('summary')?.textContent).toBe('The rule behind each figure');
    expect(rules.textContent).toContain(comparison['sqs-workers'].redeliveryRule);
    expect(rules.textContent).toContain('VisibilityTimeout (10 s)');
    expect(rules.textContent).toContain('x-delivery-limit 3');
  });

  it('says in one line where Queuescope simplifies', () => {
    expect(host.textContent).toContain('Where Queuescope simplifies');
  });
});
