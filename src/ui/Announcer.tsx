// A visually hidden live region that tells screen-reader users what the run does on its own
// (crashes, evictions, rebalances) and which faults apply, throttled and merged (announce.ts).

import { useEffect, useState } from 'react';
import { useController } from '../store/ControllerContext';
import { announcementOf, createThrottledAnnouncer } from './announce';

const ANNOUNCED = ['fault', 'member-state', 'evicted', 'rebalance-started', 'rebalance-completed'] as const;

export function Announcer() {
  const controller = useController();
  const [text, setText] = useState('');
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const announcer = createThrottledAnnouncer(setText, {
      now: () => performance.now(),
      schedule(callback, delayMs) {
        const id = setTimeout(() => {
          timers.delete(id);
          callback();
        }, delayMs);
        timers.add(id);
      },
    });
    const unsubscribes = ANNOUNCED.map((type) =>
      controller.on(type, (e) => {
        const said = announcementOf(e, (f) => controller.describeFault(f));
        if (said) announcer.push(said);
      }),
    );
    return () => {
      for (const u of unsubscribes) u();
      for (const id of timers) clearTimeout(id);
    };
  }, [controller]);
  return (
    <div className="qs-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
