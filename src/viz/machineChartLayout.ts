// The statechart's layout, pure geometry (tests check it for overlaps without a browser).
// Laid out for a narrow side panel: states stacked top to bottom in definition order, a
// transition to the next state as a straight arrow, every other transition as a "lane"
// beside the column. Transitions that share their events and their target (CRASH from every
// live state) or their source (the timer that resumes a pause) are drawn as one lane with
// one label. Labels are placed where they touch no box, no other label and no line; where
// there is no such place, the gap between two states grows until there is.
//
// Over 400 lines on purpose: one search (prepare → build → solve) whose steps share private
// types and constants; split, they would have to be exported for each other alone.

import type { ChartEdge, ChartModel } from './machineChartModel';
import { textWidth } from './textWidth';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface StateLayout extends Rect {
  name: string;
  isFinal: boolean;
  description: string;
}

export interface LinkLayout {
  key: string;
  /** `next`: a straight arrow to the state below; `lane`: a line beside the column. */
  kind: 'next' | 'lane';
  sources: string[];
  targets: string[];
  events: string[];
  /** -1 left of the column, 1 right of it, 0 for `next`. */
  side: -1 | 0 | 1;
  lane: number;
  /** The lane and the stubs from the sources, without arrowheads. */
  body: string;
  /** One path per target, ending at the box edge (drawn with an arrowhead). */
  heads: string[];
  /** Junctions where a stub meets the lane between its ends. */
  dots: { x: number; y: number }[];
  segments: Segment[];
}

export interface LabelLayout extends Rect {
  link: string;
  lines: string[];
  anchor: 'start' | 'end';
  /** x of the text anchor and the baseline of the first line. */
  tx: number;
  ty: number;
  /** Lines the label box crosses (0 unless no line-free place existed). */
  crossings: number;
  /** How far the label sits from where it reads best (next to the arrowhead or the lone source). */
  drift: number;
}

export interface ChartLayout {
  viewBox: Rect;
  states: StateLayout[];
  links: LinkLayout[];
  labels: LabelLayout[];
}

export const NAME_FONT = 12;
export const LABEL_FONT = 11;
export const LINE_HEIGHT = 13;
const LABEL_PAD = 2;
export const BOX_PAD = 8;
/** Room for the ▶ current-state marker, kept in every box so widths never change. */
export const MARKER_W = 12;
const MIN_BOX_H = 28;
const LANE_FIRST = 12;
const LANE_STEP = 12;
const MARGIN = 4;
const BASE_GAP = 18;
/** A label further than this from its arrowhead makes the chart grow a gap to bring it closer. */
const MAX_DRIFT = 40;

/** The smallest box width that holds every state name in bold after the marker's room. */
export function boxWidthFor(names: readonly string[]): number {
  return Math.ceil(Math.max(...names.map((n) => textWidth(n, NAME_FONT, true))) + 2 * BOX_PAD + MARKER_W);
}

export function intersects(a: Rect, b: Rect, margin = 0): boolean {
  return (
    a.x < b.x + b.w + margin &&
    b.x < a.x + a.w + margin &&
    a.y < b.y + b.h + margin &&
    b.y < a.y + a.h + margin
  );
}

function segmentRect(s: Segment, pad: number): Rect {
  const x = Math.min(s.x1, s.x2);
  const y = Math.min(s.y1, s.y2);
  return { x: x - pad, y: y - pad, w: Math.abs(s.x2 - s.x1) + 2 * pad, h: Math.abs(s.y2 - s.y1) + 2 * pad };
}

interface Group {
  key: string;
  sources: string[];
  targets: string[];
  events: string[];
}

interface Stub {
  link: string;
  lane: number;
  /** Which way the lane runs from this stub. */
  dir: 'up' | 'down' | 'both';
}

interface Prepared {
  model: ChartModel;
  row: Map<string, number>;
  groups: (Group & { kind: 'next' | 'lane'; side: -1 | 0 | 1; lane: number; lo: number; hi: number })[];
  stubs: Map<string, Stub[]>; // `${state}|${side}`
  boxW: number;
  boxH: number[];
  leftLanes: number;
  rightLanes: number;
}

