// Amazon SQS, standard and FIFO, as a queue backend (domain.md §7, §11). A received message
// stays in the queue, invisible for VisibilityTimeout; DeleteMessage with the current receipt
// handle removes it, otherwise it becomes visible again and is received again (at-least-once).
// RedrivePolicy: a message already received maxReceiveCount times moves to the DLQ on its next
// receive. FIFO: MessageGroupId orders a group, and no message of a group is returned while one
// of it is in flight; MessageDeduplicationId (or the body's hash) drops re-sends within 5 min.
// Simplification: short polling returns what is visible (AWS samples a subset of servers and
// may return fewer, or none, while messages exist).

import * as v from 'valibot';
import { ScenarioError } from '../../scenario/schema';
import type {
  DeadLetterTarget,
  Delivery,
  EnqueueOutcome,
  QueueBackend,
  QueueConsumer,
  QueueEnv,
  QueueMessage,
  QueueStateBase,
  ReceiveRequest,
  Settlement,
  SettleOutcome,
} from '../backend';
import { keyOf, messageGroupIdOf } from '../backend';
import {
  clearArray,
  createDeque,
  type Deque,
  dequeItems,
  dequeSize,
  heapPop,
  heapPush,
  heapTopMs,
  insertSorted,
  peekFront,
  popFront,
  pushBack,
  removeWhere,
} from '../deque';
import {
  createReceiptIndex,
  type ReceiptIndex,
  receiptDelete,
  receiptGet,
  receiptSet,
  receiptValues,
} from '../receiptIndex';
import { QUEUE_VIEW_LIMIT, type QueueMessageView, type QueueSnapshot, type QueueType } from '../types';
import {
  admitDeduplicationId,
  admitDeduplicationNumber,
  createDedupWindow,
  type DedupWindow,
} from './dedupWindow';
import {
  createFifoGroups,
  dropGroup,
  type FifoGroup,
  type FifoGroups,
  findGroupById,
  groupFor,
  groupOfHandle,
  liveGroups,
} from './fifoGroups';
import {
  describeSqsSettings,
  resolveSqsSettings,
  SqsFifoSchema,
  type SqsSettings,
  SqsStandardSchema,
} from './settings';

/** FIFO deduplication interval: "within the 5-minute deduplication interval". */
export const DEDUPLICATION_INTERVAL_MS = 300_000;

interface PendingReceive {
  consumerId: string;
  maxNumberOfMessages: number;
  visibilityTimeoutMs: number;
  deadlineMs: number;
}

export interface SqsQueueState extends QueueStateBase {
  sqs: SqsSettings;
  /** Standard: visible messages, oldest first (returns go to the back: best-effort order). */
  available: Deque<QueueMessage>;
  /** Standard: copies left visible by the duplicate-delivery setting. */
  ghosts: Deque<QueueMessage>;
  /** FIFO: per MessageGroupId. */
  groups: FifoGroups;
  /** FIFO: groups with a visible head and nothing in flight, in the order they became ready. */
  readyGroups: Deque<FifoGroup>;
  /** In-flight messages by receipt handle. */
  inFlight: ReceiptIndex<QueueMessage>;
  /**
   * Visibility deadlines (time, receipt) in time order. With one VisibilityTimeout they arrive in
   * order, so they go to a ring of typed arrays (O(1), nothing allocated per entry); a
   * ChangeMessageVisibility that lands earlier than the last deadline goes to the heap. Stale
   * entries (deleted, extended) are skipped when due.
   */
  visibilityAt: Float64Array;
  visibilityReceipt: Float64Array;
  /** Ring start and size (the capacity is a power of two). */
  visibilityHead: number;
  visibilitySize: number;
  visibilityTimers: { atMs: number; seq: number; receipt: number }[];
  delayTimers: { atMs: number; seq: number; message: QueueMessage }[];
  /** Every message in enqueue-time order (retention), with the sequence number it had then. */
  arrivalMessages: QueueMessage[];
  arrivalSequenceNumbers: number[];
  arrivalHead: number;
  /** FIFO: deduplication ids accepted within the interval, and until when. */
  dedup: DedupWindow;
  /** Parked long polls, oldest first (one per consumer). */
  pending: Deque<PendingReceive>;
  /** The earliest deadline in `pending` (+∞ when none): nextDueMs runs after every call. */
  pendingDueMs: number;
  /** The deadlines in `pending` do not decrease front to back (one WaitTimeSeconds: always). */
  isPendingSorted: boolean;
  /** Served polls' records, for the next ones to reuse. */
  sparePending: PendingReceive[];
  visibleCount: number;
  inFlightCount: number;
  delayedCount: number;
  nextSequenceNumber: number;
  timerSeq: number;
}

