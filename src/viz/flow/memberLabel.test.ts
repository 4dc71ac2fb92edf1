import { describe, expect, it } from 'vitest';
import type { MemberSnapshot } from '../../engine';
import { fits } from '../textWidth';
import { idleWordings, memberLabel } from './memberLabel';

function member(over: Partial<MemberSnapshot>): MemberSnapshot {
  return {
    memberId: 'p-1',
    groupId: 'payments',
    state: 'Stable',
    activity: 'processing',
    loop: { state: 'Processing', reason: null },
    assigned: [],
    revoked: [],
    generationId: 1,
    processingFactor: 1,
    current: { partition: 2, offset: 142, attempt: 1, startedAtMs: 0, endsAtMs: 10 },
    bufferSize: 0,
    processedCount: 0,
    stateSinceMs: 0,
    history: [],
    isZombie: false,
    idleReason: null,
    ...over,
  } as MemberSnapshot;
}

const texts = (l: ReturnType<typeof memberLabel>) => l.lines.map((x) => x.text);

describe('memberLabel', () => {
  it('says everything where there is room', () => {
    const l = memberLabel(member({ processingFactor: 10 }), 'orders', 400, 12, false);
    expect(texts(l)).toEqual(['● p-1 Stable ×10 slow', 'processing orders-2@142']);
    expect(l.full).toBe('p-1 Stable, ×10 slow: processing orders-2@142');
  });

  it('moves the slow-down to the second line, then shortens it, and drops the record last', () => {
    const m = member({ memberId: 'workers-1', processingFactor: 10 });
    for (const width of [150, 140]) {
      const l = memberLabel(m, 'orders', width, 12, false);
      expect(texts(l).join(' ')).toMatch(/×10/);
      expect(texts(l).join(' ')).not.toMatch(/…/);
      for (const line of l.lines) expect(fits(line.text, width, 12, line.isBold), line.text).toBe(true);
    }
    expect(texts(memberLabel(m, 'orders', 150, 12, false))).toEqual([
      '● workers-1 Stable',
      '×10 · ▸ orders-2@142',
    ]);
  });

  it('a compact row keeps the state word, in regular weight when bold has no room', () => {
    const m = member({ memberId: 'workers-2', state: 'Crashed', current: null, processingFactor: 10 });
    const [line] = memberLabel(m, 'orders', 150, 12, true).lines;
    expect(line.text).toBe('✕ workers-2 Crashed');
    expect(line.isBold).toBe(false);
    expect(memberLabel(m, 'orders', 400, 12, true).lines[0]).toEqual({
      k: 't',
      text: '✕ workers-2 Crashed',
      isBold: true,
    });
  });

  it('shortens an idle reason to its first clause, then to "idle"', () => {
    const reason = 'idle: 5 consumers for 4 partitions; a partition has one owner per group';
    expect(idleWordings(reason)).toEqual([reason, 'idle: 5 consumers for 4 partitions', 'idle']);
    const m = member({ memberId: 'r-5', current: null, activity: 'idle', idleReason: reason });
    expect(texts(memberLabel(m, 'jobs', 150, 12, true))).toEqual(['● r-5 · idle']);
    expect(memberLabel(m, 'jobs', 150, 12, true).full).toBe(`r-5 Stable: ${reason}`);
  });
});
