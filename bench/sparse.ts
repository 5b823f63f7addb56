// The sparse path against the dense one: microseconds per call of the first layer's XW
// (64×784 by 784×128) and XᵀΔ (784×64 by 64×128) at several fractions of non-zero pixels
// (scattered uniformly), on real batches of 64 images (MNIST, Fashion-MNIST: their non-zeros
// cluster), and the fractions of non-zero pixels of both datasets. The crossover is where SPARSE_MAX_DENSITY
// (src/nn/kernels/wasm-kernels.ts) belongs. Runs interleaved like bench/kernels.ts; one thread.
// Alone: `node dist/bench/sparse.js`.

import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/load.js';
import { WasmKernels } from '../src/nn/kernels/wasm-kernels.js';
import { Rng } from '../src/nn/rng.js';
import type { DatasetName } from '../src/types.js';
import { median, rate } from './timing.js';

const B = 64, I = 784, O = 128;
export const DENSITIES = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];
const RUNS = 9, RUN_MS = 20;

/** µs per call of fn, over one run of at least RUN_MS. */
const perCall = (fn: () => void): number => 1e6 / rate(fn, RUN_MS);

export interface SparseTiming {
  input: string; // '20 %', or a dataset's name
  density: number;
  product: 'XW' | 'XᵀΔ';
  denseUs: number; // median µs per call
  sparseUs: number;
}

/** An input X (64×784) to time the products on. */
export interface SparseInput {
  label: string;
  x: Float32Array;
}

/** Inputs with each of `densities` non-zero, scattered uniformly. */
export function scatteredInputs(densities = DENSITIES): SparseInput[] {
  return densities.map((density) => {
    const rng = Rng.from(Math.round(density * 1000), 'bench-sparse');
    return { label: `${(density * 100).toFixed(0)} %`, x: Float32Array.from({ length: B * I }, () => (rng.uniform() < density ? rng.uniform() : 0)) };
  });
}

export function timeSparse(inputs: SparseInput[]): SparseTiming[] {
  const jobs = inputs.flatMap(({ label, x }) => (['XW', 'XᵀΔ'] as const).map((product) => {
    const rng = Rng.from(0, `bench-sparse ${label}`);
    const make = (sparseDensity: number): (() => void) => {
      const K = new WasmKernels(undefined, sparseDensity);
      const X = K.alloc(B * I), W = K.alloc(I * O), D = K.alloc(B * O), Y = K.alloc(B * O), G = K.alloc(I * O);
      X.set(x);
      for (let i = 0; i < W.length; i++) W[i] = rng.normal();
      for (let i = 0; i < D.length; i++) D[i] = rng.normal();
      return product === 'XW' ? () => K.matmul(X, W, Y, B, I, O) : () => K.matmulAtB(X, D, G, B, I, O);
    };
    const density = x.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0) / x.length;
    return { label, density, product, dense: make(0), sparse: make(1), d: [] as number[], s: [] as number[] };
  }));
  for (const j of jobs) perCall(j.dense), perCall(j.sparse); // warm-up
  for (let r = 0; r < RUNS; r++) for (const j of jobs) j.d.push(perCall(j.dense)), j.s.push(perCall(j.sparse));
  return jobs.map((j) => ({ input: j.label, density: j.density, product: j.product, denseUs: median(j.d), sparseUs: median(j.s) }));
}

/**
 * µs of XW then XᵀΔ on one input, as a Linear layer's forward and backward run them: XᵀΔ scanning X
 * again, and XᵀΔ told X is unchanged, so that it reuses XW's list of X's entries.
 */
export function timeListReuse(x: Float32Array): { scanTwice: number; reuse: number } {
  const rng = Rng.from(0, 'bench-sparse reuse');
  const K = new WasmKernels();
  const X = K.alloc(B * I), W = K.alloc(I * O), D = K.alloc(B * O), Y = K.alloc(B * O), G = K.alloc(I * O);
  X.set(x);
  for (let i = 0; i < W.length; i++) W[i] = rng.normal();
  for (let i = 0; i < D.length; i++) D[i] = rng.normal();
  const pair = (reuse: boolean) => (): void => {
    K.matmul(X, W, Y, B, I, O);
    K.matmulAtB(X, D, G, B, I, O, reuse);
  };
  const twice = pair(false), once = pair(true), a: number[] = [], b: number[] = [];
  perCall(twice), perCall(once); // warm-up
  for (let r = 0; r < RUNS; r++) a.push(perCall(twice)), b.push(perCall(once));
  return { scanTwice: median(a), reuse: median(b) };
}

/** The first 64 training images of a dataset, as the trainer feeds them (b / 255), or why not. */
async function firstBatch(name: DatasetName): Promise<SparseInput | string> {
  try {
    const { images } = (await loadDataset(name, { shared: false })).train;
    return { label: `${name}, first 64 images`, x: Float32Array.from(images.subarray(0, B * I), (b) => b / 255) };
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/** The fraction of non-zero pixels in a dataset's training images (the sparse path's density on it). */
export async function pixelDensity(name: DatasetName): Promise<number | string> {
  try {
    const { images } = (await loadDataset(name, { shared: false })).train;
    let nonZero = 0;
    for (let i = 0; i < images.length; i++) if (images[i] !== 0) nonZero++;
    return nonZero / images.length;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

export function sparseTable(timings: SparseTiming[]): string {
  const rows = ['| input | non-zeros | XW dense µs | XW sparse µs | XW dense / sparse | XᵀΔ dense µs | XᵀΔ sparse µs | XᵀΔ dense / sparse |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const input of [...new Set(timings.map((t) => t.input))]) {
    const [xw, wg] = (['XW', 'XᵀΔ'] as const).map((p) => timings.find((x) => x.input === input && x.product === p)!);
    const cells = [xw, wg].map((t) => `${t.denseUs.toFixed(0)} | ${t.sparseUs.toFixed(0)} | ${(t.denseUs / t.sparseUs).toFixed(2)}×`);
    rows.push(`| ${input} | ${(xw.density * 100).toFixed(1)} % | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

export async function sparseReport(): Promise<string> {
  const inputs = scatteredInputs(), notes: string[] = [];
  for (const name of ['mnist', 'fashion-mnist'] as const) {
    const batch = await firstBatch(name);
    if (typeof batch === 'string') notes.push(`${name}: not measured — ${batch}`);
    else inputs.push(batch);
    if (name === 'mnist' && typeof batch !== 'string') {
      const t = timeListReuse(batch.x);
      notes.push(`mnist, first 64 images, XW then XᵀΔ as a layer's forward and backward: ${t.scanTwice.toFixed(0)} µs scanning X twice, ${t.reuse.toFixed(0)} µs with XᵀΔ reusing XW's list of X`);
    }
    const d = await pixelDensity(name);
    notes.push(typeof d === 'number' ? `${name}: ${(d * 100).toFixed(1)} % of the training pixels are non-zero` : `${name}: not measured — ${d}`);
  }
  return [sparseTable(timeSparse(inputs)), '', ...notes].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await sparseReport());
