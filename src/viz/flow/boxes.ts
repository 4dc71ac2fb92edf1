// The boxes in the left column: one per producer (keyed by producer id: rate, keys, sent),
// the retry topics (Spring Kafka style, one line per topic) and the dead-letter topic.

import { select } from 'd3-selection';
import { activate, createSignatures, type G, keyed, put, setText } from '../d3put';
import type { FlowLayout } from '../flowDiagramLayout';
import type { FlowModel, FlowTarget } from '../flowModel';
import { groupDigits } from '../format';
import { THEME } from '../palette';
import { fits, truncate } from '../textWidth';
import { type FlowLayer, FONT, type LayerContext } from './layer';

type ProducerBox = FlowLayout['producers'][number];

export function createProducersLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent.append('g').attr('class', 'producers');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const byId = new Map(model.producers.map((p) => [p.producerId, p]));
    const boxes = keyed<ProducerBox, SVGGElement>(
      root,
      'g',
      'producer',
      layout.producers,
      (b) => b.producerId,
    );
    boxes.each(function (b) {
      const g = select(this);
      const p = byId.get(b.producerId);
      const signature = JSON.stringify([b, p?.ratePerSec, p?.keys, p?.hotKey, p?.sent]);
      if (!signatures.differs(this, signature) || ctx.isHeld()) return;
      signatures.set(this, signature);
      activate<FlowTarget>(
        g as never,
        p ? `Producer ${p.producerId}: ${p.ratePerSec} msg/s` : 'No producer',
        () => ({ kind: 'producer', producerId: b.producerId }),
        ctx.activation,
      );
      if (g.select('rect').empty()) {
        g.append('rect').attr('rx', 8);
        for (const cls of ['title', 'line1', 'line2', 'line3', 'line4']) g.append('text').attr('class', cls);
      }
      put(g.select('rect') as never, {
        x: b.x,
        y: b.y,
        width: b.w,
        height: b.h,
        fill: THEME.panel,
        stroke: THEME.producer,
      });
      const line = (cls: string, dy: number, text: string, size = FONT, weight = 400) => {
        const el = g.select<SVGTextElement>(`text.${cls}`);
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
      const keys = p ? p.keys.replace(/\d{4,}/g, (n) => groupDigits(Number(n))) : '';
      line(
        'line2',
        58,
        p ? fitted(p.hotKey ? `hot key ${p.hotKey.key} ${Math.round(p.hotKey.share * 100)}%` : keys) : '',
      );
      line('line3', 76, p ? fitted(`sent ${groupDigits(p.sent)}`) : '');
      line('line4', 92, p?.isIdempotent ? 'enable.idempotence' : '');
    });
  }

  return { update, destroy: () => root.remove() };
}

export function createDlqLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent.append('g').attr('class', 'dlq');
  const signatures = createSignatures();
  root.append('rect').attr('rx', 8);
  root.append('text').attr('class', 'title');
  root.append('text').attr('class', 'line1');

  function update(model: FlowModel, layout: FlowLayout): void {
    const b = layout.dlq;
    const { depth, parked, hasDlq, title } = model.deadLetters;
    const signature = [b.x, b.y, b.w, b.h, depth, parked, hasDlq, title].join(',');
    if (!signatures.changed(root.node(), signature)) return;
    root.attr('display', hasDlq ? null : 'none');
    if (hasDlq)
      activate<FlowTarget>(
        root as never,
        `Dead-letter queue: ${depth} waiting`,
        () => ({ kind: 'dlq' }),
        ctx.activation,
      );
    else put(root as never, { role: null, 'aria-label': null, 'data-target': null, tabindex: null });
    root
      .select('rect')
      .attr('x', b.x)
      .attr('y', b.y)
      .attr('width', b.w)
      .attr('height', b.h)
      .attr('fill', THEME.panel)
      .attr('stroke', depth > 0 ? THEME.danger : THEME.border);
    root
      .select('text.title')
      .attr('x', b.x + 10)
      .attr('y', b.y + 22)
      .attr('font-size', 14)
      .attr('font-weight', 600)
      .attr('fill', THEME.fg)
      .text(title);
    root
      .select('text.line1')
      .attr('x', b.x + 10)
      .attr('y', b.y + 44)
      .attr('font-size', FONT)
      .attr('fill', depth > 0 ? THEME.danger : THEME.muted)
      .text(`${depth} waiting${parked > 0 ? ` · ${parked} parked` : ''}`);
  }

  return { update, destroy: () => root.remove() };
}

/** Height of the retry-topics box above the DLQ (0 without retry topics). */
export const retryBoxHeight = (count: number): number => (count === 0 ? 0 : 34 + count * 16);

/** Spring Kafka style retry topics: one line per topic with the records waiting in it. */
export function createRetryTopicsLayer(parent: G): FlowLayer {
  const root = parent.append('g').attr('class', 'retry-topics');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const topics = model.retryTopics;
    const b = layout.dlq;
    const h = retryBoxHeight(topics.length);
    const top = b.y - h - 10;
    if (!signatures.changed(root.node(), JSON.stringify([b, topics]))) return;
    root.attr('display', topics.length > 0 ? null : 'none');
    keyed<number, SVGRectElement>(root, 'rect', 'box', topics.length > 0 ? [0] : [], () => 'box')
      .attr('x', b.x)
      .attr('y', top)
      .attr('width', b.w)
      .attr('height', h)
      .attr('rx', 8)
      .attr('fill', THEME.panel)
      .attr('stroke', topics.some((t) => t.depth > 0) ? THEME.warn : THEME.border);
    keyed<number, SVGTextElement>(root, 'text', 'title', topics.length > 0 ? [0] : [], () => 'title')
      .attr('x', b.x + 10)
      .attr('y', top + 20)
      .attr('font-size', 14)
      .attr('font-weight', 600)
      .attr('fill', THEME.fg)
      .text('retry topics');
    type Topic = (typeof topics)[number];
    keyed<Topic, SVGTextElement>(root, 'text', 'topic', [...topics], (t) => t.key)
      .attr('x', b.x + 10)
      .attr('y', (_t, i) => top + 40 + i * 16)
      .attr('font-size', FONT)
      .attr('fill', (t) => (t.depth > 0 ? THEME.warn : THEME.muted))
      .text((t) => truncate(`${t.name.split('.').slice(-2).join('.')}: ${t.depth} waiting`, b.w - 16, FONT));
  }

  return { update, destroy: () => root.remove() };
}
