// `mlplab diff` as Markdown, for a pull-request comment: per experiment a one-line summary, then
// tables of the changed, added and removed runs. Accuracies in %, their deltas in percentage
// points (pp), losses and their deltas as plain numbers; a missing value is a dash.

import { DASH, fixed, percent } from '../report/format.js';
import { markdownTable, type Column } from '../report/tables/markdown.js';
import { shortId } from '../report/runs/labels.js';
import { isEmptyDiff, METRICS, type ChangedRun, type ExperimentDiff, type MetricName, type RunSide } from './run-diff.js';

/** Where the runs of each side come from: `origin/main (1a2b3c4d)` and `working tree`. */
export interface Sides {
  before: string;
  after: string;
}

export function diffMarkdown(sides: Sides, diffs: readonly ExperimentDiff[]): string {
  const parts = [`## mlplab diff: ${sides.before} → ${sides.after}\n`];
  const same = diffs.filter(isEmptyDiff);
  for (const d of diffs.filter((x) => !isEmptyDiff(x))) parts.push(experimentSection(d));
  if (same.length > 0) parts.push(`No change in ${same.map((d) => `**${d.experiment}** (${runs(d.unchanged)})`).join(', ')}.\n`);
  if (diffs.length === 0) parts.push('No stored runs on either side.\n');
  return parts.join('\n');
}

function experimentSection(d: ExperimentDiff): string {
  const counts = [`${d.changed.length} changed`, `${d.added.length} added`, `${d.removed.length} removed`, `${d.unchanged} unchanged`];
  const lines = [`### ${d.experiment}\n`, `${counts.join(', ')}.\n`];
  if (d.matchedIgnoring.length > 0)
    lines.push(
      `Runs whose ids differ are matched by their spec without ${d.matchedIgnoring.map((p) => `\`${p}\``).join(', ')}, ` +
        'which every one of them changed.\n',
    );
  const renumbered = d.changed.filter((c) => c.before.numerics !== c.after.numerics);
  if (renumbered.length > 0) {
    const versions = [...new Set(renumbered.map((c) => `${c.before.numerics} → ${c.after.numerics}`))].join(', ');
    lines.push(
      `${runs(renumbered.length)} changed numerics version (${versions}; see \`mlplab run --upgrade\`): ` +
        'their deltas include the change of arithmetic.\n',
    );
  }
  // A metric no run of either side has (val accuracy without a validation split) gets no column.
  const all = [...d.added, ...d.removed, ...d.changed.flatMap((c) => [c.before, c.after])];
  const shown = METRICS.filter((m) => all.some((r) => r.final[m] !== null));
  if (d.changed.length > 0) lines.push(`Changed:\n\n${markdownTable(changedColumns(shown), d.changed)}`);
  if (d.added.length > 0) lines.push(`Added:\n\n${markdownTable(sideColumns(shown), d.added)}`);
  if (d.removed.length > 0) lines.push(`Removed:\n\n${markdownTable(sideColumns(shown), d.removed)}`);
  return lines.join('\n');
}

const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;

/** The label, then the short id (two when the run's id changed). */
const runCell = (before: RunSide | undefined, after: RunSide): string =>
  before === undefined || before.id === after.id
    ? `${after.label} (\`${shortId(after.id)}\`)`
    : `${after.label} (\`${shortId(before.id)}\` → \`${shortId(after.id)}\`)`;

const value = (m: MetricName, x: number | null): string => (m === 'test_loss' ? fixed(x, 4) : percent(x));

function signedDelta(m: MetricName, x: number | null): string {
  if (x === null) return DASH;
  const text = m === 'test_loss' ? Math.abs(x).toFixed(4) : `${Math.abs(x * 100).toFixed(2)} pp`;
  // Rounds to zero: no sign, so a reader does not look for a change that is not there.
  if (Number(text.replace(' pp', '')) === 0) return text;
  return `${x < 0 ? '−' : '+'}${text}`;
}

const TITLES: Record<MetricName, string> = { test_accuracy: 'test acc', val_accuracy: 'val acc', test_loss: 'test loss' };

const changedColumns = (shown: readonly MetricName[]): Column<ChangedRun>[] => [
  { header: 'run', align: 'left', cell: (c) => runCell(c.before, c.after) },
  {
    header: 'status',
    align: 'left',
    cell: (c) => (c.before.status === c.after.status ? c.after.status : `${c.before.status} → ${c.after.status}`),
  },
  ...shown.flatMap((m): Column<ChangedRun>[] => [
    { header: TITLES[m], align: 'right', cell: (c) => `${value(m, c.before.final[m])} → ${value(m, c.after.final[m])}` },
    { header: 'Δ', align: 'right', cell: (c) => signedDelta(m, c.delta[m]) },
  ]),
];

const sideColumns = (shown: readonly MetricName[]): Column<RunSide>[] => [
  { header: 'run', align: 'left', cell: (r) => runCell(undefined, r) },
  { header: 'status', align: 'left', cell: (r) => r.status },
  ...shown.map((m): Column<RunSide> => ({ header: TITLES[m], align: 'right', cell: (r) => value(m, r.final[m]) })),
];
