// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../engine';
import { getPreset } from '../../engine/scenario/presets';
import { Session } from '../../store/session';
import { createFlowDiagram } from '../flowDiagram';
import { buildFlowModel } from '../flowModel';
import { loadQueuesLayer } from './queuesSlot';
import { consumerMark, shareMarks, shareSignature } from './shareStrip';

// The queue layer is its own chunk in the page; here it loads before any diagram is drawn.
await loadQueuesLayer();

const options = { width: 1280, height: 720, selection: null };
const NO_ACTIVITY = {
  produced: [],
  processed: [],
  failed: [],
  isAggregated: false,
  producedPerPartitionPerSec: [],
};

function mount() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg, overlay);
  const view = createFlowDiagram(svg, { onSelect: () => {} }, overlay);
  return { svg, view };
}

describe('share groups on the flow diagram', () => {
  it('draws an edge from every partition to every share consumer, and one per partition for the consumer group', () => {
    const s = new Session('kafka-share-group', 1);
    s.advanceTo(5000);
    const model = buildFlowModel(s.frame(), { selection: null });
    const workers = model.edges.filter((e) => e.groupId === 'workers');
    expect(workers).toHaveLength(10);
    expect(new Set(workers.map((e) => e.memberId)).size).toBe(5);
    expect(workers.every((e) => !e.isClaimOnly)).toBe(true);
    expect(model.edges.filter((e) => e.groupId === 'reports')).toHaveLength(2);
  });

  it('marks acquired records with their consumer’s number and the poison record as archived', () => {
    const { svg, view } = mount();
    // A slow producer, so the strip's window (the newest offsets) still shows the poison record.
    const scenario = getPreset('kafka-share-group');
    scenario.producers[0].ratePerSec = 6;
    const sim = createSimulation(scenario, { seed: 1 });
    const frame = () => ({
      nowMs: sim.now,
      snapshot: sim.snapshot(),
      metrics: sim.metrics(),
      activity: NO_ACTIVITY,
    });
    sim.advance(9000);
    view.update(frame(), options);
    const held = sim
      .snapshot()
      .groups.find((g) => g.groupId === 'workers')!
      .share!.partitions.flatMap((p) => p.records.filter((r) => r.state === 'Acquired'));
    expect(held.length).toBeGreaterThan(0);
    expect(svg.querySelectorAll('rect.share-acquired')).toHaveLength(held.length);
    const labels = [...svg.querySelectorAll('text.share-owner')].map((t) => t.textContent);
    expect(labels.sort()).toEqual(held.map((r) => r.memberId!.replace('workers-', '')).sort());
    expect(svg.querySelectorAll('path.share-archived')).toHaveLength(0);
    sim.advance(3000);
    view.update(frame(), options);
    expect(sim.metrics().groups.workers.archived).toBe(1);
    expect(svg.querySelectorAll('path.share-archived')).toHaveLength(1);
    expect(svg.querySelector('g.legend')?.textContent).toContain('archived');
    expect(svg.querySelector('g.lane[data-key="workers"] text.line[data-key="name"]')?.textContent).toContain(
      'share group',
    );
    expect(svg.querySelector('g.lane[data-key="workers"] text.line[data-key="sub"]')?.textContent).toContain(
      'explicit acks · lock 5 s · limit 5',
    );
  });

  it('keys marks by group and offset, and changes the strip signature when a record changes state', () => {
    const s = new Session('kafka-share-group', 1);
    s.advanceTo(9000);
    const groups = s.frame().snapshot.groups;
    const strip = {
      key: 'jobs/0',
      topic: 'jobs',
      partition: 0,
      x: 0,
      y: 0,
      w: 900,
      h: 40,
      firstOffset: 0,
      cells: 2000,
      cellW: 10,
      showNumbers: false,
      labelW: 60,
    };
    const marks = shareMarks(
      strip,
      groups.filter((g) => g.type === 'share'),
    );
    expect(marks.every((m) => m.key === `workers/${m.record.offset}`)).toBe(true);
    const before = shareSignature(groups, 0);
    s.advanceTo(9100);
    expect(shareSignature(s.frame().snapshot.groups, 0)).not.toBe(before);
    expect(
      shareSignature(
        groups.filter((g) => g.type !== 'share'),
        0,
      ),
    ).toBe('');
    expect(consumerMark('workers-12')).toBe('12');
  });
});
