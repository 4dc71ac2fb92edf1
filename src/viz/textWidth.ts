// One estimate of how wide a line of text is, for every diagram that sizes boxes or cuts
// labels before the browser has laid anything out (and in jsdom, where nothing is).

/**
 * Conservative text width for the UI sans-serif (system-ui, DejaVu Sans on Linux): capitals and
 * m/w count wide, bold 10 % wider, plus 3 %; measured glyphs never exceed it.
 */
export function textWidth(text: string, fontPx: number, bold = false): number {
  let em = 0;
  for (const c of text) em += glyphEm(c);
  return em * fontPx * (bold ? 1.1 : 1) * 1.03;
}

function glyphEm(c: string): number {
  if ('MWmw'.includes(c)) return 0.95;
  if ("IJijlftr.,:;|!' ".includes(c)) return 0.4;
  if (c >= 'A' && c <= 'Z') return 0.74;
  if (c.charCodeAt(0) > 0x2000) return 0.95;
  return 0.63;
}

export function fits(text: string, widthPx: number, fontPx: number, bold = false): boolean {
  return textWidth(text, fontPx, bold) <= widthPx;
}

/** The longest prefix of `text` that fits `widthPx` with a trailing "…" (or the whole text). */
export function truncate(text: string, widthPx: number, fontPx: number, bold = false): string {
  if (fits(text, widthPx, fontPx, bold)) return text;
  const scale = fontPx * (bold ? 1.1 : 1) * 1.03;
  let em = glyphEm('…');
  let n = 0;
  for (const c of text) {
    if ((em + glyphEm(c)) * scale > widthPx) break;
    em += glyphEm(c);
    n += c.length;
  }
  return `${text.slice(0, n)}…`;
}
