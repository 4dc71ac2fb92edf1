// Details of what was clicked: a partition, a consumer, a group or a message — offsets,
// states with their history, and for a message why it landed on its partition.

import { murmur2, partitionForKey, toPositive } from '../engine';
import { utf8 } from '../engine/kafka/murmur2';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';
import { LATEST_RECORDS, recordKey } from '../store/inspect';
import type { Selection } from '../store/store';
import { formatCount, formatMs, formatTime } from './format';
import { QueueInspector } from './QueueInspector';

function History({ items }: { items: { atMs: number; state: string }[] }) {
  return (
    <ol className="qs-history">
      {items.slice(-12).map((h) => (
        <li key={`${h.atMs}-${h.state}`}>
          <time>{formatTime(h.atMs)}</time> {h.state}
        </li>
      ))}
    </ol>
  );
}

export function InspectorTab({ selection }: { selection: Selection | null }) {
  const frame = useApp((s) => s.panelFrame);
  if (!frame) return null;
  if (!selection)
    return (
      <p className="qs-muted">
        Click a partition, a consumer, a group or a moving message in the diagram to see its details here.
      </p>
    );
  const snap = frame.snapshot;
  if (selection.kind === 'partition') {
    const p = snap.partitions.find((x) => x.topic === selection.topic && x.partition === selection.partition);
    if (!p) return <p className="qs-muted">That partition is gone.</p>;
    const rateIndex = snap.partitions.indexOf(p);
    return (
      <div className="qs-panel">
        <h3>
          Partition {p.topic}-{p.partition}
        </h3>
        <dl className="qs-dl">
          <dt>log-start offset</dt>
          <dd>{formatCount(p.logStartOffset)}</dd>
          <dt>log-end offset</dt>
          <dd>{formatCount(p.logEndOffset)}</dd>
          <dt>producing</dt>
          <dd>{(frame.activity.producedPerPartitionPerSec[rateIndex] ?? 0).toFixed(1)} msg/s</dd>
        </dl>
        <table className="qs-table">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Committed</th>
              <th scope="col">Lag</th>
              <th scope="col">Oldest unconsumed</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(p.committed).map((g) => (
              <tr key={g}>
                <td>{g}</td>
                <td>{p.committed[g] < 0 ? 'none' : formatCount(p.committed[g])}</td>
                <td>{formatCount(p.lag[g])}</td>
                <td>{formatMs(p.lagMs[g])}</td>
                <td>{p.owner[g] ?? 'unassigned'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="qs-muted">
          Lag = log-end offset − committed offset, as kafka-consumer-groups prints it.
        </p>
        <MessageList
          topic={p.topic}
          partition={p.partition}
          from={Math.max(p.logStartOffset, p.logEndOffset - LATEST_RECORDS)}
          to={p.logEndOffset}
        />
      </div>
    );
  }
  if (selection.kind === 'member') {
    const group = snap.groups.find((g) => g.members.some((m) => m.memberId === selection.memberId));
    const m = group?.members.find((x) => x.memberId === selection.memberId);
    if (!group || !m) return <p className="qs-muted">That consumer is gone.</p>;
    return (
      <div className="qs-panel">
        <h3>
          Consumer {m.memberId} <small>in {group.groupId}</small>
        </h3>
        <dl className="qs-dl">
          <dt>state</dt>
          <dd>
            {m.state} since {formatTime(m.stateSinceMs)}
            {m.isZombie ? ' — a zombie: removed by the coordinator, still running' : ''}
          </dd>
          <dt>doing</dt>
          <dd>
            {m.current
              ? `${m.activity} ${m.current.topic}-${m.current.partition}@${m.current.offset} (attempt ${m.current.attempt})`
              : (m.idleReason ?? m.activity)}
          </dd>
          <dt>assigned</dt>
          <dd>{m.assigned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ') || 'none'}</dd>
          <dt>generation</dt>
          <dd>{m.generationId}</dd>
          <dt>processed</dt>
          <dd>{formatCount(m.processedCount)}</dd>
          <dt>buffered</dt>
          <dd>
            {formatCount(m.bufferSize)} {m.bufferSize === 1 ? 'record' : 'records'} from the last poll
          </dd>
          <dt>processing time</dt>
          <dd>×{m.processingFactor}</dd>
        </dl>
        <h4>State history</h4>
        <History items={m.history} />
      </div>
    );
  }
  if (selection.kind === 'group') {
    const g = snap.groups.find((x) => x.groupId === selection.groupId);
    if (!g) return <p className="qs-muted">That group is gone.</p>;
    return (
      <div className="qs-panel">
        <h3>Consumer group {g.groupId}</h3>
        <dl className="qs-dl">
          <dt>state</dt>
          <dd>
            {g.state} (generation {g.generationId}) since {formatTime(g.stateSinceMs)}
          </dd>
          <dt>leader</dt>
          <dd>{g.leaderId ?? 'none'}</dd>
          <dt>assignor</dt>
          <dd>
            {g.protocol} (
            {g.isCooperative
              ? 'cooperative: only moving partitions are revoked'
              : 'eager: every rebalance revokes everything'}
            )
          </dd>
          <dt>delivery</dt>
          <dd>
            {g.delivery}, commit {g.commit}
          </dd>
          <dt>members</dt>
          <dd>{g.members.map((m) => `${m.memberId} (${m.state})`).join(', ')}</dd>
          <dt>idempotency store</dt>
          <dd>
            {g.delivery === 'effectively-once'
              ? `${formatCount(g.idempotencyStoreSize)} message ids`
              : 'not used'}
          </dd>
          <dt>retries</dt>
          <dd>
            {g.retryMode}
            {g.retryTopics.length > 0
              ? `: ${g.retryTopics.map((t) => `${t.name} (${t.depth})`).join(', ')}`
              : ''}
            {g.deadLetterTopic ? ` → ${g.deadLetterTopic}` : ''}
          </dd>
        </dl>
        <h4>State history</h4>
        <History items={g.history} />
      </div>
    );
  }
  if (selection.kind === 'queue' || selection.kind === 'queue-consumer')
    return <QueueInspector selection={selection} snap={snap} />;
  return <MessageDetails topic={selection.topic} partition={selection.partition} offset={selection.offset} />;
}

function MessageList({
  topic,
  partition,
  from,
  to,
}: {
  topic: string;
  partition: number;
  from: number;
  to: number;
}) {
  const controller = useController();
  const offsets: number[] = [];
  for (let o = to - 1; o >= from; o--) offsets.push(o);
  if (offsets.length === 0) return null;
  return (
    <>
      <h4>Latest records</h4>
      <ul className="qs-plain">
        {offsets.map((o) => (
          <li key={o}>
            <button
              type="button"
              className="qs-link"
              onClick={() => controller.select({ kind: 'message', topic, partition, offset: o })}
            >
              <MessageDetails topic={topic} partition={partition} offset={o} isCompact />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function MessageDetails({
  topic,
  partition,
  offset,
  isCompact = false,
}: {
  topic: string;
  partition: number;
  offset: number;
  isCompact?: boolean;
}) {
  const record = useApp((s) => s.inspectedRecords[recordKey(topic, partition, offset)]);
  const partitions = useApp(
    (s) => s.panelFrame?.snapshot.topics.find((t) => t.name === topic)?.partitions ?? 1,
  );
  if (!record)
    return <p className="qs-muted">Record {offset} is no longer in the log (retention or compaction).</p>;
  const why =
    record.key === null
      ? 'null key: the sticky partitioner chose this partition for the current batch'
      : `murmur2("${record.key}") = ${murmur2(utf8(record.key))} → toPositive = ${toPositive(murmur2(utf8(record.key)))} → % ${partitions} = ${partitionForKey(record.key, partitions)}`;
  const applied = Object.entries(record.applied)
    .map(([g, n]) => `${g}: ${n === 0 ? 'not yet' : n === 1 ? 'once' : `${n} times`}`)
    .join(', ');
  if (isCompact) {
    return (
      <span>
        @{offset} key {record.key ?? 'null'} · #{record.messageId} · {applied}
      </span>
    );
  }
  return (
    <div className="qs-panel">
      <h3>
        Message #{record.messageId} at {topic}-{partition}@{offset}
      </h3>
      <dl className="qs-dl">
        <dt>key</dt>
        <dd>{record.key ?? 'null'}</dd>
        <dt>why this partition</dt>
        <dd>{why}</dd>
        <dt>produced</dt>
        <dd>{formatTime(record.producedAtMs)}</dd>
        <dt>applied</dt>
        <dd>{applied}</dd>
        <dt>flags</dt>
        <dd>
          {[
            record.isPoison && 'poison',
            record.redriveCount > 0 && `redriven ${record.redriveCount}×`,
            record.isRetryDuplicate && 'producer-retry duplicate',
          ]
            .filter(Boolean)
            .join(', ') || 'none'}
        </dd>
      </dl>
    </div>
  );
}
