// The lesson document: plain JSON an instructor can write by hand. A lesson names a
// scenario (a preset id or an inline scenario) and a list of steps; a step may ask a
// prediction whose answer is an *expression* over the engine's own metrics, snapshot or
// events, evaluated at the reveal (see answer.ts), never a number typed into the lesson.
// Validated with valibot like scenarios; every error names the field path
// ("lesson.steps.2.prediction.answer.value: …").

import * as v from 'valibot';
import type { Fault, SimEventType } from '../engine/index';
import { getPreset, KNOWN_EVENTS, parseFault, parseScenario, type Scenario } from '../engine/index';

// ---- Answer expressions ---------------------------------------------------------------

/** A numeric test, used by choice rules and `countWhere`. All given bounds must hold. */
export interface Cond {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  ne?: number;
}

/** Which events an event expression counts: since the step's action began, or the lesson's load. */
export type Since = 'step' | 'lesson';

/** Filters events by field (dotted paths allowed, e.g. `"fault.type"`). */
export type Where = Record<string, string | number | boolean>;

export type EventAgg = 'count' | 'sum' | 'max' | 'min' | 'first' | 'last';

/**
 * A value computed from the engine at the reveal. Values are numbers or lists of numbers
 * (a path through a list with `*` or a `[field=value]` filter gives a list).
 */
export type Expr =
  | { const: number }
  | { metric: string }
  | { snapshot: string }
  | { count: SimEventType; where?: Where; since?: Since }
  | { events: SimEventType; field: string; agg: EventAgg; where?: Where; since?: Since }
  | { delta: Expr }
  | { max: Expr }
  | { min: Expr }
  | { sum: Expr }
  | { argmax: Expr }
  | { countWhere: Expr; is: Cond }
  | { ratio: [Expr, Expr] }
  | { diff: [Expr, Expr] }
  | { times: [Expr, Expr] }
  | { cmp: [Expr, CmpOp, Expr] };

export type CmpOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

const finite = v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const slug = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-"'),
);

export const CondSchema = v.pipe(
  v.strictObject({
    gt: v.optional(finite),
    gte: v.optional(finite),
    lt: v.optional(finite),
    lte: v.optional(finite),
    eq: v.optional(finite),
    ne: v.optional(finite),
  }),
  v.check((c) => Object.keys(c).length > 0, 'a condition needs at least one of gt, gte, lt, lte, eq, ne'),
);

const EventTypeSchema = v.pipe(
  v.string(),
  v.check((t) => KNOWN_EVENTS.has(t), 'is not an engine event type'),
) as v.GenericSchema<SimEventType>;
const PathSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const WhereSchema = v.record(v.string(), v.union([v.string(), v.number(), v.boolean()]));
const SinceSchema = v.picklist(['step', 'lesson']);

export const ExprSchema: v.GenericSchema<Expr> = v.lazy(() =>
  v.union(
    [
      v.strictObject({ const: finite }),
      v.strictObject({ metric: PathSchema }),
      v.strictObject({ snapshot: PathSchema }),
      v.strictObject({
        count: EventTypeSchema,
        where: v.optional(WhereSchema),
        since: v.optional(SinceSchema),
      }),
      v.strictObject({
        events: EventTypeSchema,
        field: PathSchema,
        agg: v.picklist(['count', 'sum', 'max', 'min', 'first', 'last']),
        where: v.optional(WhereSchema),
        since: v.optional(SinceSchema),
      }),
      v.strictObject({ delta: ExprSchema }),
      v.strictObject({ max: ExprSchema }),
      v.strictObject({ min: ExprSchema }),
      v.strictObject({ sum: ExprSchema }),
      v.strictObject({ argmax: ExprSchema }),
      v.strictObject({ countWhere: ExprSchema, is: CondSchema }),
      v.strictObject({ ratio: v.tuple([ExprSchema, ExprSchema]) }),
      v.strictObject({ diff: v.tuple([ExprSchema, ExprSchema]) }),
      v.strictObject({ times: v.tuple([ExprSchema, ExprSchema]) }),
      v.strictObject({
        cmp: v.tuple([ExprSchema, v.picklist(['>', '>=', '<', '<=', '==', '!=']), ExprSchema]),
      }),
    ],
    'is not an answer expression (metric, snapshot, count, events, delta, max, min, sum, argmax, countWhere, ratio, diff, times, cmp or const)',
  ),
);

