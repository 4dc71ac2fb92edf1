// A lesson's highlight becomes outlines around exactly the named strips, members, lanes and
// parts, keyed so a step change replaces them; none without a highlight.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../engine';
import { layoutFitted } from '../flowDiagramLayout';
import { buildFlowModel, type FlowFrame, type FlowHighlight } from '../flowModel';
import { highlightBoxes } from './highlight';

function frame(): FlowFrame {
  const sim = createSimulation('at-least-once', { seed: 1 });
  sim.advance(5000);
  return {
    nowMs: sim.now,
    snapshot: sim.snapshot(),
    metrics: sim.metrics(),
    activity: {
      produced: [],
      processed: [],
      failed: [],
      isAggregated: false,
      producedPerPartitionPerSec: [],
    },
  };
}

const none: FlowHighlight = { partitions: [], members: [], groups: [], parts: [] };

function boxesFor(highlight: FlowHighlight | null) {
  const model = buildFlowModel(frame(), { selection: null, highlight });
  const layout = layoutFitted(model, 1280, 640);
  return { boxes: highlightBoxes(model, layout), layout };
}

describe('highlight outlines', () => {
  it('draws nothing without a highlight', () => {
    expect(boxesFor(null).boxes).toEqual([]);
    expect(boxesFor(none).boxes).toEqual([]);
  });

  it('outlines the named partitions, member and group where the layout put them', () => {
    const { boxes, layout } = boxesFor({
      ...none,
      partitions: [0, 2],
      members: ['p-2'],
      groups: ['payments'],
    });
    expect(boxes.map((b) => b.key)).toEqual([
      'partition/orders/0',
      'partition/orders/2',
      'group/payments',
      'member/p-2',
    ]);
    const strip = layout.strips.find((s) => s.partition === 2)!;
    expect(boxes[1]).toMatchObject({ x: strip.x, y: strip.y, w: strip.w, h: strip.h });
    const member = layout.lanes.flatMap((l) => l.members).find((m) => m.memberId === 'p-2')!;
    expect(boxes[3]).toMatchObject({ x: member.x, y: member.y });
  });

  it('outlines named parts: the sink of the highlighted group, the producer', () => {
    const { boxes, layout } = boxesFor({ ...none, groups: ['payments'], parts: ['sink'] });
    const lane = layout.lanes.find((l) => l.groupId === 'payments')!;
    expect(boxes.find((b) => b.key === 'sink/payments')).toMatchObject(lane.sink);
    const producer = boxesFor({ ...none, parts: ['producer'] }).boxes;
    expect(producer.length).toBeGreaterThan(0);
    expect(producer.every((b) => b.key.startsWith('producer'))).toBe(true);
    expect(boxesFor({ ...none, parts: ['throughput'] }).boxes).toEqual(producer);
    expect(boxesFor({ ...none, parts: ['timeline'] }).boxes).toEqual([]);
  });

  it('ignores names the diagram does not have', () => {
    expect(boxesFor({ ...none, partitions: [99], members: ['nobody'], groups: ['nogroup'] }).boxes).toEqual(
      [],
    );
  });
});
