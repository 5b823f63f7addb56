// How a run's union-typed training options read in the table and in labels: the optimizer
// (`sgd lr=0.1 momentum=0.9`, `adam lr=0.001`), the lr schedule (`cosine`, `step every=10`) and
// early stopping (`val_accuracy patience=5`, `off`). Options at their schema default are left out,
// the learning rate aside: Adam's betas are noise in a table cell, and the README quotes the YAML
// with every option anyway. The defaults are asked of the schema, their one home; an option the
// schema has no default for is always shown.

import { fillDefaults } from '../../config/defaults.js';
import type { OptimizerSpec, ScheduleSpec, TrainSpec } from '../../types.js';

type Options = Record<string, unknown>;

/** `sgd lr=0.1`, plus every option not at its default: `sgd lr=0.1 momentum=0.9 nesterov=true`. */
export function optimizerSummary(optimizer: OptimizerSpec): string {
  return unionSummary('optimizer', optimizer, ['lr']);
}

/**
 * The optimizer, then the schedule when it is not constant and any warm-up: `sgd lr=0.1`,
 * `sgd lr=0.1, cosine`, `adamw lr=0.001, cosine, warmup 1` — what the table's Optimizer column says.
 */
export function trainingSummary(train: Pick<TrainSpec, 'optimizer'> & Partial<Pick<TrainSpec, 'schedule' | 'warmup_epochs'>>): string {
  // (Runs read from files have both; results built by hand before the options existed may not.)
  const schedule = train.schedule === undefined ? 'constant' : scheduleSummary(train.schedule);
  const warmup = train.warmup_epochs ?? 0;
  return [
    optimizerSummary(train.optimizer),
    ...(schedule === 'constant' ? [] : [schedule]),
    ...(warmup > 0 ? [`warmup ${warmup}`] : []),
  ].join(', ');
}

/** `constant`, `cosine`, `step every=10 gamma=0.5`: the schedule and its non-default options. */
export function scheduleSummary(schedule: ScheduleSpec): string {
  return unionSummary('schedule', schedule, []);
}

/** `off`, or the metric and the patience: `val_accuracy patience=5`. */
export function earlyStoppingSummary(early: TrainSpec['early_stopping'] | undefined): string {
  return early ? `${early.metric} patience=${early.patience}` : 'off';
}

/** `name k=v …` of a `{ name: options }` union under `train`, keeping `always` and non-defaults. */
function unionSummary(field: 'optimizer' | 'schedule', union: object, always: readonly string[]): string {
  const [name, options] = (Object.entries(union)[0] ?? ['?', {}]) as [string, Options];
  const defaults = defaultsOf(field, name);
  const shown = Object.entries(options).filter(([k, v]) => always.includes(k) || !Object.hasOwn(defaults, k) || defaults[k] !== v);
  return [name, ...shown.map(([k, v]) => `${k}=${String(v)}`)].join(' ');
}

const DEFAULTS = new Map<string, Options>();

/** The schema's defaults of `train.<field>.<name>`, e.g. Adam's betas; {} when it names none. */
function defaultsOf(field: 'optimizer' | 'schedule', name: string): Options {
  const key = `${field}.${name}`;
  let defaults = DEFAULTS.get(key);
  if (!defaults) {
    const filled = fillDefaults({ train: { [field]: { [name]: {} } } }) as { train: Record<string, Record<string, unknown>> };
    const options = filled.train[field]?.[name];
    defaults = options !== null && typeof options === 'object' ? (options as Options) : {};
    DEFAULTS.set(key, defaults);
  }
  return defaults;
}
