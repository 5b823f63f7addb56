// `mlplab plan <file>`: every run the experiment expands to, without training any — its id, what
// the sweep changed, its size and cost, a time estimate from this machine's kernel speed, and
// whether it is already stored (so `mlplab run` would skip it); and how many stored runs are not in
// the plan. A dataset not on this machine is planned as its stored runs recorded it (so plan works
// on a clone of the results without the data).

import { relative } from 'node:path';
import { resolveRuns, type ResolveOptions } from '../run/resolve.js';
import { staleNote } from '../run/stale.js';
import { isStale } from '../train/numerics.js';
import type { RunResult } from '../types.js';
import { costliestFirst } from '../run/order.js';
import { experimentDir, needsTraining } from '../run/store.js';
import { type ClaimInfo, claimTiming, holderName, liveClaims } from '../run/claim-file.js';
import { StoredRuns } from '../run/stored-checksum.js';
import { flopsPerEpoch, kernelShapes, paramCount, runSeconds } from '../estimate/estimate.js';
import { KernelSpeed } from '../estimate/kernel-speed.js';
import { wallTime } from '../estimate/wall-time.js';
import { flow, formatPlan, toTrain, type PlanRow, type PlanSearch, type PlanSummary } from './plan-table.js';
import type { SearchSpec } from '../config/experiment.js';
import type { PlannedRun } from '../config/index.js';
import { nextStage, searchView } from '../run/search-stage.js';
import { rungRows } from '../search/describe.js';
import { planSearch } from '../search/planner.js';
import { UsageError } from '../errors.js';
import { selectedIndices, selectionName, type Selection } from '../run/shard.js';
import { formatMissing } from './plan-missing.js';

