// Retry delays: exponential backoff capped at maxBackoffMs, with the jitter variants named
// as in AWS's "Exponential Backoff and Jitter": full jitter draws uniformly in [0, d],
// equal jitter keeps half and draws the other half.

import type { Rng } from '../core/rng';
import type { RetryConfig } from '../scenario/config';

/** Delay before attempt number `attempt + 1`, after `attempt` failed attempts (≥ 1). */
export function backoffDelayMs(retry: RetryConfig, attempt: number, rng: Rng): number {
  const exponential = retry.backoffMs * retry.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, retry.maxBackoffMs);
  switch (retry.jitter) {
    case 'full':
      return rng.float() * capped;
    case 'equal':
      return capped / 2 + rng.float() * (capped / 2);
    default:
      return capped;
  }
}
