// The fault bar above the diagram: the headline faults one click away (crash a consumer,
// a hot key, deliver twice, a poison message) and the faults in progress (a crash armed at a
// point, a pause running out, an outage…) as the engine reports them in its snapshot, so an
// entry leaves when the fault resolves in simulated time, never on a wall-clock timer.
// The Controls tab keeps the full list.

import type { ActiveFault, Fault, Snapshot } from '../engine';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';
import type { Selection } from '../store/store';
import { Announcer } from './Announcer';
import './faultBar.css';

/** The consumer the crash button acts on: the selected one if it runs, else the first running. */
export function crashTarget(snap: Snapshot, selection: Selection | null): string | null {
  // Kafka members first, then the consumers of SQS and RabbitMQ queues.
  const running = [
    ...snap.groups
      .flatMap((g) => g.members)
      .filter((m) => m.state !== 'Crashed' && m.state !== 'Left')
      .map((m) => m.memberId),
    ...(snap.queues ?? [])
      .flatMap((q) => q.consumers)
      .filter((c) => c.state !== 'Crashed' && c.state !== 'Stopped')
      .map((c) => c.consumerId),
  ];
  const wanted =
    selection?.kind === 'member'
      ? selection.memberId
      : selection?.kind === 'queue-consumer'
        ? selection.consumerId
        : null;
  return (wanted !== null && running.includes(wanted) ? wanted : running[0]) ?? null;
}

/** The group the deliver-twice button acts on: the selected group (or a member's), else the first. */
function duplicateTarget(snap: Snapshot, selection: Selection | null): string | null {
  if (selection?.kind === 'group') return selection.groupId;
  if (selection?.kind === 'member')
    return snap.groups.find((g) => g.members.some((m) => m.memberId === selection.memberId))?.groupId ?? null;
  if (selection?.kind === 'queue-consumer')
    return queueGroups(snap).find((c) => c.consumerId === selection.consumerId)?.groupId ?? null;
  return snap.groups[0]?.groupId ?? queueGroups(snap)[0]?.groupId ?? null;
}

/**
 * What the hot-key button can do here: skew a Kafka producer's keys (partitions), or an SQS FIFO
 * producer's, whose key is the MessageGroupId (one group is delivered in order, one message at a
 * time). Elsewhere (SQS standard, RabbitMQ) a key changes nothing a consumer sees: no button.
 */
export function hotKeyTarget(snap: Snapshot): { producerId: string; noun: 'key' | 'message group' } | null {
  const kafka = snap.producers.find((p) => p.topic !== '');
  if (kafka) return { producerId: kafka.producerId, noun: 'key' };
  const fifo = snap.producers.find(
    (p) => p.queue !== undefined && snap.queues?.some((q) => q.name === p.queue && q.type === 'sqs-fifo'),
  );
  return fifo ? { producerId: fifo.producerId, noun: 'message group' } : null;
}

const queueGroups = (snap: Snapshot) => (snap.queues ?? []).flatMap((q) => q.consumers);

/** "p-1: paused (…) · 3.2 s left" for a fault with an end, its label otherwise. */
export function describeInProgress(fault: ActiveFault, nowMs: number): string {
  if (fault.untilMs === null) return fault.label;
  return `${fault.label} · ${Math.max(0, (fault.untilMs - nowMs) / 1000).toFixed(1)} s left`;
}

const DUPLICATES = 10;

export function FaultBar() {
  const controller = useController();
  const snap = useApp((s) => (s.panelFrame ?? s.frame)?.snapshot ?? null);
  const selection = useApp((s) => s.selection);
  if (!snap) return null;
  const crash = crashTarget(snap, selection);
  const group = duplicateTarget(snap, selection);
  const producer = snap.producers[0];
  const hot = hotKeyTarget(snap);
  const hasHotKey =
    hot !== null && snap.producers.some((p) => p.producerId === hot.producerId && p.hotKey !== null);
  const act = (fault: Fault) => controller.tryInject(fault);
  return (
    <section className="qs-faultbar" aria-label="Fault bar">
      <div className="qs-faultbar-buttons">
        <button
          type="button"
          disabled={!crash}
          onClick={() => crash && act({ type: 'crash-consumer', memberId: crash })}
        >
          Crash {crash ?? 'a consumer'}
        </button>
        {hot && (
          <button
            type="button"
            onClick={() =>
              act({
                type: 'hot-key',
                producerId: hot.producerId,
                key: 'merchant-42',
                share: hasHotKey ? 0 : 0.8,
              })
            }
          >
            {hasHotKey ? `Clear the hot ${hot.noun}` : `Create a hot ${hot.noun}`}
          </button>
        )}
        <button
          type="button"
          disabled={!group}
          onClick={() => group && act({ type: 'duplicate-delivery', groupId: group, count: DUPLICATES })}
        >
          Deliver {DUPLICATES} twice
          {group && snap.groups.length + (snap.queues?.length ?? 0) > 1 ? ` (${group})` : ''}
        </button>
        <button
          type="button"
          disabled={!producer}
          onClick={() => act({ type: 'poison-message', key: 'order-poison' })}
        >
          Send a poison message
        </button>
      </div>
      <ul className="qs-faultbar-progress" aria-label="Faults in progress">
        {snap.faults.length === 0 ? (
          <li className="qs-faultbar-none">No fault in progress</li>
        ) : (
          snap.faults.map((f) => (
            <li key={`${f.type}/${f.label}`} className="qs-faultbar-fault">
              {describeInProgress(f, snap.nowMs)}
            </li>
          ))
        )}
      </ul>
      <Announcer />
    </section>
  );
}
