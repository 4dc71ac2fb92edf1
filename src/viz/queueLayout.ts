// Pure layout of the flow diagram's queue half (issue 12): producer → exchange → queue →
// consumers, left to right, one row per queue with each DLQ under its source; or, on phones,
// everything stacked at the full width. Inside a queue box: a two-line header, the ready
// row (cells, the head of the queue at the right, next to the consumers) and a grid of chips
// for the timed messages (in flight with their visibility countdown, then delayed). Sizes
// derive from the counts and the area, so a dense queue is aggregated, never cramped.

import type { Box } from './flowDiagramLayout';
import {
  producerTarget,
  type QueueConsumerModel,
  type QueueRowModel,
  type QueueSectionModel,
} from './queueModel';
import { textWidth } from './textWidth';

export interface QueueBoxLayout extends Box {
  name: string;
  /** The two header lines (name and type; counts) take this much at the top. */
  headerH: number;
  /** The ready row: a label, the "+n" aggregate, then `cells` cells ending at the right. */
  ready: Box & { cells: number; cellW: number; labelW: number; moreW: number };
  /** Timed messages (in flight, delayed) as chips, `columns` × `rows`. */
  chips: Box & { columns: number; rows: number; chipW: number; chipH: number };
  consumers: (Box & { consumerId: string; groupId: string; isCompact: boolean })[];
  /** Consumers not drawn one by one, told in one line at `more` (the counts stay exact). */
  hiddenConsumers: number;
  more: Box | null;
  /** Routing-key labels of the bindings into this queue, where each binding edge ends. */
  bindings: (Box & { exchange: string; key: string })[];
  /** The queue whose dead letters come here (its row is right above), or null. */
  deadLetterFrom: string | null;
  /** Where the dead-letter arrow's label goes (between the source's row and this one). */
  deadLetterLabel: Box | null;
}

export interface QueueSectionLayout {
  area: Box;
  producers: (Box & { producerId: string; target: string })[];
  exchanges: (Box & { name: string })[];
  queues: QueueBoxLayout[];
  /** One line of key under the rows (null when there is no room). */
  legend: Box | null;
  isVertical: boolean;
}

export const QUEUE_CHIP_W = 132;
export const QUEUE_CHIP_H = 22;
const CHIP_ROW = 26;
/** Past this many rows of chips the rest are counted ("+4,912 more"): a frame stays cheap. */
const MAX_CHIP_ROWS = 8;
const HEADER_H = 44;
const READY_H = 24;
const CELL_W = 20;
const READY_LABEL_W = 50;
const MORE_W = 72;
const CONSUMER_H = 40;
const CONSUMER_COMPACT_H = 24;
const CONSUMER_GAP = 6;
const ROW_GAP = 14;
/** Between a source queue and its DLQ: the dead-letter arrow and its label. */
const DLQ_GAP = 30;
const BINDING_ROW = 20;
const BOX_H = 66;
const LEGEND_H = 20;
/** The key's text size (the diagram's FONT). */
const LEGEND_FONT = 12;

/** The queue key's entries, in order; the layout and the drawing wrap them the same way. */
export const QUEUE_LEGEND = [
  { k: 'ready', text: 'ready / visible', mark: 'cell' },
  { k: 'back', text: 'received again (count)', mark: 'back' },
  { k: 'flight', text: 'in flight: time left', mark: 'bar' },
  { k: 'delayed', text: 'delayed', mark: 'dashed' },
  { k: 'dead', text: 'dead-lettered', mark: 'dead' },
] as const;

/** Where each key entry goes in a box `w` wide: one after another, wrapping where a line is full. */
export function queueLegendPlaces(w: number): { dx: number; line: number }[] {
  let x = 0;
  let line = 0;
  return QUEUE_LEGEND.map((e) => {
    const entryW = 18 + textWidth(e.text, LEGEND_FONT) + 18;
    if (x > 0 && x + entryW > w) {
      x = 0;
      line += 1;
    }
    const place = { dx: x, line };
    x += entryW;
    return place;
  });
}

/** The key's height in a box `w` wide (a line per 20 px). */
function legendHeight(w: number): number {
  const places = queueLegendPlaces(w);
  return (places[places.length - 1].line + 1) * LEGEND_H;
}
const MORE_H = 18;
/** Vertical layout: touch-sized consumer rows (WCAG 2.5.5), as for Kafka members. */
const TOUCH = 44;
const CONSUMER_MIN_W = 170;
/** Side by side, past this many consumers on one queue the rest are counted in one line. */
const MAX_CONSUMERS = 12;

