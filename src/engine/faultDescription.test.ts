import { describe, expect, it } from 'vitest';
import { describeFault } from './faultDescription';
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