/** Merges transitions that share events and target (fan-in) or events and source (fan-out). */
function groupEdges(model: ChartModel, row: Map<string, number>): Group[] {
  const r = (s: string) => row.get(s) ?? 0;
  const text = (e: ChartEdge) => e.events.join(' / ');
  const byTarget = new Map<string, ChartEdge[]>();
  for (const e of model.edges) {
    const k = `${e.to}|${text(e)}`;
    byTarget.set(k, [...(byTarget.get(k) ?? []), e]);
  }
  const groups: Group[] = [];
  const rest: ChartEdge[] = [];
  for (const es of byTarget.values()) {
    if (es.length > 1) {
      groups.push({
        key: '',
        sources: es.map((e) => e.from).sort((a, b) => r(a) - r(b)),
        targets: [es[0].to],
        events: es[0].events,
      });
    } else rest.push(es[0]);
  }
  const bySource = new Map<string, ChartEdge[]>();
  for (const e of rest) {
    const k = `${e.from}|${text(e)}|${r(e.to) > r(e.from) ? 'down' : 'up'}`;
    bySource.set(k, [...(bySource.get(k) ?? []), e]);
  }
  for (const es of bySource.values()) {
    groups.push({
      key: '',
      sources: [es[0].from],
      targets: es.map((e) => e.to).sort((a, b) => r(a) - r(b)),
      events: es[0].events,
    });
  }
  for (const g of groups) g.key = `${g.sources.join(',')}>${g.targets.join(',')}`;
  return groups;
}

function prepare(model: ChartModel): Prepared {
  const row = new Map(model.states.map((s, i) => [s.name, i]));
  const r = (s: string) => row.get(s) ?? 0;
  const mean = (xs: string[]) => xs.reduce((a, s) => a + r(s), 0) / xs.length;
  const groups = groupEdges(model, row).map((g) => {
    const rows = [...g.sources, ...g.targets].map(r);
    const lo = Math.min(...rows);
    const hi = Math.max(...rows);
    const isNext =
      g.sources.length === 1 && g.targets.length === 1 && r(g.targets[0]) === r(g.sources[0]) + 1;
    const side: -1 | 0 | 1 = isNext ? 0 : mean(g.targets) > mean(g.sources) ? 1 : -1;
    return { ...g, kind: (isNext ? 'next' : 'lane') as 'next' | 'lane', side, lane: 0, lo, hi };
  });
  // Lanes: shorter spans nearer the column; a lane is shared by spans that do not overlap.
  const lanes: { lo: number; hi: number }[][][] = [[], []];
  const lanesOf = (side: number) => lanes[side > 0 ? 1 : 0];
  for (const g of [...groups]
    .filter((g) => g.kind === 'lane')
    .sort((a, b) => a.hi - a.lo - (b.hi - b.lo) || a.lo - b.lo)) {
    const ls = lanesOf(g.side);
    let k = 0;
    while (ls[k]?.some((o) => g.lo < o.hi && o.lo < g.hi)) k++;
    ls[k] = [...(ls[k] ?? []), { lo: g.lo, hi: g.hi }];
    g.lane = k;
  }
  const stubs = new Map<string, Stub[]>();
  for (const g of groups) {
    if (g.kind !== 'lane') continue;
    for (const s of [...g.sources, ...g.targets]) {
      const rs = r(s);
      const dir = rs === g.hi ? 'up' : rs === g.lo ? 'down' : 'both';
      const k = `${s}|${g.side}`;
      stubs.set(k, [...(stubs.get(k) ?? []), { link: g.key, lane: g.lane, dir }]);
    }
  }
  // Order stubs on a box side so a stub to an outer lane crosses as few inner lanes as possible:
  // lanes running up attach at the top, lanes running down at the bottom.
  const rank = { up: 0, both: 1, down: 2 };
  for (const list of stubs.values())
    list.sort((a, b) => rank[a.dir] - rank[b.dir] || (a.dir === 'down' ? b.lane - a.lane : a.lane - b.lane));
  const boxH = model.states.map((s) => {
    const n = Math.max(stubs.get(`${s.name}|-1`)?.length ?? 0, stubs.get(`${s.name}|1`)?.length ?? 0);
    return Math.max(MIN_BOX_H, (n + 1) * 7);
  });
  return {
    model,
    row,
    groups,
    stubs,
    boxW: boxWidthFor(model.states.map((s) => s.name)),
    boxH,
    leftLanes: lanes[0].length,
    rightLanes: lanes[1].length,
  };
}

