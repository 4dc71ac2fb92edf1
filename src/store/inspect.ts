// The records the inspector shows for a selection, read from the engine when the panels
// refresh (never during a React render): the selected message, or a partition's latest few.

import type { Simulation, Snapshot } from '../engine';
import type { InspectedRecord, Selection } from './store';

/** How many of a partition's latest records the inspector lists. */
export const LATEST_RECORDS = 5;

export const recordKey = (topic: string, partition: number, offset: number): string =>
  `${topic}/${partition}/${offset}`;

export function inspectRecords(
  sim: Pick<Simulation, 'record'>,
  selection: Selection | null,
  snapshot: Snapshot,
): Record<string, InspectedRecord> {
  const out: Record<string, InspectedRecord> = {};
  const add = (topic: string, partition: number, offset: number) => {
    const record = sim.record(topic, partition, offset);
    if (record) out[recordKey(topic, partition, offset)] = record;
  };
  if (selection?.kind === 'message') add(selection.topic, selection.partition, selection.offset);
  if (selection?.kind === 'partition') {
    const p = snapshot.partitions.find(
      (x) => x.topic === selection.topic && x.partition === selection.partition,
    );
    if (p)
      for (let o = p.logEndOffset - 1; o >= Math.max(p.logStartOffset, p.logEndOffset - LATEST_RECORDS); o--)
        add(p.topic, p.partition, o);
  }
  return out;
}
