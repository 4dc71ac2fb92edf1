// Controls that change the run: faults applied now (crash, restart, slow down, pause, hot
// key, poison, duplicates, failures, outage) and scenario settings, which restart the run
// from t = 0 with the same seed (the engine's configs are fixed for a run, as in Kafka
// where most of them need a client restart too).

import { useState } from 'react';
import { type CrashPoint, type GroupSnapshot, type MemberSnapshot, scenarioEdit } from '../engine';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';

const CRASH_POINTS: { value: CrashPoint; label: string }[] = [
  { value: 'now', label: 'now' },
  { value: 'before-process', label: 'before processing the next record' },
  { value: 'after-process-before-commit', label: 'after processing, before commit' },
  { value: 'after-commit-before-process-completes', label: 'after commit, before processing completes' },
];

function MemberControls({ member }: { member: MemberSnapshot }) {
  const controller = useController();
  const [point, setPoint] = useState<CrashPoint>('now');
  const id = member.memberId;
  const isDown = member.state === 'Crashed';
  const isGone = member.state === 'Left';
  return (
    <li className="qs-member-controls">
      <span className="qs-member-name">
        {id} <small>{member.state}</small>
      </span>
      <select
        className="qs-crash-point"
        aria-label={`Crash point for ${id}`}
        title="When the crash happens"
        value={point}
        onChange={(e) => setPoint(e.target.value as CrashPoint)}
        disabled={isDown || isGone}
      >
        {CRASH_POINTS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={isDown || isGone}
        onClick={() => controller.tryInject({ type: 'crash-consumer', memberId: id, point })}
      >
        Crash consumer {id}
      </button>
      <button
        type="button"
        disabled={!isDown}
        onClick={() => controller.tryInject({ type: 'restart-consumer', memberId: id })}
      >
        Restart {id}
      </button>
      <button
        type="button"
        disabled={isDown || isGone}
        onClick={() =>
          controller.tryInject({
            type: 'slow-consumer',
            memberId: id,
            factor: member.processingFactor === 1 ? 5 : 1,
          })
        }
      >
        {member.processingFactor === 1 ? `Slow down ${id} ×5` : `Restore speed of ${id}`}
      </button>
      <button
        type="button"
        disabled={isDown || isGone || member.state === 'Paused'}
        onClick={() => controller.tryInject({ type: 'pause-consumer', memberId: id, durationMs: 15_000 })}
      >
        Pause {id} 15 s (GC)
      </button>
      <button
        type="button"
        disabled={isGone}
        onClick={() => controller.tryInject({ type: 'remove-consumer', memberId: id })}
      >
        Remove {id}
      </button>
    </li>
  );
}

function GroupControls({ group }: { group: GroupSnapshot }) {
  const controller = useController();
  const [dupCount, setDupCount] = useState(10);
  const g = group.groupId;
  const setGroupConfig = (patch: scenarioEdit.GroupPatch) =>
    controller.editScenario((doc) => scenarioEdit.setGroupConfig(doc, g, patch));
  return (
    <fieldset className="qs-fieldset">
      <legend>
        Group {g}{' '}
        <small>
          ({group.delivery}, {group.protocol})
        </small>
      </legend>
      <div className="qs-row">
        <button type="button" onClick={() => controller.tryInject({ type: 'add-consumer', groupId: g })}>
          Add consumer to {g}
        </button>
        <label className="qs-inline">
          Duplicates
          <input
            type="number"
            min={1}
            max={1000}
            value={dupCount}
            aria-label={`Duplicate delivery count for ${g}`}
            onChange={(e) => setDupCount(Number(e.target.value))}
          />
        </label>
        <button
          type="button"
          onClick={() =>
            controller.tryInject({
              type: 'duplicate-delivery',
              groupId: g,
              count: Math.max(1, Math.min(1000, dupCount || 1)),
            })
          }
        >
          Deliver next {dupCount} twice ({g})
        </button>
      </div>
      <ul className="qs-members">
        {group.members
          .filter((m) => m.state !== 'Left')
          .map((m) => (
            <MemberControls key={m.memberId} member={m} />
          ))}
      </ul>
      <details>
        <summary>Settings for {g} (restart the run)</summary>
        <div className="qs-grid">
          <label>
            partition.assignment.strategy
            <select
              aria-label={`Assignor for ${g}`}
              value={group.protocol}
              onChange={(e) =>
                setGroupConfig({
                  'partition.assignment.strategy': e.target
                    .value as scenarioEdit.GroupPatch['partition.assignment.strategy'],
                })
              }
            >
              {['range', 'roundrobin', 'sticky', 'cooperative-sticky'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Delivery
            <select
              aria-label={`Delivery mode for ${g}`}
              value={group.delivery}
              onChange={(e) =>
                controller.editScenario((doc) =>
                  scenarioEdit.setDeliveryMode(doc, g, e.target.value as GroupSnapshot['delivery']),
                )
              }
            >
              <option value="at-most-once">at-most-once (commit, then process)</option>
              <option value="at-least-once">at-least-once (process, then commit)</option>
              <option value="effectively-once">effectively-once (+ idempotency store)</option>
            </select>
          </label>
          <NumberSetting
            label="session.timeout.ms"
            group={g}
            onApply={(v) => setGroupConfig({ 'session.timeout.ms': v })}
          />
          <NumberSetting
            label="heartbeat.interval.ms"
            group={g}
            onApply={(v) => setGroupConfig({ 'heartbeat.interval.ms': v })}
          />
          <NumberSetting
            label="max.poll.interval.ms"
            group={g}
            onApply={(v) => setGroupConfig({ 'max.poll.interval.ms': v })}
          />
          <NumberSetting
            label="max.poll.records"
            group={g}
            onApply={(v) => setGroupConfig({ 'max.poll.records': v })}
          />
          <NumberSetting
            label="processing mean ms"
            group={g}
            onApply={(v) => setGroupConfig({ processing: { meanMs: v } })}
          />
        </div>
      </details>
    </fieldset>
  );
}

function NumberSetting({
  label,
  group,
  onApply,
}: {
  label: string;
  group: string;
  onApply(value: number): void;
}) {
  const [text, setText] = useState('');
  return (
    <label>
      {label}
      <span className="qs-row">
        <input
          type="number"
          aria-label={`${label} for ${group}`}
          value={text}
          placeholder="value"
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="button"
          disabled={text === ''}
          onClick={() => onApply(Number(text))}
          aria-label={`Apply ${label} for ${group}`}
        >
          Apply
        </button>
      </span>
    </label>
  );
}

export function ControlsPanel() {
  const controller = useController();
  const groups = useApp((s) => s.panelFrame?.snapshot.groups);
  const producers = useApp((s) => s.panelFrame?.snapshot.producers);
  const topics = useApp((s) => s.panelFrame?.snapshot.topics);
  const [share, setShare] = useState(0.8);
  const [rate, setRate] = useState('');
  const [failureRate, setFailureRate] = useState(0.02);
  const producer = producers?.[0];
  return (
    <div className="qs-controls">
      <fieldset className="qs-fieldset">
        <legend>Producer {producer?.producerId}</legend>
        <p className="qs-muted">
          {producer
            ? `${producer.ratePerSec} msg/s, ${producer.keys}, enable.idempotence=${producer.isIdempotent}`
            : 'No producer'}
        </p>
        <div className="qs-row">
          <label className="qs-inline">
            Rate (msg/s)
            <input
              type="number"
              min={0}
              max={100000}
              aria-label="Producer rate"
              value={rate}
              placeholder={String(producer?.ratePerSec ?? '')}
              onChange={(e) => setRate(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={rate === ''}
            onClick={() => controller.tryInject({ type: 'set-rate', ratePerSec: Number(rate) })}
          >
            Set rate
          </button>
        </div>
        <div className="qs-row">
          <label className="qs-inline">
            Hot key share {Math.round(share * 100)}%
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              aria-label="Hot key share"
              value={share}
              onChange={(e) => setShare(Number(e.target.value))}
            />
          </label>
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'hot-key', key: 'merchant-42', share })}
          >
            Create hot key
          </button>
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'hot-key', key: 'merchant-42', share: 0 })}
          >
            Clear hot key
          </button>
        </div>
        <div className="qs-row">
          <label className="qs-inline">
            Key distribution
            <select
              value=""
              onChange={(e) => {
                const type = e.target.value;
                if (!type) return;
                controller.editScenario((doc) =>
                  scenarioEdit.setProducerKeys(
                    doc,
                    0,
                    type === 'zipf'
                      ? { type: 'zipf', count: 1000, exponent: 1.1, prefix: 'order-' }
                      : type === 'null'
                        ? { type: 'null' }
                        : { type: 'uniform', count: 5000, prefix: 'order-' },
                  ),
                );
              }}
            >
              <option value="">change (restarts)…</option>
              <option value="uniform">uniform over 5000 keys</option>
              <option value="zipf">Zipf(1.1) over 1000 keys</option>
              <option value="null">null keys (sticky partitioner)</option>
            </select>
          </label>
        </div>
        <div className="qs-row">
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'poison-message', key: 'order-poison' })}
          >
            Send poison message
          </button>
          <button type="button" onClick={() => controller.tryInject({ type: 'producer-retry', count: 10 })}>
            Producer retries ×10 (lost acks)
          </button>
        </div>
      </fieldset>
      <fieldset className="qs-fieldset">
        <legend>Downstream dependency</legend>
        <div className="qs-row">
          <label className="qs-inline">
            Failure rate {(failureRate * 100).toFixed(0)}%
            <input
              type="range"
              min={0}
              max={0.5}
              step={0.01}
              aria-label="Failure rate"
              value={failureRate}
              onChange={(e) => setFailureRate(Number(e.target.value))}
            />
          </label>
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'failure-rate', rate: failureRate })}
          >
            Apply failure rate
          </button>
          <button type="button" onClick={() => controller.tryInject({ type: 'outage', durationMs: 10_000 })}>
            Outage 10 s
          </button>
        </div>
      </fieldset>
      {groups?.map((g) => (
        <GroupControls key={g.groupId} group={g} />
      ))}
      <fieldset className="qs-fieldset">
        <legend>Topic (restarts the run)</legend>
        {topics?.map((t) => (
          <div className="qs-row" key={t.name}>
            <span>
              {t.name}: {t.partitions} partitions, retention.ms={t.retentionMs}
            </span>
            <button
              type="button"
              disabled={t.partitions >= scenarioEdit.MAX_PARTITIONS}
              onClick={() => controller.editScenario((doc) => scenarioEdit.addPartition(doc, t.name))}
            >
              Add partition to {t.name}
            </button>
            <button
              type="button"
              onClick={() =>
                controller.editScenario((doc) =>
                  scenarioEdit.setTopicConfig(doc, t.name, {
                    'retention.ms': t.retentionMs === 30_000 ? 600_000 : 30_000,
                  }),
                )
              }
            >
              {t.retentionMs === 30_000 ? 'Retention 10 min' : 'Retention 30 s'}
            </button>
          </div>
        ))}
        <div className="qs-row">
          <button
            type="button"
            disabled={(groups?.length ?? 0) >= scenarioEdit.MAX_GROUPS}
            onClick={() => controller.editScenario(scenarioEdit.addGroup)}
          >
            Add consumer group
          </button>
          <button
            type="button"
            disabled={(groups?.length ?? 0) <= 1}
            onClick={() => controller.editScenario(scenarioEdit.removeLastGroup)}
          >
            Remove last group
          </button>
        </div>
      </fieldset>
    </div>
  );
}
