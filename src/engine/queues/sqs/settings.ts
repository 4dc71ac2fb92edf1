// Amazon SQS queue attributes under their API names, with AWS's ranges and defaults
// (domain.md §7, §11): VisibilityTimeout 0–43200 s (30), DelaySeconds 0–900 (0),
// MessageRetentionPeriod 60–1209600 s (345600, 4 days), ReceiveMessageWaitTimeSeconds 0–20
// (0), RedrivePolicy { deadLetterTargetArn, maxReceiveCount 1–1000 }. Two engine settings
// sit beside them: the in-flight quota (120,000 standard, 20,000 FIFO) and the standard
// queue's occasional duplicate delivery, off by default.

import * as v from 'valibot';

const seconds = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** A queue name or its ARN (`arn:aws:sqs:region:account:name`); the engine keeps the name. */
const queueRef = v.pipe(v.string(), v.minLength(1), v.maxLength(256));

export const RedrivePolicySchema = v.strictObject({
  deadLetterTargetArn: queueRef,
  maxReceiveCount: seconds(1, 1000),
});

const sqsName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(80),
  v.regex(
    /^[A-Za-z0-9_-]+(\.fifo)?$/,
    'SQS queue names use letters, digits, "-" and "_" (FIFO: ending in .fifo)',
  ),
);

const common = {
  name: sqsName,
  VisibilityTimeout: v.optional(seconds(0, 43_200)),
  DelaySeconds: v.optional(seconds(0, 900)),
  MessageRetentionPeriod: v.optional(seconds(60, 1_209_600)),
  ReceiveMessageWaitTimeSeconds: v.optional(seconds(0, 20)),
  RedrivePolicy: v.optional(RedrivePolicySchema),
  /** Engine setting: the in-flight quota (AWS: 120,000 standard, 20,000 FIFO), `OverLimit` past it. */
  inFlightLimit: v.optional(seconds(1, 120_000)),
};

export const SqsStandardSchema = v.strictObject({
  ...common,
  type: v.literal('sqs-standard'),
  /** Engine setting: share of receives that also leave a second copy visible (at-least-once). */
  duplicateDeliveryRate: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1))),
});

export const SqsFifoSchema = v.pipe(
  v.strictObject({
    ...common,
    type: v.literal('sqs-fifo'),
    FifoQueue: v.optional(v.literal(true)),
    ContentBasedDeduplication: v.optional(v.boolean()),
  }),
  v.forward(
    v.check((q) => q.name.endsWith('.fifo'), 'a FIFO queue name must end in ".fifo"'),
    ['name'],
  ),
);

export type SqsStandardInput = v.InferInput<typeof SqsStandardSchema>;
export type SqsFifoInput = v.InferInput<typeof SqsFifoSchema>;

export interface SqsSettings {
  isFifo: boolean;
  visibilityTimeoutMs: number;
  delayMs: number;
  retentionMs: number;
  waitTimeSeconds: number;
  /** RedrivePolicy: 0 without one. */
  maxReceiveCount: number;
  deadLetterQueue: string | null;
  inFlightLimit: number;
  duplicateDeliveryRate: number;
  isContentBasedDeduplication: boolean;
}

/** `arn:aws:sqs:us-east-1:123456789012:orders-dlq` → `orders-dlq`; a bare name stays. */
export function queueNameOf(ref: string): string {
  return ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf(':') + 1) : ref;
}

export function resolveSqsSettings(input: SqsStandardInput | SqsFifoInput): SqsSettings {
  const isFifo = input.type === 'sqs-fifo';
  return {
    isFifo,
    visibilityTimeoutMs: (input.VisibilityTimeout ?? 30) * 1000,
    delayMs: (input.DelaySeconds ?? 0) * 1000,
    retentionMs: (input.MessageRetentionPeriod ?? 345_600) * 1000,
    waitTimeSeconds: input.ReceiveMessageWaitTimeSeconds ?? 0,
    maxReceiveCount: input.RedrivePolicy?.maxReceiveCount ?? 0,
    deadLetterQueue: input.RedrivePolicy ? queueNameOf(input.RedrivePolicy.deadLetterTargetArn) : null,
    inFlightLimit: input.inFlightLimit ?? (isFifo ? 20_000 : 120_000),
    duplicateDeliveryRate: input.type === 'sqs-standard' ? (input.duplicateDeliveryRate ?? 0) : 0,
    isContentBasedDeduplication:
      input.type === 'sqs-fifo' ? (input.ContentBasedDeduplication ?? false) : false,
  };
}

/** The attributes as the inspector lists them (real names, seconds as AWS shows them). */
export function describeSqsSettings(s: SqsSettings): Record<string, number | string | boolean | null> {
  return {
    VisibilityTimeout: s.visibilityTimeoutMs / 1000,
    DelaySeconds: s.delayMs / 1000,
    MessageRetentionPeriod: s.retentionMs / 1000,
    ReceiveMessageWaitTimeSeconds: s.waitTimeSeconds,
    'RedrivePolicy.deadLetterTargetArn': s.deadLetterQueue,
    'RedrivePolicy.maxReceiveCount': s.maxReceiveCount > 0 ? s.maxReceiveCount : null,
    inFlightLimit: s.inFlightLimit,
    ...(s.isFifo
      ? { FifoQueue: true, ContentBasedDeduplication: s.isContentBasedDeduplication }
      : { duplicateDeliveryRate: s.duplicateDeliveryRate }),
  };
}
