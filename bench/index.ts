// `npm run bench`: every benchmark, one section after another, in one run. The figures are printed
// as they come, then stored with the machine and the commit in bench/results/<date>-<commit>.json,
// and bench/RESULTS.md is redrawn from all stored runs. Timings are the machine's, so they are
// recorded, never asserted (npm test has none).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltinName as DatasetName } from '../src/data/datasets.js';
import { type EpochTiming, epochReport, timeEpochs } from './epoch.js';
import { kernelTable, productCases, timeKernels } from './kernels.js';
import { machine, revision } from './machine.js';
import { type BenchRecord, recordFileName, type SweepRecord, sweepRecord } from './record.js';
import { BENCH_DIR, writeResultsPage } from './render-results.js';
import { sparseReport, timeSparseBench } from './sparse.js';
import { SWEEP_RUNS, sweepReport, sweepTitle, timeSweep } from './sweep.js';
import { threadsReport, timeThreads } from './threads.js';

const SWEEP_EPOCHS = 2;
/** The epoch and the sweep are measured on both: MNIST's inputs take the sparse path, Fashion-MNIST's mostly not. */
const DATASETS_MEASURED: DatasetName[] = ['mnist', 'fashion-mnist'];

async function main(): Promise<void> {
  const rev = revision(),
    host = machine();
  console.log(
    `# mlplab benchmarks\n\nNode ${host.node}, ${host.cpu}, ${host.cores} cores; commit ${rev.commit}${rev.dirty ? ' (uncommitted changes)' : ''}.\n`,
  );
  console.log('## Kernels (GFLOP/s, one thread, median of 15 interleaved runs after warm-up; dense random operands)\n');
  const kernels = timeKernels(productCases([64, 256]));
  console.log(kernelTable(kernels));

  console.log(
    "\n## The sparse path: the first layer's products, dense and sparse, by fraction of non-zero inputs (µs per call, batch 64, one thread)\n",
  );
  const sparse = await timeSparseBench();
  console.log(sparseReport(sparse));

  const epochs = new Map<DatasetName, EpochTiming>();
  for (const dataset of DATASETS_MEASURED) {
    console.log(`\n## One ${dataset} epoch, 784-128-64-10, batch 64, SGD (training time, one thread)\n`);
    const epoch = await timeEpochs(3, dataset);
    epochs.set(dataset, epoch);
    console.log(epochReport(epoch));
  }
  const epoch = epochs.get('mnist')!;

  console.log(
    '\n## One MNIST epoch with a helper thread for the large products (same net; 1 and 2 threads alternating, other core idle)\n',
  );
  console.log(
    '(`mlplab run` gives a run this helper when it has a core to spare: a lone run, an experiment run with --workers ≥ 2× its runs, or the last runs of a sweep once the others have finished.)\n',
  );
  const threads = await timeThreads(5);
  console.log(threadsReport(threads, epoch.numpy));

  const sweeps = new Map<DatasetName, SweepRecord>();
  for (const dataset of DATASETS_MEASURED) {
    console.log(`\n${sweepTitle(SWEEP_EPOCHS, dataset)}\n`);
    const sweep = await timeSweep(SWEEP_EPOCHS, dataset);
    console.log(sweepReport(sweep));
    sweeps.set(dataset, sweepRecord(sweep, SWEEP_EPOCHS, SWEEP_RUNS));
  }

  const record: BenchRecord = {
    date: new Date().toISOString(),
    ...rev,
    machine: host,
    kernels,
    sparse,
    epoch,
    threads,
    sweep: sweeps.get('mnist')!,
    fashion: { epoch: epochs.get('fashion-mnist')!, sweep: sweeps.get('fashion-mnist')! },
  };
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, recordFileName(record));
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nwrote ${file} and ${writeResultsPage()}`);
}

await main();
