// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetCheck } from '../engine';
import '../engine'; // provides the queue runtime, as the page's loader does
import { Session } from '../store/session';
import {
  BudgetOutcomes,
  describeStageGrowth,
  formatBudgetValue,
  STAGE_NAMES,
  StageLatencySection,
  stageLinesOf,
} from './LatencyOutcomes';
import { stageSystemOf } from './OutcomesPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

function render(node: React.ReactNode): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root!.render(node));
  return host;
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

/** retries-pile-up at 80 s: the payment API has degraded twice; lag is still near zero. */
function frameAt(ms: number) {
  const session = new Session('retries-pile-up', 1);
  session.advanceTo(ms);
  return session.frame();
}

describe('BudgetOutcomes', () => {
  it('shows each budget as measured / budget and says in words which are over', () => {
    const frame = frameAt(80_000);
    const host = render(<BudgetOutcomes budgets={frame.metrics.budgets} showGroup={false} />);
    const e2e = host.querySelector('[data-budget="endToEndP99Ms"]')!;
    const p99 = frame.metrics.groups.payments.latency.endToEndRunMs.p99;
    expect(p99).toBeGreaterThan(5000);
    expect(e2e.className).toContain('qs-budget-over');
    expect(e2e.textContent).toContain(`end-to-end p99`);
    expect(e2e.textContent).toContain(' / 5.0 s');
    expect(e2e.textContent).toContain('✕ over budget');
    const lag = host.querySelector('[data-budget="lagSeconds"]')!;
    expect(lag.className).not.toContain('qs-budget-over');
    expect(lag.textContent).toContain('/ 5 s');
    expect(lag.textContent).toContain('✓ within budget');
    expect(host.querySelector('h3')?.textContent).toContain('1 over budget');
  });

  it('names the group when several share the budgets, and renders nothing without budgets', () => {
    const budgets: BudgetCheck[] = [
      { name: 'duplicatesPct', groupId: 'a', measured: 0.0125, budget: 0.01, isOver: true, unit: '%' },
      { name: 'duplicatesPct', groupId: 'b', measured: 0, budget: 0.01, isOver: false, unit: '%' },
    ];
    const host = render(<BudgetOutcomes budgets={budgets} showGroup={true} />);
    expect([...host.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'duplicates (a)0.013% / 0.01%✕ over budget',
      'duplicates (b)0% / 0.01%✓ within budget',
    ]);
    act(() => root!.render(<BudgetOutcomes budgets={[]} showGroup={false} />));
    expect(host.textContent).toBe('');
  });

  it('formats shares finely enough to compare with 0.01%', () => {
    expect(formatBudgetValue(0.0143, '%')).toBe('0.014%');
    expect(formatBudgetValue(12.345, '%')).toBe('12.35%');
    expect(formatBudgetValue(0.25, 's')).toBe('0.3 s');
    expect(formatBudgetValue(2500, 'ms')).toBe('2.5 s');
  });
});

