// What each element of the flow diagram offers where it stands: the menu model, pure. Given
// the element (a consumer, a partition, a group, a producer, the DLQ), the snapshot and the
// scenario document, it lists items with the accessible names tests and demos use
// ("Crash p-1 after process, before commit") and the fault or scenario edit each applies.
// Items that need a number ask for it (`value`) before they act.

import {
  ASSIGNOR_NAMES,
  type CrashPoint,
  type Fault,
  type MemberSnapshot,
  partitionForKey,
  type Scenario,
  type Snapshot,
  scenarioEdit,
} from '../engine';
import type { FlowTarget } from '../viz/flowModel';
import { exchangeMenu, queueConsumerMenu, queueMenu } from './queueMenu';

export type MenuAction =
  | { kind: 'fault'; fault: Fault }
  /** Shows a queue's messages with their receive counts and x-death history. */
  | { kind: 'inspect-queue'; queue: string }
  /** A scenario edit: the run restarts from t = 0 with the same seed. */
  | { kind: 'edit'; edit: (scenario: Scenario) => Scenario }
  | { kind: 'show-dlq' };

/** A number the item asks for before it acts (a dialog with a field, Apply and Cancel). */
export interface MenuValue {
  label: string;
  min: number;
  max: number;
  step: number;
  initial: number;
  act(value: number): MenuAction;
}

export interface MenuItem {
  name: string;
  action?: MenuAction;
  value?: MenuValue;
  isDisabled?: boolean;
}

export interface DiagramMenu {
  title: string;
  items: MenuItem[];
}

const CRASH_POINT_NAMES: Record<CrashPoint, string> = {
  now: 'now',
  'before-process': 'before process',
  'after-process-before-commit': 'after process, before commit',
  'after-commit-before-process-completes': 'after commit, before process completes',
};

/** How long "past the session timeout" pauses: the timeout plus 5 s, so the member is evicted. */
const PAUSE_MARGIN_MS = 5000;
const DEFAULT_SESSION_TIMEOUT_MS = 45_000;
const SLOW_FACTOR = 10;
const HOT_SHARE = 0.8;

/**
 * The first key `${prefix}${i}` that Kafka's default partitioner (murmur2 of the key bytes)
 * sends to `partition` of a topic with `partitions` partitions.
 */
export function keyForPartition(prefix: string, partition: number, partitions: number): string {
  for (let i = 0; ; i++) {
    const key = `${prefix}${i}`;
    if (partitionForKey(key, partitions) === partition) return key;
  }
}

const fault = (f: Fault): MenuAction => ({ kind: 'fault', fault: f });

function consumerMenu(m: MemberSnapshot, scenario: Scenario | null): DiagramMenu {
  const id = m.memberId;
  const isDown = m.state === 'Crashed' || m.state === 'Left';
  const items: MenuItem[] = [];
  if (!isDown)
    for (const point of Object.keys(CRASH_POINT_NAMES) as CrashPoint[])
      items.push({
        name: `Crash ${id} ${CRASH_POINT_NAMES[point]}`,
        action: fault({ type: 'crash-consumer', memberId: id, point }),
      });
  if (m.state === 'Crashed')
    items.push({ name: `Restart ${id}`, action: fault({ type: 'restart-consumer', memberId: id }) });
  if (!isDown) {
    items.push(
      m.processingFactor === 1
        ? {
            name: `Slow down ${id} ×${SLOW_FACTOR}`,
            action: fault({ type: 'slow-consumer', memberId: id, factor: SLOW_FACTOR }),
          }
        : {
            name: `Restore ${id} to normal speed`,
            action: fault({ type: 'slow-consumer', memberId: id, factor: 1 }),
          },
    );
    const sessionTimeoutMs =
      scenario?.groups.find((g) => g.groupId === m.groupId)?.['session.timeout.ms'] ??
      DEFAULT_SESSION_TIMEOUT_MS;
    items.push({
      name: `Pause ${id} past the session timeout`,
      isDisabled: m.state === 'Paused',
      action: fault({ type: 'pause-consumer', memberId: id, durationMs: sessionTimeoutMs + PAUSE_MARGIN_MS }),
    });
  }
  if (m.state !== 'Left')
    items.push({ name: `Remove ${id}`, action: fault({ type: 'remove-consumer', memberId: id }) });
  return { title: `Actions for consumer ${id}`, items };
}

function partitionMenu(snap: Snapshot, topic: string, partition: number): DiagramMenu {
  const name = `${topic}-${partition}`;
  const partitions = snap.topics.find((t) => t.name === topic)?.partitions ?? 1;
  const producer = snap.producers.find((p) => p.topic === topic);
  const items: MenuItem[] = [];
  if (producer) {
    items.push({
      name: `Send a hot key to ${name}`,
      action: fault({
        type: 'hot-key',
        key: keyForPartition('merchant-', partition, partitions),
        share: HOT_SHARE,
        producerId: producer.producerId,
      }),
    });
    items.push({
      name: `Publish a poison message to ${name}`,
      action: fault({
        type: 'poison-message',
        key: keyForPartition('order-poison-', partition, partitions),
        producerId: producer.producerId,
      }),
    });
  }
  const p = snap.partitions.find((x) => x.topic === topic && x.partition === partition);
  for (const g of snap.groups.filter((x) => x.topic === topic)) {
    const reset = (to: 'earliest' | 'latest' | number) =>
      fault({ type: 'reset-offsets', groupId: g.groupId, to, partition });
    items.push(
      { name: `Reset ${g.groupId} to earliest on ${name}`, action: reset('earliest') },
      { name: `Reset ${g.groupId} to latest on ${name}`, action: reset('latest') },
      {
        name: `Reset ${g.groupId} to an offset on ${name}…`,
        value: {
          label: `Offset on ${name}`,
          min: p?.logStartOffset ?? 0,
          max: p?.logEndOffset ?? 0,
          step: 1,
          initial: p?.committed[g.groupId] ?? 0,
          act: (offset) => reset(offset),
        },
      },
    );
  }
  return { title: `Actions for partition ${name}`, items };
}

