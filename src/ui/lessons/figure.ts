// A reveal's figure as the panel shows it: the number, then the lesson's unit, its noun in
// the singular when the figure is exactly one ("1 redelivery", "1 job applied twice").

const formatNumber = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** Words ending in "s" that are not plural nouns (units, short words). */
const NOT_PLURAL = new Set(['ms', 's', 'is', 'this', 'was', 'has', 'less', 'as']);

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** The unit with its first plural noun in the singular when `value` is ±1; else as written. */
export function unitFor(value: number, unit: string): string {
  if (Math.abs(value) !== 1) return unit;
  const words = unit.split(' ');
  // "of all events", "% charged twice", "× busiest / quietest": a share, not a count.
  if (/^(of|%|×)/.test(unit)) return unit;
  const i = words.findIndex((w) => /^[a-z-]+s$/.test(w) && !NOT_PLURAL.has(w));
  if (i < 0) return unit;
  words[i] = singular(words[i]);
  return words.join(' ');
}

/** "1 redelivery", "4 redeliveries", "320 ms", "0.5". */
export function figureText(value: number, unit: string | null): string {
  return `${formatNumber(value)}${unit ? ` ${unitFor(value, unit)}` : ''}`;
}
