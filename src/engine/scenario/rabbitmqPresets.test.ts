import { describe, expect, it } from 'vitest';
import { getPreset, listPresets } from './presets';

/**
 * The binding patterns a text quotes: dotted words with a * or # among them ("*.eu.*",
 * "order.#"). A bare "#" or "*" is left out: the texts explain the wildcards with them.
 */
function quotedPatterns(text: string): string[] {
  const word = String.raw`(?:[a-z0-9-]+|\*|#)`;
  const pattern = new RegExp(String.raw`(?<![\w.*#<>])${word}(?:\.${word})+(?![\w*#<>])`, 'gi');
  return [...text.matchAll(pattern)].map((m) => m[0]).filter((p) => /[*#]/.test(p));
}

describe('RabbitMQ preset texts', () => {
  it('finds the patterns a text quotes', () => {
    expect(quotedPatterns('bindings "*.eu.*", "order.#", "#.failed", "#"; keys order.eu.created.')).toEqual([
      '*.eu.*',
      'order.#',
      '#.failed',
    ]);
    expect(quotedPatterns('orders the three order.* keys')).toEqual(['order.*']);
  });

  const withExchanges = listPresets()
    .map((p) => getPreset(p.id))
    .filter((s) => (s.exchanges ?? []).some((e) => e.type === 'topic'));

  it('there are topic-exchange presets to check', () => {
    expect(withExchanges.map((s) => s.id)).toContain('rabbitmq-routing');
  });

  for (const scenario of withExchanges)
    it(`${scenario.id}: every pattern its description and captions quote is a binding drawn`, () => {
      const bound = new Set((scenario.exchanges ?? []).flatMap((e) => (e.bindings ?? []).map((b) => b.key)));
      const texts = [
        scenario.description ?? '',
        ...(scenario.timeline ?? []).map((t) => ('caption' in t ? (t.caption ?? '') : '')),
      ];
      for (const text of texts)
        for (const p of quotedPatterns(text)) expect([...bound], `"${p}" in: ${text}`).toContain(p);
    });
});
