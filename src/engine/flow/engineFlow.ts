// Wires the flow-control features into the engine: what boot schedules, which module
// handles each of their engine events, and the optional parts of metrics(). A scenario that
// uses none of them schedules nothing here and its metrics are unchanged.

import type { EngineContext } from '../engineContext';
import { onRelay, onServiceRestart, onServiceTick, serviceMetrics, startServices } from '../outbox/service';
import { onSyncTick, startSync, syncMetrics } from '../sync/syncCalls';
import type { Metrics } from '../types';
import type { EngineEvent } from '../world';
import { onAutoscale, startAutoscalers } from './autoscale';

export type FlowEvent = Extract<
  EngineEvent,
  { kind: 'autoscale' | 'sync-tick' | 'service-tick' | 'relay' | 'service-restart' }
>;

export function startFlow(ctx: EngineContext): void {
  startAutoscalers(ctx);
  startSync(ctx);
  startServices(ctx);
}

export function dispatchFlow(ctx: EngineContext, e: FlowEvent): void {
  switch (e.kind) {
    case 'autoscale':
      onAutoscale(ctx, e.groupId);
      return;
    case 'sync-tick':
      onSyncTick(ctx);
      return;
    case 'service-tick':
      onServiceTick(ctx, e.service);
      return;
    case 'relay':
      onRelay(ctx, e.service);
      return;
    case 'service-restart':
      onServiceRestart(ctx, e.service);
      return;
  }
}

/** Adds the producers', sync path's and services' figures when the scenario has them. */
export function addFlowMetrics(ctx: EngineContext, metrics: Metrics): void {
  const w = ctx.w;
  if (w.producers.some((p) => p.flow)) {
    metrics.producers = {};
    for (const p of w.producers) {
      const f = p.flow;
      if (!f) continue;
      metrics.producers[p.config.id] = {
        producerId: p.config.id,
        attempted: f.attempted,
        shed: f.shed,
        rateLimited: f.rateLimited,
        blocked: f.blockedTotal,
        blockedMs: f.blockedMs,
        timedOut: f.timedOut,
        blockedNow: f.blockedRecords,
        bufferedBytes: f.bufferedRecords * p.config.messageBytes,
        bufferMemoryBytes: f.config.bufferMemoryBytes,
      };
    }
  }
  if (w.sync) metrics.sync = syncMetrics(w.sync);
  if (w.services.length > 0) {
    metrics.services = {};
    for (const s of w.services) metrics.services[s.config.id] = serviceMetrics(s);
  }
}
