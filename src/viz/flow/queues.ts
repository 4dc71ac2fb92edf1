// The queue half of the flow diagram (issue 12): producers → exchanges (with their bindings
// and routing keys on the edges) → queues → consumers, and each DLQ under its source with
// the dead-letter arrow. A queue is drawn as what it is: ready messages as cells (the head at
// the right, a receive count on one that came back), in-flight messages as chips with their
// visibility (or consumer_timeout) countdown as a shrinking bar and text, delayed ones dashed
// with the time to go; consumers with their prefetch window, slots filled or empty. Every
// countdown derives from the frame's simulated time, so pause, speed and seeking are exact;
// nothing animates on the wall clock, so reduced motion needs nothing turned off. Past what
// fits, messages and consumers are counted in text (exact figures), never drawn one by one.

import { select } from 'd3-selection';
import { isSqs, type QueueMessageView } from '../../engine/queues/types';
import { activate, createSignatures, type G, keyed, put, setText, setTooltip } from '../d3put';
import type { FlowLayout } from '../flowDiagramLayout';
import { type FlowModel, type FlowTarget, isSamePick } from '../flowModel';
import { formatCountShort, groupDigits } from '../format';
import { THEME } from '../palette';
import {
  QUEUE_LEGEND,
  type QueueBoxLayout,
  type QueueSectionLayout,
  queueLegendPlaces,
} from '../queueLayout';
import { producerTarget, QUEUE_TYPE_NAMES, type QueueConsumerModel, type QueueRowModel } from '../queueModel';
import { fits, textWidth, truncate } from '../textWidth';
import { type FlowLayer, FONT, type LayerContext } from './layer';

/** "4.2 s", "42 s", "29 min 41 s": a countdown people read at a glance. */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
}

const count = groupDigits;

/** The first of the wordings that fits (longest first), else the last one cut. */
export function fitting(wordings: string[], widthPx: number, fontPx: number, bold = false): string {
  for (const w of wordings) if (fits(w, widthPx, fontPx, bold)) return w;
  return truncate(wordings[wordings.length - 1], widthPx, fontPx, bold);
}