interface Candidate {
  rect: Rect;
  lines: string[];
  anchor: 'start' | 'end';
  score: number;
  crossings: number;
  drift: number;
}

function build(
  p: Prepared,
  width: number,
  extra: number[],
  spineFrac: number,
  leftFrac: number,
): ChartLayout & { failed: string[] } {
  const { model, boxW } = p;
  const laneSpan = (n: number) => (n > 0 ? LANE_FIRST + (n - 1) * LANE_STEP + 2 : 0);
  const natural = 2 * MARGIN + laneSpan(p.leftLanes) + boxW + laneSpan(p.rightLanes);
  const W = Math.max(width, natural);
  const boxX = MARGIN + laneSpan(p.leftLanes) + Math.max(0, (width - natural) * leftFrac);
  const states: StateLayout[] = [];
  let y = MARGIN + 2;
  model.states.forEach((s, i) => {
    states.push({ ...s, x: boxX, y, w: boxW, h: p.boxH[i] });
    y += p.boxH[i] + BASE_GAP + (extra[i] ?? 0);
  });
  const box = new Map(states.map((s) => [s.name, s]));
  const spineX = boxX + boxW * spineFrac;
  const laneX = (side: number, lane: number) =>
    side > 0 ? boxX + boxW + LANE_FIRST + lane * LANE_STEP : boxX - LANE_FIRST - lane * LANE_STEP;
  const stubY = (state: string, side: number, link: string) => {
    const list = p.stubs.get(`${state}|${side}`) ?? [];
    const b = box.get(state) as StateLayout;
    const k = list.findIndex((s) => s.link === link);
    return b.y + (b.h * (k + 1)) / (list.length + 1);
  };
  const links: LinkLayout[] = p.groups.map((g) => {
    if (g.kind === 'next') {
      const a = box.get(g.sources[0]) as StateLayout;
      const b = box.get(g.targets[0]) as StateLayout;
      return {
        key: g.key,
        kind: g.kind,
        sources: g.sources,
        targets: g.targets,
        events: g.events,
        side: 0,
        lane: 0,
        body: '',
        heads: [`M${spineX},${a.y + a.h}V${b.y}`],
        dots: [],
        segments: [{ x1: spineX, y1: a.y + a.h, x2: spineX, y2: b.y }],
      };
    }
    const x = laneX(g.side, g.lane);
    const edgeX = (s: string) => {
      const b = box.get(s) as StateLayout;
      return g.side > 0 ? b.x + b.w : b.x;
    };
    const src = g.sources.map((s) => ({ x: edgeX(s), y: stubY(s, g.side, g.key) }));
    const dst = g.targets.map((s) => ({ x: edgeX(s), y: stubY(s, g.side, g.key) }));
    const ys = [...src, ...dst].map((q) => q.y);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    return {
      key: g.key,
      kind: g.kind,
      sources: g.sources,
      targets: g.targets,
      events: g.events,
      side: g.side,
      lane: g.lane,
      body: `M${x},${top}V${bottom}${src.map((q) => `M${q.x},${q.y}H${x}`).join('')}`,
      heads: dst.map((q) => `M${x},${q.y}H${q.x}`),
      dots: [...src, ...dst].filter((q) => q.y > top && q.y < bottom).map((q) => ({ x, y: q.y })),
      segments: [
        { x1: x, y1: top, x2: x, y2: bottom },
        ...[...src, ...dst].map((q) => ({ x1: q.x, y1: q.y, x2: x, y2: q.y })),
      ],
    };
  });

  // Labels, most constrained first: arrows to the next state, then lanes from the inside out.
  const segRects = links.flatMap((l) => l.segments.map((s) => segmentRect(s, 1.5)));
  const boxRects = states.map((s) => ({ x: s.x - 3, y: s.y - 3, w: s.w + 6, h: s.h + 6 }));
  const placed: LabelLayout[] = [];
  const failed: string[] = [];
  const order = [...links].sort(
    (a, b) =>
      (a.kind === 'next' ? 0 : 1) - (b.kind === 'next' ? 0 : 1) ||
      a.lane - b.lane ||
      (p.row.get(a.sources[0]) ?? 0) - (p.row.get(b.sources[0]) ?? 0),
  );
  for (const l of order) {
    const variants: { lines: string[]; penalty: number }[] = [{ lines: [l.events.join(' / ')], penalty: 0 }];
    // One event a line, each but the last ending in " /" so the list still reads as one label.
    if (l.events.length > 1)
      variants.push({ lines: l.events.map((e, i) => (i < l.events.length - 1 ? `${e} /` : e)), penalty: 25 });
    let best: Candidate | null = null;
    const consider = (
      rect: Rect,
      lines: string[],
      anchor: 'start' | 'end',
      penalty: number,
      prefY: number,
    ) => {
      if (rect.x < MARGIN || rect.x + rect.w > W - MARGIN || rect.y < 0) return;
      if (boxRects.some((b) => intersects(rect, b))) return;
      if (placed.some((o) => intersects(rect, o, 2))) return;
      const crossings = segRects.filter((s) => intersects(rect, s)).length;
      const drift = Math.abs(rect.y + rect.h / 2 - prefY);
      const score = crossings * 1000 + penalty + drift * 0.5;
      if (!best || score < best.score) best = { rect, lines, anchor, score, crossings, drift };
    };
    for (const v of variants) {
      const w = Math.max(...v.lines.map((t) => textWidth(t, LABEL_FONT))) + 2 * LABEL_PAD;
      const h = v.lines.length * LINE_HEIGHT + 2;
      if (l.kind === 'next') {
        const a = box.get(l.sources[0]) as StateLayout;
        const b = box.get(l.targets[0]) as StateLayout;
        const prefY = (a.y + a.h + b.y) / 2;
        for (let ly = a.y + a.h + 3; ly + h <= b.y - 3; ly += 1) {
          consider({ x: spineX + 5, y: ly, w, h }, v.lines, 'start', v.penalty, prefY);
          consider({ x: spineX - 5 - w, y: ly, w, h }, v.lines, 'end', v.penalty + 6, prefY);
        }
      } else {
        const lane = l.segments[0];
        const x = lane.x1;
        const single = l.targets.length === 1 && l.sources.length > 1 ? l.targets : l.sources;
        const prefY =
          single.length === 1 && l.sources.length + l.targets.length > 2
            ? stubY(single[0], l.side, l.key)
            : (lane.y1 + lane.y2) / 2;
        for (let ly = lane.y1 - h / 2; ly <= lane.y2 - h / 2; ly += 1) {
          const inward = l.side > 0 ? x - 4 - w : x + 4;
          const outward = l.side > 0 ? x + 4 : x - 4 - w;
          consider({ x: inward, y: ly, w, h }, v.lines, l.side > 0 ? 'end' : 'start', v.penalty, prefY);
          consider({ x: outward, y: ly, w, h }, v.lines, l.side > 0 ? 'start' : 'end', v.penalty + 15, prefY);
        }
      }
    }
    const c = best as Candidate | null;
    if (!c) {
      failed.push(l.key);
      continue;
    }
    placed.push({
      ...c.rect,
      link: l.key,
      lines: c.lines,
      anchor: c.anchor,
      tx: c.anchor === 'start' ? c.rect.x + LABEL_PAD : c.rect.x + c.rect.w - LABEL_PAD,
      ty: c.rect.y + 1 + LABEL_FONT * 0.9,
      crossings: c.crossings,
      drift: c.drift,
    });
  }
  const all: Rect[] = [
    ...states,
    ...placed,
    ...links.flatMap((l) => l.segments.map((s) => segmentRect(s, 1))),
  ];
  const x0 = Math.min(...all.map((r) => r.x)) - 2;
  const y0 = Math.min(...all.map((r) => r.y)) - 2;
  const x1 = Math.max(...all.map((r) => r.x + r.w)) + 2;
  const y1 = Math.max(...all.map((r) => r.y + r.h)) + 2;
  return { viewBox: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, states, links, labels: placed, failed };
}

