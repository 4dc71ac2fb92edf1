// The consumer-group lanes: one lane per group (keyed by group id) with its header
// (generation, state, protocol), a node per member (keyed by member id) and its sink's
// counters. The lane box redraws when the group changes; members and sink counters on
// their own signatures, held between refreshes in a dense, live view.

import { select } from 'd3-selection';
import type { GroupMetrics, GroupSnapshot, MemberSnapshot } from '../../engine';
import { activate, createSignatures, type G, keyed, put, setText, setTooltip } from '../d3put';
import type { FlowLayout, LaneLayout, MemberLayout } from '../flowDiagramLayout';
import { type FlowModel, type FlowTarget, isSamePick } from '../flowModel';
import { formatCountShort } from '../format';
import { GROUP_STATE_GLYPH, THEME } from '../palette';
import { truncate } from '../textWidth';
import { type FlowLayer, FONT, type LayerContext } from './layer';
import { memberLabel } from './memberLabel';

export function createLanesLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent.append('g').attr('class', 'lanes');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const groups = new Map(model.groups.map((g) => [g.groupId, g]));
    const metrics = model.metrics;
    const isMultiTopic = new Set(model.partitions.map((p) => p.topic)).size > 1;
    const lane = keyed<LaneLayout, SVGGElement>(root, 'g', 'lane', layout.lanes, (l) => l.groupId);
    lane.each(function (l) {
      const g = select(this);
      const group = groups.get(l.groupId) as GroupSnapshot;
      const m = metrics[l.groupId];
      const selected = isSamePick(model.selection, { kind: 'group', groupId: l.groupId });
      const laneSignature = [
        l.x,
        l.y,
        l.w,
        l.h,
        l.members.length,
        group.state,
        group.generationId,
        group.rebalance?.round,
        selected,
      ].join(',');
      const isLaneChanged = signatures.changed(this, laneSignature);
      // Two layers: the lane's box, header and sink behind; member nodes in front.
      const back = keyed<number, SVGGElement>(g as never, 'g', 'lane-back', [0], () => 'back');
      const front = keyed<number, SVGGElement>(g as never, 'g', 'lane-front', [0], () => 'front');
      const members = new Map(group.members.map((x) => [x.memberId, x]));
      const node = keyed<MemberLayout, SVGGElement>(
        front as never,
        'g',
        'member',
        l.members,
        (x) => x.memberId,
      );
      node.each(function (ml) {
        drawMember(
          select(this) as never,
          ml,
          members.get(ml.memberId) as MemberSnapshot,
          l.color,
          isSamePick(model.selection, { kind: 'member', memberId: ml.memberId }),
          group.topic,
        );
      });
      // The sink is drawn after the lane's box, so it stays in front of it.
      if (!isLaneChanged) {
        drawSink(back as never, l, m, false);
        return;
      }
      const box = keyed<number, SVGRectElement>(back as never, 'rect', 'box', [0], () => 'box');
      box
        .attr('x', l.x)
        .attr('y', l.y)
        .attr('width', l.w)
        .attr('height', l.h)
        .attr('rx', 10)
        .attr('fill', THEME.panel)
        .attr('stroke', l.color)
        .attr('stroke-width', selected ? 3 : 1.5);
      const header = keyed<number, SVGGElement>(back as never, 'g', 'header', [0], () => 'header');
      activate<FlowTarget>(
        header as never,
        `Consumer group ${l.groupId}: ${group.state}`,
        () => ({ kind: 'group', groupId: l.groupId }),
        ctx.activation,
      );
      const isRebalancing = group.state === 'PreparingRebalance' || group.state === 'CompletingRebalance';
      const lines = [
        {
          cls: 'name',
          // The generation before the state, so a long state name is what gets cut.
          text:
            group.type === 'share'
              ? `${l.groupId} · share group · ${GROUP_STATE_GLYPH[group.state]} ${group.state}`
              : `${l.groupId} · gen ${group.generationId} · ${GROUP_STATE_GLYPH[group.state]} ${group.state}`,
          y: 17,
          weight: 700,
          color: l.color,
        },
        {
          cls: 'sub',
          text: isRebalancing
            ? group.isCooperative
              ? `Cooperative, round ${group.rebalance?.round ?? 1}: only moved partitions revoked`
              : 'Eager: all partitions revoked (stop-the-world)'
            : // With several topics, a lane says which one its group reads.
              `${isMultiTopic ? `reads ${group.topic} · ` : ''}${
                group.share
                  ? `${group.share.settings['share.acknowledgement.mode']} acks · lock ${group.share.settings['share.record.lock.duration.ms'] / 1000} s · limit ${group.share.settings['share.delivery.count.limit']}`
                  : `${group.protocol} · ${group.delivery} · commit ${group.commit}`
              }`,
          y: 33,
          weight: isRebalancing ? 600 : 400,
          color: isRebalancing ? THEME.warn : THEME.muted,
        },
      ];
      const text = keyed<(typeof lines)[number], SVGTextElement>(
        header as never,
        'text',
        'line',
        lines,
        (d) => d.cls,
      );
      text
        .attr('x', l.x + 10)
        .attr('y', (d) => l.y + d.y)
        .attr('font-size', FONT + 1)
        .attr('font-weight', (d) => d.weight)
        .attr('fill', (d) => d.color)
        .text((d) => truncate(d.text, l.w - 20, FONT + 1, d.weight >= 600));
      drawSink(back as never, l, m, true);
    });
  }

  /** The lane's sink: its counters change with almost every frame, its box rarely. */
  function drawSink(back: G, l: LaneLayout, m: GroupMetrics | undefined, isLaneChanged: boolean): void {
    const node = back.node() as Element;
    const counters = [m?.applied, m?.duplicates, m?.lost].join(',');
    const isStale = signatures.differs(node, counters) && !ctx.isHeld();
    if (!isLaneChanged && !isStale) return;
    signatures.set(node, counters);
    const sink = keyed<number, SVGGElement>(back as never, 'g', 'sink', [0], () => 'sink');
    const sb = l.sink;
    keyed<number, SVGRectElement>(sink as never, 'rect', 'sinkbox', [0], () => 's').call(put, {
      x: sb.x,
      y: sb.y,
      width: sb.w,
      height: sb.h,
      rx: 6,
      fill: THEME.bg,
      stroke: THEME.border,
    });
    // As many lines as fit: title, applied, then twice and lost (together when space is short).
    // A narrow sink abbreviates from 10,000 (the Outcomes tab has the exact figures).
    const count = (n: number) => formatCountShort(n, sb.w < 120 ? 10_000 : 100_000);
    const applied = { k: 'a', text: `${count(m?.applied ?? 0)} applied`, color: THEME.fg };
    const dup = m?.duplicates ?? 0;
    const lost = m?.lost ?? 0;
    const bad = dup > 0 || lost > 0 ? THEME.danger : THEME.fg;
    const both = {
      k: 'dl',
      text: `${count(dup)} twice · ${count(lost)} lost`,
      color: bad,
    };
    const fit = Math.max(1, Math.floor((sb.h - 4) / 15));
    // The counts are never cut: the title goes first, then the words get shorter.
    const twice = {
      k: 'd',
      text: `${count(dup)} twice`,
      color: dup > 0 ? THEME.danger : THEME.fg,
    };
    const lostLine = {
      k: 'l',
      text: `${count(lost)} lost`,
      color: lost > 0 ? THEME.danger : THEME.fg,
    };
    const sinkLines =
      fit >= 4
        ? [{ k: 't', text: 'sink', color: THEME.muted }, applied, twice, lostLine]
        : fit === 3
          ? [applied, twice, lostLine]
          : fit === 2
            ? [applied, { ...both, text: `${count(dup)} twice, ${count(lost)} lost`, size: FONT - 2 }]
            : [{ ...applied, text: `sink: ${applied.text} · ${both.text}`, color: bad }];
    type Line = (typeof sinkLines)[number];
    const lines = keyed<Line, SVGTextElement>(sink as never, 'text', 'sinkline', sinkLines, (d) => d.k);
    const sizeOf = (d: Line) => ('size' in d && d.size ? d.size : FONT);
    lines.call(put, {
      x: sb.x + 8,
      y: (_d: Line, i: number) => sb.y + 15 + i * 15,
      'font-size': sizeOf,
      'font-weight': (d: Line) => (d.k === 't' ? 400 : 600),
      fill: (d: Line) => d.color,
    });
    setText(lines, (d) => truncate(d.text, sb.w - 12, sizeOf(d), d.k !== 't'));
  }

  function drawMember(
    g: G,
    ml: MemberLayout,
    m: MemberSnapshot,
    color: string,
    selected: boolean,
    topic: string,
  ): void {
    const signature = [
      ml.x,
      ml.y,
      ml.w,
      ml.h,
      m.state,
      m.activity,
      m.current?.partition,
      m.current?.offset,
      m.current?.attempt,
      m.idleReason,
      m.isZombie,
      m.processingFactor,
      selected,
      color,
    ].join(',');
    const node = g.node();
    if (node && (!signatures.differs(node, signature) || ctx.isHeld())) return;
    if (node) signatures.set(node, signature);
    activate<FlowTarget>(
      g,
      `Consumer ${m.memberId}: ${m.state}`,
      () => ({ kind: 'member', memberId: m.memberId }),
      ctx.activation,
    );
    const isDown = m.state === 'Crashed' || m.state === 'Left' || m.state === 'Stale';
    keyed<number, SVGRectElement>(g, 'rect', 'node', [0], () => 'n').call(put, {
      x: ml.x,
      y: ml.y,
      width: ml.w,
      height: ml.h,
      rx: 6,
      fill: isDown ? THEME.bg : THEME.panel,
      stroke: m.state === 'Crashed' ? THEME.danger : color,
      'stroke-width': selected ? 3 : 1.5,
      'stroke-dasharray': m.state === 'Stable' ? null : '4 3',
    });
    // The longest wording that fits (memberLabel.ts); the full one is the node's tooltip.
    const label = memberLabel(m, topic, ml.w - 12, FONT, ml.isCompact);
    if (node) setTooltip(node, label.full);
    type Line = (typeof label.lines)[number];
    const text = keyed<Line, SVGTextElement>(g, 'text', 'mline', label.lines, (d) => d.k);
    text.call(put, {
      x: ml.x + 8,
      y: (_d: Line, i: number) => (ml.isCompact ? ml.y + ml.h / 2 + 4 : ml.y + 15 + i * 15),
      'font-size': FONT,
      'font-weight': (d: Line) => (d.isBold ? 600 : 400),
      fill: (d: Line) =>
        d.k === 't' && m.state === 'Crashed' ? THEME.danger : d.k === 't' ? THEME.fg : THEME.muted,
    });
    setText(text, (d) => d.text);
  }

  return { update, destroy: () => root.remove() };
}