function isLive(q: SqsQueueState, m: QueueMessage): boolean {
  return m.queue === q.name && (m.state === 'available' || m.state === 'in-flight' || m.state === 'delayed');
}

function create(name: string, type: QueueType, settings: Record<string, unknown>): SqsQueueState {
  const schema = type === 'sqs-fifo' ? SqsFifoSchema : SqsStandardSchema;
  const parsed = v.safeParse(schema, { ...settings, name, type });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    throw new ScenarioError(`queue ${name}: ${path ? `${path}: ` : ''}${issue.message}`, `queues.${name}`);
  }
  const sqs = resolveSqsSettings(parsed.output);
  return {
    name,
    type,
    settings: describeSqsSettings(sqs),
    consumers: [],
    sqs,
    available: createDeque(),
    ghosts: createDeque(),
    groups: createFifoGroups(),
    readyGroups: createDeque(),
    inFlight: createReceiptIndex(),
    visibilityAt: new Float64Array(VISIBILITY_RING_MIN),
    visibilityReceipt: new Float64Array(VISIBILITY_RING_MIN),
    visibilityHead: 0,
    visibilitySize: 0,
    visibilityTimers: [],
    delayTimers: [],
    arrivalMessages: [],
    arrivalSequenceNumbers: [],
    arrivalHead: 0,
    dedup: createDedupWindow(),
    pending: createDeque(),
    pendingDueMs: Number.POSITIVE_INFINITY,
    isPendingSorted: true,
    sparePending: [],
    visibleCount: 0,
    inFlightCount: 0,
    delayedCount: 0,
    nextSequenceNumber: 0,
    timerSeq: 0,
  };
}

// ---- timers and the arrival order ----------------------------------------------------------

const VISIBILITY_RING_MIN = 64;

function pushVisibilityTimer(q: SqsQueueState, atMs: number, receipt: number): void {
  const size = q.visibilitySize;
  let mask = q.visibilityAt.length - 1;
  if (size === 0 || q.visibilityAt[(q.visibilityHead + size - 1) & mask] <= atMs) {
    if (size === q.visibilityAt.length) {
      // Full: double, unrolled from the head.
      const at = new Float64Array(size * 2);
      const receipts = new Float64Array(size * 2);
      for (let i = 0; i < size; i++) {
        const j = (q.visibilityHead + i) & mask;
        at[i] = q.visibilityAt[j];
        receipts[i] = q.visibilityReceipt[j];
      }
      q.visibilityAt = at;
      q.visibilityReceipt = receipts;
      q.visibilityHead = 0;
      mask = at.length - 1;
    }
    const j = (q.visibilityHead + size) & mask;
    q.visibilityAt[j] = atMs;
    q.visibilityReceipt[j] = receipt;
    q.visibilitySize = size + 1;
  } else heapPush(q.visibilityTimers, { atMs, seq: q.timerSeq++, receipt });
}

function visibilityDueMs(q: SqsQueueState): number {
  dropStaleVisibilityHead(q);
  const queued = q.visibilitySize > 0 ? q.visibilityAt[q.visibilityHead] : Number.POSITIVE_INFINITY;
  return Math.min(queued, heapTopMs(q.visibilityTimers));
}

/**
 * Drops deadlines at the front of the ring whose receipt was deleted, received again or given
 * another deadline since (advance would skip them when due): the ring then holds no more than
 * the messages from the oldest one still in flight on, instead of every receipt of the last
 * VisibilityTimeout, and no `queue-due` wakes for a deadline that no longer applies.
 */
function dropStaleVisibilityHead(q: SqsQueueState): void {
  const mask = q.visibilityAt.length - 1;
  while (q.visibilitySize > 0) {
    const receipt = q.visibilityReceipt[q.visibilityHead];
    const m = receiptGet(q.inFlight, receipt);
    if (m !== undefined && m.receipt === receipt && m.visibleAtMs === q.visibilityAt[q.visibilityHead])
      return;
    q.visibilityHead = (q.visibilityHead + 1) & mask;
    q.visibilitySize -= 1;
  }
  q.visibilityHead = 0;
}

/** The next due visibility deadline at or before `nowMs`, removed; null when none. */
function popVisibilityTimer(q: SqsQueueState, nowMs: number): { atMs: number; receipt: number } | null {
  const queued = q.visibilitySize > 0 ? q.visibilityAt[q.visibilityHead] : Number.POSITIVE_INFINITY;
  const heaped = heapTopMs(q.visibilityTimers);
  if (Math.min(queued, heaped) > nowMs) return null;
  if (heaped < queued) return heapPop(q.visibilityTimers)!;
  const out = { atMs: queued, receipt: q.visibilityReceipt[q.visibilityHead] };
  q.visibilityHead = (q.visibilityHead + 1) & (q.visibilityAt.length - 1);
  q.visibilitySize -= 1;
  if (q.visibilitySize === 0) q.visibilityHead = 0;
  return out;
}

