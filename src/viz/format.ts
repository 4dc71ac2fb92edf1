// Number formatting the diagrams draw with (the UI's panels share it through ui/format).

/**
 * An integer with thousands separators, exactly as `toLocaleString('en-US')` writes it
 * ("12,345", "-1,000"), without its cost: Intl formatting is slow enough to show in a frame
 * that formats a few dozen figures. Non-integers go to toLocaleString.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  if (digits.length <= 3) return n < 0 ? `-${digits}` : digits;
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** Exact below `exactBelow`, then 12.3k / 1.23M. */
export function formatCountShort(n: number, exactBelow = 100_000): string {
  const x = Math.round(n);
  if (Math.abs(x) < exactBelow) return groupDigits(x);
  if (Math.abs(x) < 1_000_000) return `${(x / 1000).toFixed(1)}k`;
  return `${(x / 1_000_000).toFixed(2)}M`;
}
