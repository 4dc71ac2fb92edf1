// @vitest-environment jsdom
import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import { setText } from './d3put';

describe('setText', () => {
  it('edits the one text node in place, and fills an empty element', () => {
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.innerHTML = '<text>lag 1</text><text></text>';
    const [first, empty] = [...g.querySelectorAll('text')];
    const node = first.firstChild;
    setText(select(g).selectAll<SVGTextElement, string>('text').data(['lag 2', 'p-1']), (d) => d);
    expect(first.textContent).toBe('lag 2');
    expect(first.firstChild).toBe(node);
    expect(empty.textContent).toBe('p-1');
  });

  it('replaces mixed content (a <tspan> and text) with the text alone', () => {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    t.innerHTML = '<tspan>a</tspan>b';
    setText(select(t).datum('c') as never, () => 'c');
    expect(t.innerHTML).toBe('c');
  });
});