function pushArrival(q: SqsQueueState, m: QueueMessage, isSorted: boolean): void {
  if (!isSorted) {
    q.arrivalMessages.push(m);
    q.arrivalSequenceNumbers.push(m.sequenceNumber);
    return;
  }
  // A standard DLQ keeps the original enqueue time: insert it at its place in time order.
  let lo = q.arrivalHead;
  let hi = q.arrivalMessages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q.arrivalMessages[mid].enqueuedAtMs <= m.enqueuedAtMs) lo = mid + 1;
    else hi = mid;
  }
  q.arrivalMessages.splice(lo, 0, m);
  q.arrivalSequenceNumbers.splice(lo, 0, m.sequenceNumber);
}

function popArrival(q: SqsQueueState): void {
  // Let go of the message at once: a popped slot would otherwise keep it alive (and promoted
  // to the old generation) until the next compaction.
  q.arrivalMessages[q.arrivalHead] = undefined as unknown as QueueMessage;
  q.arrivalHead += 1;
  if (q.arrivalHead === q.arrivalMessages.length) {
    clearArray(q.arrivalMessages);
    clearArray(q.arrivalSequenceNumbers);
    q.arrivalHead = 0;
  } else if (q.arrivalHead >= 4096 && q.arrivalHead * 2 >= q.arrivalMessages.length) {
    q.arrivalMessages.splice(0, q.arrivalHead);
    q.arrivalSequenceNumbers.splice(0, q.arrivalHead);
    q.arrivalHead = 0;
  }
}

function headOf(q: SqsQueueState, g: FifoGroup): QueueMessage | undefined {
  for (;;) {
    const m = peekFront(g.messages);
    if (m === undefined || (m.queue === q.name && m.state === 'available')) return m;
    popFront(g.messages);
  }
}

function markReady(q: SqsQueueState, g: FifoGroup): void {
  if (!g.isReady && g.inFlight === 0 && headOf(q, g) !== undefined) {
    g.isReady = true;
    pushBack(q.readyGroups, g);
  }
}

/** The message is visible now: back of the queue (standard), its place in its group (FIFO). */
function makeVisible(q: SqsQueueState, m: QueueMessage, isReturn: boolean): void {
  m.state = 'available';
  m.consumerId = null;
  m.visibleAtMs = -1;
  m.availableAtMs = -1;
  q.visibleCount += 1;
  if (!q.sqs.isFifo) {
    pushBack(q.available, m);
    return;
  }
  const g = groupFor(q.groups, m);
  m.fifoGroupHandle = g.handle;
  if (isReturn) insertSorted(g.messages, m, (x) => x.sequenceNumber);
  else pushBack(g.messages, m);
  markReady(q, g);
}

// ---- enqueue -----------------------------------------------------------------------------

function enqueue(q: SqsQueueState, m: QueueMessage, env: QueueEnv): EnqueueOutcome {
  const nowMs = env.nowMs;
  // A message moved from another queue (dead-lettered, or redriven back) is not a new send:
  // no deduplication, and (standard) a DLQ keeps its original enqueue timestamp.
  const isMove = m.queue !== '' && m.queue !== q.name;
  if (q.sqs.isFifo && !isMove) {
    // Content-based deduplication hashes the body; a message's body is its id here, so a
    // producer's retry of the same send carries the same content.
    const dedupId = m.deduplicationId ?? (q.sqs.isContentBasedDeduplication ? `sha256:${m.messageId}` : null);
    const untilMs = nowMs + DEDUPLICATION_INTERVAL_MS;
    if (
      dedupId !== null &&
      !(typeof dedupId === 'number'
        ? admitDeduplicationNumber(q.dedup, dedupId, nowMs, untilMs)
        : admitDeduplicationId(q.dedup, dedupId, nowMs, untilMs))
    ) {
      emitSent(q, m.messageId, 'deduplicated', env);
      return 'deduplicated';
    }
  }
  // A standard queue's DLQ keeps the original enqueue timestamp for retention; FIFO resets it.
  const keepsEnqueueTime = isMove && !q.sqs.isFifo && m.deadLetterSourceQueue === m.queue;
  if (!keepsEnqueueTime) m.enqueuedAtMs = nowMs;
  m.queue = q.name;
  m.sequenceNumber = q.nextSequenceNumber++;
  m.consumerId = null;
  m.receipt = -1;
  m.visibleAtMs = -1;
  pushArrival(q, m, keepsEnqueueTime);
  if (m.enqueuedAtMs + q.sqs.retentionMs <= nowMs) {
    expire(q, m, env);
    return 'dropped';
  }
  const availableAtMs =
    m.availableAtMs > nowMs && !q.sqs.isFifo
      ? m.availableAtMs
      : q.sqs.delayMs > 0
        ? nowMs + q.sqs.delayMs
        : -1;
  if (availableAtMs > nowMs) {
    m.state = 'delayed';
    m.availableAtMs = availableAtMs;
    q.delayedCount += 1;
    heapPush(q.delayTimers, { atMs: availableAtMs, seq: q.timerSeq++, message: m });
    emitSent(q, m.messageId, 'delayed', env);
    return 'delayed';
  }
  makeVisible(q, m, false);
  emitSent(q, m.messageId, 'enqueued', env);
  serve(q, env);
  return 'enqueued';
}

