// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { Session } from '../../store/session';
import { createFlowDiagram } from '../flowDiagram';
import { loadQueuesLayer } from './queuesSlot';

// The queue layer is its own chunk in the page; here it loads before any diagram is drawn.
await loadQueuesLayer();

const options = { width: 1280, height: 720, selection: null };

function mount() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg, overlay);
  return { svg, view: createFlowDiagram(svg, { onSelect: () => {} }, overlay) };
}

/** The offset a cell shows now (cells are keyed by their place; D3 keeps the datum on the element). */
const offsetOf = (cell: Element) => (cell as unknown as { __data__: { offset: number } }).__data__.offset;

/** Offsets the strip draws as cells (its window ends at the log end). */
const drawn = (strip: Element) => new Set([...strip.querySelectorAll('rect.cell')].map(offsetOf));

const cellsFilled = (strip: Element, fill: string) =>
  [...strip.querySelectorAll('rect.cell')].filter((c) => c.getAttribute('fill') === fill);

describe('transactions on the partition strips', () => {
  it('while p-1 is down mid-transaction the strip shows the LSO and the open records; after the abort, struck aborted records and markers', () => {
    const { svg, view } = mount();
    const s = new Session('transactions-eos', 1);
    s.advanceTo(10_000);
    let frame = s.frame();
    view.update(frame, options);
    const open = frame.snapshot.partitions.find((p) => (p.openTransactions ?? []).length > 0)!;
    expect(open.topic).toBe('payments-out');
    const strip = svg.querySelector(`g.strip[data-key="payments-out/${open.partition}"]`)!;
    expect(strip.querySelectorAll('line.lso')).toHaveLength(1);
    const openCells = cellsFilled(strip, 'var(--qs-warn)');
    expect(openCells.map(offsetOf)).toEqual(
      frame.snapshot.partitions[frame.snapshot.partitions.indexOf(open)]
        .txnMarks!.filter((m) => m.kind === 'open' && drawn(strip).has(m.offset))
        .map((m) => m.offset),
    );
    expect(openCells.every((c) => c.getAttribute('stroke-dasharray') === '3 2')).toBe(true);
    expect(strip.getAttribute('aria-label')).toContain(`last stable offset ${open.lastStableOffset}`);
    const legend = [...svg.querySelectorAll('g.legend g.entry')].map((e) => e.getAttribute('data-key'));
    expect(legend).toEqual(expect.arrayContaining(['lso', 'open', 'aborted', 'marker']));

    s.advanceTo(12_000);
    frame = s.frame();
    view.update(frame, options);
    const after = frame.snapshot.partitions.find(
      (p) => p.topic === open.topic && p.partition === open.partition,
    )!;
    expect(strip.querySelectorAll('line.lso')).toHaveLength(0);
    expect(cellsFilled(strip, 'var(--qs-warn)')).toHaveLength(0);
    const aborted = after
      .txnMarks!.filter((m) => m.kind === 'aborted' && drawn(strip).has(m.offset))
      .map((m) => String(m.offset));
    expect(aborted.length).toBeGreaterThan(0);
    expect([...strip.querySelectorAll('line.aborted')].map((l) => l.getAttribute('data-key'))).toEqual(
      aborted,
    );
    const abortMarker = after.txnMarks!.find((m) => m.kind === 'abort-marker' && drawn(strip).has(m.offset))!;
    const markerCell = [...strip.querySelectorAll('rect.cell')].find(
      (c) => offsetOf(c) === abortMarker.offset,
    )!;
    expect(markerCell.getAttribute('fill')).toBe('none');
    expect(markerCell.getAttribute('stroke')).toBe('var(--qs-danger)');
  });

  it('a scenario without transactions draws no LSO and no transaction legend', () => {
    const { svg, view } = mount();
    const s = new Session('default', 1);
    s.advanceTo(8000);
    view.update(s.frame(), options);
    expect(svg.querySelectorAll('line.lso, line.aborted')).toHaveLength(0);
    const legend = [...svg.querySelectorAll('g.legend g.entry')].map((e) => e.getAttribute('data-key'));
    expect(legend).not.toContain('lso');
  });
});
