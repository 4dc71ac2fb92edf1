// @vitest-environment jsdom
// The queue layer drawn from fixture frames: countdowns that follow simulated time, receive
// counts on messages that came back, the prefetch window, the dead-letter arrow, exact
// counts where the dense case aggregates, and buttons whose names contain what they show.

import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../../engine';
import { Session } from '../../store/session';
import { createFlowDiagram, type FlowTarget } from '../flowDiagram';
import { buildFlowModel } from '../flowModel';
import { queueFixtureFrame } from '../queueFixture';
import { buildQueueSection } from '../queueModel';
import { deadLetterReasons, formatRemaining, formatWindow, queueChips, queueHeader } from './queues';
import { loadQueuesLayer } from './queuesSlot';

// The queue layer is its own chunk in the page; here it loads before any diagram is drawn.
await loadQueuesLayer();

const svgs: SVGSVGElement[] = [];
function mount(opened: FlowTarget[] = []) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  svgs.push(svg);
  const view = createFlowDiagram(svg, {
    onSelect: () => {},
    onContextAction: (target) => opened.push(target),
  });
  return { svg, view };
}
afterEach(() => {
  for (const s of svgs.splice(0)) s.remove();
});

const opts = { width: 1440, height: 900, selection: null } as const;
const texts = (root: Element) =>
  [...root.querySelectorAll('text')].map((t) => t.textContent ?? '').filter((t) => t !== '');

