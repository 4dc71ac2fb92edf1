// The flow diagram: producer → partition logs → consumer groups → sinks, drawn with D3
// under a React-owned <svg>. Every position derives from the frame's simulated time, so
// pause freezes dots, speed scales them and seeking is exact. Joins are keyed by entity id.

import { type BaseType, type Selection, select } from 'd3-selection';
import 'd3-transition';
import type { GroupMetrics, GroupSnapshot, MemberSnapshot, PartitionSnapshot } from '../engine';
import type { Frame } from '../store/frame';
import type { Selection as Picked } from '../store/store';
import { formatCountShort } from '../ui/format';
import {
  boundaryX,
  type FlowLayout,
  type LaneLayout,
  layoutFitted,
  type MemberLayout,
  offsetX,
  type StripLayout,
} from './flowDiagramLayout';
import { GROUP_STATE_GLYPH, groupColor, MEMBER_STATE_GLYPH, THEME } from './palette';
import { fits, truncate } from './textWidth';

export interface FlowOptions {
  width: number;
  height: number;
  selection: Picked | null;
  /** prefers-reduced-motion: UI transitions (an edge moving to its new owner) are skipped. */
  isReducedMotion?: boolean;
  /**
   * True while playing: in the dense view, strip and member labels then refresh twice a
   * second (their numbers change faster than anyone reads). Paused or seeking, every frame
   * is drawn exactly.
   */
  isLive?: boolean;
}

export interface FlowCallbacks {
  onSelect(selection: Picked): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

const TRAVEL_MS = 300;
/** In the dense view, lag is written out only from this many records behind. */
const DENSE_LAG_LABEL = 20;
const FONT = 12;

function keyed<D, E extends BaseType>(
  parent: G | Selection<SVGGElement, unknown, BaseType, unknown>,
  tag: string,
  cls: string,
  data: D[],
  key: (d: D) => string,
) {
  return (parent as G)
    .selectAll<E, D>(`${tag}.${cls}`)
    .data(data, key)
    .join(
      (enter) =>
        enter
          .append(tag)
          .attr('class', cls)
          .attr('data-key', (d) => key(d as D)) as never,
    ) as unknown as Selection<E, D, SVGGElement, unknown>;
}

type AttrValue<D> = string | number | null | ((d: D, i: number) => string | number | null);

/**
 * Sets attributes like `selection.attr`, but leaves alone those that already hold the value:
 * Chromium invalidates style and SVG layout on every setAttribute, even to the same value,
 * and these diagrams redraw many elements many times a second.
 */
function put<E extends Element, D>(
  sel: Selection<E, D, BaseType, unknown>,
  attrs: Record<string, AttrValue<D>>,
): void {
  const entries = Object.entries(attrs);
  sel.each(function (d, i) {
    for (const [name, value] of entries) {
      const v = typeof value === 'function' ? value(d, i) : value;
      if (v === null) {
        if (this.hasAttribute(name)) this.removeAttribute(name);
        continue;
      }
      const text = String(v);
      if (this.getAttribute(name) !== text) this.setAttribute(name, text);
    }
  });
}

/** Sets text content only where it differs (text changes relayout the element). */
function setText<E extends Element, D>(
  sel: Selection<E, D, BaseType, unknown>,
  text: (d: D, i: number) => string,
): void {
  sel.each(function (d, i) {
    const t = text(d, i);
    if (this.textContent !== t) this.textContent = t;
  });
}

function activate(
  el: Selection<SVGGElement, unknown, null, undefined> | Selection<SVGGElement, never, SVGGElement, unknown>,
  label: string,
  pick: () => Picked,
  callbacks: FlowCallbacks,
) {
  const sel = el as Selection<SVGGElement, unknown, null, undefined>;
  put(sel as never, { tabindex: 0, role: 'button', 'aria-label': label });
  // Handlers once per element: `pick` reads only the element's key, which never changes.
  if (sel.on('click')) return;
  sel
    .style('cursor', 'pointer')
    .on('click', () => callbacks.onSelect(pick()))
    .on('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        event.stopPropagation();
        callbacks.onSelect(pick());
      }
    });
}

const isSame = (a: Picked | null, b: Picked) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * `overlayEl`, when given, is a second <svg> stacked on top for the moving dots: the
 * browser then repaints only that layer each frame, not the whole diagram.
 */
