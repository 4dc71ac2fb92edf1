import { describe, expect, it } from 'vitest';
import { fits, textWidth, truncate } from './textWidth';

describe('text width estimate', () => {
  it('counts bold wider than regular and wide glyphs wider than narrow ones', () => {
    expect(textWidth('applied', 12, true)).toBeGreaterThan(textWidth('applied', 12));
    expect(textWidth('MMMM', 12)).toBeGreaterThan(textWidth('iiii', 12));
  });

  it('keeps text that fits and cuts the rest to the longest prefix that fits with "…"', () => {
    expect(truncate('lag 3', 100, 12)).toBe('lag 3');
    const cut = truncate('processing orders-10@1933', 90, 12, true);
    expect(cut.endsWith('…')).toBe(true);
    expect(fits(cut, 90, 12, true)).toBe(true);
    const longer = `${cut.slice(0, -1)}${'processing orders-10@1933'[cut.length - 1]}…`;
    expect(fits(longer, 90, 12, true)).toBe(false);
  });
});
