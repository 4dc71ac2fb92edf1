// What the snapshot shows of a Kafka share group (KIP-932), as plain data: per
// share-partition the start and end offsets (SPSO, SPEO) and the records in flight between
// them. The strip in the diagram and the inspector read these; the fields are optional on
// `GroupSnapshot`, so snapshots of ordinary consumer groups do not change.

export type ShareRecordState = 'Available' | 'Acquired' | 'Acknowledged' | 'Archived';

export type AcknowledgeType = 'ACCEPT' | 'RELEASE' | 'REJECT';

export interface ShareSettings {
  'share.record.lock.duration.ms': number;
  'share.delivery.count.limit': number;
  'share.acknowledgement.mode': 'implicit' | 'explicit';
  'share.auto.offset.reset': 'earliest' | 'latest';
  'group.share.partition.max.record.locks': number;
  'max.poll.records': number;
  /** What the application acknowledges a poison record with (explicit mode). */
  onPoison: 'REJECT' | 'RELEASE';
}

export interface ShareRecordView {
  offset: number;
  messageId: number;
  state: ShareRecordState;
  deliveryCount: number;
  /** Acquired: the consumer holding the lock, and when the lock runs out. */
  memberId?: string;
  lockUntilMs?: number;
}

export interface SharePartitionView {
  partition: number;
  /** Share-partition start offset: every record below it is acknowledged or archived. */
  spso: number;
  /** Share-partition end offset: records from here on were never acquired. */
  speo: number;
  /** The records between SPSO and SPEO that are not Available-and-never-touched, oldest first. */
  records: ShareRecordView[];
  /** The latest archived records (also those SPSO has moved past), newest last. */
  archived: ShareRecordView[];
  acquiredCount: number;
  archivedCount: number;
}

export interface ShareGroupView {
  settings: ShareSettings;
  partitions: SharePartitionView[];
}

/** How many records one share-partition lists in `records`; the counts stay exact. */
export const SHARE_VIEW_LIMIT = 200;