export function createFlowDiagram(svgEl: SVGSVGElement, callbacks: FlowCallbacks, overlayEl?: SVGSVGElement) {
  const svg = select(svgEl);
  svg.attr('data-diagram', 'flow');
  const root = svg.append('g').attr('class', 'flow');
  const edges = root.append('g').attr('class', 'edges');
  const stripsG = root.append('g').attr('class', 'strips');
  const producerG = root.append('g').attr('class', 'producer');
  const lanesG = root.append('g').attr('class', 'lanes');
  const dlqG = root.append('g').attr('class', 'dlq');
  const retryG = root.append('g').attr('class', 'retry-topics');
  const overlay = overlayEl ? select(overlayEl) : null;
  const dotsG = (overlay ?? root).append('g').attr('class', 'dots').attr('pointer-events', 'none');
  const legend = root.append('g').attr('class', 'legend').attr('aria-hidden', 'true');
  const signatures = new WeakMap<Element, string>();
  /** Strips: a second signature for what moves rarely (position, selection). */
  const frameSignatures = new WeakMap<Element, string>();
  let currentLayout: FlowLayout | null = null;
  let currentOptions: FlowOptions | null = null;
  /** Dense view while playing: labels and bands refresh together, twice a second. */
  const DENSE_REFRESH_MS = 500;
  let lastDenseRefreshWallMs = Number.NEGATIVE_INFINITY;
  let isDenseRefreshFrame = true;
  const isThrottled = (_el: Element, layout: FlowLayout | null, options: FlowOptions | null): boolean =>
    Boolean(layout?.isDense && options?.isLive && !isDenseRefreshFrame);
  /** True (and remembered) when `signature` differs from the last one drawn for `el`. */
  const changed = (el: Element | null, signature: string, map = signatures): boolean => {
    if (!el || map.get(el) === signature) return false;
    map.set(el, signature);
    return true;
  };

  producerG.append('rect').attr('rx', 8);
  producerG.append('text').attr('class', 'title');
  producerG.append('text').attr('class', 'line1');
  producerG.append('text').attr('class', 'line2');
  producerG.append('text').attr('class', 'line3');
  producerG.append('text').attr('class', 'line4');
  dlqG.append('rect').attr('rx', 8);
  dlqG.append('text').attr('class', 'title');
  dlqG.append('text').attr('class', 'line1');

  function update(frame: Frame, options: FlowOptions): void {
    const snap = frame.snapshot;
    const groupIds = snap.groups.map((g) => g.groupId);
    const colorOf = (id: string) => groupColor(groupIds, id);
    const layout = layoutFitted(snap, options.width, options.height, colorOf);
    currentLayout = layout;
    currentOptions = options;
    // One refresh frame every 500 ms does all the dense redraws at once: one busy frame
    // twice a second instead of a little extra work in every frame.
    const wallMs = performance.now();
    isDenseRefreshFrame = !options.isLive || wallMs - lastDenseRefreshWallMs >= DENSE_REFRESH_MS;
    if (isDenseRefreshFrame) lastDenseRefreshWallMs = wallMs;
    put(svg as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    if (overlay) put(overlay as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    drawProducer(frame, layout);
    drawStrips(frame, layout, options, colorOf);
    drawLanes(frame, layout, options);
    drawEdges(frame, layout, options.isReducedMotion === true);
    drawDlq(frame, layout);
    drawRetryTopics(frame, layout);
    drawDots(frame, layout, colorOf, options.isReducedMotion === true);
    drawLegend(frame, layout, colorOf);
  }

  /**
   * A key to the marks, in the column under the producer: only the entries that fit above
   * the retry-topic and DLQ boxes, so it never overlaps them.
   */
  function drawLegend(frame: Frame, layout: FlowLayout, colorOf: (id: string) => string): void {
    const isDense = layout.isDense;
    const isBands = layout.isDense || frame.activity.isAggregated;
    const groupIds = frame.snapshot.groups.map((g) => g.groupId);
    const retryCount = frame.snapshot.groups.reduce((n, g) => n + g.retryTopics.length, 0);
    const hasDlq =
      frame.snapshot.groups.some((g) => g.deadLetterTopic !== null) || frame.snapshot.deadLetters.length > 0;
    const top = layout.producer.y + layout.producer.h + 22;
    const bottom =
      retryCount > 0
        ? layout.dlq.y - (34 + retryCount * 16) - 10
        : hasDlq
          ? layout.dlq.y
          : layout.height - 12;
    const x = layout.producer.x + 2;
    const signature = [x, top, bottom, isDense, isBands, groupIds.join('/')].join(',');
    if (!changed(legend.node(), signature)) return;
    type Entry = { k: string; text: string; mark: string; color: string; dashed?: boolean };
    const first = colorOf(groupIds[0] ?? '');
    const entries: Entry[] = [
      {
        k: 'cell',
        text: isDense ? 'records held' : 'not yet committed',
        mark: 'cell',
        color: THEME.cellFilled,
      },
      { k: 'leo', text: 'log end offset', mark: 'line', color: THEME.fg },
      isDense
        ? { k: 'lag', text: 'lag of a group', mark: 'cell', color: first }
        : { k: 'commit', text: 'committed offset', mark: 'flag', color: first },
      { k: 'claim', text: 'claim not backed', mark: 'line-h', color: THEME.muted, dashed: true },
      isBands
        ? { k: 'band', text: 'band: msg/s in', mark: 'band', color: THEME.producer }
        : { k: 'dot', text: 'record moving', mark: 'dot', color: THEME.producer },
      { k: 'bad', text: 'dup. or failure', mark: 'ring', color: THEME.danger },
    ];
    const fit = Math.max(0, Math.floor((bottom - top) / 16));
    const shown = entries.slice(0, fit);
    const row = keyed<Entry, SVGGElement>(legend, 'g', 'entry', shown, (e) => e.k);
    row.each(function (e, i) {
      const g = select(this);
      const y = top + i * 16;
      g.selectAll('*').remove();
      const cx = x + 6;
      if (e.mark === 'cell')
        g.append('rect')
          .attr('x', x)
          .attr('y', y - 9)
          .attr('width', 12)
          .attr('height', 10)
          .attr('rx', 2)
          .attr('fill', e.color);
      else if (e.mark === 'line')
        g.append('line')
          .attr('x1', cx)
          .attr('x2', cx)
          .attr('y1', y - 10)
          .attr('y2', y + 2)
          .attr('stroke', e.color)
          .attr('stroke-width', 2);
      else if (e.mark === 'flag')
        g.append('path')
          .attr('d', `M${cx - 2},${y - 10} v12 M${cx - 2},${y - 10} l6,3 l-6,3 Z`)
          .attr('fill', e.color)
          .attr('stroke', e.color)
          .attr('stroke-width', 2);
      else if (e.mark === 'line-h' || e.mark === 'band')
        g.append('line')
          .attr('x1', x)
          .attr('x2', x + 12)
          .attr('y1', y - 4)
          .attr('y2', y - 4)
          .attr('stroke', e.color)
          .attr('stroke-width', e.mark === 'band' ? 4 : 1.6)
          .attr('stroke-opacity', e.mark === 'band' ? 0.5 : 1)
          .attr('stroke-dasharray', e.dashed ? '4 3' : null);
      else
        g.append('circle')
          .attr('cx', cx)
          .attr('cy', y - 4)
          .attr('r', e.mark === 'ring' ? 5 : 4)
          .attr('fill', e.color)
          .attr('stroke', e.mark === 'ring' ? THEME.fg : 'none')
          .attr('stroke-width', 1.5);
      g.append('text')
        .attr('x', x + 18)
        .attr('y', y)
        .attr('font-size', FONT - 1)
        .attr('fill', THEME.muted)
        .text(truncate(e.text, layout.producer.w - 20, FONT - 1));
    });
  }

  function drawProducer(frame: Frame, layout: FlowLayout): void {
    const p = frame.snapshot.producers[0];
    const b = layout.producer;
    const node = producerG.node() as Element;
    const signature = JSON.stringify([b, p?.ratePerSec, p?.keys, p?.hotKey, p?.sent]);
    if (signatures.get(node) === signature || isThrottled(node, layout, currentOptions)) return;
    signatures.set(node, signature);
    put(producerG.select('rect') as never, {
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      fill: THEME.panel,
      stroke: THEME.producer,
    });
    const line = (cls: string, dy: number, text: string, size = FONT, weight = 400) => {
      const el = producerG.select<SVGTextElement>(`text.${cls}`);
      put(el as never, {
        x: b.x + 10,
        y: b.y + dy,
        'font-size': size,
        'font-weight': weight,
        fill: THEME.fg,
      });
      setText(el as never, () => text);
    };
    const fitted = (text: string, size = FONT, bold = false) => truncate(text, b.w - 16, size, bold);
    // "producer checkout", else the id alone: the box's place already says what it is.
    const long = p ? `producer ${p.producerId}` : 'no producer';
    const title = fits(long, b.w - 16, 13, true) || !p ? long : p.producerId;
    const titleSize = fits(title, b.w - 16, 14, true) ? 14 : 13;
    line('title', 20, fitted(title, titleSize, true), titleSize, 600);
    line('line1', 40, p ? fitted(`${p.ratePerSec} msg/s → ${p.topic}`) : '');
    const keys = p ? p.keys.replace(/\d{4,}/g, (n) => Number(n).toLocaleString('en-US')) : '';
    line(
      'line2',
      58,
      p ? fitted(p.hotKey ? `hot key ${p.hotKey.key} ${Math.round(p.hotKey.share * 100)}%` : keys) : '',
    );
    line('line3', 76, p ? fitted(`sent ${p.sent.toLocaleString('en-US')}`) : '');
    line('line4', 92, p?.isIdempotent ? 'enable.idempotence' : '');
  }

  function drawStrips(
    frame: Frame,
    layout: FlowLayout,
    options: FlowOptions,
    colorOf: (id: string) => string,
  ): void {
    const byKey = new Map(frame.snapshot.partitions.map((p) => [`${p.topic}/${p.partition}`, p]));
    const groups = frame.snapshot.groups;
    const maxLag = (p: PartitionSnapshot | undefined) =>
      p ? Math.max(0, ...groups.map((g) => p.lag[g.groupId] ?? 0)) : 0;
    const prev = (s: StripLayout) => byKey.get(`${s.topic}/${s.partition - 1}`);
    const next = (s: StripLayout) => byKey.get(`${s.topic}/${s.partition + 1}`);
    const strip = keyed<StripLayout, SVGGElement>(stripsG, 'g', 'strip', layout.strips, (s) => s.key);
    strip.each(function (s) {
      const g = select(this);
      const p = byKey.get(s.key) as PartitionSnapshot;
      const selected = isSame(options.selection, {
        kind: 'partition',
        topic: s.topic,
        partition: s.partition,
      });
      // Redraw only what changed: the frame (position, selection) rarely, the data (log end,
      // committed offsets, lag) often, and in the dense view at most twice a second.
      const frameSignature = [s.x, s.y, s.w, s.h, s.labelW, selected, layout.rowH].join(',');
      // Dense rows are thinner than a line of text: only a partition lagging more than both
      // neighbours is labelled, so two labels never touch.
      const isDenseLabelled =
        layout.isDense &&
        maxLag(p) >= DENSE_LAG_LABEL &&
        maxLag(p) > maxLag(prev(s)) &&
        maxLag(p) >= maxLag(next(s));
      const dataSignature = [
        isDenseLabelled,
        s.firstOffset,
        s.cells,
        p.logStartOffset,
        p.logEndOffset,
        ...groups.map((gr) => `${p.committed[gr.groupId]}/${p.lag[gr.groupId]}`),
      ].join(',');
      const isFrameChanged = changed(this, frameSignature, frameSignatures);
      const isDataChanged =
        isFrameChanged || (signatures.get(this) !== dataSignature && !isThrottled(this, layout, options));
      if (!isDataChanged) return;
      signatures.set(this, dataSignature);
      // Layers keep z-order stable as cells are added: background, cells, numbers, markers.
      const layer = (name: string) =>
        keyed<number, SVGGElement>(g as never, 'g', `layer-${name}`, [0], () => name);
      const layers = { bg: layer('bg'), cells: layer('cells'), nums: layer('nums'), marks: layer('marks') };
      activate(
        g as never,
        `Partition ${s.topic}-${s.partition}: log end ${p.logEndOffset}`,
        () => ({ kind: 'partition', topic: s.topic, partition: s.partition }),
        callbacks,
      );
      if (isFrameChanged) {
        put(keyed<number, SVGRectElement>(layers.bg as never, 'rect', 'bg', [0], () => 'bg') as never, {
          x: s.x,
          y: s.y,
          width: s.w,
          height: s.h,
          rx: 4,
          fill: THEME.panel,
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
      if (!layout.isDense)
        for (let o = Math.max(s.firstOffset, p.logStartOffset); o < visibleEnd; o++) cells.push(o);
      const cell = keyed<number, SVGRectElement>(layers.cells as never, 'rect', 'cell', cells, (o) =>
        String(o),
      );
      const pad = Math.min(2, s.h / 8);
      cell.order();
      cell.style('cursor', 'pointer').on('click', (event: MouseEvent, o: number) => {
        event.stopPropagation();
        callbacks.onSelect({ kind: 'message', topic: s.topic, partition: s.partition, offset: o });
      });
      cell.call(put, {
        x: (o: number) => boundaryX(s, o) + 1,
        y: s.y + pad,
        width: Math.max(1, s.cellW - 2),
        height: s.h - 2 * pad,
        rx: 2,
        fill: (o: number) => {
          const lagging = groups.some((gr) => o >= Math.max(0, p.committed[gr.groupId]));
          return lagging ? THEME.cellFilled : THEME.cell;
        },
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
      const filled = keyed<number, SVGRectElement>(
        layers.cells as never,
        'rect',
        'band',
        layout.isDense ? [0] : [],
        () => 'band',
      );
      const firstX = boundaryX(s, Math.max(s.firstOffset, p.logStartOffset));
      filled.call(put, {
        x: firstX,
        y: s.y + 1,
        width: Math.max(0, boundaryX(s, visibleEnd) - firstX),
        height: Math.max(1, s.h - 2),
        fill: THEME.cellFilled,
      });
      const leo = keyed<number, SVGLineElement>(layers.marks as never, 'line', 'leo', [0], () => 'leo');
      leo.call(put, {
        x1: boundaryX(s, p.logEndOffset),
        x2: boundaryX(s, p.logEndOffset),
        y1: s.y - 1,
        y2: s.y + s.h + 1,
        stroke: THEME.fg,
        'stroke-width': 2,
      });
      // Committed offsets: each group has a band of the strip (top to bottom in group order)
      // and marks its committed offset there with a flag in its colour; lag is the gap to the
      // log end. A commit left of the visible window shows as an arrow at the window's edge.
      const markers = groups.filter((gr) => gr.topic === s.topic);
      const bandH = s.h / Math.max(1, markers.length);
      const committedOf = (gr: GroupSnapshot) => Math.max(p.committed[gr.groupId], p.logStartOffset);
      const marker = keyed<GroupSnapshot, SVGPathElement>(
        layers.marks as never,
        'path',
        'committed',
        layout.isDense ? [] : markers,
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
        fill: (gr: GroupSnapshot) => colorOf(gr.groupId),
        stroke: (gr: GroupSnapshot) => colorOf(gr.groupId),
        'stroke-width': 2,
        'stroke-linejoin': 'round',
      });
      // Dense strips are too thin for markers to show lag: each group gets a band of its
      // colour from its committed offset to the log end, stacked one above the other.
      const lagBar = keyed<GroupSnapshot, SVGRectElement>(
        layers.cells as never,
        'rect',
        'lagbar',
        layout.isDense ? markers : [],
        (gr) => gr.groupId,
      );
      const barH = s.h / Math.max(1, markers.length);
      lagBar.call(put, {
        x: (gr: GroupSnapshot) => boundaryX(s, Math.max(p.committed[gr.groupId], p.logStartOffset)),
        y: (_gr: GroupSnapshot, i: number) => s.y + i * barH,
        width: (gr: GroupSnapshot) =>
          Math.max(
            0,
            boundaryX(s, p.logEndOffset) - boundaryX(s, Math.max(p.committed[gr.groupId], p.logStartOffset)),
          ),
        height: barH,
        fill: (gr: GroupSnapshot) => colorOf(gr.groupId),
        'fill-opacity': 0.6,
      });
      // Lag per group at the strip's right end: one line per group where the bands are tall
      // enough, else "lag 3/1/0" in one line, and in a dense strip only a clearly lagging one.
      const perLine = !layout.isDense && bandH >= 13;
      const oneLine = !layout.isDense && !perLine;
      const lags = keyed<GroupSnapshot, SVGTextElement>(
        layers.marks as never,
        'text',
        'lag',
        perLine
          ? markers
          : layout.isDense && isDenseLabelled
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
        'font-size': layout.isDense ? Math.min(FONT, Math.round(layout.rowH + 3)) : FONT,
        'font-weight': 600,
        fill: (gr: GroupSnapshot) => colorOf(gr.groupId),
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
      put(tspan as never, { fill: (gr: GroupSnapshot) => colorOf(gr.groupId) });
      setText(tspan, (gr, i) => `${i === 0 ? 'lag ' : '/'}${p.lag[gr.groupId] ?? 0}`);
    });
  }

  function drawLanes(frame: Frame, layout: FlowLayout, options: FlowOptions): void {
    const groups = new Map(frame.snapshot.groups.map((g) => [g.groupId, g]));
    const metrics = frame.metrics.groups;
    const lane = keyed<LaneLayout, SVGGElement>(lanesG, 'g', 'lane', layout.lanes, (l) => l.groupId);
    lane.each(function (l) {
      const g = select(this);
      const group = groups.get(l.groupId) as GroupSnapshot;
      const m = metrics[l.groupId];
      const selected = isSame(options.selection, { kind: 'group', groupId: l.groupId });
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
      const isLaneChanged = changed(this, laneSignature);
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
          isSame(options.selection, { kind: 'member', memberId: ml.memberId }),
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
      activate(
        header as never,
        `Consumer group ${l.groupId}: ${group.state}`,
        () => ({ kind: 'group', groupId: l.groupId }),
        callbacks,
      );
      const isRebalancing = group.state === 'PreparingRebalance' || group.state === 'CompletingRebalance';
      const lines = [
        {
          cls: 'name',
          // The generation before the state, so a long state name is what gets cut.
          text: `${l.groupId} · gen ${group.generationId} · ${GROUP_STATE_GLYPH[group.state]} ${group.state}`,
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
            : `${group.protocol} · ${group.delivery} · commit ${group.commit}`,
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
    const isStale = signatures.get(node) !== counters && !isThrottled(node, currentLayout, currentOptions);
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
    if (node && (signatures.get(node) === signature || isThrottled(node, currentLayout, currentOptions)))
      return;
    if (node) signatures.set(node, signature);
    activate(
      g,
      `Consumer ${m.memberId}: ${m.state}`,
      () => ({ kind: 'member', memberId: m.memberId }),
      callbacks,
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
    // Records are named as Kafka names them (orders-0@142), never p0, which reads like a
    // member id. Compact rows leave out "Stable": the ● glyph already says it.
    const record = m.current
      ? `${topic}-${m.current.partition}@${m.current.offset}${m.current.attempt > 1 ? ` try ${m.current.attempt}` : ''}`
      : '';
    const verb = m.activity === 'backoff' ? 'backoff' : 'processing';
    const activity = m.current
      ? fits(`${verb} ${record}`, ml.w - 12, FONT)
        ? `${verb} ${record}`
        : `${verb === 'backoff' ? 'backoff ' : '▸ '}${record}`
      : (m.idleReason ?? (m.state === 'Stable' ? m.activity : ''));
    const extras = `${m.processingFactor !== 1 ? ` ×${m.processingFactor} slow` : ''}${m.isZombie ? ' · zombie' : ''}`;
    const title = `${MEMBER_STATE_GLYPH[m.state]} ${m.memberId} ${m.state}${extras}`;
    const compactTitle = `${MEMBER_STATE_GLYPH[m.state]} ${m.memberId}${m.state === 'Stable' ? '' : ` ${m.state}`}${extras}`;
    const compactActivity = m.current ? `${m.activity === 'backoff' ? 'backoff ' : ''}${record}` : activity;
    const lines = ml.isCompact
      ? [{ k: 't', text: compactActivity ? `${compactTitle} · ${compactActivity}` : compactTitle }]
      : [
          { k: 't', text: title },
          { k: 'a', text: activity },
        ];
    type Line = (typeof lines)[number];
    const text = keyed<Line, SVGTextElement>(g, 'text', 'mline', lines, (d) => d.k);
    text.call(put, {
      x: ml.x + 8,
      y: (_d: Line, i: number) => (ml.isCompact ? ml.y + ml.h / 2 + 4 : ml.y + 15 + i * 15),
      'font-size': FONT,
      'font-weight': (d: Line) => (d.k === 't' ? 600 : 400),
      fill: (d: Line) =>
        d.k === 't' && m.state === 'Crashed' ? THEME.danger : d.k === 't' ? THEME.fg : THEME.muted,
    });
    setText(text, (d) => truncate(d.text, ml.w - 12, FONT, d.k === 't'));
  }

  function drawEdges(frame: Frame, layout: FlowLayout, isReducedMotion: boolean): void {
    const stripByPartition = new Map(layout.strips.map((s) => [`${s.topic}/${s.partition}`, s]));
    const memberBox = new Map(
      layout.lanes.flatMap((l) => l.members.map((m) => [m.memberId, { m, l }] as const)),
    );
    type Edge = { key: string; d: string; color: string; dashed: boolean; owner: string };
    const list: Edge[] = [];
    const partitionOwners = new Map(
      frame.snapshot.partitions.map((p) => [`${p.topic}/${p.partition}`, p.owner]),
    );
    const topicOf = new Map(frame.snapshot.groups.map((g) => [g.groupId, g.topic]));
    const ownerOf = (groupId: string, partition: number) =>
      partitionOwners.get(`${topicOf.get(groupId)}/${partition}`)?.[groupId] ?? null;
    for (const g of frame.snapshot.groups) {
      for (const m of g.members) {
        const target = memberBox.get(m.memberId);
        if (!target) continue;
        const add = (partition: number, isClaimOnly: boolean) => {
          const s = stripByPartition.get(`${g.topic}/${partition}`);
          if (!s) return;
          const x1 = s.x + s.w;
          const y1 = s.y + s.h / 2;
          const x2 = target.m.x;
          const y2 = target.m.y + target.m.h / 2;
          const mx = (x1 + x2) / 2;
          list.push({
            // One assignment edge per group and partition: when the owner changes, the same
            // edge moves to the new owner. Revoked (dashed) edges belong to their member.
            key: isClaimOnly ? `${g.groupId}/${partition}/claim/${m.memberId}` : `${g.groupId}/${partition}`,
            owner: m.memberId,
            d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
            color: target.l.color,
            dashed: isClaimOnly,
          });
        };
        // Solid: the owner the coordinator knows. Dashed: a claim it no longer backs (revoked,
        // or a crashed or zombie member that has not learned it was removed).
        for (const tp of m.assigned) add(tp.partition, ownerOf(g.groupId, tp.partition) !== m.memberId);
        for (const tp of m.revoked) add(tp.partition, true);
      }
    }
    if (!changed(edges.node(), list.map((e) => e.key + e.d).join('|'))) return;
    const paths = keyed<Edge, SVGPathElement>(edges, 'path', 'edge', list, (e) => e.key);
    const moved = paths.filter(function (e) {
      const previous = this.getAttribute('data-owner');
      return previous !== null && previous !== e.owner;
    });
    const still = paths.filter(function (e) {
      const previous = this.getAttribute('data-owner');
      return previous === null || previous === e.owner;
    });
    still.interrupt('reassign').attr('d', (e) => e.d);
    if (isReducedMotion) moved.interrupt('reassign').attr('d', (e) => e.d);
    else
      moved
        .transition('reassign')
        .duration(700)
        .attr('d', (e) => e.d);
    paths
      .attr('data-owner', (e) => e.owner)
      .attr('fill', 'none')
      .attr('stroke', (e) => e.color)
      .attr('stroke-width', layout.isDense ? 1 : 1.6)
      .attr('stroke-opacity', (e) => (e.dashed ? 0.5 : 0.7))
      .attr('stroke-dasharray', (e) => (e.dashed ? '5 4' : null));
  }

  function drawDlq(frame: Frame, layout: FlowLayout): void {
    const b = layout.dlq;
    const depth = frame.snapshot.deadLetters.filter((d) => !d.isParked).length;
    const parked = frame.snapshot.deadLetters.length - depth;
    const hasDlq =
      frame.snapshot.groups.some((g) => g.deadLetterTopic !== null) || frame.snapshot.deadLetters.length > 0;
    if (
      !changed(
        dlqG.node(),
        [b.x, b.y, b.w, b.h, depth, parked, hasDlq, frame.snapshot.groups.length].join(','),
      )
    )
      return;
    dlqG.attr('display', hasDlq ? null : 'none');
    dlqG
      .select('rect')
      .attr('x', b.x)
      .attr('y', b.y)
      .attr('width', b.w)
      .attr('height', b.h)
      .attr('fill', THEME.panel)
      .attr('stroke', depth > 0 ? THEME.danger : THEME.border);
    dlqG
      .select('text.title')
      .attr('x', b.x + 10)
      .attr('y', b.y + 22)
      .attr('font-size', 14)
      .attr('font-weight', 600)
      .attr('fill', THEME.fg)
      .text(frame.snapshot.groups.find((g) => g.deadLetterTopic)?.deadLetterTopic ?? 'dead letters');
    dlqG
      .select('text.line1')
      .attr('x', b.x + 10)
      .attr('y', b.y + 44)
      .attr('font-size', FONT)
      .attr('fill', depth > 0 ? THEME.danger : THEME.muted)
      .text(`${depth} waiting${parked > 0 ? ` · ${parked} parked` : ''}`);
  }

  /** Spring Kafka style retry topics: one line per topic with the records waiting in it. */
  function drawRetryTopics(frame: Frame, layout: FlowLayout): void {
    const topics = frame.snapshot.groups.flatMap((g) =>
      g.retryTopics.map((t) => ({ ...t, key: `${g.groupId}/${t.name}` })),
    );
    const b = layout.dlq;
    const h = topics.length === 0 ? 0 : 34 + topics.length * 16;
    const top = b.y - h - 10;
    if (!changed(retryG.node(), JSON.stringify([b, topics]))) return;
    retryG.attr('display', topics.length > 0 ? null : 'none');
    keyed<number, SVGRectElement>(retryG, 'rect', 'box', topics.length > 0 ? [0] : [], () => 'box')
      .attr('x', b.x)
      .attr('y', top)
      .attr('width', b.w)
      .attr('height', h)
      .attr('rx', 8)
      .attr('fill', THEME.panel)
      .attr('stroke', topics.some((t) => t.depth > 0) ? THEME.warn : THEME.border);
    keyed<number, SVGTextElement>(retryG, 'text', 'title', topics.length > 0 ? [0] : [], () => 'title')
      .attr('x', b.x + 10)
      .attr('y', top + 20)
      .attr('font-size', 14)
      .attr('font-weight', 600)
      .attr('fill', THEME.fg)
      .text('retry topics');
    keyed<(typeof topics)[number], SVGTextElement>(retryG, 'text', 'topic', topics, (t) => t.key)
      .attr('x', b.x + 10)
      .attr('y', (_t, i) => top + 40 + i * 16)
      .attr('font-size', FONT)
      .attr('fill', (t) => (t.depth > 0 ? THEME.warn : THEME.muted))
      .text((t) => truncate(`${t.name.split('.').slice(-2).join('.')}: ${t.depth} waiting`, b.w - 16, FONT));
  }

  function drawDots(
    frame: Frame,
    layout: FlowLayout,
    colorOf: (id: string) => string,
    isReducedMotion: boolean,
  ): void {
    const now = frame.nowMs;
    const strips = new Map(layout.strips.map((s) => [s.partition, s]));
    const members = new Map(layout.lanes.flatMap((l) => l.members.map((m) => [m.memberId, m] as const)));
    const sinks = new Map(layout.lanes.map((l) => [l.groupId, l.sink]));
    type Dot = { key: string; x: number; y: number; r: number; color: string; ring: boolean };
    const dots: Dot[] = [];
    const bands: { key: string; d: string; w: number; color: string }[] = [];
    // Under reduced motion a dot does not travel: it sits where it is going while it lasts.
    const lerp = (a: number, b: number, t: number) =>
      isReducedMotion ? b : a + (b - a) * Math.min(1, Math.max(0, t));
    const p = layout.producer;
    const dense = layout.isDense || frame.activity.isAggregated;
    if (dense) {
      frame.activity.producedPerPartitionPerSec.forEach((rate, i) => {
        const s = strips.get(i);
        if (!s || rate <= 0) return;
        bands.push({
          key: `in/${i}`,
          d: `M${p.x + p.w},${p.y + p.h / 2} L${s.x},${s.y + s.h / 2}`,
          // Half-pixel steps: the width follows the rate without touching the DOM every frame.
          w: Math.round(2 * Math.min(6, 0.5 + Math.sqrt(rate) / 3)) / 2,
          color: 'var(--qs-producer)',
        });
      });
    } else {
      for (const d of frame.activity.produced) {
        const t = (now - d.atMs) / TRAVEL_MS;
        if (t > 1 || t < 0) continue;
        const s = strips.get(d.partition);
        if (!s) continue;
        dots.push({
          key: `p/${d.partition}/${d.offset}`,
          // To the strip's edge, not over its name and numbers: the new cell shows the rest.
          x: lerp(p.x + p.w, s.x, t),
          y: lerp(p.y + p.h / 2, s.y + s.h / 2, t),
          r: 4,
          color: 'var(--qs-producer)',
          ring: false,
        });
      }
    }
    // Records being processed travel strip → member over their processing time.
    for (const g of frame.snapshot.groups) {
      for (const m of g.members) {
        const c = m.current;
        const ml = members.get(m.memberId);
        const s = c ? strips.get(c.partition) : undefined;
        if (!c || !ml || !s) continue;
        const span = Math.max(1, c.endsAtMs - c.startedAtMs);
        const t = (now - c.startedAtMs) / span;
        dots.push({
          key: `c/${g.groupId}/${m.memberId}`,
          x: lerp(s.x + s.w, ml.x - 5, t),
          y: lerp(s.y + s.h / 2, ml.y + ml.h / 2, t),
          r: 5,
          color: m.activity === 'backoff' ? 'var(--qs-warn)' : colorOf(g.groupId),
          ring: c.attempt > 1,
        });
      }
    }
    if (!dense) {
      for (const d of frame.activity.processed) {
        const t = (now - d.atMs) / TRAVEL_MS;
        if (t > 1 || t < 0) continue;
        const ml = members.get(d.memberId);
        const sink = sinks.get(d.groupId);
        if (!ml || !sink) continue;
        const isDuplicate = d.appliedCount > 1 && !d.isDeduplicated;
        dots.push({
          key: `s/${d.groupId}/${d.partition}/${d.offset}/${d.atMs}`,
          // Straight to the sink: beside the members, or below them when it is a row.
          x: lerp(ml.x + ml.w, Math.min(sink.x + sink.w, Math.max(sink.x, ml.x + ml.w)), t),
          y: lerp(ml.y + ml.h / 2, sink.y + sink.h / 2, t),
          r: isDuplicate ? 6 : 3.5,
          color: isDuplicate ? 'var(--qs-danger)' : colorOf(d.groupId),
          ring: isDuplicate,
        });
      }
    }
    for (const d of frame.activity.failed) {
      const t = (now - d.atMs) / 600;
      if (t > 1 || t < 0) continue;
      const ml = members.get(d.memberId);
      const s = strips.get(d.partition);
      if (!ml || !s) continue;
      // A failed attempt bounces back toward its partition (a retry) or drops to the DLQ.
      const toX = d.willRetry ? s.x + s.w : layout.dlq.x + layout.dlq.w;
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
    type Band = (typeof bands)[number];
    keyed<Band, SVGPathElement>(dotsG, 'path', 'band', bands, (b) => b.key).call(put, {
      d: (b: Band) => b.d,
      stroke: (b: Band) => b.color,
      'stroke-width': (b: Band) => b.w,
      'stroke-opacity': 0.35,
      fill: 'none',
    });
    keyed<Dot, SVGCircleElement>(dotsG, 'circle', 'dot', dots, (d) => d.key).call(put, {
      cx: (d: Dot) => Math.round(d.x * 10) / 10,
      cy: (d: Dot) => Math.round(d.y * 10) / 10,
      r: (d: Dot) => d.r,
      fill: (d: Dot) => d.color,
      stroke: (d: Dot) => (d.ring ? THEME.fg : 'none'),
      'stroke-width': (d: Dot) => (d.ring ? 1.5 : 0),
    });
  }

  return {
    update,
    destroy(): void {
      root.remove();
      dotsG.remove();
    },
  };
}

/** Label every k-th offset so full offset numbers (12 px monospace) never overlap. */
function numberStride(s: StripLayout, largestOffset: number): number {
  const labelW = String(Math.max(1, largestOffset)).length * 7.3 + 6;
  return Math.max(1, Math.ceil(labelW / s.cellW));
}
