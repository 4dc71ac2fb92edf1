// The broker layer, only when the scenario has more than one broker: a row of brokers
// (crashed red, isolated amber) under the producers' column, and on each partition strip
// its replicas (filled: leader, ring: in the ISR, grey: out of sync, red: broker down) with
// how far each replica's log end is behind and the high watermark.

import type { BrokerSnapshot, PartitionSnapshot } from '../../engine';
import { type G, keyed } from '../d3put';
import type { FlowLayout, StripLayout } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import type { FlowLayer } from './layer';

const STATE_FILL: Record<BrokerSnapshot['state'], string> = {
  up: '#e8f0fe',
  crashed: '#fde2e1',
  isolated: '#fff3cd',
};
const STATE_STROKE: Record<BrokerSnapshot['state'], string> = {
  up: '#5b7db1',
  crashed: '#c0392b',
  isolated: '#b7791f',
};
const R = 4;
const STEP = 20;

interface ReplicaMark {
  key: string;
  x: number;
  y: number;
  fill: string;
  stroke: string;
  label: string;
  title: string;
}

function replicaMarks(
  p: PartitionSnapshot,
  strip: StripLayout,
  brokers: readonly BrokerSnapshot[],
): ReplicaMark[] {
  const replicas = p.replicas ?? [];
  const leos = p.replicaLogEndOffsets ?? [];
  const isr = new Set(p.isr ?? []);
  const x0 = strip.x + 8;
  const y = strip.y + strip.h - 9;
  return replicas.map((b, i) => {
    const isDown = brokers[b]?.state !== 'up';
    const isLeader = p.leader === b;
    const behind = p.logEndOffset - (leos[i] ?? 0);
    return {
      key: `${strip.key}/${b}`,
      x: x0 + i * STEP,
      y,
      fill: isDown ? '#c0392b' : isLeader ? '#2c5282' : isr.has(b) ? '#ffffff' : '#cbd5e0',
      stroke: isDown ? '#c0392b' : isr.has(b) ? '#2c5282' : '#718096',
      label: `${b}`,
      title: `broker ${b}${isLeader ? ' (leader)' : ''}: log end ${leos[i] ?? 0}${behind > 0 ? `, ${behind} behind` : ''}`,
    };
  });
}

export function createBrokersLayer(parent: G): FlowLayer {
  const root = parent.append('g').attr('class', 'brokers');
  const row = root.append('g').attr('class', 'broker-row');
  const marks = root.append('g').attr('class', 'replica-marks').attr('aria-hidden', 'true');

  function update(model: FlowModel, layout: FlowLayout): void {
    const brokers = model.brokers ?? [];
    const x = layout.producer.x;
    const y = layout.height - 34;
    const boxes = keyed<BrokerSnapshot, SVGGElement>(row, 'g', 'broker', [...brokers], (b) => `b${b.id}`);
    boxes.attr('transform', (b) => `translate(${x + b.id * 58},${y})`);
    boxes
      .selectAll('rect')
      .data((b) => [b])
      .join('rect')
      .attr('width', 54)
      .attr('height', 26)
      .attr('rx', 4)
      .attr('fill', (b) => STATE_FILL[b.state])
      .attr('stroke', (b) => STATE_STROKE[b.state]);
    boxes
      .selectAll('text')
      .data((b) => [b])
      .join('text')
      .attr('x', 27)
      .attr('y', 17)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .text((b) => (b.state === 'up' ? `broker ${b.id}` : `${b.id} ${b.state}`));
    boxes.attr('aria-label', (b) => `broker ${b.id} ${b.state}`);
    const all: ReplicaMark[] = [];
    const hw: { key: string; x: number; y: number; text: string }[] = [];
    if (model.brokers)
      for (const strip of layout.strips) {
        const p = model.partitionByKey.get(strip.key);
        if (!p || p.replicas === undefined) continue;
        const m = replicaMarks(p, strip, brokers);
        all.push(...m);
        const last = m.at(-1);
        if (last)
          hw.push({
            key: strip.key,
            x: last.x + STEP - 6,
            y: last.y + 3,
            text: p.leader === -1 ? 'offline' : `HW ${p.highWatermark}`,
          });
      }
    const dots = keyed<ReplicaMark, SVGGElement>(marks, 'g', 'replica', all, (d) => d.key);
    dots.attr('transform', (d) => `translate(${d.x},${d.y})`);
    dots
      .selectAll('circle')
      .data((d) => [d])
      .join('circle')
      .attr('r', R)
      .attr('fill', (d) => d.fill)
      .attr('stroke', (d) => d.stroke);
    dots
      .selectAll('text')
      .data((d) => [d])
      .join('text')
      .attr('x', R + 2)
      .attr('y', 4)
      .attr('font-size', 9)
      .text((d) => d.label);
    dots
      .selectAll('title')
      .data((d) => [d])
      .join('title')
      .text((d) => d.title);
    keyed<(typeof hw)[number], SVGTextElement>(marks, 'text', 'hw', hw, (d) => d.key)
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('font-size', 9)
      .attr('fill', (d) => (d.text === 'offline' ? '#c0392b' : '#2d3748'))
      .text((d) => d.text);
  }

  return {
    update,
    destroy: () => root.remove(),
  };
}
