// `mlplab run`: plan the experiment's runs, skip those already stored, train the rest in the
// worker pool, store each as it finishes, then redraw the report from everything stored.

import { mkdir } from 'node:fs/promises';
import { loadDataset } from '../data/load.js';
import { UsageError } from '../errors.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult } from '../types.js';
import { RunPool } from './pool.js';
import { Progress } from './progress.js';
import { plan, redraw } from './report.js';
import { experimentDir, readRuns, writeRun } from './store.js';

export interface RunOptions {
  file: string;
  workers: number;
  resultsRoot: string;
  dataDir?: string;
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
  const { loaded, planned } = plan(opts.file);
  const name = loaded.experiment.name;
  const dir = experimentDir(opts.resultsRoot, name);
  await ensureWritable(dir);
  const stored = await readRuns(dir);
  // A stored run is reused unless it failed (a failure may be transient; a divergence is a result).
  const todo = planned.filter((p) => opts.force || stored.get(p.id) === undefined || stored.get(p.id)?.status === 'failed');
  const say = (s: string): boolean => opts.log.write(`${s}\n`);
  say(`${name}: ${planned.length} run(s) planned, ${planned.length - todo.length} already in ${dir}, ${todo.length} to train`);

  const trained: RunResult[] = [];
  let interrupted = false;
  if (todo.length > 0) {
    const data = await loadData([...new Set(todo.map((p) => p.spec.dataset))], opts, say);
    const workers = Math.max(1, Math.min(opts.workers, todo.length));
    say(`training with ${workers} worker(s)`);
    const pool = new RunPool(workers);
    const progress = new Progress(opts.log);
    const labelWidth = Math.max(...todo.map((p) => p.spec.dataset.length));
    try {
      await Promise.all(todo.map(async ({ id, spec }) => {
        const label = `${id.slice(0, 8)} ${spec.dataset.padEnd(labelWidth)}`;
        let started = false;
        const result = await pool.run(id, spec, data.get(spec.dataset)!, (m) => {
          if (!started) { progress.start(id, label, spec.train.epochs); started = true; }
          progress.message(m);
        }, opts.signal).catch((err: unknown) => {
          if (opts.signal?.aborted) return null;
          throw err;
        });
        if (result === null) return;
        if (!started) progress.start(id, label, spec.train.epochs);
        await writeRun(dir, result);
        trained.push(result);
        progress.finish(result);
      }));
    } finally {
      progress.clear();
      await pool.close();
    }
    interrupted = opts.signal?.aborted === true;
  }

  const reportFiles = await redraw(loaded, planned, dir, say);
  return { trained, skipped: planned.length - todo.length, interrupted, reportFiles };
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