/** Gaps (index i: between state i and i + 1) a link's label may sit in. */
function gapsOf(p: Prepared, link: LinkLayout): number[] {
  const rows = [...link.sources, ...link.targets].map((s) => p.row.get(s) ?? 0);
  const out: number[] = [];
  for (let i = Math.min(...rows); i < Math.max(...rows); i++) out.push(i);
  // Nearest first to where the label reads best (see `prefY` in build).
  const single = link.targets.length === 1 && link.sources.length > 1 ? link.targets : link.sources;
  const at =
    single.length === 1 && rows.length > 2
      ? (p.row.get(single[0]) ?? 0)
      : (Math.min(...rows) + Math.max(...rows)) / 2;
  return out.sort((a, b) => Math.abs(a + 0.5 - at) - Math.abs(b + 0.5 - at));
}

function solve(
  p: Prepared,
  width: number,
  spineFrac: number,
  leftFrac: number,
): ChartLayout & { cost: number } {
  let extra = p.model.states.map(() => 0);
  const accepted = new Set<string>();
  let layout = build(p, width, extra, spineFrac, leftFrac);
  for (let iter = 0; iter < 40; iter++) {
    const bad =
      layout.failed.find((k) => !accepted.has(k)) ??
      layout.labels.find((l) => (l.crossings > 0 || l.drift > MAX_DRIFT) && !accepted.has(l.link))?.link;
    if (!bad) break;
    const link = layout.links.find((l) => l.key === bad) as LinkLayout;
    const wasFailed = layout.failed.includes(bad);
    const before = layout.labels.find((l) => l.link === bad);
    const h = Math.min(link.events.length, 3) * LINE_HEIGHT + 6;
    let fixed = false;
    for (const [g, grow] of gapsOf(p, link).flatMap((g) => [
      [g, h],
      [g, 2 * h],
    ])) {
      const tryExtra = extra.map((e, i) => (i === g ? e + grow : e));
      const next = build(p, width, tryExtra, spineFrac, leftFrac);
      const label = next.labels.find((l) => l.link === bad);
      if (
        label &&
        (wasFailed ||
          (label.crossings === 0 && (before?.crossings ?? 1) > 0) ||
          (label.crossings === 0 && label.drift <= MAX_DRIFT))
      ) {
        extra = tryExtra;
        layout = next;
        fixed = true;
        break;
      }
    }
    if (!fixed) accepted.add(bad);
  }
  const crossings = layout.labels.reduce((a, l) => a + l.crossings, 0) + layout.failed.length * 100;
  return { ...layout, cost: crossings * 10000 + layout.viewBox.h };
}

/**
 * Lays the chart out for a panel `width` px wide: boxes sized from their names, labels placed
 * clear of boxes, other labels and (where at all possible) lines.
 */
export function layoutChart(model: ChartModel, width: number): ChartLayout {
  const p = prepare(model);
  let best: (ChartLayout & { cost: number }) | null = null;
  // Centred first; only if some label still crosses a line, shift the column sideways so a
  // label of an outer lane finds room beyond it (a free place costs 10,000 less per crossing).
  for (const leftFrac of [0.5, 0.8, 0.2, 1, 0]) {
    if (best && best.cost < 10_000) break;
    for (const frac of [0.5, 0.7, 0.3, 0.85, 0.15]) {
      const l = solve(p, width, frac, leftFrac);
      if (!best || l.cost < best.cost) best = l;
    }
  }
  const { cost: _cost, ...layout } = best as ChartLayout & { cost: number };
  return layout;
}