/**
 * The consumers drawn one by one when `count` of a queue's consumers fit, in drawing order:
 * those with a fault (crashed, paused, slowed, a crash armed) first, then the others, each
 * in the queue's own order. When not all fit, the selected consumer is kept among the shown
 * ones (in its place among the others, so selecting a drawn consumer never moves it) and the
 * last of the others give way.
 */
export function shownConsumers<C extends Pick<QueueConsumerModel, 'consumerId' | 'hasFault'>>(
  consumers: readonly C[],
  count: number,
  selectedId: string | null = null,
): C[] {
  const faulted = consumers.filter((c) => c.hasFault);
  const others = consumers.filter((c) => !c.hasFault);
  const ordered = [...faulted, ...others];
  const n = Math.max(0, Math.floor(count));
  if (n >= consumers.length) return ordered;
  const selected = others.filter((c) => c.consumerId === selectedId);
  const chosen = new Set(
    [...faulted, ...selected, ...others.filter((c) => c.consumerId !== selectedId)].slice(0, n),
  );
  return ordered.filter((c) => chosen.has(c));
}

/** Rows for every message the queue's consumers can hold at once (and the delayed ones). */
function timedRows(row: QueueRowModel, perRow: number): number {
  const capacity = row.consumers.reduce((n, c) => n + c.prefetch, 0);
  const timed = Math.max(capacity, row.queue.inFlight) + (row.queue.delayed > 0 ? 1 : 0);
  return Math.ceil(timed / Math.max(1, perRow));
}

/** Chip rows a queue gets: enough for what its consumers can hold at once, 1 to 3. */
function chipRowsWanted(row: QueueRowModel, perRow: number): number {
  const rows = timedRows(row, perRow);
  return rows === 0 ? 0 : Math.max(1, Math.min(3, rows));
}

function queueInnerH(chipRows: number): number {
  return HEADER_H + READY_H + 6 + chipRows * CHIP_ROW + 8;
}

/** Inner boxes of a queue box at x, y, w, h with `chipRows` chip rows. */
function innerOf(x: number, y: number, w: number, chipRows: number) {
  const readyY = y + HEADER_H;
  const cellsW = w - 16 - READY_LABEL_W - MORE_W;
  const cells = Math.max(1, Math.floor(cellsW / CELL_W));
  const columns = Math.max(1, Math.floor((w - 16) / QUEUE_CHIP_W));
  return {
    ready: {
      x: x + 8,
      y: readyY,
      w: w - 16,
      h: READY_H,
      cells,
      cellW: CELL_W,
      labelW: READY_LABEL_W,
      moreW: MORE_W,
    },
    chips: {
      x: x + 8,
      y: readyY + READY_H + 6,
      w: w - 16,
      h: chipRows * CHIP_ROW,
      columns,
      rows: chipRows,
      chipW: (w - 16) / columns,
      chipH: QUEUE_CHIP_H,
    },
  };
}

const bindingLabel = (key: string) => (key === '' ? '(no key)' : key);

/** The 1-D placement of boxes near wanted centres, in order, without overlap, inside [top, bottom]. */
function spread(wanted: number[], heights: number[], gap: number, top: number, bottom: number): number[] {
  const ys: number[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const y = Math.max(wanted[i] - heights[i] / 2, i === 0 ? top : ys[i - 1] + heights[i - 1] + gap);
    ys.push(y);
  }
  for (let i = wanted.length - 1; i >= 0; i--) {
    const limit = i === wanted.length - 1 ? bottom - heights[i] : ys[i + 1] - gap - heights[i];
    ys[i] = Math.max(top, Math.min(ys[i], limit));
  }
  return ys;
}

/** The natural height of the side-by-side queue section at width `w` (for the zoom and split). */
export function queueSectionHeight(section: QueueSectionModel, w: number): number {
  const cols = columnsFor(section, w);
  let h = legendHeight(cols.queueW) + 8;
  for (const [i, row] of section.rows.entries()) {
    const perRow = Math.max(1, Math.floor((cols.queueW - 16) / QUEUE_CHIP_W));
    const consumersH = Math.min(row.consumers.length, MAX_CONSUMERS + 1) * (CONSUMER_H + CONSUMER_GAP);
    h +=
      Math.max(queueInnerH(chipRowsWanted(row, perRow)), consumersH, row.bindingsIn.length * BINDING_ROW) +
      (i === 0 ? 0 : gapBefore(section, i));
  }
  const sources = section.producers.length * (64 + 10) + section.exchanges.length * (BOX_H + 10);
  return Math.max(h, cols.isStacked ? sources : 0);
}

