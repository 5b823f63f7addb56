// The README of `results/<experiment>/`: what was run, on what, the results table and the plots.
// Pure: every date and machine detail comes from the stored runs, never from the clock or the
// host, so redrawing a report on another machine gives the same bytes.

import type { RunResult } from '../types.js';
import type { ReportInput } from './input.js';
import type { PlotEntry } from './plots.js';
import { bestRuns } from './runs/best-run.js';
import { groupConfigs, hasReplicates, runLabels, statusCounts, type Config } from './runs/configs.js';
import { shortId, whatDiffers } from './runs/labels.js';
import { declaredDataNote } from './runs/declared-data.js';
import { modifiedDataNote } from './runs/modified-data.js';
import { sortRuns } from './runs/order.js';
import { staleSection } from './runs/stale.js';
import { hasEarlyStopping, hasValidation } from './runs/validation.js';
import { configTable } from './tables/config-table.js';
import { resultsTable, type TableOptions } from './tables/run-table.js';
import { hasChoice } from './tables/summary.js';
import { searchSection } from './search/search-section.js';

/** The README text; `plots` are the plots written beside it (see buildPlots), embedded in order. */
export function buildReadme(input: ReportInput, plots: readonly PlotEntry[]): string {
  const { experiment } = input;
  const runs = sortRuns(input.runs);
  const sections = [
    `# ${experiment.name}`,
    experiment.description.trim(),
    '## What was run',
    whatWasRun(input.experiment.file, runs),
    fenced(experiment.source, 'yaml'),
    '## Results',
    runs.length > 0 ? results(runs, { inputDims: input.inputDims }, input.datasetFiles) : '_No runs are stored yet._',
    searchSection(input.search, runs, runLabels(runs)),
    failures(runs),
    staleSection(input.stale ?? [], input.experiment.file),
    ...(plots.length > 0 ? plotSection(plots) : []),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/**
 * With replicates, one row per config (means over seeds) and every run below it, folded away so
 * the summary reads first and nothing is hidden; otherwise one row per run. Then what the
 * validation and early-stopping columns mean, when the tables have them.
 */
function results(runs: readonly RunResult[], options: TableOptions, datasetFiles?: Record<string, string>): string {
  const notes = [
    ...rankingNote(runs),
    ...declaredDataNote(runs, datasetFiles),
    ...modifiedDataNote(runs),
    ...validationNote(runs),
    ...earlyStoppingNote(runs),
  ];
  const summary = { ...options, summary: true };
  if (!hasReplicates(groupConfigs(runs))) return [resultsTable(runs, summary).trimEnd(), ...notes].join('\n\n');
  return [
    configTable(runs, summary).trimEnd(),
    'Each value is the mean ± sample standard deviation over the n runs of the config that finished; ' +
      'runs that failed or diverged are counted in the status and left out of the means.',
    ...notes,
    `<details>\n<summary>Every run (${runs.length})</summary>`,
    resultsTable(runs, options).trimEnd(),
    '</details>',
  ].join('\n\n');
}

/** How the table is ordered and what its bold value means; said only when there is a choice. */
function rankingNote(runs: readonly RunResult[]): string[] {
  if (!hasChoice(runs)) return [];
  const by = hasValidation(runs) ? 'final validation accuracy' : 'final test accuracy';
  return [`Rows are ranked by ${by}, best first within each dataset; **bold**: the best.`];
}

function validationNote(runs: readonly RunResult[]): string[] {
  if (!hasValidation(runs)) {
    // Not an error: many quick experiments have no need for one. But say what "best" means here.
    if (!hasChoice(runs)) return [];
    return [
      `_Note:_ no run held out a validation split, so "best" (in this table${bestRuns(runs).length > 0 ? ' and for the confusion matrix below' : ''}) ` +
        'is picked on test accuracy, which makes its test accuracy an optimistic estimate. ' +
        'To choose on held-out training data instead, add `validation: 0.1` under `train:` (`train.validation`).',
    ];
  }
  const chosen = bestRuns(runs).some((b) => b.by === 'val_accuracy');
  return [
    'Runs are compared on validation accuracy, measured on the part of the training set each run held out ' +
      `(\`train.validation\`)${chosen ? '; the best run of each dataset, whose confusion matrix is below, is chosen by it' : ''}. ` +
      'The test set is for reporting only, never for choosing.',
  ];
}

function earlyStoppingNote(runs: readonly RunResult[]): string[] {
  if (!hasEarlyStopping(runs)) return [];
  return [
    'Best epoch: the epoch whose weights are final (`train.early_stopping` keeps the best one); ' +
      '_stopped early_ marks runs it ended before `train.epochs`. The final accuracies are those of the best epoch.',
  ];
}

function plotSection(plots: readonly PlotEntry[]): string[] {
  return [
    '## Plots',
    ...plots.flatMap((p) => [`![${p.title}](plots/${p.stem}.svg)`, `_${p.caption}_`, ...(p.details === undefined ? [] : [p.details])]),
    'Each plot has its Vega-Lite spec beside it (`plots/*.vl.json`, data inlined); it opens in the ' +
      '[Vega editor](https://vega.github.io/editor/) for zooming and tooltips.',
  ];
}

function whatWasRun(file: string, runs: readonly RunResult[]): string {
  const configs = groupConfigs(runs);
  const differs = whatDiffers(runs.map((r) => r.spec));
  const lines = [
    `- Experiment file: \`${file}\``,
    `- Runs: ${runs.length}${runs.length > 0 ? ` (${statusCounts(runs)})` : ''}` +
      (hasReplicates(configs) ? `: ${replicates(configs)}` : '') +
      (differs.length > 0 ? `, varying ${differs.map((d) => `\`${d}\``).join(', ')}` : ''),
    ...machines(runs),
    ...code(runs),
  ];
  const date = dates(runs);
  if (date) lines.push(`- Date: ${date}`);
  return lines.join('\n');
}

/** `3 configs × 3 seeds`, or `3 configs, 2–3 seeds each` when some runs are missing. */
function replicates(configs: readonly Config[]): string {
  const counts = configs.map((c) => c.runs.length);
  const [min, max] = [Math.min(...counts), Math.max(...counts)];
  const n = `${configs.length} config${configs.length === 1 ? '' : 's'}`;
  return min === max ? `${n} × ${max} seeds` : `${n}, ${min}–${max} seeds each`;
}

/** One line per distinct environment, in row order: a resumed sweep may span machines. */
function machines(runs: readonly RunResult[]): string[] {
  const envs = new Map<string, { env: RunResult['env']; count: number }>();
  for (const r of runs) {
    const key = JSON.stringify([r.env.cpu, r.env.platform, r.env.node, r.env.mlplab]);
    envs.set(key, { env: r.env, count: (envs.get(key)?.count ?? 0) + 1 });
  }
  return [...envs.values()].map(({ env, count }) => {
    const which = envs.size > 1 ? ` (${count} run${count === 1 ? '' : 's'})` : '';
    return `- Machine${which}: ${env.cpu}, ${env.platform}; Node ${env.node}; mlplab ${env.mlplab}`;
  });
}

/**
 * The commits of the experiment's repository the runs were trained at (env.git), so a committed
 * result leads back to the code and file that made it: `- Code: commit 0123abcd4567`, each with
 * its run count when there are several, and "uncommitted changes" when the tree was dirty.
 */
function code(runs: readonly RunResult[]): string[] {
  const commits = new Map<string, number>();
  for (const r of runs) {
    if (r.env.git === undefined) continue;
    const key = `\`${r.env.git.commit.slice(0, 12)}\`${r.env.git.dirty ? ' with uncommitted changes' : ''}`;
    commits.set(key, (commits.get(key) ?? 0) + 1);
  }
  if (commits.size === 0) return [];
  const parts = [...commits].map(([key, count]) =>
    commits.size > 1 || count < runs.length ? `${key} (${count} run${count === 1 ? '' : 's'})` : key,
  );
  return [`- Code: commit${commits.size > 1 ? 's' : ''} ${parts.join(', ')}`];
}

/** The stored ISO timestamps' days: `2025-11-27`, or a range when the runs span days. */
function dates(runs: readonly RunResult[]): string {
  const days = runs.flatMap((r) => [r.timing.started, r.timing.finished]).map((t) => t.slice(0, 10));
  if (days.length === 0) return '';
  const sorted = [...new Set(days)].sort();
  return sorted.length === 1 ? sorted[0]! : `${sorted[0]!} to ${sorted[sorted.length - 1]!}`;
}

/** Full errors of runs that did not finish; the table only has room for their first line. */
function failures(runs: readonly RunResult[]): string {
  // A pruned run is a search's decision, not a failure: the Search section and table say where.
  const failed = runs.filter((r) => r.status === 'failed' || r.status === 'diverged');
  if (failed.length === 0) return '';
  const labels = runLabels(runs);
  const items = failed.map((r) => {
    const head = `- \`${shortId(r.id)}\` ${labels.get(r.id)!}: **${r.status}**`;
    return r.error ? `${head}\n\n${indent(fenced(r.error.trimEnd(), 'text'), '  ')}` : head;
  });
  return ['### Runs that did not finish', ...items].join('\n\n');
}

/** A fenced code block whose fence is longer than any backtick run inside, so nothing escapes it. */
export function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}
