import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../engine';
import {
  CAPTION_TTL_MS,
  checkpointRecorder,
  emptyRecorder,
  expireCaption,
  MAX_DOTS,
  recordEvent,
  restoreRecorder,
} from './recorder';
import { Session } from './session';

const processed = (offset: number, atMs: number): SimEvent => ({
  type: 'processed',
  atMs,
  groupId: 'payments',
  memberId: 'p-1',
  topic: 'orders',
  partition: 0,
  offset,
  messageId: offset,
  startedAtMs: atMs - 5,
  appliedCount: 1,
  isDeduplicated: false,
});

describe('recorder activity', () => {
  it('keeps the newest processed dots when a burst exceeds the cap', () => {
    const r = emptyRecorder(1);
    // All inside the activity window, so pruning by time cannot make room.
    for (let o = 0; o < MAX_DOTS + 500; o++) recordEvent(r, processed(o, 1000));
    const offsets = r.activity.processed.map((d) => d.offset);
    expect(offsets.length).toBeLessThanOrEqual(MAX_DOTS);
    expect(offsets.at(-1)).toBe(MAX_DOTS + 499);
    expect(offsets[0]).toBeGreaterThan(0);
    // Still in order: the oldest went, nothing in between.
    expect(offsets.every((o, i) => i === 0 || o === offsets[i - 1] + 1)).toBe(true);
  });
});

describe('recorder checkpoints', () => {
  const stageP99Ms = { queueMs: 0, processingMs: 0, retriesMs: 0, dlqMs: 0, endToEndMs: 0 };
  const lagSample = (atMs: number) => ({
    atMs,
    lag: atMs,
    lagMs: 0,
    consumedPerSec: 0,
    p99Ms: 0,
    stageP99Ms,
  });

  it('keep growing lists by length and restore exactly what was there', () => {
    const r = emptyRecorder(1);
    r.lagHistory.payments = [lagSample(250), lagSample(500)];
    r.series.push({ atMs: 250, producedPerSec: 1, dlqDepth: 0, logEndOffsets: [3] });
    recordEvent(r, processed(0, 400));
    const cp = checkpointRecorder(r);
    // The live run goes on: more samples, more dots.
    r.lagHistory.payments.push(lagSample(750));
    r.series.push({ atMs: 500, producedPerSec: 2, dlqDepth: 0, logEndOffsets: [5] });
    recordEvent(r, processed(1, 700));
    const restored = restoreRecorder(cp);
    expect(restored.lagHistory.payments.map((x) => x.atMs)).toEqual([250, 500]);
    expect(restored.series.map((x) => x.atMs)).toEqual([250]);
    expect(restored.activity.processed.map((d) => d.offset)).toEqual([0]);
    // Each restore is independent: growing one does not touch the checkpoint or another.
    restored.lagHistory.payments.push(lagSample(999));
    restored.activity.processed.length = 0;
    const again = restoreRecorder(cp);
    expect(again.lagHistory.payments).toHaveLength(2);
    expect(again.activity.processed).toHaveLength(1);
  });
});

describe('recorder captions', () => {
  const caption = (text: string, atMs: number): SimEvent => ({ type: 'caption', atMs, text });

  it('clear after CAPTION_TTL_MS of simulated time', () => {
    const r = emptyRecorder(1);
    recordEvent(r, caption('p-1 will crash', 12_000));
    expireCaption(r, 12_000 + CAPTION_TTL_MS - 1);
    expect(r.caption).toBe('p-1 will crash');
    expireCaption(r, 12_000 + CAPTION_TTL_MS);
    expect(r.caption).toBeNull();
    expect(r.captionAtMs).toBeNull();
    // The event log keeps it.
    expect(r.log.map((e) => e.text)).toEqual(['p-1 will crash']);
  });

  it('a newer caption replaces the old one and gets its own time', () => {
    const r = emptyRecorder(1);
    recordEvent(r, caption('first', 1000));
    recordEvent(r, caption('second', 7000));
    expireCaption(r, 1000 + CAPTION_TTL_MS);
    expect(r.caption).toBe('second');
    expireCaption(r, 7000 + CAPTION_TTL_MS);
    expect(r.caption).toBeNull();
  });

  it('survive a checkpoint with their time', () => {
    const r = emptyRecorder(1);
    recordEvent(r, caption('kept', 2000));
    const restored = restoreRecorder(checkpointRecorder(r));
    expect(restored.caption).toBe('kept');
    expireCaption(restored, 2000 + CAPTION_TTL_MS);
    expect(restored.caption).toBeNull();
    expect(r.caption).toBe('kept');
  });

  it('show in frames while fresh, clear later, and come back on a seek (deterministic)', () => {
    const s = new Session('at-most-once', 1);
    s.advanceTo(12_500);
    const text = s.frame().caption;
    expect(text).toMatch(/p-1 will crash/);
    s.advanceTo(12_000 + CAPTION_TTL_MS + 500);
    expect(s.frame().caption).toBeNull();
    s.advanceTo(47_000);
    expect(s.frame().caption).toBeNull();
    s.seek(13_000);
    expect(s.frame().caption).toBe(text);
    s.seek(30_000);
    expect(s.frame().caption).toBeNull();
  });
});

describe('recorder transactions', () => {
  it('logs an aborted transaction and a fenced producer, not the routine commits', () => {
    const s = new Session('transactions-eos', 1);
    s.advanceTo(13_000);
    const lines = s
      .frame()
      .log.filter((e) => e.kind === 'transaction')
      .map((e) => e.text);
    expect(lines).toEqual([
      expect.stringMatching(
        /^payment-processor-p-1: transaction aborted \(\d+ records\) — initTransactions by a new instance/,
      ),
    ]);
    expect(s.sim.metrics().transactions!.commits).toBeGreaterThan(1);
    const r = emptyRecorder(1);
    recordEvent(r, {
      type: 'producer-fenced',
      atMs: 5000,
      transactionalId: 'payment-processor-p-2',
      holder: 'p-2',
      epoch: 0,
      currentEpoch: 1,
    });
    expect(r.log.map((e) => [e.kind, e.text])).toEqual([
      ['transaction', 'p-2: ProducerFencedException, epoch 0 fenced by 1'],
    ]);
  });
});

describe('recorder latency samples', () => {
  it('samples each stage p99 of every group, as metrics report it at that instant', () => {
    const session = new Session('retries-pile-up', 1);
    session.advanceTo(45_000);
    const frame = session.frame();
    const samples = frame.lagHistory.payments;
    const last = samples.at(-1)!;
    const latency = frame.metrics.groups.payments.latency;
    expect(last.atMs).toBe(45_000);
    expect(last.stageP99Ms).toEqual({
      queueMs: latency.queueMs.p99,
      processingMs: latency.processingMs.p99,
      retriesMs: latency.retriesMs.p99,
      dlqMs: latency.dlqMs.p99,
      endToEndMs: latency.endToEndMs.p99,
    });
    // The payment API degrades at 20 s and 40 s: the retries p99 grows over the run.
    const at = (ms: number) => samples.find((s) => s.atMs === ms)!.stageP99Ms.retriesMs;
    expect(at(45_000)).toBeGreaterThan(at(15_000));
  });
});