function gapBefore(section: QueueSectionModel, i: number): number {
  const row = section.rows[i];
  const prev = section.rows[i - 1];
  return prev?.deadLetterQueues.includes(row.name) ? DLQ_GAP : ROW_GAP;
}

function columnsFor(section: QueueSectionModel, w: number) {
  const gap = 24;
  const hasProducers = section.producers.length > 0;
  const hasExchanges = section.exchanges.length > 0;
  const hasConsumers = section.rows.some((r) => r.consumers.length > 0);
  const longestKey = Math.max(
    0,
    ...section.rows.flatMap((r) => r.bindingsIn.map((b) => textWidth(bindingLabel(b.key), 12) + 16)),
  );
  // The binding edges end in a gutter wide enough for the longest routing key (capped).
  const gutterW = hasExchanges ? Math.min(170, Math.max(60, longestKey)) + 28 : gap + 8;
  const isStacked = hasProducers && hasExchanges && w < 1100;
  const sourceW = hasProducers || hasExchanges ? (w < 1100 ? 150 : 160) : 0;
  const sourceColumns = isStacked ? 1 : (hasProducers ? 1 : 0) + (hasExchanges ? 1 : 0);
  const consumerW = hasConsumers ? (w < 1100 ? 180 : 220) : 0;
  const queueW = Math.max(
    240,
    w - sourceColumns * (sourceW + gap) - gutterW - (hasConsumers ? consumerW + gap : 0),
  );
  return { gap, sourceW, gutterW, isStacked, consumerW, queueW, hasProducers, hasExchanges };
}

