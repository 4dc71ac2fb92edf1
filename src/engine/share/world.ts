// Gives each share group of a new world its share-partitions. SPSO starts where
// `share.auto.offset.reset` says (latest: the log end, Kafka's default; earliest: the log
// start). The group's `committed` offsets mirror SPSO, so lag and retention read it as
// they read a consumer group's committed offset.

import type { World } from '../world';
import { createShareRt } from './state';

export function attachShareGroups(w: World): void {
  for (const g of Object.values(w.groups)) {
    const cfg = g.config.share;
    if (!cfg) continue;
    const logs = w.topics[g.config.topic].logs;
    const starts = logs.map((log) =>
      cfg.autoOffsetReset === 'earliest' ? log.logStartOffset : log.logEndOffset,
    );
    starts.forEach((o, p) => {
      g.startOffsets[p] = o;
      g.committed[p] = o;
    });
    g.share = createShareRt(cfg, starts);
  }
}
