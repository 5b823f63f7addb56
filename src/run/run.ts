// `mlplab run`: plan the experiment's runs, skip those already stored, train the rest in the
// worker pool, store each as it finishes, then redraw the report from everything stored.

import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset } from '../data/load.js';
import { isOfficial } from '../data/official.js';
import { RunPool } from './pool.js';
import { UsageError } from '../errors.js';
import { discard, stageFile } from '../util/atomic.js';
import { FileSystemError, userFsError } from '../util/fs-errors.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult } from '../types.js';
import { ExperimentLock } from './lock.js';
import { removeLeftovers } from './leftovers.js';
import { sweepNotice, wallSeconds } from './notice.js';
import { resolveRuns } from './resolve.js';
import { redraw } from './report.js';
import { costliestFirst } from './order.js';
import { experimentDir, needsTraining, readRuns } from './store.js';
import { helpersFit, trainAll, type Unstored } from './train-all.js';

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
  log: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  signal?: AbortSignal;
  /** Shown a sweep's size when it is large (run/notice.ts): whether to start. Default: print it and start. */
  confirm?: (line: string) => Promise<boolean>;
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
}

export async function runExperiment(opts: RunOptions): Promise<RunSummary> {
  const { loaded, planned } = opts.planned ?? await resolveRuns(opts.file, { set: opts.set, dataDir: opts.dataDir, allowModifiedData: opts.allowModifiedData, fit: { workers: opts.workers } });
  const name = loaded.experiment.name;
  const dir = experimentDir(opts.resultsRoot, name);
  await ensureWritable(dir);
  // Taken before looking at the store, so two runs never decide on the same missing runs.
  const lock = ExperimentLock.acquire(dir);
  try {
    const say = (s: string): boolean => opts.log.write(`${s}\n`);
    const stored = await readRuns(dir, say);
    const todo = costliestFirst(planned.filter((p) => needsTraining(stored.get(p.id), opts.force)));
    say(`${name}: ${planned.length} run(s) planned, ${planned.length - todo.length} already in ${dir}, ${todo.length} to train`);
    const orphans = removeLeftovers(dir, new Set(stored.keys()), new Set(todo.map((p) => p.id)));
    if (orphans.length > 0) say(`removed the checkpoint(s) of ${orphans.map((id) => id.slice(0, 8)).join(', ')}: stored already, so never resumed (left by an interrupted --force)`);
    let trained: RunResult[] = [];
    let unstored: Unstored[] = [];
    // A large sweep is announced (and on a terminal confirmed) before anything starts; declined, it stops as interrupted.
    const atOnce = Math.max(1, Math.min(opts.workers, todo.length));
    const notice = todo.length === 0 ? undefined : sweepNotice(todo.length, await wallSeconds(todo.map((p) => p.spec), atOnce), atOnce);
    const start = opts.confirm ?? (async (line: string) => say(`mlplab: ${line}`));
    if (notice !== undefined && !(await start(notice))) return { trained, skipped: planned.length - todo.length, interrupted: true, reportFiles: [], unstored };
    if (todo.length > 0) {
      const workers = Math.max(1, Math.min(opts.workers, todo.length));
      // The workers start (load their modules, compile the kernels) while the datasets load.
      const pool = new RunPool(workers);
      const data = await loadData(new Map(todo.map((p) => [p.spec.dataset, p.spec.dataset_sha256])), opts, say).catch(async (err: unknown) => {
        await pool.close();
        throw err;
      });
      // Once each run left can have two of these cores, it may take a helper thread for its products.
      const cores = Math.min(opts.workers, availableParallelism());
      say(`training with ${workers} worker(s)${helpersFit(todo.length, cores) ? ', 2 threads each' : ''}`);
      ({ trained, unstored } = await trainAll(todo, data, pool, { dir, cores, force: opts.force, log: opts.log, signal: opts.signal }));
    }
    const anyStored = trained.length + planned.length - todo.length > 0;
    let reportFiles: string[] = [];
    let reportError: string | undefined;
    // A report that cannot be written loses nothing: the runs are stored, and `report` redraws it.
    if (anyStored) reportFiles = await redraw(loaded, planned, dir, say, true).catch((err: unknown) => {
      if (!(err instanceof FileSystemError)) throw err;
      reportError = err.message;
      return [];
    });
    return { trained, skipped: planned.length - todo.length, interrupted: opts.signal?.aborted === true, reportFiles, unstored, reportError };
  } finally {
    lock.release();
  }
}

/**
 * Each dataset is loaded once, into shared memory that every worker reads without a copy, and
 * only if its bytes are those whose checksum is in the run ids.
 */
async function loadData(checksums: Map<DatasetName, string>, opts: RunOptions, say: (s: string) => void): Promise<Map<DatasetName, TrainData>> {
  const data = new Map<DatasetName, TrainData>();
  for (const [name, checksum] of checksums) {
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
