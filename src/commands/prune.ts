// `mlplab prune <file>`: the files of results/<experiment>/ that the plan will never use — stored
// runs outside it (from an earlier version of the file, or a `--set` not given now), checkpoints
// that can never be resumed, run files that are not valid — listed, and deleted only with --yes.
// The report draws every stored run, so pruning is how a run stops being drawn.

import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { COMPOSITES, varyingParams } from '../report/params.js';
import { holderName, liveClaims } from '../run/claim-file.js';
import { resolveRuns, type Planned, type ResolveOptions } from '../run/resolve.js';
import { StoredRuns } from '../run/stored-checksum.js';
import { checkpointPath, experimentDir, needsTraining, runsDir, storedFile } from '../run/store.js';
import type { RunSpec } from '../types.js';

export interface PruneOptions {
  file: string;
  set?: string[];
  dataDir?: string;
  allowModifiedData?: boolean;
  resultsRoot: string;
  /** Delete; without it, only list what would go. */
  yes: boolean;
  /** Registry entries replaced (tests), as ResolveOptions.entries. */
  entries?: ResolveOptions['entries'];
}

/** One file to delete, and why, as a line of the listing. */
export interface Prunable {
  path: string;
  line: string;
}

/** What `mlplab prune` would delete in results/<experiment>/, in listing order. */
export async function findPrunable(opts: PruneOptions): Promise<{ experiment: string; dir: string; notes: string[]; files: Prunable[] }> {
  const problems: string[] = [];
  const storedRuns = new StoredRuns(opts.resultsRoot, (text) => problems.push(text));
  const { loaded, planned } = await resolveRuns(opts.file, {
    set: opts.set,
    dataDir: opts.dataDir,
    allowModifiedData: opts.allowModifiedData,
    whenMissing: storedRuns.whenMissing,
    entries: opts.entries,
  });
  // Deleting on a guess would lose results: say which data is meant.
  if (storedRuns.unsure.length > 0)
    throw new UsageError(
      `${storedRuns.unsure.join(', ')}: not found on this machine, and its stored runs were trained on different data; ` +
        `pass --data-dir DIR with the data of the plan, so that prune can tell which runs are in it`,
    );
  const experiment = loaded.experiment.name;
  const dir = experimentDir(opts.resultsRoot, experiment);
  const stored = await storedRuns.of(experiment);
  const inPlan = new Set(planned.map((p) => p.id));
  const files: Prunable[] = [];
  const outside = [...stored.values()].filter((run) => !inPlan.has(run.id));
  const width = Math.max(0, ...outside.map((run) => run.spec.dataset.length));
  for (const run of outside) {
    const differs = differences(run.spec, planned);
    files.push({ path: storedFile(dir, run), line: `run ${run.id}  ${run.spec.dataset.padEnd(width)}  ${differs === '' ? '–' : differs}` });
  }
  // A file readRuns named as not valid (its message names the path).
  for (const name of list(runsDir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const path = join(runsDir(dir), name);
    if (problems.some((p) => p.includes(`${path} is not a valid run file`))) files.push({ path, line: 'not a valid run file' });
  }
  // Only the checkpoint of a planned run that `run` would train can be resumed.
  const resumable = new Set(planned.filter((p) => needsTraining(stored.get(p.id), false)).map((p) => p.id));
  const checkpoints = dirname(checkpointPath(dir, 'x'));
  for (const name of list(checkpoints)) {
    const id = name.slice(0, -'.ckpt'.length);
    if (name.endsWith('.ckpt') && !resumable.has(id))
      files.push({
        path: join(checkpoints, name),
        line: `checkpoint ${id}  (${stored.has(id) ? 'its run is stored' : 'not in the plan'})`,
      });
  }
  // Temp files of writes cut short by a kill (util/atomic.ts), as `run` removes them.
  for (const folder of [checkpoints, runsDir(dir)])
    for (const name of list(folder).filter((n) => n.startsWith('.') && n.endsWith('.tmp')))
      files.push({ path: join(folder, name), line: 'temp file of an interrupted write' });
  return { experiment, dir, notes: storedRuns.notes, files };
}

/**
 * What sets a stored run apart from the closest run of the plan on its dataset, as `path=value`
 * of the stored run (a whole layer stack or optimizer by its path alone); '' when no planned run
 * shares its dataset.
 */
function differences(spec: RunSpec, planned: Planned): string {
  let best: string[] | undefined;
  for (const p of planned.filter((q) => q.spec.dataset === spec.dataset)) {
    const params = varyingParams([spec, p.spec]).map((v) =>
      (COMPOSITES as readonly string[]).includes(v.path) ? v.path : `${v.path}=${v.value(spec)}`,
    );
    if (spec.seed !== p.spec.seed) params.push(`seed=${spec.seed}`);
    if (spec.dataset_sha256 !== p.spec.dataset_sha256) params.push(`data ${spec.dataset_sha256.slice(0, 12)}…`);
    if (best === undefined || params.length < best.length) best = params;
  }
  return (best ?? []).join(' · ');
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return []; // no such folder: nothing there to prune
  }
}

/** `mlplab prune`: lists (and with --yes deletes) what the plan will never use; 0 unless a mistake. */
export async function pruneCommand(opts: PruneOptions, write: (text: string) => void): Promise<number> {
  const { experiment, dir, notes, files } = await findPrunable(opts);
  const show = (path: string): string => relative(process.cwd(), path);
  const file = show(opts.file);
  const lines = [...notes];
  if (files.length === 0) {
    write(`${[...lines, `${experiment}: nothing to prune in ${show(dir)}: every stored run is in the plan.`].join('\n')}\n`);
    return 0;
  }
  lines.push(`${experiment}: ${files.length} file(s) in ${show(dir)} that the plan will never use:`);
  for (const f of files) lines.push(`  ${f.line}  ${show(f.path)}`);
  if (!opts.yes) {
    lines.push(`Nothing deleted: mlplab prune ${file} --yes deletes them (pass the same --set and --data-dir).`);
    write(`${lines.join('\n')}\n`);
    return 0;
  }
  // Not while runs train here: a checkpoint or temp file listed may be one of theirs (run/claim.ts).
  const busy = [...new Set([...liveClaims(dir).values()].map(holderName))];
  if (busy.length > 0)
    throw new UsageError(`${show(dir)}: runs are being trained there by ${busy.join(', ')}; nothing deleted — prune when they are done`);
  for (const f of files) rmSync(f.path, { force: true });
  lines.push(`Deleted ${files.length} file(s).`);
  write(`${lines.join('\n')}\n`);
  // The report draws every stored run: redrawn, it no longer shows the runs just deleted.
  if (files.some((f) => f.path.startsWith(runsDir(dir)))) await redrawAfterPrune(opts, write);
  return 0;
}

async function redrawAfterPrune(opts: PruneOptions, write: (text: string) => void): Promise<void> {
  const { reportExperiment } = await import('./report.js');
  try {
    const written = await reportExperiment(opts.file, opts.resultsRoot, (s) => write(`${s}\n`), { set: opts.set });
    write(`report: ${written.find((f) => f.endsWith('README.md')) ?? written[0]}\n`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    write(`The report is left as it was: ${err.message}\n`); // e.g. no stored run is left to draw
  }
}
