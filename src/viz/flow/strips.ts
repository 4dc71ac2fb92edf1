// The partition logs: one strip per partition (keyed `topic/partition`), its offsets as
// cells, the log end as a line, each group's committed offset as a flag in its colour and
// its lag at the right end. Dense views (> 16 partitions) draw lag as bands instead, and
// label only a partition lagging more than both neighbours. A partition transactions write
// to also shows its last stable offset (a dashed line), the records of open transactions
// (amber, dashed outline), aborted records (struck through) and the commit/abort markers
// (hollow cells: they take an offset but carry no message).

import { select } from 'd3-selection';
import type { GroupSnapshot, PartitionSnapshot } from '../../engine';
import { activate, createSignatures, type G, keyed, put, setText } from '../d3put';
import { boundaryX, type FlowLayout, offsetX, type StripLayout } from '../flowDiagramLayout';
import { type FlowModel, type FlowTarget, isSamePick, maxLag, partitionKey } from '../flowModel';
import { THEME } from '../palette';
import { type FlowLayer, FONT, type LayerContext } from './layer';
import { drawShareMarks, shareSignature } from './shareStrip';

/** In the dense view, lag is written out only from this many records behind. */
export const DENSE_LAG_LABEL = 20;

/** Label every k-th offset so full offset numbers (12 px monospace) never overlap. */
export function numberStride(s: StripLayout, largestOffset: number): number {
  const labelW = String(Math.max(1, largestOffset)).length * 7.3 + 6;
  return Math.max(1, Math.ceil(labelW / s.cellW));
}

