// The edge of the report: render the plots and write `results/<experiment>/`. Everything else
// is computed by the pure builders, so this is all the I/O there is. The plots' specs are written
// as pretty JSON (below) so they read and diff one data row per line.
// Every file is written in full to a temp file first and renamed only once all of them were, so an
// interrupted report or a full disk leaves the previous report as it was, never a torn file nor a
// mix of old and new.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFile, discard, stageFile, type Staged } from '../util/atomic.js';
import { buildHtml } from './html.js';
import type { ReportInput } from './input.js';
import { buildPlots, PLOT_STEMS } from './plots.js';
import { renderSvg, type WarningHandler } from './plots/render.js';
import { renderPngAsync } from './png.js';
import { buildReadme } from './readme.js';
import { metricsCsv } from './tables/csv.js';
import { runsCsv } from './tables/runs-csv.js';
import { vendorScripts } from './vendor.js';

export type { ReportInput } from './input.js';

const PLOT_EXTENSIONS = ['.vl.json', '.svg', '.png'] as const;

/**
 * Writes README.md, runs.csv, metrics.csv, index.html (the plots, live) and
 * plots/<stem>.vl.json, .svg and .png into `dir` (created if needed) and returns the paths written,
 * in the order written. The README goes last, so it never links to a plot that is not there yet.
 * Plots with nothing to draw are not written, and an old copy of one is removed, so the folder
 * always matches the stored runs.
 */
export async function writeReport(dir: string, input: ReportInput, onWarning?: WarningHandler): Promise<string[]> {
  await mkdir(join(dir, 'plots'), { recursive: true });
  const plots = buildPlots(input.runs, { experiment: input.experiment.name, search: input.search });
  const pending: [string, string | Uint8Array | Promise<Uint8Array>][] = [
    [join(dir, 'runs.csv'), runsCsv(input.runs)],
    [join(dir, 'metrics.csv'), metricsCsv(input.runs)],
  ];
  for (const { stem, spec } of plots) {
    const svg = `${await renderSvg(spec, onWarning)}\n`;
    // Drawn on the thread pool while the next plot is laid out; awaited below.
    const png = renderPngAsync(svg);
    png.catch(() => undefined); // a failure is thrown by the Promise.all below
    pending.push([join(dir, 'plots', `${stem}.vl.json`), `${prettyJson(spec)}\n`]);
    pending.push([join(dir, 'plots', `${stem}.svg`), svg]);
    pending.push([join(dir, 'plots', `${stem}.png`), png]);
  }
  const { name, description } = input.experiment;
  if (plots.length > 0) pending.push([join(dir, 'index.html'), buildHtml({ name, description, plots }, vendorScripts())]);
  pending.push([join(dir, 'README.md'), buildReadme(input, plots)]);
  const files = await Promise.all(pending.map(async ([path, data]) => [path, await data] as const));
  const staged: Staged[] = [];
  try {
    for (const [path, data] of files) staged.push(stageFile(path, data));
  } catch (err) {
    staged.forEach(discard);
    throw err;
  }
  // In order: the order is part of the contract above. A rename needs no new space, so once all
  // are staged a failure here is rare; the files not renamed yet are dropped.
  for (const [i, file] of staged.entries()) {
    try {
      commitFile(file);
    } catch (err) {
      staged.slice(i + 1).forEach(discard);
      throw err;
    }
  }
  for (const stem of PLOT_STEMS.filter((s) => !plots.some((p) => p.stem === s))) {
    for (const ext of PLOT_EXTENSIONS) await rm(join(dir, 'plots', `${stem}${ext}`), { force: true });
  }
  if (plots.length === 0) await rm(join(dir, 'index.html'), { force: true });
  return files.map(([path]) => path);
}

// JSON for files people read and diff: indented like JSON.stringify(v, null, 2), but a value that
// fits on one line stays on one line, and a flat record in an array (a row of inline data) is
// always one line — so a spec's data reads one row per line rather than ten lines per row.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Pretty JSON as described above, without a trailing newline. */
export function prettyJson(value: unknown, maxWidth = 100): string {
  // A round trip through JSON gives plain data (undefined dropped, NaN → null) to walk over.
  return format(JSON.parse(JSON.stringify(value)) as Json, '', maxWidth, false);
}

function format(value: Json, indent: string, maxWidth: number, inArray: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const flat = inline(value);
  if (indent.length + flat.length <= maxWidth || (inArray && isFlatRecord(value))) return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => inner + format(v, inner, maxWidth, true))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, maxWidth, false)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? flat : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** One line, with a space after `:` and `,` as a person would write it. */
function inline(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
    .join(', ')}}`;
}

function isFlatRecord(value: Json[] | { [key: string]: Json }): boolean {
  return !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object');
}
