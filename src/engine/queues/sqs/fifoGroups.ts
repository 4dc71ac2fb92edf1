// SQS FIFO message groups by MessageGroupId, for the backend's hot path. A group exists while it
// holds a visible or in-flight message; with many keys most groups live for one message, so
// they are found without hashing where possible and their objects are reused. A group id that
// reads `${keySpace}${n}` canonically (`canonicalKey`, the producers' sampled keys) is filed in
// its key space's array at n, read through the message's own (keySpace, keyIndex) when the
// group id is its key; any other id goes to a Map. Plain data: checkpoints clone it.

import { canonicalKey, messageGroupIdOf, type QueueMessage } from '../backend';
import { clearArray, createDeque, type Deque } from '../deque';

/** Highest table index + 1 (8 MB of slots per key space at most); ids past it go to the Map. */
const TABLE_LIMIT = 1 << 20;

export interface FifoGroup {
  /** Its MessageGroupId; null for one filed in a table, whose id is `${space}${index}`. */
  id: string | null;
  /** Visible messages of the group in SequenceNumber order (stale references skipped). */
  messages: Deque<QueueMessage>;
  inFlight: number;
  /** In the queue's ready list (a visible head and nothing in flight). */
  isReady: boolean;
  /** Where it is filed: its key space and index there, or null and -1 (the Map). */
  space: string | null;
  index: number;
  /** Its position in `live` (-1 once dropped). */
  slot: number;
  /** Its index in `pool`, for good: a message holds it while in the group (`fifoGroupHandle`). */
  handle: number;
}

/**
 * One key space's groups. With many keys nearly every message finds no group of its key: the
 * bit set (one bit per key, in cache) answers that without reading the slot array (a cache miss
 * per message at 100,000 keys).
 */
export interface GroupTable {
  slots: (FifoGroup | null)[];
  /** Bit n set: slots[n] holds a group. */
  bits: Uint32Array;
}

export interface FifoGroups {
  /** Groups whose id is not a canonical `${keySpace}${n}` below TABLE_LIMIT. */
  byId: Map<string, FifoGroup>;
  /** The others: per key space, the group of id `${keySpace}${n}` at n. */
  tables: Map<string, GroupTable>;
  /**
   * Every group in the order it was made (null: dropped since; compacted when half are), the
   * order a Map of them would list: the queue's view lists visible messages group by group.
   */
  live: (FifoGroup | null)[];
  dropped: number;
  /** Every group object made, by handle; dropped ones wait in `spare` for reuse. */
  pool: FifoGroup[];
  spare: FifoGroup[];
  /** The table last looked up, by its key space (a queue's producers mostly share one). */
  lastSpace: string | null;
  lastTable: GroupTable | null;
}

export function createFifoGroups(): FifoGroups {
  return {
    byId: new Map(),
    tables: new Map(),
    live: [],
    dropped: 0,
    pool: [],
    spare: [],
    lastSpace: null,
    lastTable: null,
  };
}

/** The key space's table, if it has one. */
function tableOf(gs: FifoGroups, space: string): GroupTable | undefined {
  if (space === gs.lastSpace) return gs.lastTable!;
  const table = gs.tables.get(space);
  if (table !== undefined) {
    gs.lastSpace = space;
    gs.lastTable = table;
  }
  return table;
}

/** Where a group id is filed: [keySpace, index], or null for the Map. A function of the id. */
function addressOfId(id: string): [string, number] | null {
  const canonical = canonicalKey(id);
  return canonical !== null && canonical[1] < TABLE_LIMIT ? canonical : null;
}

function tableAt(gs: FifoGroups, space: string, index: number): FifoGroup | undefined {
  const table = tableOf(gs, space);
  if (table === undefined) return undefined;
  const word = index >>> 5;
  if (word >= table.bits.length || (table.bits[word] & (1 << (index & 31))) === 0) return undefined;
  return table.slots[index] ?? undefined;
}