function emitSent(q: SqsQueueState, messageId: number, outcome: EnqueueOutcome, env: QueueEnv): void {
  if (env.wants('queue-sent')) env.emit({ type: 'queue-sent', queue: q.name, messageId, outcome });
}

// ---- receive -----------------------------------------------------------------------------

function popVisibleStandard(q: SqsQueueState): QueueMessage | undefined {
  for (;;) {
    const m = popFront(q.available);
    if (m === undefined || (m.queue === q.name && m.state === 'available')) return m;
  }
}

function deliverOne(
  q: SqsQueueState,
  m: QueueMessage,
  consumerId: string,
  visibilityTimeoutMs: number,
  env: QueueEnv,
  batch: Delivery[],
): void {
  const nowMs = env.nowMs;
  if (m.state === 'available') q.visibleCount -= 1;
  else receiptDelete(q.inFlight, m.receipt); // a duplicate copy of a message already in flight
  if (m.state !== 'in-flight') q.inFlightCount += 1;
  m.state = 'in-flight';
  m.receiveCount += 1;
  if (m.firstReceivedAtMs < 0) m.firstReceivedAtMs = nowMs;
  m.consumerId = consumerId;
  m.receipt = env.nextReceipt();
  m.visibleAtMs = nowMs + visibilityTimeoutMs;
  receiptSet(q.inFlight, m.receipt, m);
  pushVisibilityTimer(q, m.visibleAtMs, m.receipt);
  const redelivered = m.receiveCount > 1;
  batch.push({
    queue: q.name,
    consumerId,
    receipt: m.receipt,
    message: m,
    receiveCount: m.receiveCount,
    redelivered,
    receivedAtMs: nowMs,
  });
  if (env.wants('queue-received'))
    env.emit({
      type: 'queue-received',
      queue: q.name,
      consumerId,
      messageId: m.messageId,
      receiveCount: m.receiveCount,
      redelivered,
    });
}

/**
 * The receive that would exceed maxReceiveCount moves the message instead ("with maxReceiveCount
 * 5, a message received 6 times without a delete is moved").
 */
function isDueForDeadLetter(q: SqsQueueState, m: QueueMessage): boolean {
  return q.sqs.maxReceiveCount > 0 && m.receiveCount >= q.sqs.maxReceiveCount;
}

function moveToDeadLetterQueue(q: SqsQueueState, m: QueueMessage, env: QueueEnv): void {
  if (m.state === 'available') q.visibleCount -= 1;
  m.state = 'dead-lettered';
  m.consumerId = null;
  m.receipt = -1;
  m.fifoGroupHandle = -1; // a FIFO dead-letter queue gives it one of its own groups
  env.deadLetter(q.name, m, 'maxReceiveCount', { kind: 'queue', queue: q.sqs.deadLetterQueue! });
}

/**
 * Where `receiveNow` gathers a batch before copying it out at its size: an array grown by push
 * from empty takes room for 17, most of it unused by the batch of one or two that a consumer
 * keeping up receives. A receive nested in one (a message dead-lettered into a queue whose
 * poller is then served) gathers into an array of its own.
 */
const GATHER: Delivery[] = [];
let isGathering = false;

function receiveNow(
  q: SqsQueueState,
  consumerId: string,
  max: number,
  visibilityTimeoutMs: number,
  env: QueueEnv,
): Delivery[] {
  const limit = Math.max(1, Math.min(10, max));
  if (isGathering) {
    const own: Delivery[] = [];
    gatherInto(q, own, consumerId, limit, visibilityTimeoutMs, env);
    return own;
  }
  isGathering = true;
  try {
    gatherInto(q, GATHER, consumerId, limit, visibilityTimeoutMs, env);
    return GATHER.length === 0 ? [] : GATHER.slice();
  } finally {
    isGathering = false;
    clearArray(GATHER);
  }
}

