// Evaluates a lesson's answer expressions against what the engine reports at the reveal:
// its metrics, its snapshot, the events recorded since the lesson loaded, and the metrics
// and snapshot taken when the step's action began (for `delta`). Then it judges a guess.
// Nothing here knows a correct answer in advance: the engine's figures decide.

import type { Metrics, SimEvent, SimEventType, Snapshot } from '../engine/index';
import type { Cond, Expr, Prediction, Where } from './schema';

export type Value = number | number[];

/** What an expression can see. `start` is the state when the step's action began. */
export interface EvalContext {
  metrics: Metrics;
  snapshot: Snapshot;
  events: readonly SimEvent[];
  stepStartMs: number;
  start: { metrics: Metrics; snapshot: Snapshot };
}

export class AnswerError extends Error {
  override name = 'AnswerError';
}

/**
 * Reads a dotted path: `groups.payments.lag`, `partitions.*.logEndOffset`,
 * `groups.[groupId=payments].members.*.assigned`. `*` maps over a list and `[field=value]`
 * filters one, giving a list of numbers; a list of objects reads as its length.
 */
export function readPath(root: unknown, path: string): Value {
  let values: unknown[] = [root];
  let isList = false;
  for (const segment of path.split('.')) {
    const filter = /^\[([^=\]]+)=([^\]]*)\]$/.exec(segment);
    if (segment === '*') {
      values = values.flatMap((x) => (Array.isArray(x) ? x : []));
      isList = true;
    } else if (filter) {
      const [, field, wanted] = filter;
      values = values.flatMap((x) =>
        Array.isArray(x) ? x.filter((item) => String(readField(item, field)) === wanted) : [],
      );
      isList = true;
    } else {
      values = values.map((x) => readField(x, segment));
    }
  }
  if (isList) return values.map((x) => toNumber(x, path));
  if (values.length !== 1) throw new AnswerError(`"${path}" does not name one value`);
  const [only] = values;
  // A list of numbers (lagByPartition) is a list; any other list reads as its length.
  if (Array.isArray(only) && only.length > 0 && only.every((x) => typeof x === 'number')) return only;
  return toNumber(only, path);
}

function readField(x: unknown, field: string): unknown {
  if (x === null || typeof x !== 'object') return undefined;
  return (x as Record<string, unknown>)[field];
}

function toNumber(x: unknown, path: string): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (Array.isArray(x)) return x.length;
  if (x === null) return 0;
  throw new AnswerError(`"${path}" is not a number (got ${x === undefined ? 'nothing' : typeof x})`);
}

function readDotted(x: unknown, path: string): unknown {
  let cur = x;
  for (const part of path.split('.')) cur = readField(cur, part);
  return cur;
}

/** Does an event carry every `where` value (dotted paths allowed)? */
export function eventMatches(event: SimEvent, where: Where | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([path, wanted]) => readDotted(event, path) === wanted);
}

function selectEvents(
  ctx: EvalContext,
  type: SimEventType,
  where?: Where,
  since: 'step' | 'lesson' = 'step',
) {
  return ctx.events.filter(
    (e) => e.type === type && (since === 'lesson' || e.atMs >= ctx.stepStartMs) && eventMatches(e, where),
  );
}

function scalar(value: Value, what: string): number {
  if (Array.isArray(value)) throw new AnswerError(`${what} needs one number, got a list`);
  return value;
}

function list(value: Value): number[] {
  return Array.isArray(value) ? value : [value];
}

function zip(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (!Array.isArray(a) && !Array.isArray(b)) return f(a, b);
  const xs = list(a);
  const ys = list(b);
  const n = Math.max(xs.length, ys.length);
  return Array.from({ length: n }, (_, i) =>
    f(xs[xs.length === 1 ? 0 : i] ?? 0, ys[ys.length === 1 ? 0 : i] ?? 0),
  );
}

export function holds(cond: Cond, x: number): boolean {
  return (
    (cond.gt === undefined || x > cond.gt) &&
    (cond.gte === undefined || x >= cond.gte) &&
    (cond.lt === undefined || x < cond.lt) &&
    (cond.lte === undefined || x <= cond.lte) &&
    (cond.eq === undefined || x === cond.eq) &&
    (cond.ne === undefined || x !== cond.ne)
  );
}