/** The group of this id, if it exists. */
export function findGroupById(gs: FifoGroups, id: string): FifoGroup | undefined {
  const address = addressOfId(id);
  return address === null ? gs.byId.get(id) : tableAt(gs, address[0], address[1]);
}

/**
 * True when the message's group id is its key (no MessageGroupId sent) and the key's canonical
 * split is on the message: the group is found by (keySpace, keyIndex), with no string made.
 */
function isKeyAddressed(m: QueueMessage): boolean {
  return m.messageGroupId === null && m.keySpace !== null && m.keyIndex >= 0 && m.keyIndex < TABLE_LIMIT;
}

/** The message's group, if it exists. */
export function findGroup(gs: FifoGroups, m: QueueMessage): FifoGroup | undefined {
  return isKeyAddressed(m) ? tableAt(gs, m.keySpace!, m.keyIndex) : findGroupById(gs, messageGroupIdOf(m));
}

/** The message's group, made if it does not exist. */
export function groupFor(gs: FifoGroups, m: QueueMessage): FifoGroup {
  const found = findGroup(gs, m);
  if (found !== undefined) return found;
  let id: string | null = null;
  let space: string | null = null;
  let index = -1;
  if (isKeyAddressed(m)) {
    space = m.keySpace!;
    index = m.keyIndex;
  } else {
    id = messageGroupIdOf(m);
    const address = addressOfId(id);
    if (address !== null) [space, index] = address;
  }
  let g = gs.spare.pop();
  if (g === undefined) {
    g = {
      id,
      messages: createDeque<QueueMessage>(),
      inFlight: 0,
      isReady: false,
      space,
      index,
      slot: -1,
      handle: -1,
    };
    g.handle = gs.pool.length;
    gs.pool.push(g);
  }
  g.id = id;
  g.space = space;
  g.index = index;
  g.slot = gs.live.length;
  gs.live.push(g);
  if (space === null) gs.byId.set(id!, g);
  else {
    let table = tableOf(gs, space);
    if (table === undefined) {
      table = { slots: [], bits: new Uint32Array(32) };
      gs.tables.set(space, table);
    }
    while (table.slots.length <= index) table.slots.push(null);
    table.slots[index] = g;
    const word = index >>> 5;
    if (word >= table.bits.length) {
      let length = table.bits.length * 2;
      while (length <= word) length *= 2;
      const bits = new Uint32Array(length);
      bits.set(table.bits);
      table.bits = bits;
    }
    table.bits[word] |= 1 << (index & 31);
  }
  return g;
}

/** The group a message in it holds the handle of (`fifoGroupHandle`). */
export function groupOfHandle(gs: FifoGroups, handle: number): FifoGroup {
  return gs.pool[handle];
}

/** Forgets a group that holds nothing (no message, nothing in flight, not ready). */
export function dropGroup(gs: FifoGroups, g: FifoGroup): void {
  if (g.space === null) gs.byId.delete(g.id!);
  else {
    const table = tableOf(gs, g.space)!;
    table.slots[g.index] = null;
    table.bits[g.index >>> 5] &= ~(1 << (g.index & 31));
  }
  gs.live[g.slot] = null;
  gs.dropped += 1;
  g.slot = -1;
  if (gs.dropped >= 64 && gs.dropped * 2 >= gs.live.length) compactLive(gs);
  g.inFlight = 0;
  g.isReady = false;
  clearArray(g.messages.items);
  g.messages.head = 0;
  gs.spare.push(g);
}

function compactLive(gs: FifoGroups): void {
  let n = 0;
  for (const g of gs.live) {
    if (g === null) continue;
    g.slot = n;
    gs.live[n++] = g;
  }
  gs.live.length = n;
  gs.dropped = 0;
}

/** Every group, in the order they were made. */
export function* liveGroups(gs: FifoGroups): Generator<FifoGroup> {
  for (const g of gs.live) if (g !== null) yield g;
}