function groupMenu(snap: Snapshot, groupId: string): DiagramMenu | null {
  const g = snap.groups.find((x) => x.groupId === groupId);
  if (!g) return null;
  const reset = (to: Extract<Fault, { type: 'reset-offsets' }>['to']) =>
    fault({ type: 'reset-offsets', groupId, to });
  const items: MenuItem[] = [
    { name: `Add a consumer to ${groupId}`, action: fault({ type: 'add-consumer', groupId }) },
    {
      name: `Deliver the next N records of ${groupId} twice…`,
      value: {
        label: 'Records delivered twice (N)',
        min: 1,
        max: 10_000,
        step: 1,
        initial: 10,
        act: (count) => fault({ type: 'duplicate-delivery', groupId, count }),
      },
    },
    { name: `Replay ${groupId} from earliest`, action: reset('earliest') },
    {
      name: `Replay ${groupId} from an offset…`,
      value: { label: 'Offset (every partition)', min: 0, max: 1e9, step: 1, initial: 0, act: reset },
    },
    {
      name: `Replay ${groupId} from a time…`,
      value: {
        label: 'Simulated time (s)',
        min: 0,
        max: Math.floor(snap.nowMs / 1000),
        step: 1,
        initial: Math.max(0, Math.floor(snap.nowMs / 1000) - 10),
        act: (seconds) => reset({ timestampMs: Math.round(seconds * 1000) }),
      },
    },
  ];
  for (const assignor of ASSIGNOR_NAMES)
    if (assignor !== g.protocol)
      items.push({
        name: `Change ${groupId} assignor to ${assignor} (restarts)`,
        action: {
          kind: 'edit',
          edit: (s) => scenarioEdit.setGroupConfig(s, groupId, { 'partition.assignment.strategy': assignor }),
        },
      });
  return { title: `Actions for group ${groupId}`, items };
}

function producerMenu(snap: Snapshot, producerId: string, scenario: Scenario | null): DiagramMenu | null {
  const p = snap.producers.find((x) => x.producerId === producerId);
  if (!p) return null;
  const index = scenario?.producers.findIndex((x) => x.id === producerId) ?? -1;
  const hotKey = p.hotKey?.key ?? 'merchant-42';
  const items: MenuItem[] = [
    {
      name: `Set ${producerId} rate…`,
      value: {
        label: 'Rate (msg/s)',
        min: 0,
        max: 100_000,
        step: 1,
        initial: p.ratePerSec,
        act: (ratePerSec) => fault({ type: 'set-rate', ratePerSec, producerId }),
      },
    },
    {
      name: `Set ${producerId} hot key share…`,
      value: {
        label: `Share of traffic for key ${hotKey} (%)`,
        min: 0,
        max: 100,
        step: 5,
        initial: Math.round((p.hotKey?.share ?? HOT_SHARE) * 100),
        act: (percent) => fault({ type: 'hot-key', key: hotKey, share: percent / 100, producerId }),
      },
    },
  ];
  if (p.hotKey)
    items.push({
      name: `Clear ${producerId} hot key`,
      action: fault({ type: 'hot-key', key: hotKey, share: 0, producerId }),
    });
  if (index >= 0) {
    const keys: [string, Scenario['producers'][number]['keys']][] = [
      ['uniform', { type: 'uniform', count: 5000, prefix: 'order-' }],
      ['Zipf', { type: 'zipf', count: 1000, exponent: 1.1, prefix: 'order-' }],
      ['null keys', { type: 'null' }],
    ];
    for (const [label, k] of keys)
      items.push({
        name: `${producerId} key distribution: ${label} (restarts)`,
        action: { kind: 'edit', edit: (s) => scenarioEdit.setProducerKeys(s, index, k) },
      });
  }
  return { title: `Actions for producer ${producerId}`, items };
}

function dlqMenu(snap: Snapshot): DiagramMenu {
  const isEmpty = snap.deadLetters.length === 0;
  return {
    title: 'Actions for the dead-letter queue',
    items: [
      { name: 'Inspect the dead-letter queue', action: { kind: 'show-dlq' } },
      { name: 'Redrive all dead letters', isDisabled: isEmpty, action: fault({ type: 'redrive' }) },
      { name: 'Purge the dead-letter queue', isDisabled: isEmpty, action: fault({ type: 'purge-dlq' }) },
    ],
  };
}

/** The menu of a diagram element, or null when it has none (a single record, a vanished id). */
export function menuFor(target: FlowTarget, snap: Snapshot, scenario: Scenario | null): DiagramMenu | null {
  switch (target.kind) {
    case 'member': {
      const m = snap.groups.flatMap((g) => g.members).find((x) => x.memberId === target.memberId);
      return m ? consumerMenu(m, scenario) : null;
    }
    case 'partition':
      return partitionMenu(snap, target.topic, target.partition);
    case 'group':
      return groupMenu(snap, target.groupId);
    case 'producer':
      return producerMenu(snap, target.producerId, scenario);
    case 'dlq':
      return dlqMenu(snap);
    case 'message':
      return null;
    case 'queue':
      return queueMenu(snap, target.queue);
    case 'queue-consumer':
      return queueConsumerMenu(snap, target.queue, target.consumerId);
    case 'exchange':
      return exchangeMenu(snap, target.exchange);
  }
}
