// `npm run bench`: every benchmark, one section after another, in one run.
// Timings are the machine's, so they are printed, never asserted (npm test has none).

import { cpus } from 'node:os';
import { timeEpochs } from './epoch.js';
import { kernelTable, productCases, timeKernels } from './kernels.js';
import { sweepReport, sweepTitle, timeSweep } from './sweep.js';
import { threadsReport, timeThreads } from './threads.js';
import { sparseReport } from './sparse.js';

const f = (x: number, d = 2): string => x.toFixed(d);

async function main(): Promise<void> {
  console.log(`# mlplab benchmarks\n\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores.\n`);
  console.log('## Kernels (GFLOP/s, one thread, median of 15 interleaved runs after warm-up; dense random operands)\n');
  console.log(kernelTable(timeKernels(productCases([64, 256]))));

  console.log('\n## The sparse path: the first layer\'s products, dense and sparse, by fraction of non-zero inputs (µs per call, batch 64, one thread)\n');
  console.log(await sparseReport());

  console.log('\n## One MNIST epoch, 784-128-64-10, batch 64, SGD (training time, one thread)\n');
  const epoch = await timeEpochs(3);
  console.log(`mlplab: ${f(epoch.mlplab, 3)} s per epoch (mean of epochs 2–3)`);
  if (epoch.numpy !== undefined) {
    console.log(`NumPy (bench/numpy_mlp.py, OPENBLAS_NUM_THREADS=1): ${f(epoch.numpy, 3)} s per epoch`);
    console.log(`ratio mlplab / NumPy: ${f(epoch.mlplab / epoch.numpy)}`);
  } else console.log(`NumPy: not measured — ${epoch.numpyMissing}`);

  console.log('\n## One MNIST epoch with a helper thread for the large products (same net; 1 and 2 threads alternating, other core idle)\n');
  console.log('(`mlplab run` gives a run this helper when it has a core to spare: a lone run, an experiment run with --workers ≥ 2× its runs, or the last runs of a sweep once the others have finished.)\n');
  console.log(threadsReport(await timeThreads(5), epoch.numpy));

  console.log(`\n${sweepTitle(2)}\n`);
  console.log(sweepReport(await timeSweep()));
}

await main();
