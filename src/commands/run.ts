// `mlplab run`: resolve the experiment's runs, skip those already stored, train the rest in the
// worker pool, store each as it finishes, then redraw the report from everything stored.

import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isBuiltin } from '../data/datasets.js';
import type { LoadedDeclared } from '../data/declared.js';
import { loadDataset } from '../data/load.js';
import { wallTime } from '../estimate/wall-time.js';
import { isOfficial } from '../data/official.js';
import { UsageError } from '../errors.js';
import type { Io, Output } from '../io.js';
import { kernelsChoice, resolveKernels } from '../blas/choose.js';
import { gitState } from '../run/git.js';
import { interruptHandler } from '../run/interrupt.js';
import { keepModels } from '../run/keep-models.js';
import { Claims } from '../run/claim.js';
import { claimTiming, holderName } from '../run/claim-file.js';
import { removeLeftovers } from '../run/leftovers.js';
import { confirm, sweepNotice, timedRuns } from '../run/notice.js';
import { readmeLine } from './readme-line.js';
import { progressLabels } from './run-labels.js';
import { costliestFirst } from '../run/order.js';
import { RunPool } from '../run/pool.js';
import { resolveRuns } from '../run/resolve.js';
import { selectedIndices, selectionName, type Selection } from '../run/shard.js';
import { staleNote } from '../run/stale.js';
import { isStale } from '../train/numerics.js';
import { nextStage, storePruned, type Stage as RunExperimentStage } from '../run/search-stage.js';
import { experimentDir, finished, readRun, readRuns, readRunsOf } from '../run/store.js';
import { searchLine } from '../search/describe.js';
import { helpersFit, trainAll, type Busy, type Unstored } from '../run/train-all.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult } from '../types.js';
import { discard, stageFile } from '../util/atomic.js';
import { FileSystemError, userFsError } from '../util/fs-errors.js';

export interface RunOptions {
  file: string;
  workers: number;
  resultsRoot: string;
  dataDir?: string;
  /** --allow-modified-data: train on local files of a registered dataset that are not the official ones. */
  allowModifiedData?: boolean;
  /** `--set path=value` overrides, applied to the experiment file. */
  set?: string[];
  /** The experiment already read and planned (from file and set); else runExperiment plans it. */
  planned?: Awaited<ReturnType<typeof resolveRuns>>;
  force: boolean;
  /** --upgrade: stale stored runs (train/numerics.ts) count as to be trained. */
  upgrade?: boolean;
  log: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  signal?: AbortSignal;
  /** Shown a sweep's size when it is large (run/notice.ts): whether to start. Default: print it and start. */
  confirm?: (line: string) => Promise<boolean>;
  /** The environment the worker threads start with (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** --shard / --index: train only these runs of the plan, and write no report (run/shard.ts). */
  selection?: Selection;
  /**
   * --one-stage: train only the runs the current stage of a search waits for, then stop (a grid
   * is one stage). Stored failed runs count as tried: they rank last rather than train again.
   * What each task of `mlplab slurm`'s per-rung job arrays runs (slurm/chain.ts).
   */
  oneStage?: boolean;
}

export interface RunSummary {
  trained: RunResult[];
  skipped: number;
  interrupted: boolean;
  reportFiles: string[];
  /** Runs that trained but whose result could not be written (a full disk): they keep their checkpoint. */
  unstored: Unstored[];
  /** Why the report could not be written, when it could not (the runs are stored all the same). */
  reportError?: string;
  /** Runs left to other processes that hold their claims (run/claim.ts). */
  busy: Busy[];
}

