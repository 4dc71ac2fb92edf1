// Number formatting the diagrams draw with (the UI's panels share it through ui/format).

/** Exact below `exactBelow`, then 12.3k / 1.23M. */
export function formatCountShort(n: number, exactBelow = 100_000): string {
  const x = Math.round(n);
  if (Math.abs(x) < exactBelow) return x.toLocaleString('en-US');
  if (Math.abs(x) < 1_000_000) return `${(x / 1000).toFixed(1)}k`;
  return `${(x / 1_000_000).toFixed(2)}M`;
}
