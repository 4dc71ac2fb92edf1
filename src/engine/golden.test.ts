// Golden event traces: the determinism contract across refactors. Every preset runs with
// three seeds and one fixed fault schedule; the whole event stream (and the final metrics)
// is hashed. A refactor must leave every hash unchanged; a bug fix that changes one names
// the fix in its commit and re-records with `QS_RECORD_GOLDEN=1 npx vitest run golden`.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listPresets } from './scenario/presets';
import { createSimulation, type Simulation } from './simulation';
import type { Fault } from './types';

const FILE = new URL('../../test/golden/traces.json', import.meta.url);
const SEEDS = [1, 2, 3];
const RUN_MS = 60_000;

/** The nth member of the first group that is still alive when the fault fires. */
function liveMember(sim: Simulation, nth: number): string | undefined {
  const snap = sim.snapshot();
  // A scenario with queues only: the consumers of its first consumed queue.
  const live = snap.groups[0]
    ? snap.groups[0].members.filter((m) => m.state !== 'Left' && m.state !== 'Crashed')
    : snap.queues
        ?.find((q) => q.consumers.length > 0)
        ?.consumers.filter((c) => c.state !== 'Stopped' && c.state !== 'Crashed')
        .map((c) => ({ memberId: c.consumerId }));
  return live && live.length > 0 ? live[nth % live.length].memberId : undefined;
}

function firstGroup(sim: Simulation): string {
  const snap = sim.snapshot();
  return (
    snap.groups[0]?.groupId ?? snap.queues?.find((q) => q.consumers.length > 0)?.consumers[0].groupId ?? ''
  );
}

/** One fixed schedule that touches every fault family, resolved against the live state. */
const SCHEDULE: { atMs: number; fault: (sim: Simulation) => Fault | undefined }[] = [
  {
    atMs: 6_000,
    fault: (s) => ({
      type: 'crash-consumer',
      memberId: liveMember(s, 0) ?? '',
      point: 'after-process-before-commit',
    }),
  },
  { atMs: 9_000, fault: (s) => ({ type: 'duplicate-delivery', groupId: firstGroup(s), count: 5 }) },
  { atMs: 11_000, fault: () => ({ type: 'poison-message', key: 'golden-poison' }) },
  { atMs: 13_000, fault: () => ({ type: 'hot-key', key: 'golden-hot', share: 0.4 }) },
  { atMs: 15_000, fault: (s) => ({ type: 'slow-consumer', memberId: liveMember(s, 1) ?? '', factor: 4 }) },
  {
    atMs: 18_000,
    fault: (s) => ({ type: 'pause-consumer', memberId: liveMember(s, 0) ?? '', durationMs: 20_000 }),
  },
  {
    atMs: 22_000,
    fault: (s) => ({
      type: 'crash-consumer',
      memberId: liveMember(s, 1) ?? '',
      point: 'after-commit-before-process-completes',
      restartAfterMs: 4_000,
    }),
  },
  { atMs: 26_000, fault: (s) => ({ type: 'add-consumer', groupId: firstGroup(s) }) },
  { atMs: 30_000, fault: () => ({ type: 'failure-rate', rate: 0.2 }) },
  { atMs: 34_000, fault: (s) => ({ type: 'reset-offsets', groupId: firstGroup(s), to: 'earliest' }) },
  { atMs: 40_000, fault: () => ({ type: 'failure-rate', rate: 0 }) },
  { atMs: 42_000, fault: () => ({ type: 'redrive', ratePerSec: 20 }) },
  { atMs: 45_000, fault: (s) => ({ type: 'remove-consumer', memberId: liveMember(s, 2) ?? '' }) },
];

function trace(preset: string, seed: number): string {
  const hash = createHash('sha256');
  const sim = createSimulation(preset, { seed });
  sim.on('*', (e) => hash.update(`${JSON.stringify(e)}\n`));
  for (const step of SCHEDULE) {
    sim.advance(step.atMs - sim.now);
    const fault = step.fault(sim);
    try {
      hash.update(`inject ${sim.inject(fault)}\n`);
    } catch (error) {
      hash.update(`rejected ${(error as Error).message}\n`);
    }
  }
  sim.advance(RUN_MS - sim.now);
  hash.update(JSON.stringify(sim.metrics()));
  hash.update(JSON.stringify(sim.snapshot()));
  return hash.digest('hex').slice(0, 16);
}

const RECORDING = process.env.QS_RECORD_GOLDEN === '1';
const PRESET_IDS = listPresets().map((p) => p.id);

function recorded(): Record<string, string> {
  expect(existsSync(FILE), 'test/golden/traces.json is missing: record it').toBe(true);
  return JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
}

describe.skipIf(RECORDING)('golden event traces', () => {
  it('the recording has one key per preset × seed, no more, no less', () => {
    const keys = PRESET_IDS.flatMap((id) => SEEDS.map((seed) => `${id}#${seed}`));
    expect(Object.keys(recorded()).sort()).toEqual(keys.sort());
  });

  // One test per preset, so a slow machine never runs into the per-test timeout.
  it.each(PRESET_IDS)('%s × 3 seeds × the fault schedule gives the recorded event stream', (id) => {
    const expected = recorded();
    for (const seed of SEEDS) expect.soft(trace(id, seed), `${id}#${seed}`).toBe(expected[`${id}#${seed}`]);
  });
});

describe.runIf(RECORDING)('golden event traces (recording)', () => {
  it('records every preset × 3 seeds', () => {
    const out: Record<string, string> = {};
    for (const id of PRESET_IDS) for (const seed of SEEDS) out[`${id}#${seed}`] = trace(id, seed);
    writeFileSync(FILE, `${JSON.stringify(out, null, 2)}\n`);
  }, 600_000);
});
