// One MNIST epoch of 784-128-64-10 / batch 64 / SGD with the single-thread wasm kernels and with
// the threaded ones (a helper thread takes half of every large product), alternating in this
// process. Meaningful only with the other core idle. Run alone, it takes the rounds and a dataset:
// `node dist/bench/threads.js 5 fashion-mnist`.

import { DATASETS } from '../src/data/datasets.js';
import { WasmKernels } from '../src/nn/kernels/wasm-kernels.js';
import { ThreadedWasmKernels } from '../src/helper-thread/threaded-kernels.js';
import { train } from '../src/train/train.js';
import type { BuiltinName as DatasetName } from '../src/data/datasets.js';
import { benchData, benchSpec } from './epoch.js';
import { median } from './timing.js';

export interface ThreadTiming {
  single: number[]; // seconds of one epoch each
  threaded: number[];
  identical: boolean; // the final metrics agree exactly
}

export async function timeThreads(rounds: number, dataset: DatasetName = 'mnist'): Promise<ThreadTiming> {
  const { data } = await benchData(dataset);
  const spec = benchSpec(dataset, 1);
  const out: ThreadTiming = { single: [], threaded: [], identical: true };
  for (let r = 0; r < rounds; r++) {
    const one = train(spec, 'bench', data, {}, undefined, () => new WasmKernels());
    let kernels: ThreadedWasmKernels | undefined;
    const two = train(spec, 'bench', data, {}, undefined, () => {
      kernels = new ThreadedWasmKernels();
      kernels.waitReady();
      return kernels;
    });
    await kernels?.close();
    out.single.push(one.epochs[0].seconds);
    out.threaded.push(two.epochs[0].seconds);
    if (JSON.stringify(one.final) !== JSON.stringify(two.final)) out.identical = false;
  }
  return out;
}

export function threadsReport(t: ThreadTiming, numpy?: number): string {
  const s = median(t.single),
    d = median(t.threaded);
  const vsNumpy =
    numpy === undefined ? [] : [`ratio mlplab / NumPy: ${(s / numpy).toFixed(2)} with 1 thread, ${(d / numpy).toFixed(2)} with 2 threads`];
  return [
    `wasm, 1 thread: ${s.toFixed(3)} s per epoch (median of ${t.single.length}: ${t.single.map((x) => x.toFixed(3)).join(', ')})`,
    `wasm, 2 threads: ${d.toFixed(3)} s per epoch (median of ${t.threaded.length}: ${t.threaded.map((x) => x.toFixed(3)).join(', ')})`,
    `speed-up: ${(s / d).toFixed(2)}×; final metrics ${t.identical ? 'identical' : 'DIFFER'}`,
    ...vsNumpy,
  ].join('\n');
}

if (process.argv[1]?.endsWith('threads.js')) {
  const dataset = process.argv[3] ?? 'mnist';
  if (!Object.hasOwn(DATASETS, dataset)) throw new Error(`unknown dataset '${dataset}'; one of ${Object.keys(DATASETS).join(', ')}`);
  console.log(`${dataset}:\n${threadsReport(await timeThreads(Number(process.argv[2] ?? 5), dataset as DatasetName))}`);
}