// ---- Faults and scenarios, validated by the engine's own parsers ----------------------

const FaultSchema = v.pipe(
  v.unknown(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      parseFault(dataset.value);
    } catch (error) {
      addIssue({ message: (error as Error).message });
    }
  }),
) as v.GenericSchema<Fault>;

const ScenarioRefSchema = v.pipe(
  v.union([v.string(), v.looseObject({})]),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      if (typeof dataset.value === 'string') getPreset(dataset.value);
      else parseScenario(dataset.value);
    } catch (error) {
      addIssue({ message: (error as Error).message });
    }
  }),
) as v.GenericSchema<string | Scenario>;

// ---- Steps and lessons ----------------------------------------------------------------

export const HIGHLIGHT_PARTS = [
  'producer',
  'partitions',
  'log',
  'offsets',
  'lag',
  'members',
  'rebalance',
  'commits',
  'sink',
  'latency',
  'throughput',
  'retry',
  'dlq',
  'retention',
  'key-inspector',
  'timeline',
] as const;
export type HighlightPart = (typeof HIGHLIGHT_PARTS)[number];

export const HighlightSchema = v.strictObject({
  partitions: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(0)))),
  members: v.optional(v.array(text(128))),
  groups: v.optional(v.array(text(64))),
  part: v.optional(v.picklist(HIGHLIGHT_PARTS)),
});

const ChoiceSchema = v.strictObject({ id: slug, label: text(200) });
const RuleSchema = v.strictObject({ choice: slug, if: v.optional(CondSchema) });
const WhySchema = v.tuple([text(240), text(240)]);

const ChoicePredictionSchema = v.pipe(
  v.strictObject({
    kind: v.literal('choice'),
    question: text(300),
    choices: v.pipe(v.array(ChoiceSchema), v.minLength(2), v.maxLength(6)),
    answer: v.strictObject({
      value: ExprSchema,
      /** First matching rule wins; a rule without `if` matches anything (put it last). */
      rule: v.pipe(v.array(RuleSchema), v.minLength(1), v.maxLength(6)),
      unit: v.optional(v.pipe(v.string(), v.maxLength(60))),
      decimals: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4))),
    }),
    /** The choice the lesson teaches; tests check the engine's rule picks it for every seed. */
    expect: slug,
    why: WhySchema,
  }),
  v.forward(
    v.check(
      (p) => p.answer.rule.every((r) => p.choices.some((c) => c.id === r.choice)),
      'names a choice that is not in choices',
    ),
    ['answer', 'rule'],
  ),
  v.forward(
    v.check((p) => p.choices.some((c) => c.id === p.expect), 'is not one of the choices'),
    ['expect'],
  ),
  v.forward(
    v.check((p) => new Set(p.choices.map((c) => c.id)).size === p.choices.length, 'has a duplicate id'),
    ['choices'],
  ),
);

const NumberPredictionSchema = v.pipe(
  v.strictObject({
    kind: v.literal('number'),
    question: text(300),
    answer: v.strictObject({
      value: ExprSchema,
      unit: v.optional(v.pipe(v.string(), v.maxLength(60))),
      decimals: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4))),
    }),
    /** How close a guess must be to count as right: relative (0.25 = ±25%) and/or absolute. */
    tolerance: v.optional(
      v.strictObject({
        ratio: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(10))),
        abs: v.optional(v.pipe(v.number(), v.minValue(0))),
      }),
    ),
    /** The range the lesson's point relies on; tests check the computed value falls in it. */
    expect: v.pipe(
      v.strictObject({ min: v.optional(finite), max: v.optional(finite) }),
      v.check((e) => e.min !== undefined || e.max !== undefined, 'needs min, max or both'),
    ),
    why: WhySchema,
  }),
);