/** A setting's length as people write it: "10 s", "30 min", "1 min 30 s". */
export function formatWindow(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * What the countdown on an in-flight chip runs down to, under its real name: SQS
 * "VisibilityTimeout 10 s" (the message is visible again), RabbitMQ "consumer_timeout 30 min"
 * (the broker closes the channel of a consumer that holds a delivery unacked that long).
 */
export function chipTimeoutLabel(row: QueueRowModel): string | null {
  // A queue nobody reads (a DLQ, a TTL retry queue) has no countdowns to explain.
  if (row.timeoutMs === null || (row.consumers.length === 0 && row.queue.inFlight === 0)) return null;
  return `${isSqs(row.queue.type) ? 'VisibilityTimeout' : 'consumer_timeout'} ${formatWindow(row.timeoutMs)}`;
}

type XDeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
const REASON_ORDER: XDeathReason[] = ['rejected', 'expired', 'maxlen', 'delivery_limit'];

/**
 * Why `source` dead-letters into `target`, for the arrow's label. SQS: its RedrivePolicy
 * (maxReceiveCount). RabbitMQ: the x-death reasons (dlx.md) that happened, read from the
 * x-death entries for `source` on the messages in `target`; before any, the ones its settings
 * allow: `rejected` (a nack/reject with requeue=false: always possible), `expired` with an
 * x-message-ttl, `maxlen` with an x-max-length whose x-overflow dead-letters (drop-head,
 * reject-publish-dlx), `delivery_limit` on a quorum queue with a delivery limit (not -1).
 * `short` keeps the cause (the reason names) for narrow widths.
 */
export function deadLetterReasons(
  source: QueueRowModel,
  target: QueueRowModel | undefined,
): { rule: string; short: string; reasons: string[] } {
  const q = source.queue;
  const limit = source.receiveLimit;
  if (isSqs(q.type)) {
    const hasLimit = limit !== null;
    return {
      rule: hasLimit ? `after maxReceiveCount ${limit}` : 'RedrivePolicy',
      short: hasLimit ? `maxReceiveCount ${limit}` : 'RedrivePolicy',
      reasons: [],
    };
  }
  const s = q.settings;
  const ttl = typeof s['x-message-ttl'] === 'number' ? s['x-message-ttl'] : null;
  const maxLength = typeof s['x-max-length'] === 'number' ? s['x-max-length'] : null;
  const overflow = typeof s['x-overflow'] === 'string' ? s['x-overflow'] : 'drop-head';
  const deliveryLimit = q.type === 'rabbitmq-quorum' && limit !== null && limit >= 0 ? limit : null;
  const possible = new Set<XDeathReason>(['rejected']);
  if (ttl !== null) possible.add('expired');
  if (maxLength !== null && overflow !== 'reject-publish') possible.add('maxlen');
  if (deliveryLimit !== null) possible.add('delivery_limit');
  const happened = new Set<XDeathReason>();
  for (const m of target?.queue.messages ?? [])
    for (const d of m.xDeath ?? []) if (d.queue === q.name) happened.add(d.reason);
  const reasons = REASON_ORDER.filter((r) => (happened.size > 0 ? happened.has(r) : possible.has(r)));
  const detail: Record<XDeathReason, string> = {
    rejected: 'rejected (nack/reject, requeue=false)',
    expired: `expired${ttl !== null ? ` (x-message-ttl ${ttl} ms)` : ''}`,
    maxlen: `maxlen${maxLength !== null ? ` (x-max-length ${maxLength}, ${overflow})` : ''}`,
    delivery_limit: `delivery_limit${deliveryLimit !== null ? ` (x-delivery-limit ${deliveryLimit})` : ''}`,
  };
  return {
    rule: reasons.map((r) => detail[r]).join(' or '),
    short: reasons.join(', '),
    reasons,
  };
}

/** The two header lines of a queue: name and type; its counts under their real names. */
export function queueHeader(row: QueueRowModel): {
  title: string;
  counts: string;
  titles: string[];
  /** The counts line, longest first: with the chips' timeout (chipTimeoutLabel), then without. */
  countWordings: string[];
} {
  const q = row.queue;
  const type = QUEUE_TYPE_NAMES[q.type];
  // A retry queue's messages go back (the layout has no edge for the return path, so the
  // title says where): its DLX and the queues that exchange binds.
  const back = row.deadLetterQueues.join(', ');
  const via = row.deadLetterExchange ? ` via ${row.deadLetterExchange}` : '';
  const role = q.isDeadLetterQueue
    ? ' · dead-letter queue'
    : q.isRetryQueue
      ? ` · retry queue, back to ${back}${via}`
      : '';
  const title = `${q.name} · ${type}${role}`;
  // Narrow: the DLQ's dashed red frame and its arrow say what it is; then the name alone.
  const titles = [
    title,
    ...(q.isRetryQueue ? [`${q.name} · ${type} · retry queue`, `${q.name} · retry queue`] : []),
    `${q.name} · ${type}`,
    q.name,
  ];
  const counts = isSqs(q.type)
    ? `visible ${count(q.visible)} · in flight ${count(q.inFlight)} · delayed ${count(q.delayed)}`
    : `ready ${count(q.ready ?? q.visible)} · unacked ${count(q.unacked ?? q.inFlight)}`;
  const timeout = chipTimeoutLabel(row);
  return { title, counts, titles, countWordings: timeout ? [`${counts} · ${timeout}`, counts] : [counts] };
}

/** One timed message as a chip: in flight (visibility countdown) or delayed (DelaySeconds). */
export interface ChipModel {
  key: string;
  kind: 'in-flight' | 'delayed' | 'more';
  text: string;
  /** Without the FIFO MessageGroupId, where the chip is too narrow for it. */
  shortText: string;
  /** Time left over the window, 0 to 1 (the bar). */
  fraction: number;
  receiveCount: number;
  consumerId: string | null;
}

/**
 * The chips a queue shows in `slots` places: in-flight soonest-timeout first, then delayed;
 * when there are more than the places (counted from the exact totals), the last place says
 * how many more.
 */
export function queueChips(row: QueueRowModel, slots: number, nowMs: number): ChipModel[] {
  const total = row.queue.inFlight + row.queue.delayed;
  if (slots <= 0 || total === 0) return [];
  const listed = [...row.inFlight, ...row.delayed];
  const isOver = total > slots;
  const shown = listed.slice(0, isOver ? slots - 1 : slots);
  const window = row.timeoutMs ?? 0;
  const chips: ChipModel[] = shown.map((m: QueueMessageView) => {
    const isDelayed = m.state === 'delayed';
    const until = (isDelayed ? m.availableAtMs : m.visibleAtMs) ?? nowMs;
    const left = Math.max(0, until - nowMs);
    const span = isDelayed
      ? Math.max(left, Number(row.queue.settings.DelaySeconds ?? 0) * 1000)
      : Math.max(left, window);
    return {
      key: `m${m.messageId}`,
      kind: isDelayed ? 'delayed' : 'in-flight',
      text: isDelayed
        ? `#${m.messageId} in ${formatRemaining(left)}`
        : m.messageGroupId
          ? `${m.messageGroupId} #${m.messageId} ${formatRemaining(left)}`
          : `#${m.messageId} ${formatRemaining(left)}`,
      shortText: `#${m.messageId} ${isDelayed ? 'in ' : ''}${formatRemaining(left)}`,
      fraction: span > 0 ? left / span : 0,
      receiveCount: m.receiveCount,
      consumerId: m.consumerId ?? null,
    };
  });
  if (isOver)
    chips.push({
      key: 'more',
      kind: 'more',
      text: `+${count(total - shown.length)} more`,
      shortText: `+${count(total - shown.length)}`,
      fraction: 0,
      receiveCount: 0,
      consumerId: null,
    });
  return chips;
}

/**
 * The consumer's two lines: state and name; the prefetch window as "3/10 prefetch". `names`
 * holds the name in ever shorter words (the slow-down shortens first), the full one first.
 */
export function consumerLines(
  row: QueueRowModel,
  c: QueueConsumerModel,
): { name: string; names: string[]; window: string } {
  const glyph = c.state ? `${QUEUE_CONSUMER_GLYPH[c.state] ?? '●'} ` : '';
  // Busy states go without a word (the slots show the work); the others say what is wrong.
  const state = c.state && !BUSY.has(c.state) ? ` ${c.state}` : '';
  // A crashed consumer is only crashed: its restart runs at normal speed (the engine resets the factor).
  const isSlow = c.processingFactor !== 1 && c.state !== 'Crashed';
  const head = `${glyph}${c.consumerId}${state}`;
  const names = isSlow
    ? [`${head} ×${c.processingFactor} slow`, `${head} ×${c.processingFactor}`, head]
    : [head];
  // SQS: messages received and not deleted (a failed one stays in flight until its visibility
  // timeout, so this may pass MaxNumberOfMessages); RabbitMQ: unacked out of the prefetch
  // window (basic.qos), which it never passes.
  const window = isSqs(row.queue.type) ? `${c.inFlight} in flight` : `${c.inFlight}/${c.prefetch} prefetch`;
  return { name: names[0], names, window };
}

const MAX_SLOTS = 20;

/** A glyph per queue consumer state (and the Kafka member states), so state never rests on colour. */
export const QUEUE_CONSUMER_GLYPH: Record<string, string> = {
  Stopped: '○',
  Receiving: '◔',
  Processing: '●',
  Backoff: '◌',
  Crashed: '✕',
  Paused: '‖',
  Stable: '●',
  Left: '⎋',
};
const BUSY = new Set(['Receiving', 'Processing', 'Stable']);

export function createQueuesLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent.append('g').attr('class', 'queues');
  const edges = root.append('g').attr('class', 'queue-edges').attr('aria-hidden', 'true');
  const sources = root.append('g').attr('class', 'queue-sources');
  const boxes = root.append('g').attr('class', 'queue-boxes');
  const legend = root.append('g').attr('class', 'queue-legend').attr('aria-hidden', 'true');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const section = model.queueSection;
    const q = layout.queues;
    if (!section || !q) {
      root.attr('display', 'none');
      for (const g of [edges, sources, boxes, legend]) g.selectAll('*').remove();
      return;
    }
    root.attr('display', null);
    const rows = new Map(section.rows.map((r) => [r.name, r]));
    drawEdges(model, q, rows);
    drawSources(model, q);
    const box = keyed<QueueBoxLayout, SVGGElement>(boxes, 'g', 'queue', q.queues, (b) => b.name);
    box.each(function (b) {
      const row = rows.get(b.name);
      if (row) drawQueue(select(this) as never, model, b, row, q.isVertical);
    });
    drawLegend(q);
  }

  function drawEdges(model: FlowModel, q: QueueSectionLayout, rows: Map<string, QueueRowModel>): void {
    type Edge = { key: string; d: string; color: string; dashed: boolean; width: number };
    const list: Edge[] = [];
    const queueBox = new Map(q.queues.map((b) => [b.name, b]));
    const exchangeBox = new Map(q.exchanges.map((e) => [e.name, e]));
    const midY = (b: { y: number; h: number }) => b.y + b.h / 2;
    const curve = (x1: number, y1: number, x2: number, y2: number) => {
      const mx = (x1 + x2) / 2;
      return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
    };
    if (!q.isVertical) {
      for (const p of q.producers) {
        const to = exchangeBox.get(p.target) ?? queueBox.get(p.target);
        if (!to) continue;
        // Stacked sources (narrow): the producer sits above its exchange, the edge goes down.
        const isBelow = to.x === p.x;
        list.push({
          key: `p/${p.producerId}`,
          d: isBelow
            ? `M${p.x + p.w / 2},${p.y + p.h} L${to.x + to.w / 2},${to.y}`
            : curve(p.x + p.w, midY(p), to.x, midY(to)),
          color: THEME.producer,
          dashed: false,
          width: 1.5,
        });
      }
      for (const b of q.queues)
        for (const bind of b.bindings) {
          const e = exchangeBox.get(bind.exchange);
          if (!e) continue;
          const y = midY(bind);
          list.push({
            key: `b/${bind.exchange}/${b.name}/${bind.key}`,
            d: `${curve(e.x + e.w, midY(e), bind.x - 6, y)} L${b.x},${y}`,
            color: THEME.producer,
            dashed: false,
            width: 1.5,
          });
        }
      for (const b of q.queues)
        for (const c of b.consumers)
          list.push({
            key: `c/${b.name}/${c.consumerId}`,
            d: curve(b.x + b.w, midY(b), c.x, midY(c)),
            color: model.colorOf(c.groupId),
            dashed: false,
            width: 1.5,
          });
    }
    // Dead letters: from the source queue down to its DLQ, dashed, in the danger colour.
    for (const b of q.queues) {
      if (!b.deadLetterFrom || !b.deadLetterLabel) continue;
      const from = queueBox.get(b.deadLetterFrom);
      const x = b.x + 20;
      const y1 = q.isVertical ? b.deadLetterLabel.y : (from?.y ?? b.y) + (from?.h ?? 0);
      list.push({
        key: `dl/${b.name}`,
        d: `M${x},${y1} L${x},${b.y - 2} M${x - 5},${b.y - 8} L${x},${b.y - 2} L${x + 5},${b.y - 8}`,
        color: THEME.danger,
        dashed: true,
        width: 2,
      });
    }
    keyed<Edge, SVGPathElement>(edges, 'path', 'edge', list, (e) => e.key).call(put as never, {
      d: (e: Edge) => e.d,
      fill: 'none',
      stroke: (e: Edge) => e.color,
      'stroke-width': (e: Edge) => e.width,
      'stroke-dasharray': (e: Edge) => (e.dashed ? '5 4' : null),
      'stroke-opacity': 0.8,
    });
    // Routing keys where the binding edges end (phones: a line above the queue instead).
    type Label = {
      key: string;
      x: number;
      y: number;
      w: number;
      h: number;
      text: string;
      isVertical: boolean;
    };
    const labels: Label[] = q.queues.flatMap((b) =>
      b.bindings.map((bind) => ({
        key: `${bind.exchange}/${b.name}/${bind.key}`,
        x: bind.x,
        y: bind.y,
        w: bind.w,
        h: bind.h,
        text: q.isVertical
          ? `⇣ ${bind.exchange}: ${bind.key === '' ? '(no key)' : bind.key}`
          : bind.key === ''
            ? '(no key)'
            : bind.key,
        isVertical: q.isVertical,
      })),
    );
    const label = keyed<Label, SVGGElement>(edges, 'g', 'binding', labels, (l) => l.key);
    label.each(function (l) {
      const g = select(this);
      if (!signatures.changed(this, JSON.stringify(l))) return;
      const text = truncate(l.text, l.w - 8, FONT);
      keyed<number, SVGRectElement>(g as never, 'rect', 'bg', l.isVertical ? [] : [0], () => 'bg').call(put, {
        x: l.x,
        y: l.y,
        width: Math.min(l.w, text.length * 7.4 + 10),
        height: l.h,
        rx: 4,
        fill: THEME.panel,
        stroke: THEME.border,
      });
      const t = keyed<number, SVGTextElement>(g as never, 'text', 't', [0], () => 't');
      put(t as never, {
        x: l.x + (l.isVertical ? 0 : 5),
        y: l.y + l.h - 4,
        'font-size': FONT,
        'font-family': l.isVertical ? null : 'var(--qs-mono)',
        fill: l.isVertical ? THEME.muted : THEME.fg,
      });
      setText(t as never, () => text);
    });
    // The dead-letter arrow's label: what sends a message there.
    type DlLabel = { key: string; x: number; y: number; w: number; text: string };
    const dl: DlLabel[] = q.queues.flatMap((b) => {
      if (!b.deadLetterFrom || !b.deadLetterLabel) return [];
      const source = rows.get(b.deadLetterFrom);
      const via = source?.deadLetterExchange ? ` via ${source.deadLetterExchange}` : '';
      const why = source ? deadLetterReasons(source, rows.get(b.name)) : { rule: '', short: '' };
      const rule = why.rule;
      const short = why.short;
      return [
        {
          key: b.name,
          x: b.deadLetterLabel.x,
          y: b.deadLetterLabel.y + b.deadLetterLabel.h - 3,
          w: b.deadLetterLabel.w,
          text: fitting(
            [
              `dead letters from ${b.deadLetterFrom}${via}: ${rule}`,
              `dead letters from ${b.deadLetterFrom}${via}: ${short}`,
              `from ${b.deadLetterFrom}${via}: ${short}`,
              `from ${b.deadLetterFrom}: ${short}`,
            ],
            b.deadLetterLabel.w,
            FONT,
          ),
        },
      ];
    });
    keyed<DlLabel, SVGTextElement>(edges, 'text', 'dl-label', dl, (l) => l.key).each(function (l) {
      put(select(this) as never, { x: l.x, y: l.y, 'font-size': FONT, fill: THEME.danger });
      setText(select(this) as never, () => l.text);
    });
  }

  function drawSources(model: FlowModel, q: QueueSectionLayout): void {
    const section = model.queueSection;
    if (!section) return;
    const producers = new Map(section.producers.map((p) => [p.producerId, p]));
    type P = QueueSectionLayout['producers'][number];
    keyed<P, SVGGElement>(sources, 'g', 'queue-producer', q.producers, (p) => p.producerId).each(
      function (b) {
        const p = producers.get(b.producerId);
        if (!p) return;
        const lines = [
          {
            text: fitting([`producer ${p.producerId}`, p.producerId], b.w - 16, 13, true),
            size: 13,
            weight: 700,
            color: THEME.fg,
          },
          { text: `${p.ratePerSec} msg/s → ${producerTarget(p)}`, size: FONT, weight: 400, color: THEME.fg },
          { text: `sent ${count(p.sent)}`, size: FONT, weight: 400, color: THEME.muted },
        ];
        drawBox(select(this) as never, b, lines, THEME.producer, ctx.isHeld());
        activate<FlowTarget>(
          select(this) as never,
          `Producer ${[p.producerId, ...lines.slice(1).map((l) => truncate(l.text, b.w - 16, l.size, false))].join(', ')}`,
          () => ({ kind: 'producer', producerId: b.producerId }),
          ctx.activation,
        );
      },
    );
    const exchanges = new Map(section.exchanges.map((e) => [e.name, e]));
    type E = QueueSectionLayout['exchanges'][number];
    keyed<E, SVGGElement>(sources, 'g', 'exchange', q.exchanges, (e) => e.name).each(function (b) {
      const e = exchanges.get(b.name);
      if (!e) return;
      const u = e.unroutable;
      const lost = u.dropped + u.returned + u.alternate;
      const lines = [
        { text: e.name, size: 13, weight: 700, color: THEME.fg },
        {
          text: fitting(
            [
              `${e.type} exchange · ${e.bindings.length} binding${e.bindings.length === 1 ? '' : 's'}`,
              `${e.type} exchange`,
            ],
            b.w - 16,
            FONT,
          ),
          size: FONT,
          weight: 400,
          color: THEME.muted,
        },
        {
          text:
            lost === 0
              ? 'unroutable 0'
              : `unroutable: ${[
                  u.dropped > 0 ? `${count(u.dropped)} dropped` : '',
                  u.returned > 0 ? `${count(u.returned)} returned` : '',
                  u.alternate > 0 ? `${count(u.alternate)} to ${e.alternateExchange ?? 'AE'}` : '',
                ]
                  .filter(Boolean)
                  .join(', ')}`,
          size: FONT,
          weight: 400,
          color: lost > 0 ? THEME.warn : THEME.muted,
        },
      ];
      drawBox(select(this) as never, b, lines, THEME.border, false);
      activate<FlowTarget>(
        select(this) as never,
        `Exchange ${lines.map((l) => truncate(l.text, b.w - 16, l.size, l.weight > 600)).join(', ')}`,
        () => ({ kind: 'exchange', exchange: b.name }),
        ctx.activation,
      );
    });
  }

  type Line = { text: string; size: number; weight: number; color: string };
  function drawBox(
    g: ReturnType<typeof select<SVGGElement, unknown>>,
    b: { x: number; y: number; w: number; h: number },
    lines: Line[],
    stroke: string,
    isHeld: boolean,
  ): void {
    const signature = JSON.stringify([b, lines, stroke]);
    if (isHeld || !signatures.changed(g.node(), signature)) return;
    keyed<number, SVGRectElement>(g as never, 'rect', 'frame', [0], () => 'f').call(put, {
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      rx: 8,
      fill: THEME.panel,
      stroke,
    });
    // Keyed by line number (a key read from `lines` would miss the old data: every line was
    // removed and made again whenever the box changed, every frame for "sent 1,234").
    const numbered = lines.map((l, i) => ({ ...l, k: String(i) }));
    keyed<Line & { k: string }, SVGTextElement>(g as never, 'text', 'line', numbered, (l) => l.k).each(
      function (l, i) {
        put(select(this) as never, {
          x: b.x + 8,
          y: b.y + 19 + i * 18,
          'font-size': l.size,
          'font-weight': l.weight,
          fill: l.color,
        });
        setText(select(this) as never, () => truncate(l.text, b.w - 16, l.size, l.weight > 600));
      },
    );
  }

  function drawQueue(
    g: G,
    model: FlowModel,
    b: QueueBoxLayout,
    row: QueueRowModel,
    isVertical: boolean,
  ): void {
    const q = row.queue;
    const { titles, countWordings } = queueHeader(row);
    const titleText = fitting(titles, b.w - 16, 13, true);
    const countsText = fitting(countWordings, b.w - 16, FONT);
    // The chips' countdown is named in the button's name even where the line has no room for it.
    const timeout = chipTimeoutLabel(row);
    const timeoutSaid =
      timeout && !countsText.includes(timeout)
        ? `, countdown on ${isSqs(q.type) ? 'in-flight' : 'unacked'} messages: ${timeout}`
        : '';
    // The frame and header are the queue's button; the messages drawn over it let clicks through.
    const frame = keyed<number, SVGGElement>(g, 'g', 'queue-frame', [0], () => 'frame');
    const isDlqFull = q.isDeadLetterQueue && q.visible > 0;
    const isSelected = isSamePick(model.selection, { kind: 'queue', queue: b.name });
    const frameSignature = JSON.stringify([
      b.x,
      b.y,
      b.w,
      b.h,
      titleText,
      countsText,
      timeoutSaid,
      isDlqFull,
      isSelected,
    ]);
    if (signatures.changed(frame.node(), frameSignature)) {
      activate<FlowTarget>(
        frame as never,
        `${q.isDeadLetterQueue ? 'Dead-letter queue' : q.isRetryQueue ? 'Retry queue' : 'Queue'} ${titleText}, ${countsText}${timeoutSaid}`,
        () => ({ kind: 'queue', queue: b.name }),
        ctx.activation,
      );
      keyed<number, SVGRectElement>(frame as never, 'rect', 'box', [0], () => 'b').call(put, {
        x: b.x,
        y: b.y,
        width: b.w,
        height: b.h,
        rx: 8,
        fill: THEME.panel,
        stroke: isDlqFull ? THEME.danger : q.isDeadLetterQueue ? THEME.border : THEME.fg,
        'stroke-width': isSelected ? 3 : isDlqFull ? 2 : 1,
        'stroke-dasharray': q.isDeadLetterQueue || q.isRetryQueue ? '6 3' : null,
      });
      const lines = [
        { k: 'title', text: titleText, y: 18, size: 13, weight: 700, color: THEME.fg },
        {
          k: 'counts',
          text: countsText,
          y: 36,
          size: FONT,
          weight: 400,
          color: isDlqFull ? THEME.danger : THEME.muted,
        },
      ];
      keyed<(typeof lines)[number], SVGTextElement>(frame as never, 'text', 'hdr', lines, (l) => l.k).each(
        function (l) {
          put(select(this) as never, {
            x: b.x + 8,
            y: b.y + l.y,
            'font-size': l.size,
            'font-weight': l.weight,
            fill: l.color,
          });
          setText(select(this) as never, () => l.text);
        },
      );
    }
    const body = keyed<number, SVGGElement>(g, 'g', 'queue-body', [0], () => 'body');
    put(body as never, { 'aria-hidden': 'true', 'pointer-events': 'none' });
    drawReady(body as never, b, row);
    drawChips(body as never, model, b, row);
    drawConsumers(g, model, b, row, isVertical);
  }

  function drawReady(body: G, b: QueueBoxLayout, row: QueueRowModel): void {
    const q = row.queue;
    const r = b.ready;
    const n = Math.min(r.cells, q.visible);
    const listed = row.ready.slice(0, n).map((m) => m.receiveCount);
    const signature = JSON.stringify([r, n, q.visible, listed]);
    if (ctx.isHeld() || !signatures.changed(body.node(), `ready:${signature}`)) return;
    const word = isSqs(q.type) ? 'visible' : 'ready';
    const labels = [
      { k: 'label', text: word, x: r.x, anchor: 'start', color: THEME.muted },
      {
        k: 'more',
        text: q.visible > n ? `+${formatCountShort(q.visible - n)}` : '',
        x: r.x + r.labelW + r.moreW - 6,
        anchor: 'end',
        color: THEME.fg,
      },
    ];
    keyed<(typeof labels)[number], SVGTextElement>(body, 'text', 'ready-label', labels, (l) => l.k).each(
      function (l) {
        put(select(this) as never, {
          x: l.x,
          y: r.y + r.h - 7,
          'font-size': FONT,
          fill: l.color,
          'text-anchor': l.anchor,
        });
        setText(select(this) as never, () => l.text);
      },
    );
    // Cell 0 is the head (the oldest, next out), at the right end next to the consumers.
    const cells = Array.from({ length: n }, (_, i) => ({ i, receiveCount: listed[i] ?? 0 }));
    const cell = keyed<(typeof cells)[number], SVGGElement>(body, 'g', 'cell', cells, (c) => String(c.i));
    cell.each(function (c) {
      const g = select(this);
      const x = r.x + r.w - (c.i + 1) * r.cellW;
      const isBack = c.receiveCount > 1;
      keyed<number, SVGRectElement>(g as never, 'rect', 'c', [0], () => 'c').call(put, {
        x: x + 1,
        y: r.y,
        width: r.cellW - 2,
        height: r.h,
        rx: 3,
        fill: isBack ? THEME.warn : THEME.cellFilled,
      });
      keyed<number, SVGTextElement>(g as never, 'text', 'n', isBack ? [0] : [], () => 'n')
        .call(put, {
          x: x + r.cellW / 2,
          y: r.y + r.h - 7,
          'font-size': FONT,
          'font-weight': 700,
          'text-anchor': 'middle',
          fill: THEME.onAccent,
        })
        .text(c.receiveCount > 9 ? '9+' : String(c.receiveCount));
    });
  }

  function drawChips(body: G, model: FlowModel, b: QueueBoxLayout, row: QueueRowModel): void {
    const c = b.chips;
    const chips = queueChips(row, c.columns * c.rows, model.nowMs);
    const groupOf = new Map(row.consumers.map((x) => [x.consumerId, x.groupId]));
    // Keyed by place, not by message: with more in flight than places, each delete or ack
    // shifts the list by one, and chips keyed by message all moved (and one was made anew).
    const placed = chips.map((x, i) => ({ ...x, place: x.kind === 'more' ? 'more' : `c${i}` }));
    const chip = keyed<ChipModel & { place: string }, SVGGElement>(body, 'g', 'chip', placed, (x) => x.place);
    chip.each(function (m, i) {
      const g = select(this);
      const x = c.x + (i % c.columns) * c.chipW;
      const y = c.y + Math.floor(i / c.columns) * (c.chipH + 4);
      const w = c.chipW - 6;
      const color = m.consumerId ? model.colorOf(groupOf.get(m.consumerId) ?? '') : THEME.muted;
      keyed<number, SVGRectElement>(
        g as never,
        'rect',
        'frame',
        m.kind === 'more' ? [] : [0],
        () => 'f',
      ).call(put, {
        x,
        y,
        width: w,
        height: c.chipH,
        rx: 4,
        fill: THEME.bg,
        stroke: m.kind === 'delayed' ? THEME.muted : color,
        'stroke-dasharray': m.kind === 'delayed' ? '3 2' : null,
      });
      // The shrinking bar: time left before the message is visible again (or available).
      keyed<number, SVGRectElement>(g as never, 'rect', 'bar', m.kind === 'more' ? [] : [0], () => 'b').call(
        put,
        {
          x: x + 1,
          y: y + c.chipH - 5,
          width: Math.max(0, (w - 2) * m.fraction).toFixed(1),
          height: 4,
          fill: m.kind === 'delayed' ? THEME.muted : m.fraction < 0.2 ? THEME.danger : color,
        },
      );
      const label = keyed<number, SVGTextElement>(g as never, 'text', 't', [0], () => 't');
      put(label as never, {
        x: x + 5,
        y: y + 13,
        'font-size': FONT,
        fill: m.kind === 'more' ? THEME.muted : THEME.fg,
      });
      setText(label as never, () => fitting([m.text, m.shortText], w - (m.receiveCount > 1 ? 34 : 8), FONT));
      keyed<number, SVGTextElement>(g as never, 'text', 'rc', m.receiveCount > 1 ? [0] : [], () => 'rc')
        .call(put, {
          x: x + w - 4,
          y: y + 13,
          'font-size': FONT,
          'font-weight': 700,
          'text-anchor': 'end',
          fill: THEME.warn,
        })
        .text(`×${m.receiveCount}`);
    });
  }

  function drawConsumers(
    g: G,
    model: FlowModel,
    b: QueueBoxLayout,
    row: QueueRowModel,
    isVertical: boolean,
  ): void {
    const byId = new Map(row.consumers.map((c) => [c.consumerId, c]));
    type C = QueueBoxLayout['consumers'][number];
    const node = keyed<C, SVGGElement>(g, 'g', 'queue-consumer', b.consumers, (c) => c.consumerId);
    node.each(function (cl) {
      const c = byId.get(cl.consumerId);
      if (!c) return;
      const n = select(this);
      const color = model.colorOf(c.groupId);
      const { name, names, window } = consumerLines(row, c);
      const isDown =
        c.state === 'Crashed' || c.state === 'Left' || c.state === 'Paused' || c.state === 'Stopped';
      const isSelected = isSamePick(model.selection, {
        kind: 'queue-consumer',
        queue: row.name,
        consumerId: c.consumerId,
      });
      const signature = JSON.stringify([cl, name, window, isDown, color, isSelected]);
      if (ctx.isHeld() || !signatures.changed(this, signature)) return;
      const nameW = cl.isCompact ? cl.w * 0.55 : cl.w - 16;
      const nameText = fitting(names, nameW, FONT, true);
      // The name in full (never the shortened one), in words for the glyph; also the tooltip.
      const said = `${name.replace(/^[○◔●◌✕‖⎋] /, '')}${c.state && BUSY.has(c.state) ? `, ${c.state}` : ''}, ${window}`;
      activate<FlowTarget>(
        n as never,
        `Queue consumer ${said}`,
        () => ({ kind: 'queue-consumer', queue: row.name, consumerId: c.consumerId }),
        ctx.activation,
      );
      setTooltip(this, said);
      keyed<number, SVGRectElement>(n as never, 'rect', 'node', [0], () => 'n').call(put, {
        x: cl.x,
        y: cl.y,
        width: cl.w,
        height: cl.h,
        rx: 6,
        fill: THEME.panel,
        stroke: isDown ? THEME.danger : color,
        'stroke-width': isSelected ? 3 : 1.5,
        'stroke-dasharray': isDown ? '4 3' : null,
      });
      const texts = [
        { k: 'name', text: nameText, x: cl.x + 8, y: cl.y + 16, anchor: 'start', weight: 700, color },
        {
          k: 'window',
          text: window,
          x: cl.x + cl.w - 8,
          y: cl.isCompact ? cl.y + 16 : cl.y + cl.h - 8,
          anchor: 'end',
          weight: 400,
          color: THEME.muted,
        },
      ];
      keyed<(typeof texts)[number], SVGTextElement>(n as never, 'text', 'l', texts, (t) => t.k).each(
        function (t) {
          put(select(this) as never, {
            x: t.x,
            y: t.y,
            'font-size': FONT,
            'font-weight': t.weight,
            fill: t.color,
            'text-anchor': t.anchor,
          });
          setText(select(this) as never, () => t.text);
        },
      );
      // The prefetch window: one slot per message it may hold, filled while held. Past
      // MAX_SLOTS (or the room), one bar in proportion.
      const slotsX = cl.x + 8;
      const slotsW = cl.w - 16 - (textWidth(window, FONT) + 10);
      const slotY = cl.isCompact ? cl.y + cl.h - 6 : cl.y + cl.h - 18;
      const slotH = cl.isCompact ? 3 : 10;
      const perSlot = slotsW / Math.max(1, c.prefetch);
      const isSlots = c.prefetch <= MAX_SLOTS && perSlot >= 6 && !cl.isCompact;
      const slots = isSlots
        ? Array.from({ length: c.prefetch }, (_, i) => ({
            k: `s${i}`,
            x: slotsX + i * perSlot,
            w: perSlot - 2,
            isFull: i < c.inFlight,
          }))
        : [
            { k: 'track', x: slotsX, w: cl.isCompact ? cl.w - 16 : slotsW, isFull: false },
            {
              k: 'fill',
              x: slotsX,
              w:
                ((cl.isCompact ? cl.w - 16 : slotsW) * Math.min(c.inFlight, c.prefetch)) /
                Math.max(1, c.prefetch),
              isFull: true,
            },
          ];
      keyed<(typeof slots)[number], SVGRectElement>(n as never, 'rect', 'slot', slots, (s) => s.k).call(
        put as never,
        {
          x: (s: (typeof slots)[number]) => s.x.toFixed(1),
          y: slotY,
          width: (s: (typeof slots)[number]) => Math.max(0, s.w).toFixed(1),
          height: slotH,
          rx: 2,
          fill: (s: (typeof slots)[number]) => (s.isFull ? color : THEME.cell),
          stroke: (s: (typeof slots)[number]) => (s.isFull || !isSlots ? 'none' : THEME.border),
        },
      );
    });
    type More = { k: string; box: NonNullable<QueueBoxLayout['more']>; text: string };
    const more: More[] = b.more
      ? [
          {
            k: 'more',
            box: b.more,
            text: `+${count(b.hiddenConsumers)} more consumer${b.hiddenConsumers === 1 ? '' : 's'}`,
          },
        ]
      : [];
    keyed<More, SVGTextElement>(g, 'text', 'more-consumers', more, (m) => m.k).each(function (m) {
      put(select(this) as never, {
        x: m.box.x + (isVertical ? 0 : 8),
        y: m.box.y + m.box.h - 4,
        'font-size': FONT,
        fill: THEME.muted,
      });
      setText(select(this) as never, () => m.text);
    });
  }

  function drawLegend(q: QueueSectionLayout): void {
    const box = q.legend;
    if (!signatures.changed(legend.node(), JSON.stringify(box))) return;
    legend.selectAll('*').remove();
    if (!box) return;
    // The same wrapping as the layout's, which made room for every line.
    const places = queueLegendPlaces(box.w);
    for (const [i, e] of QUEUE_LEGEND.entries()) {
      const x = box.x + places[i].dx;
      const y = box.y + 14 + places[i].line * 20;
      const mark = legend
        .append('rect')
        .attr('x', x)
        .attr('y', y - 10)
        .attr('width', 12)
        .attr('height', 12)
        .attr('rx', 2);
      if (e.mark === 'cell') mark.attr('fill', THEME.cellFilled);
      else if (e.mark === 'back') mark.attr('fill', THEME.warn);
      else if (e.mark === 'bar')
        mark
          .attr('y', y - 4)
          .attr('height', 4)
          .attr('fill', THEME.fg);
      else if (e.mark === 'dashed')
        mark.attr('fill', 'none').attr('stroke', THEME.muted).attr('stroke-dasharray', '3 2');
      else
        mark
          .attr('y', y - 4)
          .attr('height', 2)
          .attr('fill', THEME.danger);
      legend
        .append('text')
        .attr('x', x + 18)
        .attr('y', y)
        .attr('font-size', FONT)
        .attr('fill', THEME.muted)
        .text(e.text);
    }
  }

  return { update, destroy: () => root.remove() };
}
