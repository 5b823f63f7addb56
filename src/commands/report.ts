// Redrawing results/<experiment>/ from the stored runs: the last step of `mlplab run`, and all of
// `mlplab report`, which never trains. (This module loads vega; run/resolve.ts does not.)

import { relative } from 'node:path';
import { UsageError } from '../errors.js';
import { userFsError } from '../util/fs-errors.js';
import { writeReport } from '../report/write.js';
import { readmeLine } from './readme-line.js';
import { loadExperiment } from '../config/index.js';
import { resolveRuns, type Loaded, type Planned } from '../run/resolve.js';
import { staleNote, staleRuns } from '../run/stale.js';
import { experimentDir, readRuns, runsDir } from '../run/store.js';
import { StoredRuns } from '../run/stored-checksum.js';
import { searchReport } from '../report/search/search-report.js';

/**
 * What a report draws from the stored runs. By default all of them: a run stored with `--set` or
 * from an earlier version of the file is still a result, and the report tells the runs apart by
 * their specs (report/params.ts), so no flag needs repeating. `planOnly` keeps the runs of the plan.
 */
export interface Selection {
  /** The runs the experiment file (with --set) expands to here, when known. */
  plan?: Planned;
  /** Draw only the runs of `plan`; the others are named, not mixed in. */
  planOnly?: boolean;
  /** Called right after `mlplab run`: a report that cannot be written says the runs are stored. */
  afterRun?: boolean;
}

/**
 * Writes the report from the stored runs `selection` picks. A report that cannot be written (full
 * disk, read-only folder) leaves the previous one intact and is a FileSystemError.
 */
export async function redraw(loaded: Loaded, dir: string, say: (s: string) => void, selection: Selection = {}): Promise<string[]> {
  const { plan, planOnly = false, afterRun = false } = selection;
  let invalid = 0;
  const all = await readRuns(dir, (s) => {
    invalid++;
    say(s);
  });
  const inPlan = new Set(plan?.map((p) => p.id));
  const selected = [...all.values()].filter((r) => !planOnly || inPlan.has(r.id));
  // Runs of another numerics version are listed apart, never in one table with current runs.
  const stale = staleRuns(selected);
  const runs = selected.filter((r) => !stale.includes(r));
  const file = relative(process.cwd(), loaded.file);
  const staleLine = staleNote(stale);
  if (staleLine !== undefined) say(staleLine);
  if (runs.length === 0 && stale.length > 0)
    throw new UsageError(`${dir}: every stored run of this experiment is stale — retrain them with: mlplab run --upgrade ${file}`);
  if (runs.length === 0) {
    const none =
      invalid === 0
        ? `no stored runs of ${planOnly ? 'the plan' : 'this experiment'} yet`
        : `no valid stored runs of ${planOnly ? 'the plan' : 'this experiment'} (${invalid} run file(s) are not valid, named above)`;
    throw new UsageError(`${dir}: ${none} — train them with: mlplab run ${file}`);
  }
  const outside = plan === undefined ? [] : [...all.keys()].filter((id) => !inPlan.has(id));
  if (outside.length > 0)
    say(
      planOnly
        ? `note: ${outside.length} stored run(s) are not in the plan and are left out of the report: ${outside.join(', ')}`
        : `note: the report includes ${outside.length} stored run(s) not in this plan: ${outside.join(', ')} (mlplab report --plan-only leaves them out; mlplab prune lists and deletes them)`,
    );
  try {
    return await writeReport(dir, {
      experiment: { name: loaded.experiment.name, description: loaded.experiment.description, file, source: loaded.source },
      runs,
      stale,
      // The plan's runs when known (after `mlplab run`), else the stored ones: their ids and specs are the plan's.
      search: searchReport(loaded.experiment.search, plan ?? [...runs].sort((a, b) => (a.id < b.id ? -1 : 1)), runs),
      datasetFiles: Object.fromEntries(
        Object.entries(loaded.experiment.datasets ?? {}).map(([name, d]) => [
          name,
          typeof d.train === 'string' ? d.train : d.train.features,
        ]),
      ),
    });
  } catch (err) {
    const what = `the report is not written (the previous one is unchanged)${afterRun ? `, the runs are stored in ${runsDir(dir)}` : ''}`;
    throw userFsError(err, dir, what, `, then: mlplab report ${file}`) ?? err;
  }
}

/**
 * `mlplab report`: every stored run of the experiment named by the file, read without the data
 * (so it works on a clone that has the results but not the datasets); with `planOnly`, the runs
 * of the file's plan, which needs the data's checksums (--data-dir and --set apply).
 */
export async function reportExperiment(
  file: string,
  resultsRoot: string,
  say: (s: string) => void,
  opts: { set?: string[]; dataDir?: string; allowModifiedData?: boolean; planOnly?: boolean } = {},
): Promise<string[]> {
  if (opts.planOnly === true) {
    const stored = new StoredRuns(resultsRoot, () => undefined); // redraw names the invalid files
    const { loaded, planned } = await resolveRuns(file, { ...opts, whenMissing: stored.whenMissing });
    for (const note of stored.notes) say(note);
    return redraw(loaded, experimentDir(resultsRoot, loaded.experiment.name), say, { plan: planned, planOnly: true });
  }
  const loaded = loadExperiment(file, { set: opts.set });
  return redraw(loaded, experimentDir(resultsRoot, loaded.experiment.name), say);
}

/** `mlplab report`: 0 once the report is written (a mistake throws, for cli.ts to turn into exit 2). */
export async function reportCommand(
  args: { file: string; resultsRoot: string; set?: string[]; dataDir?: string; allowModifiedData: boolean; planOnly?: boolean },
  say: (s: string) => void,
): Promise<number> {
  const written = await reportExperiment(args.file, args.resultsRoot, say, args);
  say(readmeLine(written));
  return 0;
}
