// Public shapes of replication in snapshot() and metrics(), re-exported by types.ts.

export type BrokerState = 'up' | 'crashed' | 'isolated';

export interface BrokerSnapshot {
  id: number;
  state: BrokerState;
  /** slow-follower factor (1 = normal). */
  slowFactor: number;
}

export interface ReplicationMetrics {
  /** Records a producer was told were written (acks=0/1 on send, acks=all at the HW) that no replica kept. */
  acknowledgedLost: number;
  /** Unacknowledged acks=all records a truncation removed; the producer sends them again. */
  resent: number;
  /** Records refused with NOT_ENOUGH_REPLICAS at their first send (acks=all, ISR below min.insync.replicas). */
  notEnoughReplicas: number;
  /** Records the producer gave up on after delivery.timeout.ms (it was told they failed). */
  expired: number;
  /** Records waiting in the producer for a writable partition. */
  pending: number;
  offlinePartitions: number;
  /** Partitions whose ISR is smaller than their replica count. */
  underReplicated: number;
  /** Partitions whose ISR is below min.insync.replicas (acks=all writes refused). */
  underMinIsr: number;
  /** Sum over partitions of the time spent offline (no leader), ms. */
  unavailableMs: number;
  leaderElections: number;
  uncleanElections: number;
}