export async function runExperiment(opts: RunOptions): Promise<RunSummary> {
  const { loaded, planned, declared } =
    opts.planned ??
    (await resolveRuns(opts.file, {
      set: opts.set,
      dataDir: opts.dataDir,
      allowModifiedData: opts.allowModifiedData,
      fit: { workers: opts.workers },
    }));
  const name = loaded.experiment.name;
  const dir = experimentDir(opts.resultsRoot, name);
  await ensureWritable(dir);
  const say = (s: string): boolean => opts.log.write(`${s}\n`);
  // Other processes may train in this folder too: each run is claimed as it starts (run/claim.ts).
  const timing = claimTiming(opts.env ?? process.env);
  const claims = new Claims(dir, {
    timing,
    onLost: (id, by) =>
      say(
        `mlplab: the claim of run ${id} was taken over by ${by === undefined ? 'another process' : holderName(by)} (this process looked dead to it); both train it, to the same result`,
      ),
  });
  try {
    const mine = opts.selection === undefined ? planned : selectedIndices(planned, opts.selection).map((i) => planned[i]!);
    const mineIds = new Set(mine.map((p) => p.id));
    const { search } = loaded.experiment;
    // A search decides each rung from every run of the plan, whichever shard trains them.
    const stored = opts.selection === undefined || search.method !== 'grid' ? await readRuns(dir, say) : readRunsOf(dir, mine, say);
    // A search trains in stages, one rung at a time (run/search-stage.ts); a grid in one. A shard
    // trains its own runs of each stage.
    const trainedNow = new Set<string>(
      opts.oneStage === true ? [...stored.values()].filter((r) => r.status === 'failed').map((r) => r.id) : [],
    );
    const stageOf = async (): Promise<RunExperimentStage> => {
      const stage = nextStage(planned, stored, trainedNow, search, opts);
      for (const run of await storePruned(dir, stage.prune)) stored.set(run.id, run);
      return { ...stage, todo: stage.todo.filter((p) => mineIds.has(p.id)) };
    };
    let stage = await stageOf();
    let todo = costliestFirst(stage.todo);
    const firstTodo = todo.length;
    // Recorded in each run file: the code and config the runs about to train come from.
    const git = todo.length > 0 ? await gitState(opts.file, opts.resultsRoot) : undefined;
    const part = opts.selection === undefined ? '' : ` (${selectionName(opts.selection)}: ${mine.length} of them)`;
    say(`${name}: ${planned.length} run(s) planned${part}, ${mine.length - todo.length} already in ${dir}, ${todo.length} to train`);
    if (stage.search !== undefined) say(searchLine(search, stage.search));
    const training = new Set(todo.map((p) => p.id));
    const stale = staleNote(mine.filter((p) => !training.has(p.id)).map((p) => stored.get(p.id)));
    if (stale !== undefined) say(stale);
    // A paused run's checkpoint is what it goes on from once its rung keeps it.
    const whole = [...stored.values()].filter((r) => r.status !== 'paused').map((r) => r.id);
    const orphans = removeLeftovers(dir, new Set(whole), training, timing.staleMs);
    if (orphans.length > 0)
      say(
        `removed the checkpoint(s) of ${orphans.map((id) => id.slice(0, 8)).join(', ')}: stored already, so never resumed (left by an interrupted --force)`,
      );
    let trained: RunResult[] = [];
    const unstored: Unstored[] = [];
    const busy: Busy[] = [];
    // A large sweep is announced (and on a terminal confirmed) before anything starts; declined, it stops as interrupted.
    const atOnce = Math.max(1, Math.min(opts.workers, todo.length));
    // Timed only when the sweep is large (run/notice.ts); then progress starts each run's time left from it too.
    const seconds = todo.length === 0 ? undefined : await timedRuns(todo.map((p) => p.spec));
    const notice = todo.length === 0 ? undefined : sweepNotice(todo.length, seconds && wallTime(seconds, atOnce), atOnce);
    const start = opts.confirm ?? (async (line: string) => say(`mlplab: ${line}`));
    if (notice !== undefined && !(await start(notice)))
      return { trained, skipped: mine.length - firstTodo, interrupted: true, reportFiles: [], unstored, busy };
    // The report's plotting libraries (vega, vega-lite, resvg: ~0.3 s of parsing and compiling) load
    // on the main thread once a core is free of training, rather than after the last run.
    let reportModule: Promise<typeof import('./report.js')> | undefined;
    const loadReport = (): Promise<typeof import('./report.js')> => (reportModule ??= import('./report.js'));
    const preloadReport = (): void => {
      if (opts.selection === undefined) loadReport().catch(() => undefined); // a failure shows where it is awaited
    };
    if (todo.length > 0) {
      const workers = Math.max(1, Math.min(opts.workers, todo.length));
      if (workers < availableParallelism()) preloadReport();
      // The workers start (load their modules, compile the kernels) while the datasets load.
      let pool = new RunPool(workers, opts.env);
      // A search's later rungs train runs of the datasets its first one does.
      const mayTrain = search.method === 'grid' ? todo : planned;
      const data = await loadData(new Map(mayTrain.map((p) => [p.spec.dataset, p.spec.dataset_sha256])), declared, opts, say).catch(
        async (err: unknown) => {
          await pool.close();
          throw err;
        },
      );
      // Once each run left can have two of these cores, it may take a helper thread for its products.
      const cores = Math.min(opts.workers, availableParallelism());
      // (The BLAS kernels take no helper thread: one BLAS thread per run.)
      const helpers = helpersFit(todo.length, cores) && opts.env?.MLPLAB_KERNELS !== 'blas';
      say(
        `training with ${workers} worker(s)${helpers ? ', 2 threads each' : ''}${opts.env?.MLPLAB_KERNELS === 'blas' ? ', blas kernels' : ''}`,
      );
      const labels = progressLabels(planned);
      const perEpoch = new Map(todo.map((p, i) => [p.id, seconds && seconds[i]! / p.spec.train.epochs]));
      for (;;) {
        const named = todo.map((p) => ({ ...p, label: labels.get(p.id), epochSeconds: perEpoch.get(p.id) }));
        const stopAt = new Map(todo.map((p) => [p.id, p.stopAt ?? p.spec.train.epochs]));
        const done = await trainAll(named, data, pool, {
          dir,
          cores,
          force: opts.force,
          log: opts.log,
          signal: opts.signal,
          git,
          saveModels: loaded.experiment.save !== 'none',
          claims,
          // Stored by another process since the store was read: not trained again (--force retrains all the same).
          stillToTrain: (id) => opts.force || stillToTrain(readRun(dir, id), stopAt.get(id)!, opts.upgrade),
          onCoreFree: preloadReport,
        });
        trained.push(...done.trained);
        unstored.push(...done.unstored);
        busy.push(...done.busy);
        for (const r of done.trained) {
          trainedNow.add(r.id);
          stored.set(r.id, r);
        }
        if (done.storedElsewhere.length > 0)
          say(`${done.storedElsewhere.length} run(s) were stored by another process meanwhile: not trained again`);
        for (const id of done.storedElsewhere) {
          const run = readRun(dir, id);
          if (run !== undefined) stored.set(id, run);
        }
        if (search.method === 'grid' || opts.oneStage === true || opts.signal?.aborted === true || done.unstored.length > 0) break;
        // Nothing trained, nothing learnt: the rest of the rung is another process's, which goes on from here.
        if (done.trained.length === 0 && done.storedElsewhere.length === 0) break;
        stage = await stageOf();
        todo = costliestFirst(stage.todo);
        if (todo.length === 0) break;
        say(searchLine(search, stage.search!));
        pool = new RunPool(Math.max(1, Math.min(opts.workers, todo.length)), opts.env);
      }
      // The same run trained twice (paused at a rung, then on): the summary lists its last result.
      trained = [...new Map(trained.map((r) => [r.id, r])).values()];
    }
    // A shard writes only its run files: the report, and the models it keeps, are drawn once all
    // shards are done, by a `run` or `report` of the whole plan.
    if (opts.selection !== undefined)
      return { trained, skipped: mine.length - firstTodo, interrupted: opts.signal?.aborted === true, reportFiles: [], unstored, busy };
    // Only now is the best run of each dataset known (an interrupted sweep keeps its staged weights for the next run).
    if (opts.signal?.aborted !== true)
      keepModels(loaded.experiment.save, planned, new Map([...stored, ...trained.map((r) => [r.id, r] as const)]), dir, say);
    const anyStored = planned.some((p) => stored.has(p.id));
    let reportFiles: string[] = [];
    let reportError: string | undefined;
    // A report that cannot be written loses nothing: the runs are stored, and `report` redraws it.
    // (Imported when a core was free, or now: the plotting libraries it loads are not needed before.)
    const { redraw } = await loadReport();
    if (anyStored)
      reportFiles = await redraw(loaded, dir, say, { plan: planned, afterRun: true }).catch((err: unknown) => {
        if (!(err instanceof FileSystemError)) throw err;
        reportError = err.message;
        return [];
      });
    return {
      trained,
      skipped: mine.length - firstTodo,
      interrupted: opts.signal?.aborted === true,
      reportFiles,
      unstored,
      reportError,
      busy,
    };
  } finally {
    claims.releaseAll();
  }
}

