// The Inspector for the queue half (issue 12): a queue or DLQ with its counts and settings
// under their real names and its messages (receive counts, x-death history), or a queue
// consumer with its prefetch window and the messages it holds with their visibility countdown.

import type { Snapshot } from '../engine';
import { isSqs } from '../engine/queues/types';
import type { Selection } from '../store/store';
import { formatRemaining } from '../viz/flow/queues';
import { type ConsumerExtras, queueConsumerState } from '../viz/queueModel';
import { inspectQueue } from './queueMenu';

type QueueSelection = Extract<Selection, { kind: 'queue' | 'queue-consumer' }>;

export function QueueInspector({ selection, snap }: { selection: QueueSelection; snap: Snapshot }) {
  const q = snap.queues?.find((x) => x.name === selection.queue);
  if (!q) return <p className="qs-muted">That queue is gone.</p>;
  if (selection.kind === 'queue-consumer') {
    const c = q.consumers.find((x) => x.consumerId === selection.consumerId);
    if (!c) return <p className="qs-muted">That consumer is gone.</p>;
    const member = snap.groups.flatMap((g) => g.members).find((m) => m.memberId === c.consumerId);
    const held = q.messages.filter((m) => m.consumerId === c.consumerId && m.visibleAtMs !== undefined);
    return (
      <div className="qs-panel">
        <h3>
          Queue consumer {c.consumerId} on {q.name}
        </h3>
        <dl className="qs-dl">
          <dt>group</dt>
          <dd>{c.groupId}</dd>
          <dt>state</dt>
          <dd>{queueConsumerState(c as ConsumerExtras, member?.state, snap.nowMs) ?? 'unknown'}</dd>
          <dt>{isSqs(q.type) ? 'MaxNumberOfMessages' : 'prefetch'}</dt>
          <dd>
            {c.inFlight} of {c.prefetch} held
          </dd>
        </dl>
        <h4>Messages it holds</h4>
        {held.length === 0 ? (
          <p className="qs-muted">none</p>
        ) : (
          <ol className="qs-history">
            {held.map((m) => (
              <li key={m.messageId}>
                #{m.messageId} · receive {m.receiveCount} ·{' '}
                {isSqs(q.type) ? 'visible again in' : 'consumer_timeout in'}{' '}
                {formatRemaining((m.visibleAtMs ?? snap.nowMs) - snap.nowMs)}
              </li>
            ))}
          </ol>
        )}
      </div>
    );
  }
  const found = inspectQueue(snap, q.name, 30);
  return (
    <div className="qs-panel">
      <h3>{found?.title}</h3>
      <p>{found?.summary}</p>
      <dl className="qs-dl">
        <dt>dead-letter target</dt>
        <dd>{q.deadLetterTarget ?? 'none'}</dd>
        {Object.entries(q.settings).map(([name, value]) => (
          <div key={name} style={{ display: 'contents' }}>
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <h4>Oldest messages</h4>
      <ol className="qs-queue-inspect-list">
        {found?.messages.map((m) => (
          <li key={m.messageId}>
            #{m.messageId} {m.key} · {m.state} · {m.receives}
            {m.xDeath.length > 0 && (
              <ul>
                {m.xDeath.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {found && found.notListed > 0 && (
        <p className="qs-muted">{found.notListed.toLocaleString('en-US')} more</p>
      )}
    </div>
  );
}
