// Redrawing results/<experiment>/ from the stored runs of the plan: the last step of `mlplab run`,
// and all of `mlplab report`, which never trains. (This module loads vega; run/resolve.ts does not.)

import { relative } from 'node:path';
import { UsageError } from '../errors.js';
import { userFsError } from '../util/fs-errors.js';
import { writeReport } from '../report/write.js';
import type { RunResult } from '../types.js';
import { resolveRuns, type Loaded, type Planned } from '../run/resolve.js';
import { staleNote, staleRuns } from '../run/stale.js';
import { experimentDir, readRuns, runsDir } from '../run/store.js';

/**
 * Writes the report from the stored runs that are in the plan; stored runs outside it are named, not
 * mixed in. A report that cannot be written (full disk, read-only folder) leaves the previous one
 * intact and is a FileSystemError; `afterRun` says the runs were just stored all the same.
 */
export async function redraw(loaded: Loaded, planned: Planned, dir: string, say: (s: string) => void, afterRun = false): Promise<string[]> {
  let invalid = 0;
  const all = await readRuns(dir, (s) => {
    invalid++;
    say(s);
  });
  const inPlan = planned.map((p) => all.get(p.id)).filter((r): r is RunResult => r !== undefined);
  const stale = staleRuns(inPlan);
  const runs = inPlan.filter((r) => !stale.includes(r));
  const staleLine = staleNote(stale);
  if (staleLine !== undefined) say(staleLine);
  if (runs.length === 0 && stale.length > 0)
    throw new UsageError(
      `${dir}: every stored run of this experiment is stale — retrain them with: mlplab run --upgrade ${relative(process.cwd(), loaded.file)}`,
    );
  if (runs.length === 0) {
    const none =
      invalid === 0
        ? 'no stored runs of this experiment yet'
        : `no valid stored runs of this experiment (${invalid} run file(s) are not valid, named above)`;
    throw new UsageError(`${dir}: ${none} — train them with: mlplab run ${relative(process.cwd(), loaded.file)}`);
  }
  const outside = [...all.keys()].filter((id) => !planned.some((p) => p.id === id));
  if (outside.length > 0)
    say(`note: ${outside.length} stored run(s) are not in the plan and are left out of the report: ${outside.join(', ')}`);
  const file = relative(process.cwd(), loaded.file);
  try {
    return await writeReport(dir, {
      experiment: { name: loaded.experiment.name, description: loaded.experiment.description, file, source: loaded.source },
      runs,
      stale,
    });
  } catch (err) {
    const what = `the report is not written (the previous one is unchanged)${afterRun ? `, the runs are stored in ${runsDir(dir)}` : ''}`;
    throw userFsError(err, dir, what, `, then: mlplab report ${file}`) ?? err;
  }
}

export async function reportExperiment(
  file: string,
  resultsRoot: string,
  say: (s: string) => void,
  opts: { set?: string[]; dataDir?: string; allowModifiedData?: boolean } = {},
): Promise<string[]> {
  const { loaded, planned } = await resolveRuns(file, opts);
  return redraw(loaded, planned, experimentDir(resultsRoot, loaded.experiment.name), say);
}

/** `mlplab report`: 0 once the report is written (a mistake throws, for cli.ts to turn into exit 2). */
export async function reportCommand(
  args: { file: string; resultsRoot: string; set?: string[]; dataDir?: string; allowModifiedData: boolean },
  say: (s: string) => void,
  stderr: (text: string) => void,
): Promise<number> {
  const written = await reportExperiment(args.file, args.resultsRoot, say, args);
  stderr(`wrote ${written.length} file(s) under ${args.resultsRoot}/\n`);
  return 0;
}