export function evaluate(expr: Expr, ctx: EvalContext): Value {
  if ('const' in expr) return expr.const;
  if ('metric' in expr) return readPath(ctx.metrics, expr.metric);
  if ('snapshot' in expr) return readPath(ctx.snapshot, expr.snapshot);
  if ('count' in expr) return selectEvents(ctx, expr.count, expr.where, expr.since).length;
  if ('events' in expr) {
    const xs = selectEvents(ctx, expr.events, expr.where, expr.since).map((e) => {
      const raw = readDotted(e, expr.field);
      return toNumber(raw, `${expr.events}.${expr.field}`);
    });
    switch (expr.agg) {
      case 'count':
        return xs.length;
      case 'sum':
        return xs.reduce((a, b) => a + b, 0);
      case 'max':
        return xs.length ? Math.max(...xs) : 0;
      case 'min':
        return xs.length ? Math.min(...xs) : 0;
      case 'first':
        if (!xs.length) throw new AnswerError(`no "${expr.events}" event to read ${expr.field} from`);
        return xs[0];
      case 'last':
        if (!xs.length) throw new AnswerError(`no "${expr.events}" event to read ${expr.field} from`);
        return xs[xs.length - 1];
    }
  }
  if ('delta' in expr) {
    const before = evaluate(expr.delta, { ...ctx, metrics: ctx.start.metrics, snapshot: ctx.start.snapshot });
    return zip(evaluate(expr.delta, ctx), before, (a, b) => a - b);
  }
  if ('max' in expr) {
    const xs = list(evaluate(expr.max, ctx));
    return xs.length ? Math.max(...xs) : 0;
  }
  if ('min' in expr) {
    const xs = list(evaluate(expr.min, ctx));
    return xs.length ? Math.min(...xs) : 0;
  }
  if ('sum' in expr) return list(evaluate(expr.sum, ctx)).reduce((a, b) => a + b, 0);
  if ('argmax' in expr) {
    const xs = list(evaluate(expr.argmax, ctx));
    return xs.indexOf(Math.max(...xs));
  }
  if ('countWhere' in expr)
    return list(evaluate(expr.countWhere, ctx)).filter((x) => holds(expr.is, x)).length;
  if ('ratio' in expr)
    return zip(evaluate(expr.ratio[0], ctx), evaluate(expr.ratio[1], ctx), (a, b) => (b === 0 ? 0 : a / b));
  if ('diff' in expr) return zip(evaluate(expr.diff[0], ctx), evaluate(expr.diff[1], ctx), (a, b) => a - b);
  if ('times' in expr)
    return zip(evaluate(expr.times[0], ctx), evaluate(expr.times[1], ctx), (a, b) => a * b);
  const [left, op, right] = expr.cmp;
  const a = scalar(evaluate(left, ctx), 'cmp');
  const b = scalar(evaluate(right, ctx), 'cmp');
  const result = { '>': a > b, '>=': a >= b, '<': a < b, '<=': a <= b, '==': a === b, '!=': a !== b }[op];
  return result ? 1 : 0;
}

/** What the reveal shows: the learner's guess beside the engine's figure. */
export interface Reveal {
  /** The engine's figure, rounded to the prediction's decimals. */
  value: number;
  unit: string | null;
  /** For a choice prediction, the choice the engine's figure selects. */
  correctChoice: string | null;
  guess: string | number | null;
  /** Null when the learner skipped the prediction. */
  isRight: boolean | null;
  why: [string, string];
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Computes a prediction's answer from the engine and judges the guess against it. */
export function judge(prediction: Prediction, ctx: EvalContext, guess: string | number | null): Reveal {
  const raw = scalar(evaluate(prediction.answer.value, ctx), 'an answer');
  if (!Number.isFinite(raw)) throw new AnswerError(`the answer is not a finite number (${raw})`);
  const value = round(raw, prediction.answer.decimals ?? 0);
  const unit = prediction.answer.unit ?? null;
  if (prediction.kind === 'choice') {
    const rule = prediction.answer.rule.find((r) => r.if === undefined || holds(r.if, raw));
    if (!rule) throw new AnswerError(`no rule of the answer matches the value ${raw}`);
    return {
      value,
      unit,
      correctChoice: rule.choice,
      guess,
      isRight: guess === null ? null : guess === rule.choice,
      why: prediction.why,
    };
  }
  let isRight: boolean | null = null;
  if (guess !== null) {
    const g = Number(guess);
    const tolerance = Math.max(
      (prediction.tolerance?.ratio ?? 0.25) * Math.abs(raw),
      prediction.tolerance?.abs ?? 0,
      0.5 * 10 ** -(prediction.answer.decimals ?? 0),
    );
    isRight = Number.isFinite(g) && Math.abs(g - raw) <= tolerance;
  }
  return { value, unit, correctChoice: null, guess, isRight, why: prediction.why };
}

/** Event types a lesson's expressions read, so a recorder listens to those alone. */
export function eventTypesOf(expr: Expr, into = new Set<SimEventType>()): Set<SimEventType> {
  if ('count' in expr) into.add(expr.count);
  else if ('events' in expr) into.add(expr.events);
  else if ('delta' in expr) eventTypesOf(expr.delta, into);
  else if ('max' in expr) eventTypesOf(expr.max, into);
  else if ('min' in expr) eventTypesOf(expr.min, into);
  else if ('sum' in expr) eventTypesOf(expr.sum, into);
  else if ('argmax' in expr) eventTypesOf(expr.argmax, into);
  else if ('countWhere' in expr) eventTypesOf(expr.countWhere, into);
  else if ('ratio' in expr) for (const e of expr.ratio) eventTypesOf(e, into);
  else if ('diff' in expr) for (const e of expr.diff) eventTypesOf(e, into);
  else if ('times' in expr) for (const e of expr.times) eventTypesOf(e, into);
  else if ('cmp' in expr) {
    eventTypesOf(expr.cmp[0], into);
    eventTypesOf(expr.cmp[2], into);
  }
  return into;
}