function gatherInto(
  q: SqsQueueState,
  batch: Delivery[],
  consumerId: string,
  limit: number,
  visibilityTimeoutMs: number,
  env: QueueEnv,
): void {
  if (q.sqs.isFifo) {
    while (batch.length < limit && q.inFlightCount < q.sqs.inFlightLimit) {
      const g = peekFront(q.readyGroups);
      if (g === undefined) break;
      // "Tries to return as many messages with the same MessageGroupId as possible."
      while (batch.length < limit && q.inFlightCount < q.sqs.inFlightLimit) {
        const m = headOf(q, g);
        if (m === undefined) break;
        popFront(g.messages);
        if (isDueForDeadLetter(q, m)) {
          moveToDeadLetterQueue(q, m, env);
          continue;
        }
        g.inFlight += 1;
        deliverOne(q, m, consumerId, visibilityTimeoutMs, env, batch);
      }
      if (g.inFlight > 0 || headOf(q, g) === undefined) {
        popFront(q.readyGroups);
        g.isReady = false;
      }
    }
    return;
  }
  while (batch.length < limit) {
    const ghost = popFront(q.ghosts);
    if (ghost !== undefined) {
      if (ghost.queue === q.name && ghost.state === 'in-flight')
        deliverOne(q, ghost, consumerId, visibilityTimeoutMs, env, batch);
      continue;
    }
    // OverLimit: past the in-flight quota ReceiveMessage fails; the caller sees no messages.
    if (q.inFlightCount >= q.sqs.inFlightLimit) break;
    const m = popVisibleStandard(q);
    if (m === undefined) break;
    if (isDueForDeadLetter(q, m)) {
      moveToDeadLetterQueue(q, m, env);
      continue;
    }
    deliverOne(q, m, consumerId, visibilityTimeoutMs, env, batch);
    // At-least-once: "occasionally more than one copy of a message is delivered".
    if (q.sqs.duplicateDeliveryRate > 0 && env.rng.float() < q.sqs.duplicateDeliveryRate)
      pushBack(q.ghosts, m);
  }
}

function hasVisible(q: SqsQueueState): boolean {
  return q.visibleCount > 0 || dequeSize(q.ghosts) > 0;
}

/** Recomputes `pendingDueMs` and `isPendingSorted` from the parked polls. */
function updatePendingDue(q: SqsQueueState): void {
  let due = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let isSorted = true;
  const d = q.pending;
  for (let i = d.head; i < d.items.length; i++) {
    const deadlineMs = d.items[i].deadlineMs;
    if (deadlineMs < due) due = deadlineMs;
    if (deadlineMs < last) isSorted = false;
    last = deadlineMs;
  }
  q.pendingDueMs = due;
  q.isPendingSorted = isSorted;
}

/** Keeps the parked polls for which `keep` holds, in order. */
/** Keeps the parked polls `keep` accepts, in order, in one pass; returns the others. */
function keepPending(q: SqsQueueState, keep: (p: PendingReceive) => boolean): PendingReceive[] {
  const dropped: PendingReceive[] = [];
  const kept = createDeque<PendingReceive>();
  for (const p of dequeItems(q.pending)) {
    if (keep(p)) pushBack(kept, p);
    else dropped.push(p);
  }
  q.pending = kept;
  updatePendingDue(q);
  return dropped;
}

function parkPoll(
  q: SqsQueueState,
  consumerId: string,
  maxNumberOfMessages: number,
  visibilityTimeoutMs: number,
  deadlineMs: number,
): void {
  let p = q.sparePending.pop();
  if (p === undefined) p = { consumerId, maxNumberOfMessages, visibilityTimeoutMs, deadlineMs };
  else {
    p.consumerId = consumerId;
    p.maxNumberOfMessages = maxNumberOfMessages;
    p.visibilityTimeoutMs = visibilityTimeoutMs;
    p.deadlineMs = deadlineMs;
  }
  const d = q.pending;
  if (d.head < d.items.length && d.items[d.items.length - 1].deadlineMs > deadlineMs)
    q.isPendingSorted = false;
  pushBack(d, p);
  if (deadlineMs < q.pendingDueMs) q.pendingDueMs = deadlineMs;
}

/** Answers parked long polls, oldest first, while messages are visible. */
function serve(q: SqsQueueState, env: QueueEnv): void {
  while (dequeSize(q.pending) > 0 && hasVisible(q)) {
    const p = peekFront(q.pending)!;
    const batch = receiveNow(q, p.consumerId, p.maxNumberOfMessages, p.visibilityTimeoutMs, env);
    if (batch.length === 0) return;
    popFront(q.pending);
    if (q.isPendingSorted) {
      // The front held the earliest deadline; the next one holds it now.
      const next = peekFront(q.pending);
      q.pendingDueMs = next === undefined ? Number.POSITIVE_INFINITY : next.deadlineMs;
    } else if (p.deadlineMs === q.pendingDueMs) updatePendingDue(q);
    const consumerId = p.consumerId;
    if (q.sparePending.length < SPARE_PENDING_LIMIT) q.sparePending.push(p);
    env.deliver(consumerId, batch);
  }
}

