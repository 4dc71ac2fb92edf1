// Pure layout of the flow diagram: producer → partition log strips → consumer-group lanes
// with their members → sinks. Everything scales with the available size and the counts,
// so 1 to 64 partitions and 1 to 32 members per group stay readable without overlap.
// Pure: view model + size → positions. Strips of all topics stack in one column, in
// snapshot order (topic by topic), each keyed `topic/partition`. Phones and narrow windows
// get a vertical layout instead (`layoutVertical`): producer, strips, lanes and the DLQ
// stacked top to bottom at the full width and at 1:1 scale, as tall as they need.

import type { FlowModel } from './flowModel';
import { partitionKey } from './flowModel';
import {
  layoutQueueSection,
  layoutQueueSectionVertical,
  type QueueSectionLayout,
  queueSectionHeight,
} from './queueLayout';

/** What the layout reads from the view model (the vertical layout also reserves the DLQ's room). */
export type LayoutInput = Pick<FlowModel, 'partitions' | 'lanes' | 'producers' | 'isDense' | 'colorOf'> &
  Partial<Pick<FlowModel, 'deadLetters' | 'retryTopics' | 'queueSection' | 'selection'>>;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StripLayout extends Box {
  key: string;
  topic: string;
  partition: number;
  /** First offset drawn and how many cells fit. */
  firstOffset: number;
  cells: number;
  cellW: number;
  showNumbers: boolean;
  labelW: number;
}

export interface MemberLayout extends Box {
  memberId: string;
  groupId: string;
  isCompact: boolean;
}

export interface LaneLayout extends Box {
  groupId: string;
  color: string;
  headerH: number;
  members: MemberLayout[];
  sink: Box;
}

export interface FlowLayout {
  width: number;
  height: number;
  /** The first producer's box (the legend hangs below the last one). */
  producer: Box;
  /** One box per producer, stacked, keyed by producer id. */
  producers: (Box & { producerId: string })[];
  strips: StripLayout[];
  lanes: LaneLayout[];
  dlq: Box;
  isDense: boolean;
  rowH: number;
  /** Stacked top to bottom (phones): edges then run down a gutter right of the strips. */
  isVertical: boolean;
  /** Where the legend goes when the layout places it (the vertical one: under everything). */
  legend?: Box & { columns: number };
  /** The queue half (SQS, RabbitMQ): under the stream, or the whole diagram without one. */
  queues?: QueueSectionLayout;
}

/**
 * The smallest scale the side-by-side drawing is shown at: its body text (12 units) then
 * reads at 11 px or more. A layout that would fit the pane only smaller is shown at this
 * scale or more and the pane scrolls (see `viewOf`).
 */
export const MIN_READABLE_SCALE = 11 / 12;

/** How a layout is shown in a pane: its scale and its size on screen, px. */
export interface DiagramView {
  scale: number;
  width: number;
  height: number;
  /** Larger than the pane: the pane scrolls (vertically; sideways only if wider too). */
  isScrolling: boolean;
}

/**
 * A side-by-side layout fits the pane (the viewBox meets it) when that keeps text readable;
 * otherwise it is drawn at the pane's width (never below MIN_READABLE_SCALE) and as tall as
 * it needs, and the pane scrolls. The vertical layout is always drawn 1:1 at its own height.
 */
export function viewOf(layout: FlowLayout, width: number, height: number): DiagramView {
  const across = width / Math.max(1, layout.width);
  if (layout.isVertical) return { scale: across, width, height: layout.height * across, isScrolling: false };
  const fit = Math.min(across, height / Math.max(1, layout.height));
  if (fit >= MIN_READABLE_SCALE) return { scale: fit, width, height, isScrolling: false };
  const scale = Math.max(MIN_READABLE_SCALE, across);
  return {
    scale,
    width: Math.max(width, layout.width * scale),
    height: layout.height * scale,
    isScrolling: true,
  };
}

/** The queue consumer the viewer picked (its drawing is kept among the shown consumers). */
function selectedConsumer(model: LayoutInput): string | null {
  const s = model.selection;
  return s?.kind === 'queue-consumer' ? s.consumerId : s?.kind === 'member' ? s.memberId : null;
}

