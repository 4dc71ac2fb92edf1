// Runtime state of the flow-control features, as plain data (checkpoints clone it). Kept
// apart from the logic so world.ts can hold it without importing the modules that use it.

import type { AutoscaleConfig, ProducerFlowConfig } from '../scenario/flowConfig';

/** Sends that arrived together: `count` records sent at `atMs`. FIFO runs, like the accumulator. */
export interface SendRun {
  atMs: number;
  count: number;
}

export interface ProducerFlowRt {
  config: ProducerFlowConfig;
  /** Records in the accumulator (buffer.memory), oldest first. */
  buffer: SendRun[];
  bufferedRecords: number;
  /** Sends blocked in send() waiting for buffer room, oldest first. */
  blocked: SendRun[];
  blockedRecords: number;
  tokens: number;
  lastRefillMs: number;
  /** Fractional carry of the low-priority share and of the quota's bytes. */
  lowCarry: number;
  byteCarry: number;
  attempted: number;
  shed: number;
  rateLimited: number;
  blockedTotal: number;
  blockedMs: number;
  timedOut: number;
}

export function createProducerFlowRt(config: ProducerFlowConfig): ProducerFlowRt {
  return {
    config,
    buffer: [],
    bufferedRecords: 0,
    blocked: [],
    blockedRecords: 0,
    tokens: config.rateLimit?.burst ?? 0,
    lastRefillMs: 0,
    lowCarry: 0,
    byteCarry: 0,
    attempted: 0,
    shed: 0,
    rateLimited: 0,
    blockedTotal: 0,
    blockedMs: 0,
    timedOut: 0,
  };
}

export interface AutoscaleRt {
  config: AutoscaleConfig;
  desired: number;
  lastScaleOutMs: number;
  lastScaleInMs: number;
  scaleOuts: number;
  scaleIns: number;
  note: string;
}

export function createAutoscaleRt(config: AutoscaleConfig): AutoscaleRt {
  return {
    config,
    desired: 0,
    lastScaleOutMs: Number.NEGATIVE_INFINITY,
    lastScaleInMs: Number.NEGATIVE_INFINITY,
    scaleOuts: 0,
    scaleIns: 0,
    note: '',
  };
}