const SPARE_PENDING_LIMIT = 64;

function receive(q: SqsQueueState, request: ReceiveRequest, env: QueueEnv): void {
  // A consumer has one ReceiveMessage call open at a time: a new one replaces its parked one.
  const consumerId = request.consumerId;
  const d = q.pending;
  for (let i = d.head; i < d.items.length; i++)
    if (d.items[i].consumerId === consumerId) {
      d.items.splice(i, 1);
      updatePendingDue(q);
      break;
    }
  const visibilityTimeoutMs =
    request.visibilityTimeoutSeconds === null
      ? q.sqs.visibilityTimeoutMs
      : request.visibilityTimeoutSeconds * 1000;
  const batch = receiveNow(q, consumerId, request.maxNumberOfMessages, visibilityTimeoutMs, env);
  const waitTimeSeconds = request.waitTimeSeconds;
  if (batch.length > 0 || waitTimeSeconds <= 0) {
    env.deliver(consumerId, batch);
    return;
  }
  parkPoll(
    q,
    consumerId,
    request.maxNumberOfMessages,
    visibilityTimeoutMs,
    env.nowMs + waitTimeSeconds * 1000,
  );
}

// ---- settle ------------------------------------------------------------------------------

/** Takes the message out of flight; FIFO: returns its group (null on a standard queue). */
function leaveInFlight(q: SqsQueueState, m: QueueMessage): FifoGroup | null {
  receiptDelete(q.inFlight, m.receipt);
  q.inFlightCount -= 1;
  if (!q.sqs.isFifo) return null;
  const g = groupOfHandle(q.groups, m.fifoGroupHandle);
  m.fifoGroupHandle = -1;
  g.inFlight -= 1;
  return g;
}

/**
 * After a message left flight: its FIFO group (given) may be ready, or hold nothing and go,
 * and an OverLimit poller may be served.
 */
function afterGroupRelease(q: SqsQueueState, g: FifoGroup | null, env: QueueEnv): void {
  if (g !== null && g.inFlight === 0 && !g.isReady) {
    // Nothing of it in flight: ready when it holds a visible message (markReady), else it goes.
    if (headOf(q, g) === undefined) dropGroup(q.groups, g);
    else {
      g.isReady = true;
      pushBack(q.readyGroups, g);
    }
  }
  serve(q, env);
}

function settle(
  q: SqsQueueState,
  consumerId: string,
  receipt: number,
  settlement: Settlement,
  env: QueueEnv,
): SettleOutcome {
  const m = receiptGet(q.inFlight, receipt);
  // DeleteMessage with an old receipt handle "succeeds, but the message will not be deleted".
  const outcome: SettleOutcome = m === undefined || m.receipt !== receipt ? 'stale-receipt' : 'ok';
  if (env.wants('queue-settled'))
    env.emit({
      type: 'queue-settled',
      queue: q.name,
      consumerId,
      messageId: m?.messageId ?? -1,
      settlement: settlement.kind,
      outcome,
    });
  if (m === undefined || outcome !== 'ok') return outcome;
  switch (settlement.kind) {
    case 'delete':
    case 'ack': {
      const g = leaveInFlight(q, m);
      m.state = 'deleted';
      m.consumerId = null;
      afterGroupRelease(q, g, env);
      return 'ok';
    }
    case 'nack':
      // SQS has no nack: "requeue" is ChangeMessageVisibility to 0; without it the message
      // simply stays invisible until its timeout runs out.
      if (settlement.requeue) changeVisibility(q, m, 0, env);
      return 'ok';
    case 'change-visibility':
      changeVisibility(q, m, settlement.visibilityTimeoutSeconds * 1000, env);
      return 'ok';
  }
}

/** ChangeMessageVisibility: the timer restarts now; 0 makes it visible at once. */
function changeVisibility(q: SqsQueueState, m: QueueMessage, timeoutMs: number, env: QueueEnv): void {
  if (timeoutMs <= 0) {
    afterGroupRelease(q, returnToQueue(q, m, env), env);
    return;
  }
  m.visibleAtMs = env.nowMs + timeoutMs;
  pushVisibilityTimer(q, m.visibleAtMs, m.receipt);
}

/** Visible again (FIFO: at its place in its group, which it returns). */
function returnToQueue(q: SqsQueueState, m: QueueMessage, env: QueueEnv): FifoGroup | null {
  const g = leaveInFlight(q, m);
  const messageId = m.messageId;
  m.receipt = -1;
  makeVisible(q, m, true);
  if (env.wants('queue-returned'))
    env.emit({ type: 'queue-returned', queue: q.name, messageId, reason: 'visibility-timeout' });
  return g;
}

