// The README of `results/<experiment>/`: what was run, on what, the results table and the plots.
// Pure: every date and machine detail comes from the stored runs, never from the clock or the
// host, so redrawing a report on another machine gives the same bytes.

import type { RunResult } from '../types.js';
import type { ReportInput } from './input.js';
import { runLabels, shortId, whatDiffers } from './labels.js';
import { sortRuns } from './order.js';
import { PLOT_TITLES, type PlotStem } from './plots.js';
import { resultsTable } from './table.js';

/** The README text; `plots` are the stems of the plots written beside it (see buildPlots). */
export function buildReadme(input: ReportInput, plots: readonly PlotStem[]): string {
  const { experiment } = input;
  const runs = sortRuns(input.runs);
  const sections = [
    `# ${experiment.name}`,
    experiment.description.trim(),
    '## What was run',
    whatWasRun(input.experiment.file, runs),
    fenced(experiment.source, 'yaml'),
    '## Results',
    runs.length > 0 ? resultsTable(runs, { inputDims: input.inputDims }).trimEnd() : '_No runs are stored yet._',
    failures(runs),
    ...(plots.length > 0 ? plotSection(plots) : []),
  ];
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

function plotSection(plots: readonly PlotStem[]): string[] {
  return [
    '## Plots',
    ...plots.map((stem) => `![${PLOT_TITLES[stem]}](plots/${stem}.svg)`),
    'Each plot has its Vega-Lite spec beside it (`plots/*.vl.json`, data inlined); it opens in the ' +
      '[Vega editor](https://vega.github.io/editor/) for zooming and tooltips.',
  ];
}

function whatWasRun(file: string, runs: readonly RunResult[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const statuses = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  const differs = whatDiffers(runs);
  const lines = [
    `- Experiment file: \`${file}\``,
    `- Runs: ${runs.length}${runs.length > 0 ? ` (${statuses})` : ''}` +
      (differs.length > 0 ? `, varying ${differs.map((d) => `\`${d}\``).join(', ')}` : ''),
    ...machines(runs),
  ];
  const date = dates(runs);
  if (date) lines.push(`- Date: ${date}`);
  return lines.join('\n');
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

/** The stored ISO timestamps' days: `2025-11-27`, or a range when the runs span days. */
function dates(runs: readonly RunResult[]): string {
  const days = runs.flatMap((r) => [r.timing.started, r.timing.finished]).map((t) => t.slice(0, 10));
  if (days.length === 0) return '';
  const sorted = [...new Set(days)].sort();
  return sorted.length === 1 ? sorted[0]! : `${sorted[0]!} to ${sorted[sorted.length - 1]!}`;
}

/** Full errors of runs that did not finish; the table only has room for their first line. */
function failures(runs: readonly RunResult[]): string {
  const failed = runs.filter((r) => r.status !== 'done');
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