export const PredictionSchema = v.variant('kind', [ChoicePredictionSchema, NumberPredictionSchema]);

export const AwaitSchema = v.pipe(
  v.strictObject({
    /** What the learner is asked to do with the diagram's own controls. */
    prompt: text(300),
    /** The fault the learner's action injects; also what SKIP (and a replay) injects for them. */
    fault: v.optional(FaultSchema),
    /** Fields of `fault` a seen fault must equal (default: every field given). */
    match: v.optional(v.array(v.string())),
    /** Or: wait until the engine emits this event (filtered by `where`); SKIP just moves on. */
    event: v.optional(EventTypeSchema),
    where: v.optional(WhereSchema),
  }),
  v.check((w) => (w.fault === undefined) !== (w.event === undefined), 'needs either a fault or an event'),
);

export const StepSchema = v.strictObject({
  title: v.optional(text(120)),
  narration: text(600),
  highlight: v.optional(HighlightSchema),
  /** Faults the lesson injects when the step's action begins (after any prediction). */
  inject: v.optional(v.pipe(v.array(FaultSchema), v.maxLength(20))),
  await: v.optional(AwaitSchema),
  /** How long the simulation runs for this step, in virtual ms. */
  runMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3_600_000)),
  prediction: v.optional(PredictionSchema),
});

export const LessonSchema = v.strictObject({
  id: slug,
  title: text(120),
  concept: text(400),
  /** Which index section the lesson sits in (see TRACKS in curriculum/index.ts). */
  track: slug,
  scenario: ScenarioRefSchema,
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-(2 ** 31)), v.maxValue(2 ** 31))),
  steps: v.pipe(v.array(StepSchema), v.minLength(1), v.maxLength(40)),
  outro: v.optional(text(600)),
});

export type Highlight = v.InferOutput<typeof HighlightSchema>;
export type Prediction = v.InferOutput<typeof PredictionSchema>;
export type ChoicePrediction = Extract<Prediction, { kind: 'choice' }>;
export type NumberPrediction = Extract<Prediction, { kind: 'number' }>;
export type LessonAwait = v.InferOutput<typeof AwaitSchema>;
export type LessonStep = v.InferOutput<typeof StepSchema>;
export type Lesson = v.InferOutput<typeof LessonSchema>;
/** A lesson as written (before validation): what curriculum files and instructors' JSON hold. */
export type LessonDocument = v.InferInput<typeof LessonSchema>;

/** Thrown for an invalid lesson (or progress document); `path` names the first bad field. */
export class LessonError extends Error {
  override name = 'LessonError';
  constructor(
    message: string,
    readonly path: string,
    readonly issues: string[] = [message],
  ) {
    super(message);
  }
}

export function describeIssues(issues: v.BaseIssue<unknown>[], root: string): LessonError {
  const lines = issues.map((issue) => {
    const path = v.getDotPath(issue);
    return `${path ? `${root}.${path}` : root}: ${issue.message}`;
  });
  const firstPath = v.getDotPath(issues[0]);
  return new LessonError(lines.slice(0, 5).join('; '), firstPath ? `${root}.${firstPath}` : root, lines);
}

/** Validates a lesson document; throws a LessonError naming the field on failure. */
export function parseLesson(input: unknown): Lesson {
  const result = v.safeParse(LessonSchema, input);
  if (!result.success) throw describeIssues(result.issues, 'lesson');
  return result.output;
}

/** The lesson's scenario as a validated document (a preset id resolves to the preset). */
export function lessonScenario(lesson: Lesson): Scenario {
  return typeof lesson.scenario === 'string' ? getPreset(lesson.scenario) : parseScenario(lesson.scenario);
}