describe('queue layer', () => {
  it('draws a queue per row, keyed by name, with its counts under their real names', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('all'), opts);
    const queues = [...svg.querySelectorAll('g.queue')].map((g) => g.getAttribute('data-key'));
    expect(queues).toEqual(['jobs', 'jobs-dlq', 'eu-orders', 'orders-dead', 'us-orders', 'audit']);
    const orders = svg.querySelector('g.queue[data-key="jobs"]') as Element;
    expect(texts(orders)).toContain('visible 46 · in flight 7 · delayed 2 · VisibilityTimeout 30 s');
    const eu = svg.querySelector('g.queue[data-key="eu-orders"]') as Element;
    expect(texts(eu)).toContain('ready 18 · unacked 12 · consumer_timeout 1 min');
    // A DLQ nobody reads has no countdown to name.
    expect(texts(svg.querySelector('g.queue[data-key="orders-dead"]') as Element)).toContain(
      'ready 5 · unacked 0',
    );
    expect(texts(eu)[0]).toBe('eu-orders · RabbitMQ quorum');
  });

  it('shrinks an in-flight message’s visibility bar and countdown as simulated time passes', () => {
    const { svg, view } = mount();
    const frame = queueFixtureFrame('sqs', 60_000);
    view.update(frame, opts);
    const chip = () => svg.querySelector('g.queue[data-key="jobs"] g.chip') as Element;
    const key = chip().getAttribute('data-key');
    const width0 = Number(chip().querySelector('rect.bar')?.getAttribute('width'));
    const text0 = chip().querySelector('text.t')?.textContent;
    // Same snapshot, 2 s later: the same message, 2 s less to go.
    view.update({ ...frame, nowMs: 62_000 }, opts);
    expect(chip().getAttribute('data-key')).toBe(key);
    const width1 = Number(chip().querySelector('rect.bar')?.getAttribute('width'));
    expect(width1).toBeLessThan(width0);
    expect(chip().querySelector('text.t')?.textContent).not.toBe(text0);
    // Back again (seeking): exactly as before.
    view.update(frame, opts);
    expect(Number(chip().querySelector('rect.bar')?.getAttribute('width'))).toBe(width0);
  });

  it('keeps a producer box’s lines when only its figures change (no element made again)', () => {
    const { svg, view } = mount();
    const frame = queueFixtureFrame('all');
    view.update(frame, opts);
    const lines = () => [...svg.querySelectorAll('g.queue-producer text.line')];
    const before = lines();
    expect(before.length).toBeGreaterThan(0);
    const more = {
      ...frame,
      snapshot: {
        ...frame.snapshot,
        producers: frame.snapshot.producers.map((p) => ({ ...p, sent: p.sent + 1234 })),
      },
    };
    view.update(more, opts);
    expect(lines()).toEqual(before);
    expect(texts(svg).some((t) => /^sent \d{1,3}(,\d{3})+$/.test(t))).toBe(true);
  });

  it('puts the receive count on a ready message that came back and on an in-flight one', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('sqs'), opts);
    const orders = svg.querySelector('g.queue[data-key="jobs"]') as Element;
    const counts = [...orders.querySelectorAll('g.cell text.n')].map((t) => t.textContent);
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) expect(Number(c)).toBeGreaterThan(1);
    const badges = [...orders.querySelectorAll('g.chip text.rc')].map((t) => t.textContent);
    expect(badges).toContain('×2');
  });

  it('shows delayed messages dashed, with the time until they become available', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('sqs', 60_000), opts);
    const delayed = [...svg.querySelectorAll('g.queue[data-key="jobs"] g.chip')].filter(
      (g) => g.querySelector('rect.frame')?.getAttribute('stroke-dasharray') === '3 2',
    );
    expect(delayed).toHaveLength(2);
    expect(delayed[0].querySelector('text.t')?.textContent).toMatch(/in 1\.5 s$/);
  });

  it('fills one prefetch slot per message a consumer holds', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('rabbit'), opts);
    const eu1 = svg.querySelector('g.queue-consumer[data-key="eu-1"]') as Element;
    const slots = [...eu1.querySelectorAll('rect.slot')];
    expect(slots).toHaveLength(10);
    const filled = slots.filter((s) => s.getAttribute('fill') !== 'var(--qs-cell)');
    expect(filled).toHaveLength(6);
    expect(texts(eu1)).toContain('6/10 prefetch');
  });

  it('draws the dead-letter arrow from the source and says what sends messages there', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('all'), opts);
    expect(svg.querySelector('path.edge[data-key="dl/jobs-dlq"]')).not.toBeNull();
    const labels = [...svg.querySelectorAll('text.dl-label')].map((t) => t.textContent);
    expect(labels).toContain('dead letters from jobs: after maxReceiveCount 3');
    // RabbitMQ: the x-death reasons that happened (the fixture's DLQ holds rejected and
    // delivery_limit entries for eu-orders), never a bare setting without its cause.
    const eu = labels.find((l) => l?.includes('from eu-orders'));
    expect(eu).toMatch(/^(dead letters )?from eu-orders( via dlx)?: rejected/);
    expect(eu).toContain('delivery_limit');
    expect(eu).not.toContain('expired');
    // Routing keys on the binding edges.
    const keys = [...svg.querySelectorAll('g.binding text')].map((t) => t.textContent);
    expect(keys).toEqual(expect.arrayContaining(['order.eu.*', 'order.us.*', '#', '(no key)']));
  });

  it('keeps 5,000 messages in flight to a bounded drawing, with the exact numbers in text', () => {
    const { svg, view } = mount();
    const frame = queueFixtureFrame('dense');
    view.update(frame, { ...opts, width: 1280, height: 800 });
    const bulk = svg.querySelector('g.queue[data-key="bulk"]') as Element;
    expect(texts(bulk)).toContain('ready 12,000 · unacked 5,000 · consumer_timeout 1 min');
    const chips = [...bulk.querySelectorAll('g.chip')];
    const more = chips.at(-1)?.querySelector('text.t')?.textContent ?? '';
    const shown = chips.length - 1;
    expect(more).toBe(`+${(5000 - shown).toLocaleString('en-US')} more`);
    expect(texts(bulk)).toContain(
      `+${(12_000 - bulk.querySelectorAll('g.cell').length).toLocaleString('en-US')}`,
    );
    const drawn = bulk.querySelectorAll('g.queue-consumer').length;
    expect(drawn).toBeGreaterThan(0);
    expect(svg.querySelector('text.more-consumers')?.textContent).toBe(`+${50 - drawn} more consumers`);
    // The element count does not grow with the messages: a frame stays cheap.
    expect(svg.querySelectorAll('g.queues *').length).toBeLessThan(1500);
    const start = performance.now();
    for (let i = 1; i <= 60; i++)
      view.update({ ...frame, nowMs: frame.nowMs + i * 16 }, { ...opts, isLive: true });
    const perFrameMs = (performance.now() - start) / 60;
    console.log(`dense queue, 5,000 in flight: ${perFrameMs.toFixed(2)} ms per update in jsdom`);
  });

  it('names every queue button with the text it shows, and opens the menu of what was hit', () => {
    const opened: FlowTarget[] = [];
    const { svg, view } = mount(opened);
    const frame = queueFixtureFrame('all');
    // Consumers in the machine's states, drawn with a glyph.
    const states = ['Receiving', 'Processing', 'Crashed'];
    frame.snapshot
      .queues!.flatMap((q) => q.consumers)
      .forEach((c, i) => {
        c.state = states[i % states.length];
      });
    view.update(frame, opts);
    const buttons = [...svg.querySelectorAll<SVGGElement>('g.queues [data-target]')];
    expect(buttons.length).toBeGreaterThan(10);
    // The name holds the words it shows (case aside, as WCAG 2.5.3 allows); a consumer's state
    // glyph is said in words instead, and no word is doubled ("Producer producer …").
    const glyph = /^[○◔●◌✕‖⎋] /;
    for (const b of buttons) {
      const label = b.getAttribute('aria-label') ?? '';
      for (const t of texts(b))
        expect(label.toLowerCase(), `${label} shows "${t}"`).toContain(t.replace(glyph, '').toLowerCase());
      expect(label).not.toMatch(/[○◔●◌✕‖⎋]/);
      expect(label.toLowerCase()).not.toMatch(/\b(\w+) \1\b/);
    }
    const withGlyph = buttons.filter((b) => b.matches('g.queue-consumer') && glyph.test(texts(b)[0] ?? ''));
    expect(withGlyph.length).toBeGreaterThan(0);
    for (const b of withGlyph)
      expect(b.getAttribute('aria-label')).toMatch(
        /(Receiving|Processing|Stopped|Backoff|Crashed|Paused|Left)/,
      );
    (svg.querySelector('g.queue[data-key="jobs-dlq"] g.queue-frame') as SVGGElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    (svg.querySelector('g.queue-consumer[data-key="worker-2"]') as SVGGElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    (svg.querySelector('g.exchange[data-key="orders-x"]') as SVGGElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    expect(opened).toEqual([
      { kind: 'queue', queue: 'jobs-dlq' },
      { kind: 'queue-consumer', queue: 'jobs', consumerId: 'worker-2' },
      { kind: 'exchange', exchange: 'orders-x' },
    ]);
  });

  it('selects a queue consumer on click and outlines it', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    document.body.append(svg);
    svgs.push(svg);
    const picked: unknown[] = [];
    const view = createFlowDiagram(svg, { onSelect: (p) => picked.push(p) });
    const frame = queueFixtureFrame('rabbit');
    view.update(frame, opts);
    const node = () => svg.querySelector('g.queue-consumer[data-key="us-1"] rect.node') as Element;
    (svg.querySelector('g.queue-consumer[data-key="us-1"]') as SVGGElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    expect(picked).toEqual([{ kind: 'queue-consumer', queue: 'us-orders', consumerId: 'us-1' }]);
    expect(node().getAttribute('stroke-width')).toBe('1.5');
    view.update(frame, {
      ...opts,
      selection: { kind: 'queue-consumer', queue: 'us-orders', consumerId: 'us-1' },
    });
    expect(node().getAttribute('stroke-width')).toBe('3');
  });

  it('draws no queue text under 12 px, on a phone either', () => {
    for (const isVertical of [false, true]) {
      const { svg, view } = mount();
      view.update(queueFixtureFrame('all'), { ...opts, width: isVertical ? 390 : 1440, isVertical });
      const sizes = [...svg.querySelectorAll('g.queues text')]
        .filter((t) => (t.textContent ?? '') !== '')
        .map((t) => Number(t.getAttribute('font-size') ?? 0));
      expect(sizes.length).toBeGreaterThan(30);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    }
  });

  it('leaves the stream half as it was: no queue layer without queues, no stream key without a log', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('sqs'), opts);
    expect(svg.querySelectorAll('g.legend g.entry')).toHaveLength(0);
    expect(svg.querySelectorAll('g.producers g.producer')).toHaveLength(0);
    const model = buildFlowModel(queueFixtureFrame('sqs'), { selection: null });
    expect(model.producers).toHaveLength(0);
    expect(model.queueSection?.producers.map((p) => p.producerId)).toEqual(['web']);
  });

  it('keeps a Kafka topic’s producer and groups with the stream, even when a queue has the same name', () => {
    const s = new Session('default', 1);
    s.advanceTo(8000);
    const stream = s.frame();
    const model = buildFlowModel(queueFixtureFrame('sqs', 8000, stream), { selection: null });
    expect(model.queueSection?.rows.map((r) => r.name)).toEqual(['jobs', 'jobs-dlq']);
    expect(model.producers.map((p) => p.producerId)).toEqual(
      stream.snapshot.producers.map((p) => p.producerId),
    );
    expect(model.queueSection?.producers.map((p) => p.producerId)).toEqual(['web']);
    expect(model.lanes.map((l) => l.group.groupId)).toEqual(stream.snapshot.groups.map((g) => g.groupId));
    // A queue named like the topic: the topic's producer and groups stay with the stream.
    const clash = queueFixtureFrame('sqs', 8000, stream);
    const topic = stream.snapshot.topics[0].name;
    clash.snapshot = {
      ...clash.snapshot,
      queues: clash.snapshot.queues?.map((q) => (q.name === 'jobs' ? { ...q, name: topic } : q)),
    };
    const m2 = buildFlowModel(clash, { selection: null });
    expect(m2.queueSection?.rows.map((r) => r.name)).toContain(topic);
    expect(m2.producers.map((p) => p.producerId)).toEqual(
      expect.arrayContaining(stream.snapshot.producers.map((p) => p.producerId)),
    );
    expect(m2.queueSection?.producers).toEqual([]);
    expect(m2.lanes.map((l) => l.group.groupId)).toEqual(stream.snapshot.groups.map((g) => g.groupId));
  });
});

