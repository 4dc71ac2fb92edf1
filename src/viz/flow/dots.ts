// Moving records: dots producer → partition, partition → member (over its processing time)
// and member → sink, failures bouncing back or dropping to the DLQ; rate bands instead of
// dots when the view is dense. Every position is interpolated from simulated time, so
// pause, speed and seek are exact. Keys name the topic: `p/orders/3/120`.

import { type G, keyed, put } from '../d3put';
import type { Box, FlowLayout } from '../flowDiagramLayout';
import { type FlowModel, partitionKey } from '../flowModel';
import { THEME } from '../palette';
import type { FlowLayer } from './layer';

const TRAVEL_MS = 300;

export interface Dot {
  key: string;
  x: number;
  y: number;
  r: number;
  color: string;
  ring: boolean;
}

export interface Band {
  key: string;
  d: string;
  w: number;
  color: string;
}

/** Pure: the dots and rate bands to draw at the model's instant. */
export function flowDots(model: FlowModel, layout: FlowLayout): { dots: Dot[]; bands: Band[] } {
  const now = model.nowMs;
  const strips = new Map(layout.strips.map((s) => [s.key, s]));
  const members = new Map(layout.lanes.flatMap((l) => l.members.map((m) => [m.memberId, m] as const)));
  const sinks = new Map(layout.lanes.map((l) => [l.groupId, l.sink]));
  const topicOfGroup = new Map(model.groups.map((g) => [g.groupId, g.topic]));
  const topicOfProducer = new Map(model.producers.map((p) => [p.producerId, p.topic]));
  const producerBox = (producerId: string): Box =>
    layout.producers.find((b) => b.producerId === producerId) ?? layout.producer;
  const producerOfTopic = (topic: string): Box => {
    const p = model.producers.find((x) => x.topic === topic);
    return p ? producerBox(p.producerId) : layout.producer;
  };
  const dots: Dot[] = [];
  const bands: Band[] = [];
  // Where records leave a producer box: its right side, or (vertical layout) its bottom-left
  // corner, down the margin left of the strips. Where a record reaches a member: its left
  // side, or (vertical) its lane's right edge, down the gutter the edges run in.
  const exitOf = (p: Box) =>
    layout.isVertical ? { x: p.x + 4, y: p.y + p.h } : { x: p.x + p.w, y: p.y + p.h / 2 };
  // Under reduced motion a dot does not travel: it sits where it is going while it lasts.
  const lerp = (a: number, b: number, t: number) =>
    model.isReducedMotion ? b : a + (b - a) * Math.min(1, Math.max(0, t));
  const activity = model.activity;
  if (model.isBands) {
    activity.producedPerPartitionPerSec.forEach((rate, i) => {
      const partition = model.partitions[i];
      const s = partition ? strips.get(partitionKey(partition.topic, partition.partition)) : undefined;
      if (!s || rate <= 0) return;
      const from = exitOf(producerOfTopic(s.topic));
      bands.push({
        key: `in/${s.key}`,
        d: `M${from.x},${from.y} L${s.x},${s.y + s.h / 2}`,
        // Half-pixel steps: the width follows the rate without touching the DOM every frame.
        w: Math.round(2 * Math.min(6, 0.5 + Math.sqrt(rate) / 3)) / 2,
        color: 'var(--qs-producer)',
      });
    });
  } else {
    for (const d of activity.produced) {
      const t = (now - d.atMs) / TRAVEL_MS;
      if (t > 1 || t < 0) continue;
      const topic = topicOfProducer.get(d.producerId) ?? '';
      const s = strips.get(partitionKey(topic, d.partition));
      if (!s) continue;
      const from = exitOf(producerBox(d.producerId));
      dots.push({
        key: `p/${s.key}/${d.offset}`,
        // To the strip's edge, not over its name and numbers: the new cell shows the rest.
        x: lerp(from.x, s.x, t),
        y: lerp(from.y, s.y + s.h / 2, t),
        r: 4,
        color: 'var(--qs-producer)',
        ring: false,
      });
    }
  }
  // Records being processed travel strip → member over their processing time.
  for (const g of model.groups) {
    for (const m of g.members) {
      const c = m.current;
      const ml = members.get(m.memberId);
      const s = c ? strips.get(partitionKey(g.topic, c.partition)) : undefined;
      if (!c || !ml || !s) continue;
      const span = Math.max(1, c.endsAtMs - c.startedAtMs);
      const t = (now - c.startedAtMs) / span;
      dots.push({
        key: `c/${g.groupId}/${m.memberId}`,
        x: layout.isVertical ? s.x + s.w + 6 : lerp(s.x + s.w, ml.x - 5, t),
        y: lerp(s.y + s.h / 2, ml.y + ml.h / 2, t),
        r: 5,
        color: m.activity === 'backoff' ? 'var(--qs-warn)' : model.colorOf(g.groupId),
        ring: c.attempt > 1,
      });
    }
  }
  if (!model.isBands) {
    for (const d of activity.processed) {
      const t = (now - d.atMs) / TRAVEL_MS;
      if (t > 1 || t < 0) continue;
      const ml = members.get(d.memberId);
      const sink = sinks.get(d.groupId);
      if (!ml || !sink) continue;
      const isDuplicate = d.appliedCount > 1 && !d.isDeduplicated;
      dots.push({
        key: `s/${d.groupId}/${topicOfGroup.get(d.groupId)}/${d.partition}/${d.offset}/${d.atMs}`,
        // Straight to the sink: beside the members, or below them when it is a row.
        x: lerp(ml.x + ml.w, Math.min(sink.x + sink.w, Math.max(sink.x, ml.x + ml.w)), t),
        y: lerp(ml.y + ml.h / 2, sink.y + sink.h / 2, t),
        r: isDuplicate ? 6 : 3.5,
        color: isDuplicate ? 'var(--qs-danger)' : model.colorOf(d.groupId),
        ring: isDuplicate,
      });
    }
  }
  for (const d of activity.failed) {
    const t = (now - d.atMs) / 600;
    if (t > 1 || t < 0) continue;
    const ml = members.get(d.memberId);
    const s = strips.get(partitionKey(topicOfGroup.get(d.groupId) ?? '', d.partition));
    if (!ml || !s) continue;
    // A failed attempt bounces back toward its partition (a retry) or drops to the DLQ.
    // (Vertical layout: into the gutter, clear of the strip's lag figures.)
    const toX = d.willRetry ? s.x + s.w + (layout.isVertical ? 6 : 0) : layout.dlq.x + layout.dlq.w;
    const toY = d.willRetry ? s.y + s.h / 2 : layout.dlq.y + layout.dlq.h / 2;
    dots.push({
      key: `f/${d.groupId}/${d.messageId}/${d.attempt}/${d.atMs}`,
      x: lerp(ml.x, toX, t * 0.6),
      y: lerp(ml.y + ml.h / 2, toY, t * 0.6),
      r: 5,
      color: 'var(--qs-danger)',
      ring: true,
    });
  }
  return { dots, bands };
}

