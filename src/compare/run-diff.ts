// The difference between the stored runs of one experiment at two revisions, as plain data: runs
// added, removed, and changed (status or a final metric), each with the deltas of the final
// metrics. Pure: the runs come in already read (compare/git-store.ts, run/store.ts).

import { runLabels } from '../report/runs/configs.js';
import { numericsOf } from '../train/numerics.js';
import type { RunResult, RunStatus } from '../types.js';
import { matchRuns } from './match.js';

/** The final metrics a diff shows (null: the run has none, e.g. it failed or had no validation split). */
export const METRICS = ['test_accuracy', 'val_accuracy', 'test_loss'] as const;
export type MetricName = (typeof METRICS)[number];
export type Metrics = Record<MetricName, number | null>;

export interface RunSide {
  id: string;
  /** What tells the run apart within its revision (report/runs/configs.ts), e.g. `fashion-mnist · seed 2`. */
  label: string;
  status: RunStatus;
  /** The numerics version that computed it (train/numerics.ts). */
  numerics: number;
  final: Metrics;
}

export interface ChangedRun {
  before: RunSide;
  after: RunSide;
  /** after − before; null where either is missing. */
  delta: Metrics;
}

export interface ExperimentDiff {
  experiment: string;
  added: RunSide[];
  removed: RunSide[];
  changed: ChangedRun[];
  unchanged: number;
  /** Spec fields left out to pair runs whose ids differ (compare/match.ts); empty when all paired by id. */
  matchedIgnoring: string[];
}

/** The diff of `before` → `after`, the runs of experiment `experiment` keyed by id. */
export function diffRuns(
  experiment: string,
  before: ReadonlyMap<string, RunResult>,
  after: ReadonlyMap<string, RunResult>,
): ExperimentDiff {
  const { pairs, added, removed, ignored } = matchRuns(before, after);
  const [beforeLabels, afterLabels] = [runLabels([...before.values()]), runLabels([...after.values()])];
  const side = (run: RunResult, labels: Map<string, string>): RunSide => ({
    id: run.id,
    label: labels.get(run.id) ?? run.spec.dataset,
    status: run.status,
    numerics: numericsOf(run),
    final: finalMetrics(run),
  });
  const changed: ChangedRun[] = [];
  let unchanged = 0;
  for (const [old, now] of pairs) {
    const [b, a] = [side(old, beforeLabels), side(now, afterLabels)];
    if (b.id === a.id && b.status === a.status && METRICS.every((m) => Object.is(b.final[m], a.final[m]))) unchanged++;
    else changed.push({ before: b, after: a, delta: delta(b.final, a.final) });
  }
  const byLabel = (x: RunSide, y: RunSide) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0);
  return {
    experiment,
    added: added.map((r) => side(r, afterLabels)).sort(byLabel),
    removed: removed.map((r) => side(r, beforeLabels)).sort(byLabel),
    changed: changed.sort((x, y) => byLabel(x.after, y.after)),
    unchanged,
    matchedIgnoring: ignored,
  };
}

/** True when nothing was added, removed or changed. */
export function isEmptyDiff(d: ExperimentDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

function finalMetrics(run: RunResult): Metrics {
  const f = run.final;
  return {
    test_accuracy: finite(f?.test_accuracy),
    val_accuracy: finite(f?.val_accuracy),
    test_loss: finite(f?.test_loss),
  };
}

function delta(before: Metrics, after: Metrics): Metrics {
  const d = (m: MetricName) => {
    const [b, a] = [before[m], after[m]];
    return b === null || a === null ? null : a - b;
  };
  return { test_accuracy: d('test_accuracy'), val_accuracy: d('val_accuracy'), test_loss: d('test_loss') };
}

function finite(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}