export function createStripsLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent.append('g').attr('class', 'strips');
  /** Two signatures per strip: what moves rarely (position, selection) and its data. */
  const frames = createSignatures();
  const data = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const byKey = model.partitionByKey;
    const prev = (s: StripLayout) => byKey.get(partitionKey(s.topic, s.partition - 1));
    const next = (s: StripLayout) => byKey.get(partitionKey(s.topic, s.partition + 1));
    const strip = keyed<StripLayout, SVGGElement>(root, 'g', 'strip', layout.strips, (s) => s.key);
    strip.each(function (s) {
      const g = select(this);
      const p = model.partitionByKey.get(s.key) as PartitionSnapshot;
      // Only the groups reading this strip's topic have offsets and lag on it.
      const groups = model.groups.filter((gr) => gr.topic === s.topic);
      const selected = isSamePick(model.selection, {
        kind: 'partition',
        topic: s.topic,
        partition: s.partition,
      });
      // Redraw only what changed: the frame (position, selection) rarely, the data (log end,
      // committed offsets, lag) often, and in the dense view at most twice a second.
      const frameSignature = [s.x, s.y, s.w, s.h, s.labelW, selected, layout.rowH, model.isDense].join(',');
      // Dense rows are thinner than a line of text: only a partition lagging more than both
      // neighbours is labelled, so two labels never touch.
      const isDenseLabelled =
        model.isDense &&
        maxLag(p, groups) >= DENSE_LAG_LABEL &&
        maxLag(p, groups) > maxLag(prev(s), groups) &&
        maxLag(p, groups) >= maxLag(next(s), groups);
      // The dense view's bands and log end are paths of their own (denseBands.ts): its SVG shows
      // only the lag label of a clearly lagging partition.
      const dataSignature = model.isDense
        ? `dense,${isDenseLabelled ? groups.map((gr) => p.lag[gr.groupId]).join('/') : ''}`
        : [
            s.firstOffset,
            s.cells,
            p.logStartOffset,
            p.logEndOffset,
            p.lastStableOffset ?? '',
            p.txnMarks ? `${p.txnMarks.length}/${p.txnMarks.at(-1)?.offset}/${p.abortedRecords}` : '',
            ...groups.map((gr) => `${p.committed[gr.groupId]}/${p.lag[gr.groupId]}`),
            shareSignature(groups, s.partition),
          ].join(',');
      const isFrameChanged = frames.changed(this, frameSignature);
      if (isFrameChanged || !ctx.isHeld())
        activate<FlowTarget>(
          g as never,
          `Partition ${s.topic}-${s.partition}: log end ${p.logEndOffset}${
            p.lastStableOffset === undefined ? '' : `, last stable offset ${p.lastStableOffset}`
          }`,
          () => ({ kind: 'partition', topic: s.topic, partition: s.partition }),
          ctx.activation,
        );
      const isDataChanged = isFrameChanged || (data.differs(this, dataSignature) && !ctx.isHeld());
      if (!isDataChanged) return;
      data.set(this, dataSignature);
      // Layers keep z-order stable as cells are added: background, cells, numbers, markers.
      const layer = (name: string) =>
        keyed<number, SVGGElement>(g as never, 'g', `layer-${name}`, [0], () => name);
      const layers = { bg: layer('bg'), cells: layer('cells'), nums: layer('nums'), marks: layer('marks') };
      if (isFrameChanged) {
        put(keyed<number, SVGRectElement>(layers.bg as never, 'rect', 'bg', [0], () => 'bg') as never, {
          x: s.x,
          y: s.y,
          width: s.w,
          height: s.h,
          rx: 4,
          // Dense: denseBands.ts draws the panel; this rect stays as the strip's hit target.
          fill: model.isDense ? 'transparent' : THEME.panel,
          stroke: selected ? THEME.fg : THEME.border,
          'stroke-width': selected ? 2 : 1,
        });
        const label = keyed<number, SVGTextElement>(
          layers.bg as never,
          'text',
          'label',
          s.labelW > 0 ? [0] : [],
          () => 'label',
        );
        put(label as never, {
          x: s.x + 6,
          y: s.y + s.h / 2 + 4,
          'font-size': FONT,
          'font-weight': 600,
          fill: THEME.fg,
        });
        setText(label as never, () =>
          s.partition % Math.max(1, Math.ceil(14 / (layout.rowH + 1))) === 0
            ? `${s.topic}-${s.partition}`
            : '',
        );
      }
      const visibleEnd = Math.min(p.logEndOffset, s.firstOffset + s.cells);
      const cells: number[] = [];
      if (!model.isDense)
        for (let o = Math.max(s.firstOffset, p.logStartOffset); o < visibleEnd; o++) cells.push(o);
      // Cells are keyed by their place in the window, not by offset: as the log grows the
      // window slides one offset per record, and a cell keyed by offset would move (every
      // cell's x rewritten); a place keeps its x and changes colour only where it must.
      type Cell = { place: number; offset: number };
      const cell = keyed<Cell, SVGRectElement>(
        layers.cells as never,
        'rect',
        'cell',
        cells.map((o) => ({ place: o - s.firstOffset, offset: o })),
        (c) => String(c.place),
      );
      const pad = Math.min(2, s.h / 8);
      const txnKind = p.txnMarks ? new Map(p.txnMarks.map((x) => [x.offset, x.kind])) : null;
      // One click handler per strip, bound once: a cell selects the record it shows now.
      const cellsNode = layers.cells.node() as SVGGElement;
      if (!cellsNode.hasAttribute('data-clicks')) {
        cellsNode.setAttribute('data-clicks', '');
        layers.cells.on('click', (event: MouseEvent) => {
          const target = event.target as Element;
          if (!target.classList.contains('cell')) return;
          event.stopPropagation();
          const { offset } = select<Element, Cell>(target).datum();
          ctx.onSelect({ kind: 'message', topic: s.topic, partition: s.partition, offset });
        });
      }
      cell.call(put, {
        x: (c: Cell) => boundaryX(s, c.offset) + 1,
        y: s.y + pad,
        width: Math.max(1, s.cellW - 2),
        height: s.h - 2 * pad,
        rx: 2,
        fill: ({ offset: o }: Cell) => {
          const kind = txnKind?.get(o);
          if (kind === 'open') return THEME.warn;
          if (kind === 'aborted') return THEME.danger;
          if (kind === 'commit-marker' || kind === 'abort-marker') return 'none';
          const lagging = groups.some((gr) => o >= Math.max(0, p.committed[gr.groupId]));
          return lagging ? THEME.cellFilled : THEME.cell;
        },
        'fill-opacity': (c: Cell) => (txnKind?.get(c.offset) === 'aborted' ? 0.4 : null),
        stroke: (c: Cell) => {
          const kind = txnKind?.get(c.offset);
          if (kind === 'open') return THEME.fg;
          if (kind === 'abort-marker') return THEME.danger;
          return kind === 'commit-marker' ? THEME.muted : null;
        },
        'stroke-dasharray': (c: Cell) => (txnKind?.get(c.offset) === 'open' ? '3 2' : null),
      });
      // Aborted records are struck through, so they read without colour too.
      const struck = txnKind === null ? [] : cells.filter((o) => txnKind.get(o) === 'aborted');
      const strike = keyed<number, SVGLineElement>(layers.cells as never, 'line', 'aborted', struck, (o) =>
        String(o),
      );
      strike.call(put, {
        x1: (o: number) => boundaryX(s, o) + 2,
        x2: (o: number) => boundaryX(s, o) + Math.max(2, s.cellW - 2),
        y1: s.y + s.h - pad - 1,
        y2: s.y + pad + 1,
        stroke: THEME.danger,
        'stroke-width': 1.5,
      });
      const numbers = keyed<number, SVGTextElement>(
        layers.nums as never,
        'text',
        'num',
        s.showNumbers ? cells.filter((o) => o % numberStride(s, p.logEndOffset) === 0) : [],
        (o) => String(o),
      );
      numbers.call(put, {
        x: (o: number) => offsetX(s, o),
        y: s.y + s.h / 2 + 4,
        'text-anchor': 'middle',
        'font-size': FONT,
        'font-family': 'var(--qs-mono)',
        fill: THEME.fg,
      });
      setText(numbers, (o) => String(o));
      const leo = keyed<number, SVGLineElement>(
        layers.marks as never,
        'line',
        'leo',
        model.isDense ? [] : [0],
        () => 'leo',
      );
      leo.call(put, {
        x1: boundaryX(s, p.logEndOffset),
        x2: boundaryX(s, p.logEndOffset),
        y1: s.y - 1,
        y2: s.y + s.h + 1,
        stroke: THEME.fg,
        'stroke-width': 2,
      });
      // The last stable offset, where it lags the log end: read_committed readers stop there
      // (at the window's left edge when it is further back; the strip's name gives the figure).
      const lso = p.lastStableOffset;
      const lsoLine = keyed<number, SVGLineElement>(
        layers.marks as never,
        'line',
        'lso',
        !model.isDense && lso !== undefined && lso < p.logEndOffset ? [0] : [],
        () => 'lso',
      );
      lsoLine.call(put, {
        x1: boundaryX(s, lso ?? 0),
        x2: boundaryX(s, lso ?? 0),
        y1: s.y - 3,
        y2: s.y + s.h + 3,
        stroke: THEME.warn,
        'stroke-width': 2.5,
        'stroke-dasharray': '4 2',
      });
      // Committed offsets: each group has a band of the strip (top to bottom in group order)
      // and marks its committed offset there with a flag in its colour; lag is the gap to the
      // log end. A commit left of the visible window shows as an arrow at the window's edge.
      const markers = groups.filter((gr) => gr.topic === s.topic);
      const bandH = s.h / Math.max(1, markers.length);
      const committedOf = (gr: GroupSnapshot) => Math.max(p.committed[gr.groupId], p.logStartOffset);
      // Share groups: record states in the group's band (acquired, acknowledged, archived, SPEO).
      drawShareMarks(layers.marks as never, s, model.isDense ? [] : markers, bandH, model.colorOf);
      const marker = keyed<GroupSnapshot, SVGPathElement>(
        layers.marks as never,
        'path',
        'committed',
        model.isDense ? [] : markers,
        (gr) => gr.groupId,
      );
      marker.call(put, {
        d: (gr: GroupSnapshot, i: number) => {
          const c = committedOf(gr);
          const y0 = s.y + i * bandH + 1;
          const h = Math.max(4, bandH - 2);
          const head = Math.min(5, h / 2);
          if (c < s.firstOffset) {
            // In the gap between the partition's name and its first cell.
            const tip = s.x + s.labelW - 10;
            const size = Math.min(4, head);
            return `M${tip},${y0 + h / 2} l${2 * size},${-size} v${2 * size} Z`;
          }
          const x = boundaryX(s, c);
          // Heads at the strip's outer edges (top half up, bottom half down), clear of the
          // offset numbers in the middle.
          const headY = markers.length > 1 && i >= markers.length / 2 ? y0 + h - head - 2 : y0;
          return `M${x},${y0} v${h} M${x},${headY} l${head + 1},${head / 2 + 1} l${-head - 1},${head / 2 + 1} Z`;
        },
        fill: (gr: GroupSnapshot) => model.colorOf(gr.groupId),
        stroke: (gr: GroupSnapshot) => model.colorOf(gr.groupId),
        'stroke-width': 2,
        'stroke-linejoin': 'round',
      });
      // Lag per group at the strip's right end: one line per group where the bands are tall
      // enough, else "lag 3/1/0" in one line, and in a dense strip only a clearly lagging one.
      const perLine = !model.isDense && bandH >= 13;
      const oneLine = !model.isDense && !perLine;
      const lags = keyed<GroupSnapshot, SVGTextElement>(
        layers.marks as never,
        'text',
        'lag',
        perLine
          ? markers
          : model.isDense && isDenseLabelled
            ? markers
                .filter((gr) => (p.lag[gr.groupId] ?? 0) >= DENSE_LAG_LABEL)
                .sort((a, b) => (p.lag[b.groupId] ?? 0) - (p.lag[a.groupId] ?? 0))
                .slice(0, 1)
            : [],
        (gr) => gr.groupId,
      );
      lags.call(put, {
        x: s.x + s.w - 4,
        y: (gr: GroupSnapshot) =>
          perLine ? s.y + markers.indexOf(gr) * bandH + bandH / 2 + 4 : s.y + s.h / 2 + 4,
        'text-anchor': 'end',
        'font-size': model.isDense ? Math.min(FONT, Math.round(layout.rowH + 3)) : FONT,
        'font-weight': 600,
        fill: (gr: GroupSnapshot) => model.colorOf(gr.groupId),
      });
      setText(lags, (gr) => `lag ${p.lag[gr.groupId] ?? 0}`);
      const lagAll = keyed<number, SVGTextElement>(
        layers.marks as never,
        'text',
        'lag-all',
        oneLine ? [0] : [],
        () => 'all',
      );
      put(lagAll as never, {
        x: s.x + s.w - 4,
        y: s.y + s.h / 2 + 4,
        'text-anchor': 'end',
        'font-size': FONT,
        'font-weight': 600,
        fill: THEME.fg,
      });
      const parts = oneLine ? markers : [];
      const tspan = keyed<GroupSnapshot, SVGTSpanElement>(
        lagAll as never,
        'tspan',
        'lag-part',
        parts,
        (gr) => gr.groupId,
      );
      put(tspan as never, { fill: (gr: GroupSnapshot) => model.colorOf(gr.groupId) });
      setText(tspan, (gr, i) => `${i === 0 ? 'lag ' : '/'}${p.lag[gr.groupId] ?? 0}`);
    });
  }

  return { update, destroy: () => root.remove() };
}