export interface PlanOptions {
  file: string;
  set?: string[];
  dataDir?: string;
  /** --allow-modified-data: plan runs on local files that are not the official ones. */
  allowModifiedData?: boolean;
  resultsRoot: string;
  workers: number;
  /** As `mlplab run --force`: stored runs count as to be trained. */
  force?: boolean;
  /** As `mlplab run --upgrade`: stale stored runs count as to be trained. */
  upgrade?: boolean;
  /** Where a stored run file that is not valid is named (it counts as not stored). */
  warn?: (text: string) => void;
  /** Registry entries replaced (tests), as ResolveOptions.entries. */
  entries?: ResolveOptions['entries'];
  /** --shard / --index: list only the runs that `mlplab run` with the same flag trains. */
  selection?: Selection;
  /** --missing: list instead the job-array tasks that have runs to train (plan-missing.ts). */
  missing?: boolean;
  /** --shards N with --missing: the tasks are shards of N (else one run per task, by plan index). */
  shards?: number;
  /** The environment: MLPLAB_CLAIM_TIMEOUT says when a claim is stale, as for `mlplab run`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The runs being trained now in the experiment's folder, judged stale as `mlplab run` judges them. */
function claimsNow(opts: PlanOptions, experiment: string): Map<string, ClaimInfo> {
  return liveClaims(experimentDir(opts.resultsRoot, experiment), Date.now(), claimTiming(opts.env ?? process.env).staleMs);
}

/** The plan and what is stored of it. */
async function readPlan(opts: PlanOptions) {
  const storedRuns = new StoredRuns(opts.resultsRoot, opts.warn ?? (() => undefined));
  const { loaded, planned } = await resolveRuns(opts.file, {
    set: opts.set,
    dataDir: opts.dataDir,
    allowModifiedData: opts.allowModifiedData,
    fit: { workers: opts.workers },
    whenMissing: storedRuns.whenMissing,
    entries: opts.entries,
  });
  return { storedRuns, loaded, planned, stored: await storedRuns.of(loaded.experiment.name) };
}

export async function estimatePlan(opts: PlanOptions): Promise<PlanSummary> {
  const { storedRuns, loaded, planned, stored } = await readPlan(opts);
  const ids = new Set(planned.map((p) => p.id));
  if (!opts.force && !opts.upgrade) {
    const stale = staleNote(planned.map((p) => stored.get(p.id)));
    if (stale !== undefined) opts.warn?.(stale);
  }
  const shown = opts.selection === undefined ? planned.map((_, i) => i) : selectedIndices(planned, opts.selection);
  const claimed = claimsNow(opts, loaded.experiment.name);
  const speed = new KernelSpeed(shown.flatMap((i) => kernelShapes(planned[i]!.spec)));
  const rows: PlanRow[] = shown.map((index) => {
    const { id, spec, changes } = planned[index]!;
    const run = stored.get(id);
    return {
      index,
      id,
      dataset: spec.dataset,
      changes: changes.map((c) => `${c.path}=${flow(c.value)}`),
      params: paramCount(spec),
      flopsPerEpoch: flopsPerEpoch(spec),
      seconds: runSeconds(spec, speed.timeOf),
      stored: storedWord(run, opts, loaded.experiment.search.method !== 'grid'),
      claimedBy: claimed.has(id) ? holderName(claimed.get(id)!) : undefined,
    };
  });
  // In the order `mlplab run` hands them out: costliest first.
  const todo = costliestFirst(
    shown.map((index, i) => ({ spec: planned[index]!.spec, row: rows[i]! })).filter(({ row }) => toTrain(row)),
  ).map(({ row }) => row.seconds);
  const workers = Math.max(1, Math.min(opts.workers, todo.length));
  return {
    experiment: loaded.experiment.name,
    of: opts.selection === undefined ? undefined : { name: selectionName(opts.selection), planned: planned.length },
    rows,
    workers,
    wallSeconds: wallTime(todo, workers),
    gflops: speed.gflops(),
    notes: storedRuns.notes,
    notInPlan: [...stored.keys()].filter((id) => !ids.has(id)).length,
    file: relative(process.cwd(), opts.file),
    ...searchOf(loaded.experiment.search, planned, stored, opts),
  };
}

/** A search's rungs as `mlplab run` would plan them from what is stored. */
function searchOf(
  search: SearchSpec,
  planned: readonly PlannedRun[],
  stored: ReadonlyMap<string, RunResult>,
  opts: PlanOptions,
): { search?: PlanSearch } {
  if (search.method === 'grid') return {};
  const plan = planSearch(planned, searchView(stored, new Set(), { force: opts.force ?? false, upgrade: opts.upgrade }), search);
  return { search: { method: search.method, rungs: rungRows(plan, search.eta), epochs: plan.epochs } };
}

/** What the plan's "stored" column says of a run: whether `mlplab run` with these options trains it. */
function storedWord(run: RunResult | undefined, opts: PlanOptions, searching: boolean): PlanRow['stored'] {
  // A grid trains a pruned run on to the end; a search leaves it where its rung cut it.
  if (searching && !opts.force && (run?.status === 'paused' || run?.status === 'pruned')) return run.status;
  if (needsTraining(run, opts.force ?? false, opts.upgrade ?? false)) return !opts.force && run?.status === 'failed' ? 'failed' : '';
  return run !== undefined && isStale(run) ? 'stale' : 'stored';
}

/**
 * Prints the plan through `write` (invalid stored run files are named through `warn`); config
 * mistakes throw ConfigError for the CLI to turn into exit code 2.
 */
export async function planCommand(opts: PlanOptions, write: (text: string) => void, warn: (text: string) => void): Promise<number> {
  const all = { warn: (s: string) => warn(`${s}\n`), ...opts };
  if (opts.missing !== true && opts.shards !== undefined)
    throw new UsageError('--shards: goes with --missing (mlplab plan --missing --shards N lists the shards of N with runs to train)');
  if (opts.missing !== true) {
    write(formatPlan(await estimatePlan(all)));
    return 0;
  }
  if (opts.selection !== undefined)
    throw new UsageError(
      '--missing: lists every task that has runs to train; give --shards N for shards of N, nothing for one run per task (not --shard or --index)',
    );
  const { loaded, planned, stored } = await readPlan(all);
  const claimed = claimsNow(opts, loaded.experiment.name);
  // A search's missing runs are those its next stage trains: the current rung's (run/search-stage.ts).
  const { search } = loaded.experiment;
  const stage =
    search.method === 'grid'
      ? undefined
      : nextStage(planned, stored, new Set(), search, { force: opts.force ?? false, upgrade: opts.upgrade });
  const next = new Set(stage?.todo.map((p) => p.id));
  const missing = (id: string) =>
    stage === undefined ? needsTraining(stored.get(id), opts.force ?? false, opts.upgrade ?? false) : next.has(id);
  write(formatMissing(loaded.experiment.name, planned, missing, opts.shards, new Map([...claimed].map(([id, c]) => [id, holderName(c)]))));
  return 0;
}
