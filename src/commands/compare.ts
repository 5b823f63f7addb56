// `mlplab compare a.yaml b.yaml… [-o compare.md]`: the stored runs of several experiments in one
// table (stdout, or the file) and, with -o, one plot beside it. Reads the store only: nothing
// trains, and stale runs (another numerics version) are left out and named.

import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadExperiment } from '../config/index.js';
import { compareMarkdown } from '../compare/compare-markdown.js';
import { comparePlot } from '../compare/compare-plot.js';
import { compareRows, type ExperimentRuns } from '../compare/compare-rows.js';
import { UsageError } from '../errors.js';
import { renderSvg } from '../report/plots/render.js';
import { staleRuns } from '../run/stale.js';
import { experimentDir, readRuns } from '../run/store.js';
import { userFsError } from '../util/fs-errors.js';

export interface CompareArgs {
  files: string[];
  resultsRoot: string;
  /** The Markdown file to write (the plot goes beside it, same name, .svg); stdout when absent. */
  output?: string;
}

export async function compareCommand(args: CompareArgs, print: (s: string) => void, say: (s: string) => void): Promise<number> {
  if (args.files.length < 2) throw new UsageError('compare: name two or more experiment files, e.g. mlplab compare a.yaml b.yaml');
  const experiments: ExperimentRuns[] = [];
  const notes: string[] = [];
  for (const file of args.files) {
    const name = loadExperiment(file).experiment.name;
    const all = [...(await readRuns(experimentDir(args.resultsRoot, name), say)).values()];
    const stale = staleRuns(all);
    const runs = all.filter((r) => !stale.includes(r));
    if (stale.length > 0)
      notes.push(
        `${name}: ${stale.length} stale run(s) left out (another numerics version; mlplab run --upgrade ${file}): ${stale.map((r) => r.id).join(', ')}`,
      );
    if (runs.length === 0) notes.push(`${name}: no current stored runs (train them with: mlplab run ${file})`);
    else experiments.push({ experiment: name, runs });
  }
  for (const n of notes) say(`note: ${n}`);
  if (experiments.length === 0) throw new UsageError('compare: none of the experiments has current stored runs (named above)');
  const table = compareRows(experiments);
  if (args.output === undefined) {
    print(compareMarkdown(table, { files: args.files, notes }));
    say('note: the plot is drawn with -o FILE.md (beside it, as FILE.svg)');
    return 0;
  }
  const svgPath = join(dirname(args.output), `${basename(args.output).replace(/\.md$/i, '')}.svg`);
  const svg = await renderSvg(comparePlot(table), (w) => say(`note: ${w}`));
  const markdown = compareMarkdown(table, { files: args.files, notes, plot: basename(svgPath) });
  try {
    await mkdir(dirname(args.output), { recursive: true });
    await writeFile(svgPath, svg);
    await writeFile(args.output, markdown);
  } catch (err) {
    throw userFsError(err, dirname(args.output), 'the comparison is not written') ?? err;
  }
  say(`wrote ${args.output} and ${svgPath}`);
  return 0;
}
