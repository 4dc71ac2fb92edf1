// A key to the marks, in the column under the producers: only the entries that fit above
// the retry-topic and DLQ boxes, so it never overlaps them.

import { select } from 'd3-selection';
import { createSignatures, type G, keyed } from '../d3put';
import type { FlowLayout } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import { THEME } from '../palette';
import { truncate } from '../textWidth';
import { retryBoxHeight } from './boxes';
import { type FlowLayer, FONT } from './layer';

export function createLegendLayer(parent: G): FlowLayer {
  const legend = parent.append('g').attr('class', 'legend').attr('aria-hidden', 'true');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const isDense = model.isDense;
    const isBands = model.isBands;
    const groupIds = model.groups.map((g) => g.groupId);
    const retryCount = model.retryTopics.length;
    const last = layout.producers.at(-1) ?? layout.producer;
    // The vertical layout gives the legend a box of its own, in columns.
    const box = layout.legend;
    const columns = box?.columns ?? 1;
    const columnW = box ? box.w / columns : layout.producer.w;
    const top = box ? box.y + 14 : last.y + last.h + 22;
    const bottom = box
      ? box.y + box.h
      : retryCount > 0
        ? layout.dlq.y - retryBoxHeight(retryCount) - 10
        : model.deadLetters.hasDlq
          ? layout.dlq.y
          : layout.height - 12;
    const left = (box?.x ?? layout.producer.x) + 2;
    const share = model.groups.find((g) => g.type === 'share');
    const signature = [
      left,
      top,
      bottom,
      columns,
      isDense,
      isBands,
      model.hasTransactions,
      groupIds.join('/'),
      share?.groupId,
      model.partitions.length > 0,
    ].join(',');
    if (!signatures.changed(legend.node(), signature)) return;
    type Entry = { k: string; text: string; mark: string; color: string; dashed?: boolean };
    const first = model.colorOf(groupIds[0] ?? '');
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
      // Share groups (KIP-932): record states in the group's band of a strip (shareStrip.ts).
      ...(share && !isDense
        ? [
            {
              k: 'acquired',
              text: 'acquired (consumer no.)',
              mark: 'acquired',
              color: model.colorOf(share.groupId),
            },
            { k: 'acked', text: 'acknowledged', mark: 'tick', color: model.colorOf(share.groupId) },
            { k: 'archived', text: 'archived', mark: 'cross', color: THEME.danger },
          ]
        : []),
    ];
    // Only where transactions write: the last stable offset, open and aborted records.
    if (model.hasTransactions && !isDense)
      entries.push(
        { k: 'lso', text: 'last stable offset', mark: 'line', color: THEME.warn, dashed: true },
        { k: 'open', text: 'open transaction', mark: 'cell', color: THEME.warn, dashed: true },
        { k: 'aborted', text: 'aborted record', mark: 'struck', color: THEME.danger },
        { k: 'marker', text: 'commit/abort marker', mark: 'hollow', color: THEME.muted },
      );
    // A queue-only diagram has no log to explain (the queue layer keys its own marks).
    const fit = model.partitions.length === 0 ? 0 : Math.max(0, Math.floor((bottom - top) / 16)) * columns;
    const shown = entries.slice(0, fit);
    const perColumn = Math.ceil(shown.length / columns);
    // 12 px on phones; the desktop's side column keeps its 11 px key.
    const size = box ? FONT : FONT - 1;
    const row = keyed<Entry, SVGGElement>(legend, 'g', 'entry', shown, (e) => e.k);
    row.each(function (e, i) {
      const g = select(this);
      const y = top + (i % perColumn) * 16;
      const x = left + Math.floor(i / perColumn) * columnW;
      g.selectAll('*').remove();
      const cx = x + 6;
      if (e.mark === 'cell' || e.mark === 'struck' || e.mark === 'hollow') {
        const rect = g
          .append('rect')
          .attr('x', x)
          .attr('y', y - 9)
          .attr('width', 12)
          .attr('height', 10)
          .attr('rx', 2)
          .attr('fill', e.mark === 'hollow' ? 'none' : e.color);
        if (e.mark === 'struck') {
          rect.attr('fill-opacity', 0.4);
          g.append('line')
            .attr('x1', x + 1)
            .attr('x2', x + 11)
            .attr('y1', y)
            .attr('y2', y - 9)
            .attr('stroke', e.color)
            .attr('stroke-width', 1.5);
        }
        if (e.mark === 'hollow' || e.dashed)
          rect
            .attr('stroke', e.mark === 'hollow' ? e.color : THEME.fg)
            .attr('stroke-dasharray', e.dashed ? '3 2' : null);
      } else if (e.mark === 'line')
        g.append('line')
          .attr('x1', cx)
          .attr('x2', cx)
          .attr('y1', y - 10)
          .attr('y2', y + 2)
          .attr('stroke', e.color)
          .attr('stroke-width', 2)
          .attr('stroke-dasharray', e.dashed ? '4 2' : null);
      else if (e.mark === 'flag')
        g.append('path')
          .attr('d', `M${cx - 2},${y - 10} v12 M${cx - 2},${y - 10} l6,3 l-6,3 Z`)
          .attr('fill', e.color)
          .attr('stroke', e.color)
          .attr('stroke-width', 2);
      else if (e.mark === 'acquired')
        g.append('rect')
          .attr('x', x)
          .attr('y', y - 9)
          .attr('width', 12)
          .attr('height', 10)
          .attr('rx', 2)
          .attr('fill', e.color)
          .attr('fill-opacity', 0.3)
          .attr('stroke', e.color)
          .attr('stroke-width', 1.5);
      else if (e.mark === 'tick' || e.mark === 'cross')
        g.append('path')
          .attr(
            'd',
            e.mark === 'tick'
              ? `M${x + 1},${y - 4} l3.5,3.5 l6.5,-7`
              : `M${x + 1},${y - 9} l10,10 M${x + 1},${y + 1} l10,-10`,
          )
          .attr('fill', 'none')
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
        .attr('font-size', size)
        .attr('fill', THEME.muted)
        .text(truncate(e.text, columnW - 20, size));
    });
  }

  return { update, destroy: () => legend.remove() };
}
