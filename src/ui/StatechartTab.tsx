// The three statecharts that run the engine (group coordinator, consumer member and the
// member's poll → process → commit loop), generated from the XState machines themselves,
// with the selected group's and consumer's current states lit.

import { useEffect, useMemo, useRef } from 'react';
import type { AnyStateMachine } from 'xstate';
import {
  consumerLoopMachine,
  consumerMemberMachine,
  type GroupSnapshot,
  groupCoordinatorMachine,
  type MemberSnapshot,
  shareConsumerMachine,
  shareRecordMachine,
} from '../engine';
import { useApp } from '../store/hooks';
import { chartModel, createMachineChart } from '../viz/machineChart';
import { QueueStatecharts } from './QueueStatecharts';
import { useParentWidth } from './useParentWidth';

export function Chart({
  machine,
  current,
  label,
  detail,
  eventNames,
}: {
  machine: AnyStateMachine;
  current: string | null;
  label: string;
  detail?: string;
  /** Event names as this system calls them, where a shared machine's own differ (a stable object). */
  eventNames?: Readonly<Record<string, string>>;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const model = useMemo(() => {
    const m = chartModel(machine);
    if (!eventNames) return m;
    const name = (e: string) => eventNames[e] ?? e;
    return {
      ...m,
      edges: m.edges.map((e) => ({ ...e, events: e.events.map(name) })),
      global: m.global.map(name),
    };
  }, [machine, eventNames]);
  const chart = useRef<ReturnType<typeof createMachineChart> | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = createMachineChart(ref.current, model);
    return () => chart.current?.destroy();
  }, [model]);
  const draw = () => {
    chart.current?.update(current, width.current || 380);
  };
  const width = useParentWidth(ref, draw);
  useEffect(draw);
  return (
    <figure className="qs-statechart">
      <svg
        ref={ref}
        role="img"
        aria-label={`${label} statechart${current ? `, current state ${current}` : ''}`}
      />
      <figcaption>
        {label}: current state <strong>{current ?? '—'}</strong>
        {detail ? ` (${detail})` : ''}
        {model.global.length > 0 ? ` · in every state: ${model.global.join(', ')}` : ''}
      </figcaption>
    </figure>
  );
}

export function StatechartTab() {
  const snap = useApp((s) => s.panelFrame?.snapshot);
  const groups = snap?.groups;
  const selection = useApp((s) => s.selection);
  const isQueueSelected = selection?.kind === 'queue' || selection?.kind === 'queue-consumer';
  // The queue half: its machines when a queue or queue consumer is selected, or when the
  // scenario has queues and no Kafka group.
  if (snap?.queues && snap.queues.length > 0 && (isQueueSelected || !groups || groups.length === 0))
    return (
      <div className="qs-panel">
        <p className="qs-muted">
          Generated from the XState machines the engine runs. Click a queue or a queue consumer in the diagram
          to follow it.
        </p>
        <QueueStatecharts snap={snap} selection={selection} />
      </div>
    );
  if (!groups || groups.length === 0) return <p className="qs-muted">No consumer group in this scenario.</p>;
  const memberGroup =
    selection?.kind === 'member'
      ? groups.find((g) => g.members.some((m) => m.memberId === selection.memberId))
      : undefined;
  const group =
    memberGroup ??
    (selection?.kind === 'group' ? groups.find((g) => g.groupId === selection.groupId) : undefined) ??
    groups[0];
  const member =
    (selection?.kind === 'member'
      ? group.members.find((m) => m.memberId === selection.memberId)
      : undefined) ?? group.members[0];
  if (group.type === 'share')
    return (
      <ShareCharts
        group={group}
        member={member}
        offset={selection?.kind === 'message' && selection.topic === group.topic ? selection : null}
      />
    );
  return (
    <div className="qs-panel">
      <p className="qs-muted">
        Generated from the XState machines the engine runs. Click a group or consumer in the diagram to follow
        it.
      </p>
      <Chart
        machine={groupCoordinatorMachine}
        current={group.state}
        label={`Group coordinator of ${group.groupId}`}
      />
      <Chart
        machine={consumerMemberMachine}
        current={member?.state ?? null}
        label={`Consumer member ${member?.memberId ?? ''}`}
      />
      <Chart
        machine={consumerLoopMachine}
        current={member?.loop.state ?? null}
        label={`Poll loop of ${member?.memberId ?? ''}`}
        detail={member?.loop.reason ? `idle because ${member.loop.reason.replaceAll('-', ' ')}` : undefined}
      />
    </div>
  );
}

/** A share group (KIP-932): no coordinator machine; the share consumer and one record's state. */
function ShareCharts({
  group,
  member,
  offset,
}: {
  group: GroupSnapshot;
  member: MemberSnapshot | undefined;
  offset: { partition: number; offset: number } | null;
}) {
  const partitions = group.share?.partitions ?? [];
  const picked = offset
    ? partitions[offset.partition]?.records.find((r) => r.offset === offset.offset)
    : partitions.flatMap((p) => p.records).find((r) => r.state === 'Acquired');
  const where = offset ?? (picked ? partitions.find((p) => p.records.includes(picked)) : undefined);
  const recordState =
    picked?.state ??
    (offset && partitions[offset.partition] && offset.offset < partitions[offset.partition].spso
      ? 'Acknowledged or Archived'
      : null);
  return (
    <div className="qs-panel">
      <p className="qs-muted">
        A share group has no rebalance: its consumers run the share consumer machine, and the broker runs the
        record machine for every record. Click a consumer or a record in the diagram to follow it.
      </p>
      <Chart
        machine={shareConsumerMachine}
        current={member ? (member.state === 'Paused' ? 'Paused' : member.loop.state) : null}
        label={`Share consumer ${member?.memberId ?? ''}`}
      />
      <Chart
        machine={shareRecordMachine}
        current={recordState}
        label={picked && where ? `Record ${group.topic}-${where.partition}@${picked.offset}` : 'Record'}
        detail={picked ? `delivery count ${picked.deliveryCount}` : undefined}
      />
    </div>
  );
}