describe('StageLatencySection', () => {
  it('gives the chart a text alternative: a table per stage and the stage that grew most', () => {
    const frame = frameAt(80_000);
    const latency = frame.metrics.groups.payments.latency;
    const host = render(
      <StageLatencySection
        groupId="payments"
        latency={latency}
        samples={frame.lagHistory.payments}
        sloMs={5000}
        nowMs={frame.nowMs}
      />,
    );
    const section = host.querySelector('[aria-label="Latency by stage for payments"]')!;
    expect(section.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toContain('table below');
    const row = (stage: string) =>
      [...section.querySelectorAll(`tr[data-stage="${stage}"] td`)].map((td) => td.textContent);
    expect(row('retriesMs')[3]).toBe(latency.retriesMs.count.toLocaleString('en-US'));
    expect(row('queueMs')[2]).toMatch(/^\d+ ms$/);
    expect(row('retriesMs')[2]).toMatch(/ s$/);
    expect(row('dlqMs').slice(0, 3)).toEqual(['–', '–', '–']);
    expect(section.querySelector('.qs-stage-summary')?.textContent).toMatch(
      /Growing most over the last 60 s: retries/,
    );
    expect(section.querySelectorAll('.lines path')).toHaveLength(5);
    expect(section.querySelector('.slo text')?.textContent).toBe('SLO: end-to-end p99 ≤ 5 s');
  });

  it('says no stage is growing in a steady run', () => {
    const session = new Session('default', 1);
    session.advanceTo(90_000);
    expect(describeStageGrowth(session.frame().lagHistory.payments)).toBeNull();
    expect(describeStageGrowth([])).toBeNull();
  });
});

describe('StageLatencySection for queues and share groups', () => {
  function section(preset: string, atMs: number, groupId: string) {
    const session = new Session(preset, 1);
    session.advanceTo(atMs);
    const frame = session.frame();
    const m = frame.metrics.groups[groupId];
    const system = stageSystemOf(
      frame.snapshot,
      frame.snapshot.groups.find((g) => g.groupId === groupId),
      m,
    );
    const host = render(
      <StageLatencySection
        groupId={groupId}
        latency={m.latency}
        samples={frame.lagHistory[groupId]}
        sloMs={null}
        nowMs={frame.nowMs}
        system={system}
      />,
    );
    return { host, latency: m.latency, system };
  }
  const rows = (host: HTMLElement) =>
    [...host.querySelectorAll('tr[data-stage]')].map((tr) => [
      tr.getAttribute('data-stage'),
      tr.querySelector('th')?.textContent,
      tr.querySelectorAll('td')[3]?.textContent,
    ]);

  it('SQS: the visibility-timeout wait is a redelivery wait, not time in the queue; no DLQ stage', () => {
    // sqs-redrive at 30 s: the outage victims waited out their 5 s VisibilityTimeout, then succeeded.
    const { host, latency, system } = section('sqs-redrive', 30_000, 'payments');
    expect(system).toBe('sqs');
    expect(rows(host).map((r) => r[0])).toEqual([
      'queueMs',
      'retriesMs',
      'processingMs',
      'endToEndMs',
      'endToEndRunMs',
    ]);
    expect(rows(host)[0][1]).toBe('waiting in the queue (visible, until first received)');
    expect(rows(host)[1][1]).toMatch(/^redelivery wait \(not deleted: the visibility timeout runs out/);
    expect(rows(host)[2][1]).toMatch(/^in flight/);
    expect(latency.retriesMs.count).toBeGreaterThan(0);
    expect(rows(host)[1][2]).toBe(latency.retriesMs.count.toLocaleString('en-US'));
    expect(latency.retriesMs.p50).toBeGreaterThanOrEqual(4900);
    expect(latency.queueMs.p99).toBeLessThan(1000);
    expect([...host.querySelectorAll('.lines path')].map((p) => p.getAttribute('data-stage'))).not.toContain(
      'dlqMs',
    );
    expect(host.querySelector('.qs-stage-note')?.textContent).toContain('dead-letter queue');
  });

  it('RabbitMQ names the delivery that succeeded unacked', () => {
    const { host, system } = section('rabbitmq-nack-requeue', 20_000, 'quorum-workers');
    expect(system).toBe('rabbitmq');
    expect(rows(host)[2][1]).toMatch(/^unacked/);
    expect(host.querySelector('.labels')?.textContent).toContain('unacked');
  });

  it('share groups fill the stages: Available, redelivery, acquired', () => {
    const { host, latency, system } = section('kafka-share-group', 20_000, 'workers');
    expect(system).toBe('share');
    expect(rows(host)[0][1]).toBe('waiting in the log (Available, until first acquired)');
    expect(latency.queueMs.count).toBeGreaterThan(0);
    expect(rows(host)[0][2]).toBe(latency.queueMs.count.toLocaleString('en-US'));
    expect(rows(host)[2][1]).toMatch(/^acquired/);
  });

  it('Kafka groups keep their stages and names', () => {
    expect(STAGE_NAMES.kafka.rows.map((r) => r.label)).toEqual([
      'waiting in the log',
      'processing (first attempt)',
      'retries (first failure → success)',
      'in the DLQ (→ redriven)',
      'end-to-end (produced → applied)',
      'end-to-end, whole run',
    ]);
    expect(stageLinesOf('kafka').map((l) => l.stage)).toEqual([
      'queueMs',
      'processingMs',
      'retriesMs',
      'dlqMs',
      'endToEndMs',
    ]);
  });
});