// ---- time --------------------------------------------------------------------------------

function retentionDueMs(q: SqsQueueState): number {
  while (q.arrivalHead < q.arrivalMessages.length) {
    const m = q.arrivalMessages[q.arrivalHead];
    if (m.sequenceNumber === q.arrivalSequenceNumbers[q.arrivalHead] && isLive(q, m))
      return m.enqueuedAtMs + q.sqs.retentionMs;
    popArrival(q);
  }
  return Number.POSITIVE_INFINITY;
}

function nextDueMs(q: SqsQueueState): number {
  const due = Math.min(visibilityDueMs(q), heapTopMs(q.delayTimers), retentionDueMs(q));
  return Math.min(due, q.pendingDueMs);
}

function expire(q: SqsQueueState, m: QueueMessage, env: QueueEnv): void {
  if (m.state === 'available') q.visibleCount -= 1;
  else if (m.state === 'delayed') q.delayedCount -= 1;
  const wasInFlight = m.state === 'in-flight';
  const g = wasInFlight ? leaveInFlight(q, m) : null;
  m.fifoGroupHandle = -1;
  m.state = 'expired';
  m.consumerId = null;
  m.receipt = -1;
  if (env.wants('queue-dropped'))
    env.emit({
      type: 'queue-dropped',
      queue: q.name,
      messageId: m.messageId,
      reason: 'MessageRetentionPeriod',
    });
  if (wasInFlight) afterGroupRelease(q, g, env);
}

function advance(q: SqsQueueState, env: QueueEnv): void {
  const nowMs = env.nowMs;
  while (q.delayTimers.length > 0 && q.delayTimers[0].atMs <= nowMs) {
    const { message: m } = heapPop(q.delayTimers)!;
    if (m.queue !== q.name || m.state !== 'delayed') continue;
    q.delayedCount -= 1;
    makeVisible(q, m, false);
  }
  for (let t = popVisibilityTimer(q, nowMs); t !== null; t = popVisibilityTimer(q, nowMs)) {
    const { atMs, receipt } = t;
    const m = receiptGet(q.inFlight, receipt);
    if (m === undefined || m.receipt !== receipt || m.visibleAtMs !== atMs) continue;
    returnToQueue(q, m, env);
  }
  while (retentionDueMs(q) <= nowMs) {
    const message = q.arrivalMessages[q.arrivalHead];
    popArrival(q);
    expire(q, message, env);
  }
  serve(q, env);
  if (q.pendingDueMs <= nowMs) {
    // Parked polls whose WaitTimeSeconds ran out are answered empty; the rest stay, in order.
    const expired = keepPending(q, (p) => p.deadlineMs > nowMs);
    for (const p of expired) env.deliver(p.consumerId, []);
  }
}

// ---- consumers, moves, views -------------------------------------------------------------

function attach(q: SqsQueueState, consumer: QueueConsumer): void {
  q.consumers = q.consumers.filter((c) => c.consumerId !== consumer.consumerId);
  q.consumers.push({ ...consumer });
}

/** A poller that goes away leaves its in-flight messages to their visibility timeout. */
function detach(q: SqsQueueState, consumerId: string): void {
  q.consumers = q.consumers.filter((c) => c.consumerId !== consumerId);
  keepPending(q, (p) => p.consumerId !== consumerId);
}

function takeOldest(q: SqsQueueState, _env: QueueEnv): QueueMessage | null {
  if (!q.sqs.isFifo) {
    const m = popVisibleStandard(q);
    if (m === undefined) return null;
    q.visibleCount -= 1;
    m.state = 'deleted';
    return m;
  }
  for (let i = q.arrivalHead; i < q.arrivalMessages.length; i++) {
    const m = q.arrivalMessages[i];
    if (m.queue !== q.name || m.state !== 'available' || m.sequenceNumber !== q.arrivalSequenceNumbers[i])
      continue;
    const g = groupOfHandle(q.groups, m.fifoGroupHandle);
    removeWhere(g.messages, (x) => x === m);
    q.visibleCount -= 1;
    m.state = 'deleted';
    m.fifoGroupHandle = -1;
    if (g.isReady && headOf(q, g) === undefined) {
      g.isReady = false;
      removeWhere(q.readyGroups, (x) => x === g);
    }
    return m;
  }
  return null;
}

