// The synchronous path's runtime state: calls waiting for a connection, calls holding one,
// and users about to retry. Plain data, cloned by checkpoints.

import type { Histogram } from '../metrics/histogram';
import { createHistogram } from '../metrics/histogram';
import type { SyncConfig } from '../scenario/flowConfig';

export interface SyncCall {
  /** When the user first asked, and when this attempt started. */
  firstAtMs: number;
  attemptAtMs: number;
  attempt: number;
}

export interface BusyCall extends SyncCall {
  endsAtMs: number;
  /** The client gave up on it; the dependency still finishes the work. */
  isAbandoned: boolean;
}

export interface SyncRt {
  config: SyncConfig;
  carry: number;
  waiting: SyncCall[];
  busy: BusyCall[];
  retries: (SyncCall & { dueAtMs: number })[];
  requests: number;
  attempts: number;
  succeeded: number;
  rejected: number;
  timedOut: number;
  completedAfterTimeout: number;
  failed: number;
  latency: Histogram;
}

export function createSyncRt(config: SyncConfig): SyncRt {
  return {
    config,
    carry: 0,
    waiting: [],
    busy: [],
    retries: [],
    requests: 0,
    attempts: 0,
    succeeded: 0,
    rejected: 0,
    timedOut: 0,
    completedAfterTimeout: 0,
    failed: 0,
    latency: createHistogram(),
  };
}