const PAD = 12;
const ROW_MAX = 60;
const MEMBER_ROW_MAX = 56;
const LANE_HEADER = 40;
/** Right end of a strip, for its lag figures ("lag 123"). */
const LAG_COLUMN = 52;
/** A one-line sink under the members of a lane with several member columns. */
const SINK_ROW = 22;

/**
 * How much to enlarge the drawing (1 to 2): a big window or a projector gets bigger text and
 * boxes while the content would not use the space anyway. Dense views never enlarge, since
 * they need every pixel for rows.
 */
export function fitZoom(model: LayoutInput, width: number, height: number): number {
  const P = Math.max(1, model.partitions.length);
  const groups = model.lanes;
  const members = groups.reduce((n, l) => n + Math.max(1, l.members.length), 0);
  const stripsH = P * (ROW_MAX + (P > 8 ? 4 : 10)) + 2 * PAD;
  const lanesH = groups.length * (LANE_HEADER + 20) + members * MEMBER_ROW_MAX + 2 * PAD;
  const section = model.queueSection;
  const natural = section
    ? (hasStream(model) ? Math.max(stripsH, lanesH, 360) : 0) + queueSectionHeight(section, width) + 2 * PAD
    : Math.max(stripsH, lanesH, 560);
  const zoom = Math.min(width / 1000, height / natural);
  return Math.min(2, Math.max(1, Math.floor(zoom * 20) / 20));
}

/**
 * The layout for a container of `width` × `height` px, enlarged by `fitZoom`; with
 * `isVertical`, the vertical layout at the container's width (the height is its own).
 */
export function layoutFitted(
  model: LayoutInput,
  width: number,
  height: number,
  isVertical = false,
): FlowLayout {
  if (isVertical) return layoutVertical(model, width);
  const zoom = fitZoom(model, width, height);
  const fitted = layoutFlow(model, width / zoom, height / zoom);
  if (!model.queueSection || !viewOf(fitted, width, height).isScrolling) return fitted;
  // Readable only larger than the pane: nothing squeezed (the pane scrolls anyway).
  return layoutScrolling(model, width / zoom, height / zoom);
}

/**
 * The side-by-side layout with queues when it is taller than the pane: the stream half (if
 * any) as in a pane of this height, the queue half under it at its natural height (consumers
 * one by one, chip rows as wanted), the whole as tall as that makes it.
 */
export function layoutScrolling(model: LayoutInput, width: number, height: number): FlowLayout {
  const section = model.queueSection;
  if (!section) return layoutFlow(model, width, height);
  const w = Math.max(640, width);
  const wanted = queueSectionHeight(section, w - 2 * PAD) + PAD;
  const stream = hasStream(model) ? layoutStream(model, w, Math.max(360, height)) : null;
  const queues = layoutQueueSection(
    section,
    { x: PAD, y: stream ? stream.height : PAD + 8, w: w - 2 * PAD, h: wanted },
    selectedConsumer(model),
  );
  const bottom = Math.ceil(queues.area.y + queues.area.h + PAD);
  return stream ? { ...stream, height: bottom, queues } : { ...emptyStream(w, bottom, false), queues };
}

/** True when the scenario has a stream half (topics, groups or Kafka producers) to draw. */
export function hasStream(model: LayoutInput): boolean {
  return model.partitions.length > 0 || model.lanes.length > 0 || model.producers.length > 0;
}

/** Nothing of the stream half: the queue half then takes the whole diagram. */
function emptyStream(w: number, h: number, isVertical: boolean): FlowLayout {
  const none = { x: PAD, y: PAD, w: 0, h: 0 };
  return {
    width: w,
    height: h,
    producer: none,
    producers: [],
    strips: [],
    lanes: [],
    dlq: none,
    isDense: false,
    rowH: 0,
    isVertical,
  };
}

/**
 * The side-by-side layout. With queues, the stream half (if any) takes the top and the queue
 * half the rest, as much as it needs up to half the height.
 */