/** Side by side: sources, the binding gutter, the queue column, the consumer column. */
export function layoutQueueSection(
  section: QueueSectionModel,
  area: Box,
  selectedConsumer: string | null = null,
): QueueSectionLayout {
  const cols = columnsFor(section, area.w);
  const { gap, sourceW, gutterW, consumerW, queueW } = cols;
  const producerX = area.x;
  const exchangeX = cols.isStacked || !cols.hasProducers ? area.x : area.x + sourceW + gap;
  const sourcesRight =
    cols.hasProducers || cols.hasExchanges
      ? (cols.isStacked || !cols.hasExchanges ? producerX : exchangeX) + sourceW
      : area.x - gap;
  const queueX = cols.hasExchanges ? sourcesRight + gutterW : sourcesRight + gap + 8;
  const consumerX = queueX + queueW + gap;
  const perRow = Math.max(1, Math.floor((queueW - 16) / QUEUE_CHIP_W));
  const rows = section.rows;

  // Heights: natural, then squeezed (compact consumers, fewer chip rows) to fit the area.
  const legendH = legendHeight(queueW);
  const legendRoom = legendH + 8;
  const gaps = rows.reduce((n, _r, i) => n + (i === 0 ? 0 : gapBefore(section, i)), 0);
  const available = area.h - legendRoom - gaps;
  let chipRows = rows.map((r) => chipRowsWanted(r, perRow));
  let consumerH = CONSUMER_H;
  const consumersH = (r: QueueRowModel) =>
    r.consumers.length === 0
      ? 0
      : r.consumers.length <= MAX_CONSUMERS
        ? r.consumers.length * (consumerH + CONSUMER_GAP) - CONSUMER_GAP
        : MAX_CONSUMERS * (consumerH + CONSUMER_GAP) + MORE_H;
  const rowHeights = () =>
    rows.map((r, i) => Math.max(queueInnerH(chipRows[i]), consumersH(r), r.bindingsIn.length * BINDING_ROW));
  const total = () => rowHeights().reduce((a, b) => a + b, 0);
  // Squeeze in this order: fewer chip rows (the "+n more" chip keeps the count), then
  // one-line consumers, then consumers counted past what fits.
  if (total() > available) chipRows = chipRows.map((n) => Math.min(n, 2));
  if (total() > available) chipRows = chipRows.map((n) => Math.min(n, 1));
  if (total() > available) consumerH = CONSUMER_COMPACT_H;
  let heights = rowHeights();
  if (total() > available) {
    // Consumers past what fits are counted in one line; the queue boxes keep their minimum.
    heights = rows.map((r, i) => Math.max(queueInnerH(chipRows[i]), r.bindingsIn.length * BINDING_ROW));
    const spare = Math.max(0, available - heights.reduce((a, b) => a + b, 0));
    const consumerRows = rows.reduce((n, r) => n + r.consumers.length, 0);
    heights = heights.map((h, i) =>
      Math.max(
        h,
        Math.min(consumersH(rows[i]), h + (spare * rows[i].consumers.length) / Math.max(1, consumerRows)),
      ),
    );
  }

  const queues: QueueBoxLayout[] = [];
  let y = area.y;
  for (const [i, row] of rows.entries()) {
    if (i > 0) y += gapBefore(section, i);
    const h = heights[i];
    // A row taller than its queue needs (many consumers) gives the room to more chips, up
    // to what the queue can have in flight and MAX_CHIP_ROWS.
    const spareRows = Math.floor((h - queueInnerH(chipRows[i])) / CHIP_ROW);
    if (spareRows > 0 && chipRows[i] > 0)
      chipRows[i] = Math.min(MAX_CHIP_ROWS, chipRows[i] + spareRows, timedRows(row, perRow));
    const inner = innerOf(queueX, y, queueW, chipRows[i]);
    const step = consumerH + CONSUMER_GAP;
    const fitting = Math.max(0, Math.floor((h + CONSUMER_GAP) / step));
    const shown =
      fitting >= row.consumers.length && row.consumers.length <= MAX_CONSUMERS
        ? row.consumers.length
        : Math.min(MAX_CONSUMERS, Math.max(0, Math.floor((h - MORE_H) / step)));
    const source = i > 0 && rows[i - 1].deadLetterQueues.includes(row.name) ? rows[i - 1].name : null;
    queues.push({
      name: row.name,
      x: queueX,
      y,
      w: queueW,
      h,
      headerH: HEADER_H,
      ...inner,
      consumers: shownConsumers(row.consumers, shown, selectedConsumer).map((c, k) => ({
        consumerId: c.consumerId,
        groupId: c.groupId,
        x: consumerX,
        y: y + k * step,
        w: consumerW,
        h: consumerH,
        isCompact: consumerH < CONSUMER_H,
      })),
      hiddenConsumers: row.consumers.length - shown,
      more:
        shown < row.consumers.length ? { x: consumerX, y: y + shown * step, w: consumerW, h: MORE_H } : null,
      bindings: row.bindingsIn.map((b, k) => ({
        exchange: b.exchange,
        key: b.key,
        x: queueX - gutterW + 18,
        y: y + 6 + k * BINDING_ROW,
        w: gutterW - 24,
        h: BINDING_ROW - 4,
      })),
      deadLetterFrom: source,
      deadLetterLabel: source
        ? { x: queueX + 34, y: y - DLQ_GAP + 6, w: queueW - 40, h: DLQ_GAP - 12 }
        : null,
    });
    y += h;
  }

  const centreOf = (name: string) => {
    const q = queues.find((b) => b.name === name);
    return q ? q.y + q.h / 2 : area.y;
  };
  const exchangeCentre = (name: string) => {
    const e = section.exchanges.find((x) => x.name === name);
    const ys = (e?.bindings ?? []).map((b) => centreOf(b.queue));
    return ys.length > 0 ? (Math.min(...ys) + Math.max(...ys)) / 2 : area.y;
  };
  // Rows that cannot fit even squeezed make the section taller (the diagram then scales
  // down as a whole) rather than overlap; so does a tall stack of sources.
  const sourcesH = section.producers.length * (64 + 10) + section.exchanges.length * (BOX_H + 10) - 10;
  const columnH = cols.isStacked
    ? sourcesH
    : Math.max(section.producers.length * 74, section.exchanges.length * (BOX_H + 10)) - 10;
  const bottom = Math.max(area.y + area.h - legendRoom, y, area.y + columnH);
  let exchanges: QueueSectionLayout['exchanges'];
  let producers: QueueSectionLayout['producers'];
  const producerH = 64;
  if (cols.isStacked) {
    // Narrow: producers on top of the exchanges in one column, in flow order.
    const heightsP = section.producers.map(() => producerH);
    const heightsE = section.exchanges.map(() => BOX_H);
    const ys = spread(
      [...section.producers.map(() => area.y), ...section.exchanges.map((e) => exchangeCentre(e.name))],
      [...heightsP, ...heightsE],
      10,
      area.y,
      bottom,
    );
    producers = section.producers.map((p, k) => ({
      producerId: p.producerId,
      target: producerTarget(p),
      x: producerX,
      y: ys[k],
      w: sourceW,
      h: producerH,
    }));
    exchanges = section.exchanges.map((e, k) => ({
      name: e.name,
      x: exchangeX,
      y: ys[section.producers.length + k],
      w: sourceW,
      h: BOX_H,
    }));
  } else {
    const ey = spread(
      section.exchanges.map((e) => exchangeCentre(e.name)),
      section.exchanges.map(() => BOX_H),
      10,
      area.y,
      bottom,
    );
    exchanges = section.exchanges.map((e, k) => ({
      name: e.name,
      x: exchangeX,
      y: ey[k],
      w: sourceW,
      h: BOX_H,
    }));
    const targetCentre = (t: string) => {
      const e = exchanges.find((x) => x.name === t);
      return e ? e.y + e.h / 2 : centreOf(t);
    };
    const py = spread(
      section.producers.map((p) => targetCentre(producerTarget(p))),
      section.producers.map(() => producerH),
      10,
      area.y,
      bottom,
    );
    producers = section.producers.map((p, k) => ({
      producerId: p.producerId,
      target: producerTarget(p),
      x: producerX,
      y: py[k],
      w: sourceW,
      h: producerH,
    }));
  }
  const legend = { x: queueX, y: y + 8, w: queueW, h: legendH };
  const used = Math.max(bottom + legendRoom, y + legendRoom) - area.y;
  return {
    area: { ...area, h: Math.max(area.h, used) },
    producers,
    exchanges,
    queues,
    legend,
    isVertical: false,
  };
}