describe('queue chips', () => {
  it('count the messages past the places from the exact totals', () => {
    const model = buildFlowModel(queueFixtureFrame('dense'), { selection: null });
    const row = model.queueSection?.rows[0];
    if (!row) throw new Error('no row');
    const chips = queueChips(row, 8, 60_000);
    expect(chips).toHaveLength(8);
    expect(chips[7]).toMatchObject({ kind: 'more', text: '+4,993 more' });
    // Soonest timeout first.
    const left = chips.slice(0, 7).map((c) => c.fraction);
    expect([...left].sort((a, b) => a - b)).toEqual(left);
  });

  it('names what the chips count down to, in the queue button’s name where the line has no room', () => {
    const { svg, view } = mount();
    view.update(queueFixtureFrame('all'), { ...opts, width: 390 });
    const label = (q: string) =>
      svg.querySelector(`g.queue[data-key="${q}"] g.queue-frame`)?.getAttribute('aria-label') ?? '';
    expect(label('audit')).toMatch(/, countdown on unacked messages: consumer_timeout 30 min$/);
    expect(label('jobs')).toMatch(/, countdown on in-flight messages: VisibilityTimeout 30 s$/);
    expect(label('orders-dead')).not.toMatch(/countdown/);
  });

  it('states a setting’s length as people write it', () => {
    expect(formatWindow(1_800_000)).toBe('30 min');
    expect(formatWindow(10_000)).toBe('10 s');
    expect(formatWindow(90_000)).toBe('1 min 30 s');
  });

  it('formats a countdown people read at a glance', () => {
    expect(formatRemaining(4230)).toBe('4.2 s');
    expect(formatRemaining(42_900)).toBe('42 s');
    expect(formatRemaining(1_781_000)).toBe('29 min 41 s');
    expect(formatRemaining(-5)).toBe('0.0 s');
  });

  it('counts the consumers not drawn in one line, singular for one', () => {
    const frame = queueFixtureFrame('dense');
    const bulk = frame.snapshot.queues?.find((q) => q.name === 'bulk');
    if (!bulk) throw new Error('the dense fixture has a queue "bulk"');
    const { svg, view } = mount();
    for (const [consumers, expected] of [
      [13, '+1 more consumer'],
      [14, '+2 more consumers'],
      [12, null],
    ] as const) {
      const trimmed = {
        ...frame,
        snapshot: {
          ...frame.snapshot,
          queues: frame.snapshot.queues?.map((q) =>
            q === bulk ? { ...q, consumers: q.consumers.slice(0, consumers) } : q,
          ),
        },
      };
      view.update(trimmed, { ...opts, width: 1280, height: 800 });
      expect(svg.querySelector('text.more-consumers')?.textContent ?? null, `${consumers}`).toBe(expected);
    }
  });
});