/** Dots of one look (colour, ring) drawn as one path: a circle per dot. */
export interface DotPath {
  key: string;
  d: string;
  color: string;
  ring: boolean;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Pure: the dots as one path per look, in order of first appearance. Dots come and go every
 * frame; a few paths whose `d` changes cost the page far less than a circle element per dot
 * (each inserted, moved by two attributes and removed again).
 */
export function dotPaths(dots: readonly Dot[]): DotPath[] {
  const byLook = new Map<string, DotPath>();
  for (const dot of dots) {
    const key = `${dot.color}|${dot.ring ? 'ring' : ''}`;
    let path = byLook.get(key);
    if (!path) {
      path = { key, d: '', color: dot.color, ring: dot.ring };
      byLook.set(key, path);
    }
    const { r } = dot;
    path.d += `M${round1(dot.x - r)},${round1(dot.y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  return [...byLook.values()];
}

/** Dots live on their own layer (an overlay <svg> when given), repainted every frame. */
export function createDotsLayer(parent: G): FlowLayer {
  const root = parent.append('g').attr('class', 'dots').attr('pointer-events', 'none');

  function update(model: FlowModel, layout: FlowLayout): void {
    const { dots, bands } = flowDots(model, layout);
    keyed<Band, SVGPathElement>(root, 'path', 'band', bands, (b) => b.key).call(put, {
      d: (b: Band) => b.d,
      stroke: (b: Band) => b.color,
      'stroke-width': (b: Band) => b.w,
      'stroke-opacity': 0.35,
      fill: 'none',
    });
    keyed<DotPath, SVGPathElement>(root, 'path', 'dots', dotPaths(dots), (p) => p.key).call(put, {
      d: (p: DotPath) => p.d,
      fill: (p: DotPath) => p.color,
      stroke: (p: DotPath) => (p.ring ? THEME.fg : 'none'),
      'stroke-width': (p: DotPath) => (p.ring ? 1.5 : 0),
    });
  }

  return { update, destroy: () => root.remove() };
}
