// A service that commits a change to its database and publishes an event about it, three
// ways. Dual write, commit first: a crash between the two loses the event. Dual write,
// publish first: a crash between publishes an event for a change that never happened (a
// phantom). Transactional outbox (the pattern the articles recommend): the event row is
// written in the same transaction as the change, and a relay polls the outbox table,
// publishes the rows, then marks them sent; a crash before the mark republishes them
// (a duplicate), never a loss. Requests are handled one at a time, in arrival order.

import type { EngineContext } from '../engineContext';
import type { ServiceMetrics } from '../flowTypes';
import { partitionForKey } from '../kafka/murmur2';
import { afterAppend } from '../kafka/producer';
import { appendRow } from '../log/partitionLog';
import { mark } from '../metrics/rateMeter';
import type { GroupRt } from '../world';
import type { ServiceCrashPoint, ServiceRt } from './state';

const TICK_MS = 20;
const EVENT_BYTES = 512;

export function startServices(ctx: EngineContext): void {
  ctx.w.services.forEach((s, i) => {
    ctx.schedule(s.config.startMs, { kind: 'service-tick', service: i });
    if (s.config.writePath === 'outbox')
      ctx.schedule(s.config.startMs + s.config.relayIntervalMs, { kind: 'relay', service: i });
  });
}

/** Appends events to the service's topic (one copy each) and wakes the consumers. */
function publish(ctx: EngineContext, s: ServiceRt, ids: readonly number[]): void {
  if (ids.length === 0) return;
  const w = ctx.w;
  const topic = s.config.topic;
  const logs = w.topics[topic].logs;
  const groups: GroupRt[] = [];
  for (const id in w.groups) if (w.groups[id].config.topic === topic) groups.push(w.groups[id]);
  const firstOffset: number[] = [];
  const touched: number[] = [];
  for (const id of ids) {
    const key = `order-${id % s.config.keys}`;
    const partition = partitionForKey(key, logs.length);
    const log = logs[partition];
    if (firstOffset[partition] === undefined) {
      firstOffset[partition] = log.logEndOffset;
      touched.push(partition);
    }
    const copies = (s.published.get(id) ?? 0) + 1;
    s.published.set(id, copies);
    s.publishedTotal += 1;
    appendRow(log, id, key, w.nowMs, EVENT_BYTES, false, 0, copies > 1);
    for (const g of groups) if (g.startOffsets[partition] >= 0) g.produced += copies > 1 ? 0 : 1;
  }
  mark(w.produced, w.nowMs, ids.length);
  afterAppend(ctx, { id: s.config.id, topic }, touched, firstOffset, groups);
}

function crash(ctx: EngineContext, index: number): void {
  const s = ctx.w.services[index];
  s.isDown = true;
  s.armedCrash = null;
  s.crashes += 1;
  s.carry = 0;
  ctx.schedule(ctx.w.nowMs + s.restartAfterMs, { kind: 'service-restart', service: index });
}

/** Handles one request; false when the service crashed while handling it. */
function handle(ctx: EngineContext, s: ServiceRt, index: number): boolean {
  const id = ctx.w.nextMessageId++;
  s.requests += 1;
  const armed = s.armedCrash;
  switch (s.config.writePath) {
    case 'dual-write-commit-first':
      s.committed.add(id);
      if (armed === 'after-commit-before-publish') {
        crash(ctx, index);
        return false;
      }
      publish(ctx, s, [id]);
      break;
    case 'dual-write-publish-first':
      publish(ctx, s, [id]);
      if (armed === 'after-publish-before-commit') {
        crash(ctx, index);
        return false;
      }
      s.committed.add(id);
      break;
    case 'outbox':
      // One transaction: the change and its outbox row commit together or not at all.
      s.committed.add(id);
      s.pending.push(id);
      if (armed === 'after-commit-before-publish' || armed === 'after-publish-before-commit') {
        crash(ctx, index);
        return false;
      }
      return true;
  }
  // A crash point this write path never reaches fires once the request is complete.
  if (armed !== null && armed !== 'now') {
    crash(ctx, index);
    return false;
  }
  return true;
}

export function onServiceTick(ctx: EngineContext, index: number): void {
  const w = ctx.w;
  const s = w.services[index];
  if (w.nowMs >= s.config.stopMs) return;
  const expected = (s.config.ratePerSec * TICK_MS) / 1000 + s.carry;
  const n = Math.floor(expected);
  s.carry = expected - n;
  for (let i = 0; i < n; i++) {
    if (s.isDown) {
      s.refused += 1;
      continue;
    }
    handle(ctx, s, index);
  }
  ctx.schedule(w.nowMs + TICK_MS, { kind: 'service-tick', service: index });
}

/** The outbox relay: publish every pending row, then mark them sent (delete them). */
export function onRelay(ctx: EngineContext, index: number): void {
  const s = ctx.w.services[index];
  if (!s.isDown && s.pending.length > 0) {
    publish(ctx, s, s.pending);
    if (s.armedCrash === 'after-publish-before-mark') crash(ctx, index);
    else s.pending = [];
  }
  ctx.schedule(ctx.w.nowMs + s.config.relayIntervalMs, { kind: 'relay', service: index });
}

export function onServiceRestart(ctx: EngineContext, index: number): void {
  ctx.w.services[index].isDown = false;
}

/** The crash-service fault: now, or armed for the next time the service reaches `point`. */
export function crashService(
  ctx: EngineContext,
  serviceId: string,
  point: ServiceCrashPoint,
  restartAfterMs: number | undefined,
): number {
  const index = ctx.w.services.findIndex((s) => s.config.id === serviceId);
  if (index < 0) return -1;
  const s = ctx.w.services[index];
  if (restartAfterMs !== undefined) s.restartAfterMs = restartAfterMs;
  if (point === 'now') crash(ctx, index);
  else s.armedCrash = point;
  return index;
}

export function serviceMetrics(s: ServiceRt): ServiceMetrics {
  const pending = new Set(s.pending);
  let lostEvents = 0;
  for (const id of s.committed) if (!s.published.has(id) && !pending.has(id)) lostEvents += 1;
  let phantomEvents = 0;
  let duplicateEvents = 0;
  for (const [id, copies] of s.published) {
    if (!s.committed.has(id)) phantomEvents += 1;
    if (copies > 1) duplicateEvents += 1;
  }
  return {
    serviceId: s.config.id,
    writePath: s.config.writePath,
    requests: s.requests,
    committed: s.committed.size,
    published: s.publishedTotal,
    lostEvents,
    phantomEvents,
    duplicateEvents,
    pendingOutbox: s.pending.length,
    crashes: s.crashes,
    refused: s.refused,
    isDown: s.isDown,
  };
}
