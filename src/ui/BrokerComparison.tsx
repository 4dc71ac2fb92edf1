// "Kafka or RabbitMQ or SQS?" as a table the engine fills (metrics().comparison): one row per
// system, each cell a measured figure with the rule behind it in small print. Shown in Outcomes
// when a scenario runs two or more kinds of system. At 390 px the table scrolls sideways inside
// a focusable region, so keyboard users can scroll it too.

import type { KeyboardEvent } from 'react';
import type { BrokerComparisonRow } from '../engine';
import { formatCount, formatMs } from './format';
import './brokerComparison.css';

function Rule({ children }: { children: string }) {
  return <span className="qs-compare-rule">{children}</span>;
}

function redelivery(r: BrokerComparisonRow): string {
  if (r.crash === null) return 'no crash yet';
  if (r.crash.heldCount === 0) return `${r.crash.memberId} held nothing`;
  if (r.redeliveryDelayMs === null) return 'not yet redelivered';
  return formatMs(r.redeliveryDelayMs);
}

/**
 * The arrow keys scroll the focused table sideways, as in any scrollable region; the page's
 * ArrowRight shortcut (step one event) would otherwise take them and cancel the scroll.
 */
function keepArrowsForScrolling(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') e.stopPropagation();
}

export function BrokerComparison({ comparison }: { comparison: Record<string, BrokerComparisonRow> }) {
  const rows = Object.values(comparison);
  return (
    <section className="qs-outcomes qs-compare" aria-labelledby="qs-compare-title">
      <h3 id="qs-compare-title">Kafka, SQS or RabbitMQ? The same workload and faults, side by side</h3>
      <p className="qs-muted qs-compare-note">
        Duplicates and losses come from the sink; the redelivery delay runs from a consumer's crash to the
        first delivery, to anyone, of a message it held.
      </p>
      <p className="qs-compare-hint">
        Seven figures per system: the table scrolls sideways where the panel is narrow (focus it and use the
        arrow keys).
      </p>
      <section
        className="qs-compare-scroll"
        aria-label="Broker comparison table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
        tabIndex={0}
        onKeyDown={keepArrowsForScrolling}
      >
        <table className="qs-table qs-compare-table">
          <caption>Measured in this run, one row per system</caption>
          <thead>
            <tr>
              <th scope="col">system</th>
              <th scope="col">order kept</th>
              <th scope="col">replay</th>
              <th scope="col">fan-out</th>
              <th scope="col">duplicates</th>
              <th scope="col">losses</th>
              <th scope="col">redelivery after the crash</th>
              <th scope="col">dead letters</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.groupId} data-group={r.groupId}>
                <th scope="row">
                  {r.label}
                  <Rule>{`${r.groupId} reads ${r.source}`}</Rule>
                </th>
                <td data-col="order">
                  <strong>{r.order}</strong>
                  <Rule>{`${formatCount(r.outOfOrder)} out of order`}</Rule>
                </td>
                <td data-col="replay">
                  <strong>{r.isReplayable ? 'yes' : 'no'}</strong>
                  <Rule>{r.isReplayable ? `${formatCount(r.retained)} kept` : 'deleted when done'}</Rule>
                </td>
                <td data-col="fan-out">
                  <strong>{`${r.fanOut} ${r.fanOut === 1 ? 'reader' : 'readers'}`}</strong>
                </td>
                <td data-col="duplicates">
                  <strong>{formatCount(r.duplicates)}</strong>
                  <Rule>{`of ${formatCount(r.applied)} applied`}</Rule>
                </td>
                <td data-col="losses">
                  <strong>{formatCount(r.lost)}</strong>
                </td>
                <td data-col="redelivery">
                  <strong>{redelivery(r)}</strong>
                  {r.crash !== null && r.crash.heldCount > 0 && (
                    <Rule>{`${r.crash.memberId} held ${formatCount(r.crash.heldCount)}`}</Rule>
                  )}
                </td>
                <td data-col="dead-letters">
                  <strong>{formatCount(r.deadLettered)}</strong>
                  <Rule>{r.deadLetterTarget ? `→ ${r.deadLetterTarget}` : 'archived'}</Rule>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <details className="qs-compare-rules">
        <summary>The rule behind each figure</summary>
        {rows.map((r) => (
          <section key={r.groupId} aria-label={`Rules for ${r.label}`}>
            <h4>{r.label}</h4>
            <dl className="qs-dl">
              <dt>order</dt>
              <dd>{r.orderRule}</dd>
              <dt>replay</dt>
              <dd>{r.replayRule}</dd>
              <dt>fan-out</dt>
              <dd>{r.fanOutRule}</dd>
              <dt>after a crash</dt>
              <dd>{r.redeliveryRule}</dd>
              <dt>dead letters</dt>
              <dd>{r.deadLetterRule}</dd>
            </dl>
          </section>
        ))}
      </details>
      <p className="qs-muted qs-compare-note">
        Where Queuescope simplifies: each system is one broker on one virtual clock, with no network or broker
        failures; each producer draws its own keys from the same distribution; SQS standard's rare duplicate
        receive is off.
      </p>
    </section>
  );
}
