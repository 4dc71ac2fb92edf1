// What a consumer-group member's node says, in the room it has: the longest wording that fits,
// shortened word by word (the slow-down and the record first, the name and the state last),
// never cut mid-word while a shorter wording fits. The full text goes to the node's tooltip
// (an SVG <title>, which is also its accessible description), so nothing is lost by fitting.

import type { MemberSnapshot } from '../../engine';
import { MEMBER_STATE_GLYPH } from '../palette';
import { fits, truncate } from '../textWidth';

export interface MemberLine {
  k: 't' | 'a';
  text: string;
  isBold: boolean;
}

export interface MemberLabel {
  lines: MemberLine[];
  /** Everything the node could say: "p-1 Stable, ×10 slow: processing orders-0@142". */
  full: string;
}

/** The first wording that fits, bold ones before regular; else the last one cut. */
function firstFitting(wordings: { text: string; isBold: boolean }[], widthPx: number, fontPx: number) {
  for (const w of wordings) if (fits(w.text, widthPx, fontPx, w.isBold)) return w;
  const last = wordings[wordings.length - 1];
  return { ...last, text: truncate(last.text, widthPx, fontPx, last.isBold) };
}

const unique = (texts: string[]) => [...new Set(texts.filter((t) => t !== ''))];

/**
 * An idle reason in shorter words: "idle: 5 consumers for 4 partitions; a partition has one
 * owner per group" → "idle: 5 consumers for 4 partitions" → "idle".
 */
export function idleWordings(reason: string): string[] {
  const clause = reason.split(';')[0].trim();
  const word = reason.split(':')[0].trim();
  return unique([reason, clause, word]);
}

/**
 * The member's lines for a node `widthPx` wide (text room, padding taken off): two lines (the
 * name with its state, then what it does), or one in a compact row. A crashed or departed
 * member says only that: its restart runs at normal speed (the engine resets the slow-down).
 */
export function memberLabel(
  m: MemberSnapshot,
  topic: string,
  widthPx: number,
  fontPx: number,
  isCompact: boolean,
): MemberLabel {
  const glyph = MEMBER_STATE_GLYPH[m.state];
  const isSlow = m.processingFactor !== 1 && m.state !== 'Crashed' && m.state !== 'Left';
  const zombie = m.isZombie ? ' · zombie' : '';
  // Records are named as Kafka names them (orders-0@142), never p0, which reads like a member id.
  const record = m.current
    ? `${topic}-${m.current.partition}@${m.current.offset}${m.current.attempt > 1 ? ` try ${m.current.attempt}` : ''}`
    : '';
  const isBackoff = m.activity === 'backoff';
  const verb = isBackoff ? 'backoff' : 'processing';
  const doing = m.current
    ? unique([`${verb} ${record}`, `${isBackoff ? 'backoff ' : '▸ '}${record}`])
    : m.idleReason
      ? idleWordings(m.idleReason)
      : m.state === 'Stable'
        ? [m.activity]
        : [];
  const slowWords = isSlow ? [` ×${m.processingFactor} slow`, ` ×${m.processingFactor}`] : [''];
  const full = `${m.memberId} ${m.state}${isSlow ? `, ×${m.processingFactor} slow` : ''}${m.isZombie ? ', zombie' : ''}${doing.length > 0 ? `: ${doing[0]}` : ''}`;

  if (isCompact) {
    // One line; "Stable" goes without a word (the ● glyph says it), other states keep theirs.
    const head = `${glyph} ${m.memberId}${m.state === 'Stable' ? '' : ` ${m.state}`}`;
    const compactDoing = m.current ? unique([`${isBackoff ? 'backoff ' : ''}${record}`]) : doing;
    const wordings: string[] = [];
    for (const slow of slowWords)
      for (const d of compactDoing) wordings.push(`${head}${slow}${zombie} · ${d}`);
    for (const slow of slowWords) wordings.push(`${head}${slow}${zombie}`);
    wordings.push(head);
    const candidates = [
      ...unique(wordings).map((text) => ({ text, isBold: true })),
      // A state word that does not fit in bold still fits in regular weight more often than not.
      { text: head, isBold: false },
    ];
    return { lines: [{ k: 't', ...firstFitting(candidates, widthPx, fontPx) }], full };
  }

  const head = `${glyph} ${m.memberId} ${m.state}`;
  const titles = unique([...slowWords.map((slow) => `${head}${slow}${zombie}`), `${head}${zombie}`, head]);
  const title = firstFitting(
    [...titles.map((text) => ({ text, isBold: true })), { text: head, isBold: false }],
    widthPx,
    fontPx,
  );
  // What the title had no room for leads the second line, the slow-down in shorter words and
  // the record dropped before it is cut.
  const zombieWord = m.isZombie && !title.text.includes('zombie') ? ['zombie'] : [];
  const movedSlow =
    isSlow && !title.text.includes(`×${m.processingFactor}`)
      ? [`×${m.processingFactor} slow`, `×${m.processingFactor}`]
      : [''];
  const prefixes = movedSlow.map((w) => [w, ...zombieWord].filter((x) => x !== '').join(' · '));
  const activities = unique([
    ...prefixes.flatMap((p) => doing.map((d) => (p ? `${p} · ${d}` : d))),
    ...prefixes,
  ]);
  const activity =
    activities.length > 0
      ? firstFitting(
          activities.map((text) => ({ text, isBold: false })),
          widthPx,
          fontPx,
        )
      : { text: '', isBold: false };
  return {
    lines: [
      { k: 't', ...title },
      { k: 'a', ...activity },
    ],
    full,
  };
}
