// The consumer faults, aimed at a share consumer or a share group. Crash, pause, slow and
// remove mean what they mean for any consumer; what differs is what follows: no rebalance,
// and the records the consumer held come back only when their acquisition locks expire
// (crash, pause) or at once (remove: close() releases them). Faults that name offsets or
// commits have no share-group meaning and say so.

import type { EngineContext } from '../engineContext';
import { crashPointWords } from '../faultDescription';
import { ScenarioError } from '../scenario/schema';
import type { ActiveFault, Fault } from '../types';
import {
  addShareConsumer,
  crashShareConsumer,
  isShareGroup,
  pauseShareConsumer,
  removeShareConsumer,
  restartShareConsumer,
} from './consumer';
import type { ShareConsumerRt } from './state';

/** The share group and share consumer of this member id, if it is one. */
export function findShareConsumer(ctx: EngineContext, memberId: string) {
  for (const g of Object.values(ctx.w.groups)) {
    if (!isShareGroup(g)) continue;
    const c = g.share.consumers.find((x) => x.memberId === memberId);
    if (c) return { g, c };
  }
  return undefined;
}

function refuse(c: ShareConsumerRt, why: string): never {
  throw new ScenarioError(`fault.memberId: consumer "${c.memberId}" ${why}`, 'fault.memberId');
}

/** Applies a fault that targets a share consumer or share group; null when it targets neither. */
export function applyShareFault(ctx: EngineContext, f: Fault): string | null {
  if ('memberId' in f && typeof f.memberId === 'string') {
    const found = findShareConsumer(ctx, f.memberId);
    if (!found) return null;
    const { g, c } = found;
    switch (f.type) {
      case 'crash-consumer': {
        if (c.state === 'Crashed' || c.state === 'Left') refuse(c, `is already ${c.state}`);
        c.restartAfterMs = f.restartAfterMs ?? null;
        const point = f.point ?? 'now';
        if (point === 'after-commit-before-process-completes')
          throw new ScenarioError(
            'fault.point: a share consumer commits no offsets; use now, before-process or after-process-before-commit',
            'fault.point',
          );
        if (point === 'now') crashShareConsumer(ctx, g, c);
        else c.armedCrash = point;
        return point === 'now'
          ? `${c.memberId} crashed`
          : `${c.memberId} will crash ${crashPointWords(point, 'acknowledge')}`;
      }
      case 'restart-consumer':
        if (c.state !== 'Crashed') refuse(c, `is ${c.state}, not Crashed`);
        restartShareConsumer(ctx, g, c);
        return `${c.memberId} restarted`;
      case 'remove-consumer':
        if (c.state === 'Left') refuse(c, 'already left');
        removeShareConsumer(ctx, g, c);
        return `${c.memberId} left the share group; its acquired records were released`;
      case 'slow-consumer':
        c.processingFactor = f.factor;
        return `${c.memberId} processes ×${f.factor} slower`;
      case 'pause-consumer':
        if (c.state !== 'Stable') refuse(c, `is ${c.state}`);
        pauseShareConsumer(ctx, g, c, f.durationMs);
        return `${c.memberId} paused for ${f.durationMs / 1000} s`;
      case 'lose-commit':
        refuse(c, 'belongs to a share group, which commits no offsets');
    }
    return null;
  }
  if (f.type === 'add-consumer' || f.type === 'reset-offsets') {
    const g = ctx.w.groups[f.groupId];
    if (!isShareGroup(g)) return null;
    if (f.type === 'reset-offsets')
      throw new ScenarioError(
        'fault.groupId: a share group has no committed offsets to reset',
        'fault.groupId',
      );
    if (g.share.consumers.length >= 64)
      throw new ScenarioError('fault.groupId: a group holds at most 64 consumers here', 'fault.groupId');
    return `${addShareConsumer(ctx, g)} joined ${f.groupId}`;
  }
  return null;
}

/** The faults still acting on share consumers, for the snapshot's list of active faults. */
export function describeShareFaults(ctx: EngineContext): ActiveFault[] {
  const out: ActiveFault[] = [];
  for (const g of Object.values(ctx.w.groups)) {
    if (!isShareGroup(g)) continue;
    for (const c of g.share.consumers) {
      // As for Kafka members: a crashed consumer is not slow, and its restart resets the factor.
      if (c.processingFactor !== 1 && c.state !== 'Crashed' && c.state !== 'Left')
        out.push({
          type: 'slow-consumer',
          label: `${c.memberId}: ×${c.processingFactor} processing time`,
          untilMs: null,
        });
      if (c.state === 'Paused' && c.pauseUntilMs > ctx.w.nowMs)
        out.push({
          type: 'pause-consumer',
          label: `${c.memberId}: paused (its acquisition locks keep running)`,
          untilMs: c.pauseUntilMs,
        });
      if (c.armedCrash)
        out.push({
          type: 'crash-consumer',
          label: `${c.memberId}: crash armed (${crashPointWords(c.armedCrash, 'acknowledge')})`,
          untilMs: null,
        });
    }
  }
  return out;
}
