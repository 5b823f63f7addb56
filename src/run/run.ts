// `mlplab run`: plan the experiment's runs, skip those already stored, train the rest in the
// worker pool, store each as it finishes, then redraw the report from everything stored.

import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { loadDataset } from '../data/load.js';
import { RunPool } from './pool.js';
import { UsageError } from '../errors.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult } from '../types.js';
import { ExperimentLock } from './lock.js';
import { plan } from './plan.js';
import { redraw } from './report.js';
import { costliestFirst } from './schedule.js';
import { experimentDir, readRuns } from './store.js';
import { helpersFit, trainAll } from './train-all.js';

export interface RunOptions {
  file: string;
  workers: number;
  resultsRoot: string;
  dataDir?: string;
  /** `--set path=value` overrides, applied to the experiment file. */
  set?: string[];
  /** The experiment already read and planned (from file and set); else runExperiment plans it. */
  planned?: Awaited<ReturnType<typeof plan>>;
  force: boolean;
  log: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  signal?: AbortSignal;
}

export interface RunSummary {
  trained: RunResult[];
  skipped: number;
  interrupted: boolean;
  reportFiles: string[];
}

export async function runExperiment(opts: RunOptions): Promise<RunSummary> {
  const { loaded, planned } = opts.planned ?? await plan(opts.file, { set: opts.set, dataDir: opts.dataDir });
  const name = loaded.experiment.name;
  const dir = experimentDir(opts.resultsRoot, name);
  await ensureWritable(dir);
  // Taken before looking at the store, so two runs never decide on the same missing runs.
  const lock = ExperimentLock.acquire(dir);
  try {
    const stored = await readRuns(dir);
    // A stored run is reused unless it failed (a failure may be transient; a divergence is a result).
    const todo = costliestFirst(planned.filter((p) => opts.force || stored.get(p.id) === undefined || stored.get(p.id)?.status === 'failed'));
    const say = (s: string): boolean => opts.log.write(`${s}\n`);
    say(`${name}: ${planned.length} run(s) planned, ${planned.length - todo.length} already in ${dir}, ${todo.length} to train`);
    let trained: RunResult[] = [];
    if (todo.length > 0) {
      const workers = Math.max(1, Math.min(opts.workers, todo.length));
      // The workers start (load their modules, compile the kernels) while the datasets load.
      const pool = new RunPool(workers);
      const data = await loadData([...new Set(todo.map((p) => p.spec.dataset))], opts, say).catch(async (err: unknown) => {
        await pool.close();
        throw err;
      });
      // Once each run left can have two of these cores, it may take a helper thread for its products.
      const cores = Math.min(opts.workers, availableParallelism());
      say(`training with ${workers} worker(s)${helpersFit(todo.length, cores) ? ', 2 threads each' : ''}`);
      trained = await trainAll(todo, data, pool, { dir, cores, force: opts.force, log: opts.log, signal: opts.signal });
    }
    const anyStored = trained.length + planned.length - todo.length > 0;
    const reportFiles = anyStored ? await redraw(loaded, planned, dir, say) : [];
    return { trained, skipped: planned.length - todo.length, interrupted: opts.signal?.aborted === true, reportFiles };
  } finally {
    lock.release();
  }
}

/** Each dataset is loaded once, into shared memory that every worker reads without a copy. */
async function loadData(names: DatasetName[], opts: RunOptions, say: (s: string) => void): Promise<Map<DatasetName, TrainData>> {
  const data = new Map<DatasetName, TrainData>();
  for (const name of names) {
    const d = await loadDataset(name, { dataDir: opts.dataDir, onProgress: say, shared: true });
    say(`${name}: ${d.train.count} training and ${d.test.count} test images from ${d.source}`);
    data.set(name, { train: d.train, test: d.test, classes: d.classes.length });
  }
  return data;
}

async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot write results to ${dir}: ${(err as Error).message}`);
  }
}
