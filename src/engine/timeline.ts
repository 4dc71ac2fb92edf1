// A scenario's timeline entry when its time comes: a caption and/or a scripted fault.

import type { EngineContext } from './engineContext';
import { injectFault } from './faults';

export function runTimelineEntry(ctx: EngineContext, index: number): void {
  const entry = ctx.w.config.timeline[index];
  if ('caption' in entry && entry.caption && ctx.wants('caption'))
    ctx.emit({ type: 'caption', atMs: ctx.w.nowMs, text: entry.caption });
  if ('fault' in entry && entry.fault) {
    try {
      injectFault(ctx, entry.fault);
    } catch (error) {
      // A scripted fault whose target is gone (e.g. already crashed) is reported, not fatal.
      if (ctx.wants('caption'))
        ctx.emit({
          type: 'caption',
          atMs: ctx.w.nowMs,
          text: `timeline[${index}] skipped: ${(error as Error).message}`,
        });
    }
  }
}
