// The edge of the report: render the plots and write `results/<experiment>/`. Everything else
// is computed by the pure builders, so this is all the I/O there is.
// Every file is written atomically, so an interrupted report never leaves a torn file behind.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { metricsCsv } from './csv.js';
import type { ReportInput } from './input.js';
import { prettyJson } from './json.js';
import { buildPlots, PLOT_STEMS } from './plots.js';
import { buildReadme } from './readme.js';
import { renderSvg, type WarningHandler } from './render.js';

export type { ReportInput } from './input.js';

const PLOT_EXTENSIONS = ['.vl.json', '.svg'] as const;

/**
 * Writes README.md, metrics.csv and plots/<stem>.vl.json + .svg into `dir` (created if needed)
 * and returns the paths written, in the order written. The README goes last, so it never links
 * to a plot that is not there yet. Plots with nothing to draw are not written, and an old copy
 * of one is removed, so the folder always matches the stored runs.
 */
export async function writeReport(dir: string, input: ReportInput, onWarning?: WarningHandler): Promise<string[]> {
  await mkdir(join(dir, 'plots'), { recursive: true });
  const plots = buildPlots(input.runs, { experiment: input.experiment.name });
  const files: [string, string][] = [[join(dir, 'metrics.csv'), metricsCsv(input.runs)]];
  for (const { stem, spec } of plots) {
    files.push([join(dir, 'plots', `${stem}.vl.json`), prettyJson(spec) + '\n']);
    files.push([join(dir, 'plots', `${stem}.svg`), (await renderSvg(spec, onWarning)) + '\n']);
  }
  files.push([join(dir, 'README.md'), buildReadme(input, plots)]);
  // Sequential: the order is part of the contract above, and there are only a handful of files.
  for (const [path, data] of files) await writeFileAtomic(path, data);
  for (const stem of PLOT_STEMS.filter((s) => !plots.some((p) => p.stem === s))) {
    for (const ext of PLOT_EXTENSIONS) await rm(join(dir, 'plots', `${stem}${ext}`), { force: true });
  }
  return files.map(([path]) => path);
}