export function layoutFlow(model: LayoutInput, width: number, height: number): FlowLayout {
  const section = model.queueSection;
  if (!section) return layoutStream(model, width, height);
  const w = Math.max(640, width);
  const h = Math.max(360, height);
  if (!hasStream(model)) {
    const queues = layoutQueueSection(
      section,
      { x: PAD, y: PAD + 8, w: w - 2 * PAD, h: h - 2 * PAD - 8 },
      selectedConsumer(model),
    );
    return { ...emptyStream(w, Math.max(h, queues.area.y + queues.area.h + PAD), false), queues };
  }
  const wanted = queueSectionHeight(section, w - 2 * PAD);
  const queueH = Math.max(Math.min(wanted, h * 0.5), Math.min(wanted, h - 360));
  const stream = layoutStream(model, w, h - queueH - 8);
  const queues = layoutQueueSection(
    section,
    { x: PAD, y: stream.height, w: w - 2 * PAD, h: queueH - PAD },
    selectedConsumer(model),
  );
  return { ...stream, height: Math.max(h, queues.area.y + queues.area.h + PAD), queues };
}

function layoutStream(model: LayoutInput, width: number, height: number): FlowLayout {
  const w = Math.max(640, width);
  const h = Math.max(360, height);
  const partitions = model.partitions;
  const P = Math.max(1, partitions.length);
  const isDense = model.isDense;
  const producerW = Math.min(190, Math.max(140, w * 0.15));
  const producers = (model.producers.length > 0 ? model.producers : [{ producerId: '' }]).map((p, i) => ({
    producerId: p.producerId,
    x: PAD,
    y: PAD + 8 + i * (104 + 10),
    w: producerW,
    h: 104,
  }));
  const producer: Box = producers[0];
  const dlq: Box = { x: PAD, y: h - PAD - 70, w: producer.w, h: 70 };

  const stripX = producer.x + producer.w + 32;
  const lanesW = Math.min(460, Math.max(240, w * 0.34));
  const stripRight = w - PAD - lanesW - 56;
  const top = PAD + 8;
  const bottom = h - PAD;
  const gap = isDense ? 1 : P > 8 ? 4 : 10;
  const rowH = Math.max(6, Math.min(ROW_MAX, (bottom - top - gap * (P - 1)) / P));
  // Room for the longest name (12 px bold) and, right of it, an arrow for a commit left of
  // the window.
  const longestName = Math.max(...partitions.map((p) => `${p.topic}-${p.partition}`.length), 8);
  const labelW = Math.ceil(longestName * 7.6 + 6 + 14);
  const stripW = Math.max(120, stripRight - stripX);
  const cellTarget = rowH >= 26 ? 30 : rowH >= 16 ? 20 : 8;
  const strips: StripLayout[] = partitions.map((p, i) => {
    const cellsW = stripW - labelW - LAG_COLUMN;
    const cells = Math.max(4, Math.floor(cellsW / cellTarget));
    const cellW = cellsW / cells;
    const firstOffset = Math.max(
      p.logStartOffset,
      // At least one empty cell after the log end, so its line never meets the lag figures.
      p.logEndOffset - cells + Math.max(1, Math.min(4, Math.floor(cells / 6))),
    );
    return {
      key: partitionKey(p.topic, p.partition),
      topic: p.topic,
      partition: p.partition,
      x: stripX,
      y: top + i * (rowH + gap),
      w: stripW,
      h: rowH,
      firstOffset,
      cells,
      cellW,
      showNumbers: rowH >= 24 && cellW >= 26,
      labelW,
    };
  });

  const lanesX = w - PAD - lanesW;
  const groups = model.lanes;
  const liveCount = (l: LayoutInput['lanes'][number]) => Math.max(1, l.members.length);
  const totalMembers = groups.reduce((n, g) => n + liveCount(g), 0);
  const laneGap = 12;
  const headerH = LANE_HEADER;
  const sinkW = Math.round(Math.min(128, Math.max(108, lanesW * 0.38)));
  const available = h - 2 * PAD - laneGap * Math.max(0, groups.length - 1) - (headerH + 8) * groups.length;
  // Each lane's body in proportion to its members, at least three sink lines where the
  // height allows and never below two, and together never taller than the space there is.
  const wanted = groups.map((g) => Math.max(50, (available * liveCount(g)) / Math.max(1, totalMembers)));
  const squeeze = Math.min(
    1,
    available /
      Math.max(
        1,
        wanted.reduce((a, b) => a + b, 0),
      ),
  );
  const lanes: LaneLayout[] = [];
  let y = PAD;
  for (const [gi, { group: g, members }] of groups.entries()) {
    const n = Math.max(1, members.length);
    const bodyH = Math.max(34, wanted[gi] * squeeze);
    // Members in as many columns as needed to keep a row ≥ 18 px (one line of 12 px text).
    const columnsFor = (height: number) => {
      let columns = 1;
      while (columns < 4 && height / Math.ceil(n / columns) < 18) columns += 1;
      return columns;
    };
    // One column: the sink sits beside the members. Several: it becomes a one-line row under
    // them, so the member columns get the lane's whole width.
    const isSinkBelow = columnsFor(bodyH) > 1;
    const membersH = isSinkBelow ? bodyH - SINK_ROW : bodyH;
    const columns = columnsFor(membersH);
    const memberAreaW = isSinkBelow ? lanesW - 8 : lanesW - sinkW - 24;
    const rows = Math.ceil(n / columns);
    const rowHeight = Math.min(MEMBER_ROW_MAX, membersH / rows);
    const colW = memberAreaW / columns;
    const laneH = headerH + rows * rowHeight + (isSinkBelow ? SINK_ROW : 0) + 8;
    const lane: LaneLayout = {
      groupId: g.groupId,
      color: model.colorOf(g.groupId),
      x: lanesX,
      y,
      w: lanesW,
      h: laneH,
      headerH,
      members: members.map((m, i) => ({
        memberId: m.memberId,
        groupId: g.groupId,
        x: lanesX + 8 + Math.floor(i / rows) * colW,
        y: y + headerH + (i % rows) * rowHeight,
        w: colW - 8,
        h: rowHeight - 4,
        isCompact: rowHeight < 36,
      })),
      sink: isSinkBelow
        ? { x: lanesX + 8, y: y + headerH + rows * rowHeight, w: lanesW - 16, h: SINK_ROW - 2 }
        : {
            x: lanesX + lanesW - sinkW - 8,
            y: y + headerH,
            w: sinkW,
            h: Math.min(laneH - headerH - 8, 78),
          },
    };
    lanes.push(lane);
    y += laneH + laneGap;
  }
  return { width: w, height: h, producer, producers, strips, lanes, dlq, isDense, rowH, isVertical: false };
}

