// Outcomes of the flow-control features, beside the groups' outcomes: each producer's
// backpressure (blocked, timed out, rate-limited, shed), the synchronous path without a
// queue (rejected, timed out, retry amplification), and services that write a database and
// publish an event (lost and phantom events). Shown only when the scenario has them.

import type { Metrics, ProducerFlowMetrics, ServiceMetrics, SyncMetrics } from '../engine';
import { formatCount, formatMs } from './format';

function Figure({
  label,
  value,
  tone,
  sentence,
}: {
  label: string;
  value: string;
  tone?: 'bad' | 'good';
  sentence?: string;
}) {
  return (
    <div className={`qs-figure${tone ? ` qs-figure-${tone}` : ''}`}>
      <span className="qs-figure-value">{value}</span>
      <span className="qs-figure-label">{label}</span>
      {sentence && <span className="qs-figure-sentence">{sentence}</span>}
    </div>
  );
}

const bad = (n: number) => (n > 0 ? 'bad' : 'good');

function ProducerFlow({ p }: { p: ProducerFlowMetrics }) {
  return (
    <section className="qs-outcomes" aria-label={`Backpressure at producer ${p.producerId}`}>
      <h3>
        producer {p.producerId} <small>backpressure · {formatCount(p.attempted)} send() calls</small>
      </h3>
      <div className="qs-figures">
        <Figure
          label="blocked (buffer.memory full)"
          value={formatCount(p.blocked)}
          sentence={`${formatMs(p.blockedMs)} spent blocked · ${formatCount(p.blockedNow)} waiting now`}
        />
        <Figure
          label="failed: max.block.ms"
          value={formatCount(p.timedOut)}
          tone={bad(p.timedOut)}
          sentence={p.timedOut > 0 ? 'TimeoutException: never sent' : 'no send timed out'}
        />
        <Figure
          label="rate-limited"
          value={formatCount(p.rateLimited)}
          sentence="rejected by the token bucket"
        />
        <Figure
          label="shed (low priority)"
          value={formatCount(p.shed)}
          sentence="dropped on purpose at the edge, not lost"
        />
      </div>
      <dl className="qs-accounting">
        <dt>buffer</dt>
        <dd>
          {formatCount(p.bufferedBytes)} of {formatCount(p.bufferMemoryBytes)} bytes
        </dd>
      </dl>
    </section>
  );
}

/** The world without a queue: the same users calling the dependency directly. */
export function SyncOutcomes({ s }: { s: SyncMetrics }) {
  return (
    <section className="qs-outcomes" aria-label={`Without a queue: ${s.id}`}>
      <h3>
        without a queue: {s.id}{' '}
        <small>
          direct calls · {s.inUse}/{s.maximumPoolSize} connections in use · {formatCount(s.waiting)} waiting
        </small>
      </h3>
      <div className="qs-figures">
        <Figure
          label="requests"
          value={formatCount(s.requests)}
          sentence={`${formatCount(s.succeeded)} succeeded`}
        />
        <Figure
          label="rejected (no connection)"
          value={formatCount(s.rejected)}
          tone={bad(s.rejected)}
          sentence="connectionTimeout passed"
        />
        <Figure
          label="timed out"
          value={formatCount(s.timedOut)}
          tone={bad(s.timedOut)}
          sentence={`${formatCount(s.completedAfterTimeout)} completed anyway: work for nobody`}
        />
        <Figure
          label="retry amplification"
          value={`×${s.amplification.toFixed(2)}`}
          tone={s.amplification > 1.05 ? 'bad' : 'good'}
          sentence={`${formatCount(s.attempts)} calls for ${formatCount(s.requests)} requests`}
        />
        <Figure
          label="failed for good"
          value={formatCount(s.failed)}
          tone={bad(s.failed)}
          sentence="the user gave up"
        />
        <Figure
          label="p99 to success"
          value={formatMs(s.latencyMs.p99)}
          sentence={`p50 ${formatMs(s.latencyMs.p50)}`}
        />
      </div>
    </section>
  );
}

const WRITE_PATH: Record<ServiceMetrics['writePath'], string> = {
  'dual-write-commit-first': 'dual write: commit, then publish',
  'dual-write-publish-first': 'dual write: publish, then commit',
  outbox: 'transactional outbox + relay',
};

function ServiceOutcomes({ s }: { s: ServiceMetrics }) {
  return (
    <section className="qs-outcomes" aria-label={`Service ${s.serviceId}`}>
      <h3>
        service {s.serviceId}{' '}
        <small>
          {WRITE_PATH[s.writePath]}
          {s.isDown ? ' · down' : ''}
        </small>
      </h3>
      <div className="qs-figures">
        <Figure
          label="lost events"
          value={formatCount(s.lostEvents)}
          tone={bad(s.lostEvents)}
          sentence="committed, never published"
        />
        <Figure
          label="phantom events"
          value={formatCount(s.phantomEvents)}
          tone={bad(s.phantomEvents)}
          sentence="published, never committed"
        />
        <Figure
          label="duplicate events"
          value={formatCount(s.duplicateEvents)}
          sentence="published twice: consumers must be idempotent"
        />
      </div>
      <dl className="qs-accounting">
        <dt>committed</dt>
        <dd>{formatCount(s.committed)}</dd>
        <dt>published</dt>
        <dd>{formatCount(s.published)}</dd>
        {s.writePath === 'outbox' && (
          <>
            <dt>outbox rows waiting</dt>
            <dd>{formatCount(s.pendingOutbox)}</dd>
          </>
        )}
        <dt>crashes</dt>
        <dd>
          {formatCount(s.crashes)} · {formatCount(s.refused)} requests refused while down
        </dd>
      </dl>
    </section>
  );
}

export function FlowOutcomes({ metrics }: { metrics: Metrics }) {
  return (
    <>
      {metrics.sync && <SyncOutcomes s={metrics.sync} />}
      {Object.values(metrics.producers ?? {}).map((p) => (
        <ProducerFlow key={p.producerId} p={p} />
      ))}
      {Object.values(metrics.services ?? {}).map((s) => (
        <ServiceOutcomes key={s.serviceId} s={s} />
      ))}
    </>
  );
}