/** Phones: producers, exchanges, then each queue with its consumers under it, at the full width. */
export function layoutQueueSectionVertical(
  section: QueueSectionModel,
  x: number,
  top: number,
  w: number,
  selectedConsumer: string | null = null,
): QueueSectionLayout {
  let y = top;
  const producers = section.producers.map((p) => {
    const box = { producerId: p.producerId, target: producerTarget(p), x, y, w, h: 64 };
    y += 64 + 10;
    return box;
  });
  const exchanges = section.exchanges.map((e) => {
    const box = { name: e.name, x, y, w, h: BOX_H };
    y += BOX_H + 10;
    return box;
  });
  const columns = Math.max(1, Math.min(3, Math.floor(w / CONSUMER_MIN_W)));
  const colW = (w - 8 * (columns - 1)) / columns;
  const perRow = Math.max(1, Math.floor((w - 16) / QUEUE_CHIP_W));
  const queues: QueueBoxLayout[] = [];
  for (const [i, row] of section.rows.entries()) {
    const source =
      i > 0 && section.rows[i - 1].deadLetterQueues.includes(row.name) ? section.rows[i - 1].name : null;
    y += i === 0 ? 4 : 10;
    const bindings = row.bindingsIn.map((b, k) => ({
      exchange: b.exchange,
      key: b.key,
      x: x + 4,
      y: y + k * BINDING_ROW,
      w: w - 8,
      h: BINDING_ROW - 4,
    }));
    y += row.bindingsIn.length * BINDING_ROW;
    const deadLetterLabel = source ? { x: x + 34, y, w: w - 40, h: DLQ_GAP - 12 } : null;
    if (source) y += DLQ_GAP - 6;
    const chipRows = chipRowsWanted(row, perRow);
    const h = queueInnerH(chipRows);
    const inner = innerOf(x, y, w, chipRows);
    const boxY = y;
    y += h + 6;
    // At most four rows of consumers one by one; the rest counted in one line.
    const shown = Math.min(row.consumers.length, columns * 4);
    const consumers = shownConsumers(row.consumers, shown, selectedConsumer).map((c, k) => ({
      consumerId: c.consumerId,
      groupId: c.groupId,
      x: x + (k % columns) * (colW + 8),
      y: y + Math.floor(k / columns) * (TOUCH + 4),
      w: colW,
      h: TOUCH,
      isCompact: false,
    }));
    y += Math.ceil(shown / columns) * (TOUCH + 4);
    const more = shown < row.consumers.length ? { x, y, w, h: MORE_H } : null;
    if (more) y += MORE_H + 4;
    queues.push({
      name: row.name,
      x,
      y: boxY,
      w,
      h,
      headerH: HEADER_H,
      ...inner,
      consumers,
      hiddenConsumers: row.consumers.length - shown,
      more,
      bindings,
      deadLetterFrom: source,
      deadLetterLabel,
    });
  }
  // The key wraps on a phone (two or three lines).
  const legend = { x, y: y + 8, w, h: legendHeight(w) };
  y += 8 + legend.h;
  return { area: { x, y: top, w, h: y - top }, producers, exchanges, queues, legend, isVertical: true };
}
