// The flow diagram's pure parts, without a DOM: the view model and the layout built from
// engine snapshots (a two-topic scenario among them), and the dots derived from them.

import { describe, expect, it } from 'vitest';
import { createSimulation, type Scenario } from '../engine';
import { flowDots } from './flow/dots';
import { edgePaths } from './flow/edges';
import { type Box, layoutFitted } from './flowDiagramLayout';
import { buildFlowModel, type FlowActivity, type FlowFrame, partitionKey } from './flowModel';

const NO_ACTIVITY: FlowActivity = {
  produced: [],
  processed: [],
  failed: [],
  isAggregated: false,
  producedPerPartitionPerSec: [],
};

function frameAt(scenario: Scenario | string, atMs: number, activity: Partial<FlowActivity> = {}): FlowFrame {
  const sim = createSimulation(scenario, { seed: 1 });
  sim.advance(atMs);
  return {
    nowMs: sim.now,
    snapshot: sim.snapshot(),
    metrics: sim.metrics(),
    activity: { ...NO_ACTIVITY, ...activity },
  };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('flow view model and layout', () => {
  it('lays out strips of both topics in a two-topic scenario, with distinct keys and no overlap', () => {
    const frame = frameAt('two-topics', 10_000);
    const model = buildFlowModel(frame, { selection: null });
    for (const [width, height] of [
      [1280, 640],
      [700, 500],
      [1900, 1000],
    ]) {
      const layout = layoutFitted(model, width, height);
      const keys = layout.strips.map((s) => s.key);
      expect(keys).toEqual([
        'orders/0',
        'orders/1',
        'orders/2',
        'orders/3',
        'orders/4',
        'orders/5',
        'payments/0',
        'payments/1',
        'payments/2',
      ]);
      expect(new Set(keys).size).toBe(keys.length);
      for (let i = 0; i < layout.strips.length; i++)
        for (let j = i + 1; j < layout.strips.length; j++)
          expect(overlaps(layout.strips[i], layout.strips[j]), `${keys[i]} / ${keys[j]} at ${width}`).toBe(
            false,
          );
      // One producer box each, stacked without touching.
      expect(layout.producers.map((p) => p.producerId)).toEqual(['checkout', 'billing']);
      expect(overlaps(layout.producers[0], layout.producers[1])).toBe(false);
    }
  });

  it('starts each group’s assignment edges at strips of its own topic', () => {
    const frame = frameAt('two-topics', 10_000);
    const model = buildFlowModel(frame, { selection: null });
    const layout = layoutFitted(model, 1280, 640);
    const ledger = model.edges.filter((e) => e.groupId === 'ledger');
    const fulfillment = model.edges.filter((e) => e.groupId === 'fulfillment');
    expect(ledger.map((e) => e.stripKey).sort()).toEqual(['payments/0', 'payments/1', 'payments/2']);
    expect(fulfillment).toHaveLength(6);
    for (const e of fulfillment) expect(e.stripKey.startsWith('orders/')).toBe(true);
    // Keys name the topic, so fulfillment's orders/1 and ledger's payments/1 never share one.
    expect(new Set(model.edges.map((e) => e.key)).size).toBe(model.edges.length);
    expect(ledger.some((e) => e.key === 'ledger/payments/1')).toBe(true);
    // Each path starts at the right end of its strip, at the strip's middle.
    const paths = new Map(edgePaths(model, layout).map((p) => [p.key, p.d]));
    const strip = layout.strips.find((s) => s.key === 'payments/1')!;
    expect(paths.get('ledger/payments/1')).toMatch(
      new RegExp(`^M${strip.x + strip.w},${strip.y + strip.h / 2} `),
    );
  });

  it('sends a produced record to the strip of its producer’s topic, keyed topic/partition/offset', () => {
    const base = frameAt('two-topics', 10_000);
    const activity = {
      produced: [
        { partition: 1, offset: 7, atMs: base.nowMs, producerId: 'billing' },
        { partition: 1, offset: 7, atMs: base.nowMs, producerId: 'checkout' },
      ],
    };
    const frame = { ...base, activity: { ...NO_ACTIVITY, ...activity } };
    const model = buildFlowModel(frame, { selection: null, isReducedMotion: true });
    const layout = layoutFitted(model, 1280, 640);
    const { dots } = flowDots(model, layout);
    const at = (key: string) => dots.find((d) => d.key === key);
    const payments = layout.strips.find((s) => s.key === partitionKey('payments', 1))!;
    const orders = layout.strips.find((s) => s.key === partitionKey('orders', 1))!;
    // Under reduced motion a dot sits where it is going.
    expect(at('p/payments/1/7')).toMatchObject({ x: payments.x, y: payments.y + payments.h / 2 });
    expect(at('p/orders/1/7')).toMatchObject({ x: orders.x, y: orders.y + orders.h / 2 });
  });

  it('counts dead letters and the retry topics a group declares', () => {
    const model = buildFlowModel(frameAt('flash-sale', 5_000), { selection: null });
    expect(model.deadLetters.hasDlq).toBe(true);
    expect(model.retryTopics.length).toBeGreaterThan(0);
    for (const t of model.retryTopics) expect(t.key.startsWith('payments/')).toBe(true);
    const plain = buildFlowModel(frameAt('default', 5_000), { selection: null });
    expect(plain.deadLetters.hasDlq).toBe(false);
    expect(plain.retryTopics).toEqual([]);
  });
});

describe('the broker layer’s model', () => {
  it('has brokers only when the scenario has more than one; replicas show the crashed leader moving', () => {
    expect(buildFlowModel(frameAt('default', 5000), { selection: null }).brokers).toBeNull();
    const model = buildFlowModel(frameAt('acks-1-leader-crash', 20_000), { selection: null });
    expect(model.brokers?.map((b) => b.state)).toEqual(['crashed', 'up', 'up']);
    const p0 = model.partitionByKey.get(partitionKey('orders', 0));
    expect(p0?.leader).toBe(1);
    expect(p0?.isr).not.toContain(0);
  });
});