function oldestVisibleEnqueuedAtMs(q: SqsQueueState): number {
  let oldest = Number.POSITIVE_INFINITY;
  if (q.visibleCount === 0) return oldest;
  if (!q.sqs.isFifo) {
    const d = q.available;
    for (let i = d.head; i < d.items.length; i++) {
      const m = d.items[i];
      if (m.enqueuedAtMs < oldest && m.queue === q.name && m.state === 'available') oldest = m.enqueuedAtMs;
    }
    return oldest;
  }
  // A FIFO group's visible messages are in SequenceNumber order, so in enqueue order: its
  // first live one is its oldest.
  for (const g of liveGroups(q.groups)) {
    const d = g.messages;
    for (let i = d.head; i < d.items.length; i++) {
      const m = d.items[i];
      if (m.queue !== q.name || m.state !== 'available') continue;
      if (m.enqueuedAtMs < oldest) oldest = m.enqueuedAtMs;
      break;
    }
  }
  return oldest;
}

/** The oldest visible or in-flight message (ApproximateAgeOfOldestMessage counts both). */
function oldestEnqueuedAtMs(q: SqsQueueState): number {
  let oldest = oldestVisibleEnqueuedAtMs(q);
  for (const m of receiptValues(q.inFlight))
    if (m.enqueuedAtMs < oldest && m.queue === q.name && m.state === 'in-flight') oldest = m.enqueuedAtMs;
  return oldest;
}

function counts(q: SqsQueueState) {
  return { visible: q.visibleCount, inFlight: q.inFlightCount, delayed: q.delayedCount };
}

function viewOf(m: QueueMessage, isFifo: boolean): QueueMessageView {
  const out: QueueMessageView = {
    messageId: m.messageId,
    key: keyOf(m),
    state: m.state,
    receiveCount: m.receiveCount,
    sentAtMs: m.sentAtMs,
  };
  if (isFifo) out.messageGroupId = messageGroupIdOf(m);
  if (m.consumerId !== null) out.consumerId = m.consumerId;
  if (m.state === 'in-flight') out.visibleAtMs = m.visibleAtMs;
  if (m.state === 'delayed') out.availableAtMs = m.availableAtMs;
  if (m.deadLetterSourceQueue !== null) {
    out.deadLetterSourceQueue = m.deadLetterSourceQueue;
    out.deadLetteredAtMs = m.deadLetteredAtMs;
  }
  return out;
}

function view(q: SqsQueueState, _nowMs: number): QueueSnapshot {
  const messages: QueueMessageView[] = [];
  for (const m of receiptValues(q.inFlight)) {
    if (messages.length >= QUEUE_VIEW_LIMIT) break;
    messages.push(viewOf(m, q.sqs.isFifo));
  }
  for (const t of q.delayTimers) {
    if (messages.length >= QUEUE_VIEW_LIMIT) break;
    if (t.message.queue === q.name && t.message.state === 'delayed')
      messages.push(viewOf(t.message, q.sqs.isFifo));
  }
  const visible = q.sqs.isFifo ? [...liveGroups(q.groups)].map((g) => g.messages) : [q.available];
  for (const d of visible) {
    for (let i = d.head; i < d.items.length && messages.length < QUEUE_VIEW_LIMIT; i++) {
      const m = d.items[i];
      if (m.queue === q.name && m.state === 'available') messages.push(viewOf(m, q.sqs.isFifo));
    }
  }
  const consumers = q.consumers.map((c) => {
    let inFlight = 0;
    for (const m of receiptValues(q.inFlight)) if (m.consumerId === c.consumerId) inFlight += 1;
    return { consumerId: c.consumerId, groupId: c.groupId, prefetch: c.prefetch, inFlight };
  });
  return {
    name: q.name,
    type: q.type,
    visible: q.visibleCount,
    inFlight: q.inFlightCount,
    delayed: q.delayedCount,
    deadLetterTarget: q.sqs.deadLetterQueue,
    isDeadLetterQueue: false,
    messages,
    consumers,
    settings: { ...q.settings },
  };
}

function deadLetterTarget(q: SqsQueueState): DeadLetterTarget | null {
  return q.sqs.deadLetterQueue === null ? null : { kind: 'queue', queue: q.sqs.deadLetterQueue };
}

export const sqsBackend: QueueBackend<SqsQueueState> = {
  types: ['sqs-standard', 'sqs-fifo'],
  mode: 'pull',
  create,
  deadLetterTarget,
  enqueue,
  attach,
  detach,
  receive,
  settle,
  nextDueMs,
  advance,
  takeOldest,
  counts,
  oldestVisibleEnqueuedAtMs,
  oldestEnqueuedAtMs,
  view,
};

/** Test and inspector helper: the messages of one FIFO group still visible, in order. */
export function fifoGroupMessages(q: SqsQueueState, groupId: string): number[] {
  const g = findGroupById(q.groups, groupId);
  return g
    ? dequeItems(g.messages)
        .filter((m) => m.queue === q.name && m.state === 'available')
        .map((m) => m.messageId)
    : [];
}
