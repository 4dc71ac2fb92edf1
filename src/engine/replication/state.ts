// Replication state as plain data: brokers, and per partition its replicas with their log
// end offsets, the ISR, the leader and its epoch. A replica holds no records of its own:
// the partition's one shared log is the current leader's log, and a follower's log is the
// prefix [logStart, its log end offset) of it, so a fetch round only moves a number.

import type { Acks, EngineConfig } from '../scenario/config';
import type { BrokerState } from '../types';

export interface BrokerRt {
  id: number;
  state: BrokerState;
  /** slow-follower: a fetch round copies 1/factor of what a normal one does. */
  slowFactor: number;
  /** An isolate-broker fault: when the broker is reachable again (-1 when not isolated). */
  isolatedUntilMs: number;
}

export interface ReplicaSetRt {
  topic: string;
  partition: number;
  /** Broker ids, the preferred leader first. */
  replicas: number[];
  /** Log end offset per replica (same order); the leader's is the shared log's end. */
  leo: number[];
  /** When each replica last reached the leader's log end (replica.lag.time.max.ms counts from it). */
  lastCaughtUpMs: number[];
  inIsr: boolean[];
  /** Per replica that was down at an election: the new leader's log end it must truncate to on return (-1: none). */
  divergedAt: number[];
  /** Index into `replicas` of the leader; -1 while the partition is offline. */
  leader: number;
  leaderEpoch: number;
  highWatermark: number;
  /** acks=all records below this were acknowledged (the HW reached them with ISR ≥ min.insync.replicas). */
  ackedUpTo: number;
  offlineSinceMs: number;
  unavailableMs: number;
  minIsr: number;
  isUncleanAllowed: boolean;
}

/** A record the producer holds: refused, or removed by a truncation before it was acknowledged. */
export interface PendingSend {
  producerId: string;
  partition: number;
  messageId: number;
  key: string | null;
  producedAtMs: number;
  sizeBytes: number;
  isPoison: boolean;
  acks: Acks;
  deadlineMs: number;
}

export interface ReplicationRt {
  brokers: BrokerRt[];
  sets: Record<string, ReplicaSetRt[]>;
  pending: Record<string, PendingSend[]>;
  lagTimeMaxMs: number;
  acknowledgedLost: number;
  resent: number;
  notEnoughReplicas: number;
  expired: number;
  leaderElections: number;
  uncleanElections: number;
}

/** How often followers fetch from their leader, virtual ms (also the producer's retry.backoff.ms). */
export const FETCH_ROUND_MS = 50;
/** Records one fetch round copies per partition: replica.fetch.max.bytes (1 MiB) of 1 KiB records. */
export const FETCH_MAX_RECORDS = 1024;

/** Replicas of partition p on brokers p, p+1, … (mod brokers): Kafka's round-robin placement. */
export function placeReplicas(partition: number, factor: number, brokers: number): number[] {
  return Array.from({ length: factor }, (_, i) => (partition + i) % brokers);
}

export function createReplication(config: EngineConfig): ReplicationRt | null {
  const count = config.brokers;
  if (count === null) return null;
  const sets: Record<string, ReplicaSetRt[]> = {};
  const pending: Record<string, PendingSend[]> = {};
  for (const t of config.topics) {
    pending[t.name] = [];
    sets[t.name] = Array.from({ length: t.partitions }, (_, p) => {
      const replicas = placeReplicas(p, t.replicationFactor, count);
      return {
        topic: t.name,
        partition: p,
        replicas,
        leo: replicas.map(() => 0),
        lastCaughtUpMs: replicas.map(() => 0),
        inIsr: replicas.map(() => true),
        divergedAt: replicas.map(() => -1),
        leader: 0,
        leaderEpoch: 0,
        highWatermark: 0,
        ackedUpTo: 0,
        offlineSinceMs: -1,
        unavailableMs: 0,
        minIsr: t.minInsyncReplicas,
        isUncleanAllowed: t.isUncleanElectionEnabled,
      };
    });
  }
  return {
    brokers: Array.from({ length: count }, (_, id) => ({
      id,
      state: 'up' as const,
      slowFactor: 1,
      isolatedUntilMs: -1,
    })),
    sets,
    pending,
    lagTimeMaxMs: config.broker.replicaLagTimeMaxMs,
    acknowledgedLost: 0,
    resent: 0,
    notEnoughReplicas: 0,
    expired: 0,
    leaderElections: 0,
    uncleanElections: 0,
  };
}

export function isrCount(s: ReplicaSetRt): number {
  let n = 0;
  for (let i = 0; i < s.inIsr.length; i++) if (s.inIsr[i]) n += 1;
  return n;
}

export function isrBrokers(s: ReplicaSetRt): number[] {
  return s.replicas.filter((_, i) => s.inIsr[i]);
}

/**
 * Whether a produce with these acks is accepted now: a leader exists, and with acks=all the ISR
 * holds at least min.insync.replicas members. Returns the Kafka error otherwise.
 */
export function produceError(
  s: ReplicaSetRt,
  acks: Acks,
): 'NOT_LEADER_OR_FOLLOWER' | 'NOT_ENOUGH_REPLICAS' | null {
  if (s.leader < 0) return 'NOT_LEADER_OR_FOLLOWER';
  if (acks === -1 && isrCount(s) < s.minIsr) return 'NOT_ENOUGH_REPLICAS';
  return null;
}
