// Controls for one consumer group: add a consumer, deliver records twice, per-member
// faults (crash at a chosen point, restart, slow down, pause, remove), and the group's
// settings, which restart the run through the engine's typed scenario edits.

import { useState } from 'react';
import { type CrashPoint, type GroupSnapshot, type MemberSnapshot, scenarioEdit } from '../engine';
import { useController } from '../store/ControllerContext';

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

export function GroupControls({ group }: { group: GroupSnapshot }) {
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
