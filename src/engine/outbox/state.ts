// A service's runtime state: what its database committed, what reached the topic, and the
// outbox rows still waiting for the relay. Plain data (Sets and Maps clone in checkpoints).

import type { ServiceConfig } from '../scenario/flowConfig';

export type ServiceCrashPoint =
  | 'now'
  | 'after-commit-before-publish'
  | 'after-publish-before-commit'
  | 'after-publish-before-mark';

export interface ServiceRt {
  config: ServiceConfig;
  carry: number;
  isDown: boolean;
  armedCrash: ServiceCrashPoint | null;
  restartAfterMs: number;
  /** Change ids the database committed (the ground truth of what happened). */
  committed: Set<number>;
  /** Change id → copies of its event appended to the topic. */
  published: Map<number, number>;
  publishedTotal: number;
  /** Outbox rows committed and not yet marked published, oldest first. */
  pending: number[];
  requests: number;
  refused: number;
  crashes: number;
}

export function createServiceRt(config: ServiceConfig): ServiceRt {
  return {
    config,
    carry: 0,
    isDown: false,
    armedCrash: null,
    restartAfterMs: 5000,
    committed: new Set(),
    published: new Map(),
    publishedTotal: 0,
    pending: [],
    requests: 0,
    refused: 0,
    crashes: 0,
  };
}
