import { describe, expect, it } from 'vitest';
import { crashPointWords, describeFault, type Settle } from './faultDescription';
import type { Fault } from './types';

describe('describeFault', () => {
  it.each<[Fault, string]>([
    [{ type: 'crash-consumer', memberId: 'p-1' }, 'crash p-1 now'],
    [
      { type: 'crash-consumer', memberId: 'p-1', point: 'after-process-before-commit', restartAfterMs: 4000 },
      'crash p-1 after processing, before committing, restart after 4 s',
    ],
    [
      { type: 'duplicate-delivery', groupId: 'payments', count: 5 },
      'deliver the next 5 records twice (payments)',
    ],
    [{ type: 'hot-key', key: 'k', share: 0.4 }, 'hot key "k" takes 40% of traffic'],
    [{ type: 'hot-key', key: 'k', share: 0 }, 'hot key "k" cleared'],
    [{ type: 'outage', durationMs: 10_000 }, 'dependency outage for 10 s'],
    [{ type: 'set-config', groupId: 'g', 'max.poll.records': 10 }, 'g: max.poll.records=10'],
    [{ type: 'slow-consumer', memberId: 'c', factor: 1 }, 'c back to normal speed'],
    [{ type: 'purge-dlq' }, 'purge the dead-letter queue'],
  ])('%o → %s', (fault, text) => {
    expect(describeFault(fault)).toBe(text);
  });
});

describe('crashPointWords', () => {
  it.each<[Settle, string, string]>([
    ['commit', 'after processing, before committing', 'before processing its next record'],
    ['DeleteMessage', 'after processing, before DeleteMessage', 'before processing its next message'],
    ['ack', 'after processing, before the ack', 'before processing its next message'],
    ['acknowledge', 'after processing, before acknowledging', 'before processing its next record'],
  ])('%s: %s', (settle, afterProcess, beforeProcess) => {
    expect(crashPointWords('after-process-before-commit', settle)).toBe(afterProcess);
    expect(crashPointWords('before-process', settle)).toBe(beforeProcess);
    expect(crashPointWords('now', settle)).toBe('now');
  });

  it('words a duplicate delivery on a queue group as messages', () => {
    expect(describeFault({ type: 'duplicate-delivery', groupId: 'orders', count: 2 }, 'ack')).toBe(
      'deliver the next 2 messages twice (orders)',
    );
  });
});