/**
 * Whether a run another process may have stored meanwhile still needs this pass: to be stored at
 * all, or (a search) to reach the epoch of its rung.
 */
function stillToTrain(run: RunResult | undefined, stopAt: number, upgrade?: boolean): boolean {
  if (run === undefined || run.status === 'failed' || (upgrade === true && isStale(run))) return true;
  return !finished(run) && run.epochs.length < stopAt;
}

/** One line per process holding runs this one skipped: who, how many, what to do. */
function busyLines(busy: readonly Busy[], file: string): string[] {
  const by = new Map<string, number>();
  for (const { holder } of busy) by.set(holderName(holder), (by.get(holderName(holder)) ?? 0) + 1);
  return [...by].map(
    ([holder, n]) => `mlplab: ${n} run${n === 1 ? ' is' : 's are'} being trained by ${holder}; run again later, or see mlplab plan ${file}`,
  );
}

/** What `mlplab run` was given, its options already checked (cli.ts). */
export interface RunArgs {
  file: string;
  set?: string[];
  dataDir?: string;
  resultsRoot: string;
  allowModifiedData: boolean;
  workers: number;
  /** --kernels: wasm, blas or auto (else MLPLAB_KERNELS, else wasm). */
  kernels?: string;
  force: boolean;
  /** --upgrade: retrain stale runs (computed by another numerics version). */
  upgrade: boolean;
  /** --yes: start a large sweep without asking. */
  yes: boolean;
  /** Progress and notes: stderr, or nowhere with --quiet. */
  log: Output | { write(s: string): boolean };
  /** --shard / --index: only these runs, and no report. */
  selection?: Selection;
  /** --one-stage: only the current stage of a search (RunOptions.oneStage). */
  oneStage?: boolean;
}