describe('dead-letter roles and reasons from the presets', () => {
  const section = (preset: string, atMs: number) => {
    const sim = createSimulation(preset, { seed: 1 });
    sim.advance(atMs);
    const model = buildQueueSection(sim.snapshot());
    if (!model) throw new Error(`${preset}: no queues`);
    return new Map(model.rows.map((r) => [r.name, r]));
  };

  it('rabbitmq-dlx-retry: orders is the work queue, orders-retry the retry queue; the cause is a reject', () => {
    const rows = section('rabbitmq-dlx-retry', 20_000);
    const orders = rows.get('orders')!;
    const retry = rows.get('orders-retry')!;
    expect(orders.queue.isDeadLetterQueue).toBe(false);
    expect(orders.queue.isRetryQueue).toBe(false);
    expect(retry.queue.isDeadLetterQueue).toBe(false);
    expect(retry.queue.isRetryQueue).toBe(true);
    expect(queueHeader(orders).title).not.toContain('dead-letter queue');
    // The return path in words: its DLX and the queue that exchange binds.
    expect(queueHeader(retry).title).toBe(
      'orders-retry · RabbitMQ classic · retry queue, back to orders via orders-x',
    );
    // What actually happened (x-death on the messages in orders-retry): a reject with requeue=false.
    const why = deadLetterReasons(orders, retry);
    expect(why.reasons).toEqual(['rejected']);
    expect(why.rule).toBe('rejected (nack/reject, requeue=false)');
    expect(why.short).toBe('rejected');
  });

  it('rabbitmq-dlx-retry before any dead letter: the reasons its settings allow', () => {
    const rows = section('rabbitmq-dlx-retry', 1_000);
    const why = deadLetterReasons(rows.get('orders')!, rows.get('orders-retry')!);
    // A quorum queue with x-delivery-limit (20 by default) and no TTL or length limit.
    expect(why.reasons).toEqual(['rejected', 'delivery_limit']);
    expect(why.rule).toContain('x-delivery-limit 20');
    expect(why.rule).not.toContain('expired');
  });

  it('rabbitmq-max-length: orders-reject-dlx dead-letters on maxlen (reject-publish-dlx), not rejected/expired', () => {
    const rows = section('rabbitmq-max-length', 16_000);
    const source = rows.get('orders-reject-dlx')!;
    const dlq = rows.get('orders-overflow')!;
    expect(dlq.queue.isDeadLetterQueue).toBe(true);
    const why = deadLetterReasons(source, dlq);
    expect(why.reasons).toEqual(['maxlen']);
    expect(why.rule).toMatch(/^maxlen \(x-max-length \d+, reject-publish-dlx\)$/);
    expect(why.short).toBe('maxlen');
  });

  it('sqs-redrive: orders-dlq is a dead-letter queue, named by maxReceiveCount', () => {
    const rows = section('sqs-redrive', 25_000);
    expect(rows.get('orders-dlq')!.queue.isDeadLetterQueue).toBe(true);
    expect(rows.get('orders')!.queue.isDeadLetterQueue).toBe(false);
    expect(deadLetterReasons(rows.get('orders')!, rows.get('orders-dlq')).short).toBe('maxReceiveCount 3');
  });
});