/** Vertical layout: the right-hand gutter the assignment edges run down. */
export const VERTICAL_GUTTER = 22;
/** Vertical layout: touch-sized rows (44 px, WCAG 2.5.5) for strips, lane headers and members. */
export const TOUCH = 44;
/** Vertical layout: a member column needs this much for "● p-1 Stable" / "processing orders-0@142". */
const MEMBER_MIN_W = 180;
const LEGEND_COLUMN_W = 170;
const LEGEND_ENTRIES = 6;

/**
 * Producer(s) on top, then the partition strips at the full width, then one lane per group
 * with its members in as many columns as fit and its sink as a line under them, then the
 * retry topics and DLQ, then the legend. Nothing is scaled, so text stays at 12 px or more;
 * the diagram is as tall as its content and the page scrolls.
 */
export function layoutVertical(model: LayoutInput, width: number): FlowLayout {
  const w = Math.max(300, width);
  const innerW = w - 2 * PAD;
  const section = model.queueSection;
  if (section && !hasStream(model)) {
    const queues = layoutQueueSectionVertical(section, PAD, PAD, innerW, selectedConsumer(model));
    const bottom = queues.area.y + queues.area.h + PAD;
    return {
      ...emptyStream(w, Math.ceil(bottom), true),
      queues,
      legend: { x: PAD, y: bottom, w: innerW, h: 0, columns: 1 },
    };
  }
  const partitions = model.partitions;
  const isDense = model.isDense;
  let y = PAD;
  const producers = (model.producers.length > 0 ? model.producers : [{ producerId: '' }]).map((p) => {
    const box = { producerId: p.producerId, x: PAD, y, w: innerW, h: 104 };
    y += 104 + 10;
    return box;
  });
  const producer: Box = producers[0];
  // Room under the producers for records (and rate bands) dropping to the strips.
  y += 14;
  const groupsPerTopic = new Map<string, number>();
  for (const l of model.lanes)
    groupsPerTopic.set(l.group.topic, (groupsPerTopic.get(l.group.topic) ?? 0) + 1);
  const maxGroups = Math.max(1, ...groupsPerTopic.values());
  // A lag figure per group on its own line needs 13 px a group (see the strips layer).
  const rowH = isDense ? 12 : Math.max(TOUCH, 14 * maxGroups + 4);
  const gap = isDense ? 1 : 6;
  const stripX = PAD + 8;
  const stripW = w - PAD - VERTICAL_GUTTER - stripX;
  const longestName = Math.max(...partitions.map((p) => `${p.topic}-${p.partition}`.length), 8);
  const labelW = Math.ceil(longestName * 7.6 + 6 + 14);
  const cellTarget = isDense ? 8 : 30;
  const strips: StripLayout[] = partitions.map((p, i) => {
    const cellsW = stripW - labelW - LAG_COLUMN;
    const cells = Math.max(4, Math.floor(cellsW / cellTarget));
    const cellW = cellsW / cells;
    const firstOffset = Math.max(
      p.logStartOffset,
      p.logEndOffset - cells + Math.max(1, Math.min(4, Math.floor(cells / 6))),
    );
    return {
      key: partitionKey(p.topic, p.partition),
      topic: p.topic,
      partition: p.partition,
      x: stripX,
      y: y + i * (rowH + gap),
      w: stripW,
      h: rowH,
      firstOffset,
      cells,
      cellW,
      showNumbers: rowH >= 24 && cellW >= 26,
      labelW,
    };
  });
  y += partitions.length * (rowH + gap) - gap + 24;

  const laneW = w - 2 * PAD - VERTICAL_GUTTER;
  const lanes: LaneLayout[] = [];
  for (const { group: g, members } of model.lanes) {
    const n = Math.max(1, members.length);
    const columns = Math.max(1, Math.min(4, n, Math.floor((laneW - 8) / MEMBER_MIN_W)));
    const rows = Math.ceil(n / columns);
    const rowHeight = TOUCH + 4;
    const colW = (laneW - 8) / columns;
    const laneH = TOUCH + rows * rowHeight + SINK_ROW + 8;
    lanes.push({
      groupId: g.groupId,
      color: model.colorOf(g.groupId),
      x: PAD,
      y,
      w: laneW,
      h: laneH,
      headerH: TOUCH,
      members: members.map((m, i) => ({
        memberId: m.memberId,
        groupId: g.groupId,
        x: PAD + 8 + (i % columns) * colW,
        y: y + TOUCH + Math.floor(i / columns) * rowHeight,
        w: colW - 8,
        h: TOUCH,
        isCompact: false,
      })),
      sink: { x: PAD + 8, y: y + TOUCH + rows * rowHeight, w: laneW - 16, h: SINK_ROW - 2 },
    });
    y += laneH + 12;
  }

  const retryCount = model.retryTopics?.length ?? 0;
  const hasDlq = (model.deadLetters?.hasDlq ?? false) || retryCount > 0;
  // The retry-topics box sits above the DLQ box (see the boxes layer).
  if (retryCount > 0) y += 34 + retryCount * 16 + 10;
  const dlq: Box = { x: PAD, y, w: Math.min(innerW, 320), h: hasDlq ? 70 : 0 };
  if (hasDlq) y += 70 + 12;
  const queues = section
    ? layoutQueueSectionVertical(section, PAD, y, innerW, selectedConsumer(model))
    : undefined;
  if (queues) y = queues.area.y + queues.area.h + 12;
  const columns = Math.max(1, Math.min(3, Math.floor(innerW / LEGEND_COLUMN_W)));
  const legendH = Math.ceil(LEGEND_ENTRIES / columns) * 16 + 16;
  const legend = { x: PAD, y: y + 4, w: innerW, h: legendH, columns };
  y += legendH + 4 + PAD;
  return {
    width: w,
    height: Math.ceil(y),
    producer,
    producers,
    strips,
    lanes,
    dlq,
    isDense,
    rowH,
    isVertical: true,
    legend,
    ...(queues ? { queues } : {}),
  };
}

/** x of an offset's cell centre inside a strip (clamped to the drawn window). */
export function offsetX(s: StripLayout, offset: number): number {
  const i = Math.min(s.cells - 1, Math.max(0, offset - s.firstOffset));
  return s.x + s.labelW + (i + 0.5) * s.cellW;
}

/** x of the boundary before an offset (where a committed-offset marker points). */
export function boundaryX(s: StripLayout, offset: number): number {
  const i = Math.min(s.cells, Math.max(0, offset - s.firstOffset));
  return s.x + s.labelW + i * s.cellW;
}
