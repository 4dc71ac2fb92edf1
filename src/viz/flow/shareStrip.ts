// Share groups (KIP-932) on a partition strip: in the group's band, each record between
// SPSO and SPEO shows its share state. Acquired: a box in the group's colour with the
// holding consumer's number; acknowledged: a tick; archived: a cross in the danger colour
// (also those SPSO has already passed, while they are in view). SPSO is the group's
// committed-offset flag; SPEO is a dashed tick. Shape, not colour alone, tells the states apart.

import type { GroupSnapshot, ShareRecordView } from '../../engine';
import { type G, keyed, put, setText } from '../d3put';
import { boundaryX, offsetX, type StripLayout } from '../flowDiagramLayout';
import { THEME } from '../palette';

interface ShareMark {
  key: string;
  groupId: string;
  band: number;
  record: ShareRecordView;
}

/** The consumer's number from its id ("workers-3" → "3"). */
export function consumerMark(memberId: string | undefined): string {
  if (!memberId) return '';
  const m = /(\d+)$/.exec(memberId);
  return m ? m[1] : memberId.slice(0, 1);
}

/** What the strip must redraw for when it changes (part of the strip's data signature). */
export function shareSignature(groups: readonly GroupSnapshot[], partition: number): string {
  let out = '';
  for (const g of groups) {
    const p = g.share?.partitions[partition];
    if (!p) continue;
    out += `|${p.spso},${p.speo},${p.archivedCount}`;
    for (const r of p.records)
      if (r.state !== 'Available') out += `,${r.offset}${r.state[1]}${r.memberId ?? ''}`;
  }
  return out;
}

/** The marks of every share group in `bands` (bands in the strip's group order). */
export function shareMarks(s: StripLayout, bands: readonly GroupSnapshot[]): ShareMark[] {
  const marks: ShareMark[] = [];
  const end = s.firstOffset + s.cells;
  bands.forEach((g, band) => {
    const p = g.share?.partitions[s.partition];
    if (!p) return;
    const seen = new Set<number>();
    for (const r of p.records) {
      if (r.state === 'Available' || r.offset < s.firstOffset || r.offset >= end) continue;
      seen.add(r.offset);
      marks.push({ key: `${g.groupId}/${r.offset}`, groupId: g.groupId, band, record: r });
    }
    for (const r of p.archived)
      if (!seen.has(r.offset) && r.offset >= s.firstOffset && r.offset < end)
        marks.push({ key: `${g.groupId}/${r.offset}`, groupId: g.groupId, band, record: r });
  });
  return marks;
}

export function drawShareMarks(
  layer: G,
  s: StripLayout,
  bands: readonly GroupSnapshot[],
  bandH: number,
  colorOf: (groupId: string) => string,
): void {
  const marks = shareMarks(s, bands);
  const h = Math.max(4, bandH - 2);
  const top = (m: ShareMark) => s.y + m.band * bandH + 1;
  const box = keyed<ShareMark, SVGRectElement>(
    layer,
    'rect',
    'share-acquired',
    marks.filter((m) => m.record.state === 'Acquired'),
    (m) => m.key,
  );
  box.call(put, {
    x: (m: ShareMark) => boundaryX(s, m.record.offset) + 1.5,
    y: (m: ShareMark) => top(m) + 0.5,
    width: Math.max(1, s.cellW - 3),
    height: h - 1,
    rx: 2,
    fill: (m: ShareMark) => colorOf(m.groupId),
    'fill-opacity': 0.3,
    stroke: (m: ShareMark) => colorOf(m.groupId),
    'stroke-width': 1.5,
  });
  // The holder's number where a cell is wide and a band tall enough for 12 px text.
  const isLabelled = s.cellW >= 12 && bandH >= 12;
  const owner = keyed<ShareMark, SVGTextElement>(
    layer,
    'text',
    'share-owner',
    isLabelled ? marks.filter((m) => m.record.state === 'Acquired') : [],
    (m) => m.key,
  );
  owner.call(put, {
    x: (m: ShareMark) => offsetX(s, m.record.offset),
    y: (m: ShareMark) => top(m) + h / 2 + 4,
    'text-anchor': 'middle',
    'font-size': 12,
    'font-weight': 700,
    fill: THEME.fg,
  });
  setText(owner, (m) => consumerMark(m.record.memberId));
  const size = Math.min(h, s.cellW) / 2 - 1;
  const tick = keyed<ShareMark, SVGPathElement>(
    layer,
    'path',
    'share-acked',
    marks.filter((m) => m.record.state === 'Acknowledged'),
    (m) => m.key,
  );
  tick.call(put, {
    d: (m: ShareMark) => {
      const cx = offsetX(s, m.record.offset);
      const cy = top(m) + h / 2;
      return `M${cx - size},${cy} l${size * 0.7},${size * 0.7} l${size * 1.3},${-size * 1.4}`;
    },
    fill: 'none',
    stroke: (m: ShareMark) => colorOf(m.groupId),
    'stroke-width': 2,
  });
  const cross = keyed<ShareMark, SVGPathElement>(
    layer,
    'path',
    'share-archived',
    marks.filter((m) => m.record.state === 'Archived'),
    (m) => m.key,
  );
  cross.call(put, {
    d: (m: ShareMark) => {
      const cx = offsetX(s, m.record.offset);
      const cy = top(m) + h / 2;
      return `M${cx - size},${cy - size} L${cx + size},${cy + size} M${cx - size},${cy + size} L${cx + size},${cy - size}`;
    },
    fill: 'none',
    stroke: THEME.danger,
    'stroke-width': 2.5,
  });
  const ends = bands.flatMap((g, band) => {
    const p = g.share?.partitions[s.partition];
    return p && p.speo >= s.firstOffset && p.speo <= s.firstOffset + s.cells
      ? [{ g, band, speo: p.speo }]
      : [];
  });
  const speo = keyed<(typeof ends)[number], SVGLineElement>(
    layer,
    'line',
    'share-speo',
    ends,
    (e) => e.g.groupId,
  );
  speo.call(put, {
    x1: (e: (typeof ends)[number]) => boundaryX(s, e.speo),
    x2: (e: (typeof ends)[number]) => boundaryX(s, e.speo),
    y1: (e: (typeof ends)[number]) => s.y + e.band * bandH + 1,
    y2: (e: (typeof ends)[number]) => s.y + e.band * bandH + bandH - 1,
    stroke: (e: (typeof ends)[number]) => colorOf(e.g.groupId),
    'stroke-width': 1.5,
    'stroke-dasharray': '3 2',
  });
}
