import { describe, expect, it } from 'vitest';
import { scrollDelta } from './revealHighlight';

describe('scrolling a highlighted part into view', () => {
  const visible = { top: 60, bottom: 480 }; // below a sticky toolbar, above the lesson sheet

  it('leaves a part that is already in view alone', () => {
    expect(scrollDelta({ top: 100, bottom: 150 }, visible)).toBe(0);
  });

  it('centres a part below the sheet or above the toolbar between the two', () => {
    // h-1 at y = 1596 on the page: scroll so it sits in the middle of the free band.
    const d = scrollDelta({ top: 1596, bottom: 1636 }, visible);
    expect(1596 - d).toBe(60 + (420 - 40) / 2);
    const up = scrollDelta({ top: -300, bottom: -260 }, visible);
    expect(up).toBeLessThan(0);
    expect(-300 - up).toBe(60 + (420 - 40) / 2);
  });

  it('puts a part taller than the band at its top, under the toolbar', () => {
    expect(scrollDelta({ top: 900, bottom: 1500 }, visible)).toBe(900 - 72);
  });
});