/**
 * `mlplab run`: 0 when every run is stored and the report written, 1 when a run failed or could
 * not be stored, 2 when only the report could not be written, 130 when interrupted.
 */
export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  // Settled before anything starts: a BLAS that does not load is exit 2 here, not a failed run per worker.
  const kernels = resolveKernels(kernelsChoice(args.kernels, io.env.MLPLAB_KERNELS), io.env, (s) => args.log.write(`${s}\n`));
  // Read and planned before the signal handlers go in: until then Ctrl-C stops mlplab at once, and
  // nothing has started that stopping could lose.
  const planned = await resolveRuns(args.file, {
    set: args.set,
    dataDir: args.dataDir,
    allowModifiedData: args.allowModifiedData,
    fit: { workers: args.workers },
  });
  const abort = new AbortController();
  const stopListening = io.onInterrupt(
    interruptHandler(
      abort,
      (s) => io.stderr.write(s),
      (code) => io.exit(code),
      args.force,
    ),
  );
  try {
    const { log } = args;
    const terminal = { yes: args.yes, stdin: io.stdin, stderr: io.stderr, log, signal: abort.signal };
    const summary = await runExperiment({
      file: args.file,
      planned,
      workers: args.workers,
      resultsRoot: args.resultsRoot,
      dataDir: args.dataDir,
      set: args.set,
      force: args.force,
      upgrade: args.upgrade,
      log,
      signal: abort.signal,
      allowModifiedData: args.allowModifiedData,
      env: { ...io.env, MLPLAB_KERNELS: kernels },
      selection: args.selection,
      oneStage: args.oneStage,
      confirm: (line) => confirm(line, terminal),
    });
    for (const u of summary.unstored) io.stderr.write(`mlplab: ${u.message}\n`);
    for (const line of busyLines(summary.busy, args.file)) log.write(`${line}\n`);
    if (summary.interrupted) return 130;
    const failed = summary.trained.filter((r) => r.status === 'failed');
    for (const r of failed) io.stderr.write(`mlplab: run ${r.id} (${r.spec.dataset}) failed: ${r.error}\n`);
    if (summary.reportError !== undefined) io.stderr.write(`mlplab: ${summary.reportError}\n`);
    else if (summary.reportFiles.length > 0) log.write(`${readmeLine(summary.reportFiles)}\n`);
    return failed.length + summary.unstored.length > 0 ? 1 : summary.reportError !== undefined ? 2 : 0;
  } finally {
    stopListening();
  }
}

/**
 * Each dataset is loaded once, into shared memory that every worker reads without a copy, and
 * only if its bytes are those whose checksum is in the run ids. A declared dataset was read so
 * when the runs were planned (`declared`).
 */
async function loadData(
  checksums: Map<DatasetName, string>,
  declared: Map<DatasetName, LoadedDeclared>,
  opts: RunOptions,
  say: (s: string) => void,
): Promise<Map<DatasetName, TrainData>> {
  const data = new Map<DatasetName, TrainData>();
  for (const [name, checksum] of checksums) {
    const own = declared.get(name);
    if (own !== undefined) {
      const { train, test, classes, source } = own.dataset;
      say(
        `${name}: ${train.count} training and ${test.count} test examples, ${classes.length} classes, from ${source} (sha256 ${checksum.slice(0, 12)}…)`,
      );
      data.set(name, { train, test, classes: classes.length });
      continue;
    }
    if (!isBuiltin(name)) throw new Error(`dataset ${name} was planned but neither declared nor built in`);
    const d = await loadDataset(name, { dataDir: opts.dataDir, onProgress: say, shared: true, checksum });
    const modified = isOfficial(name, checksum) ? '' : ' (modified data: not the official files)';
    say(`${name}: ${d.train.count} training and ${d.test.count} test images from ${d.source}${modified}`);
    data.set(name, { train: d.train, test: d.test, classes: d.classes.length });
  }
  return data;
}

/**
 * Before anything trains: the folder exists and takes a byte (mkdir alone succeeds on a read-only
 * mount, and an empty file on a full disk).
 */
async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    discard(stageFile(join(dir, '.write-check'), '\n'));
  } catch (err) {
    throw userFsError(err, dir, 'nothing was trained') ?? new UsageError(`cannot write results to ${dir}: ${(err as Error).message}`);
  }
}
