// The sparse path against the dense one: microseconds per call of the first layer's XW
// (64×784 by 784×128) and XᵀΔ (784×64 by 64×128) at several fractions of non-zero pixels
// (scattered uniformly), on real batches of 64 images (MNIST, Fashion-MNIST: their non-zeros
// cluster), and the fractions of non-zero pixels of both datasets. The crossover is where SPARSE_MAX_DENSITY
// (src/nn/kernels/sparse-path.ts) belongs; with BLAS's dense product (when a BLAS loads), where
// BLAS_SPARSE_MAX_DENSITY (blas-kernels.ts) does. Runs interleaved like bench/kernels.ts; one thread.
// Alone: `node dist/bench/sparse.js`.

import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/load.js';
import { BlasKernels } from '../src/nn/kernels/blas-kernels.js';
import { WasmKernels } from '../src/nn/kernels/wasm-kernels.js';
import { benchBlas } from './epoch.js';
import { Rng } from '../src/nn/rng.js';
import { scaleTable } from '../src/nn/kernels/index.js';
import { interleaved, median } from './timing.js';

const B = 64,
  I = 784,
  O = 128;
const DENSITIES = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];
const RUNS = 9,
  RUN_MS = 20;

/** Median µs per call of each of fns, timed in turn over RUNS rounds. */
const perCall = (...fns: (() => void)[]): number[] => interleaved(fns, RUNS, RUN_MS).map((rates) => median(rates.map((r) => 1e6 / r)));

/** Kernels with the first layer's operands: X = x, random W (784×128) and Δ (64×128), outputs Y and G. */
function operands(x: Float32Array, rng: Rng, sparseDensity?: number, blas = false) {
  const loaded = blas ? benchBlas() : undefined;
  if (typeof loaded === 'string') throw new Error(loaded);
  const K = loaded === undefined ? new WasmKernels(undefined, sparseDensity) : new BlasKernels(loaded, undefined, sparseDensity);
  const X = K.alloc(B * I),
    W = K.alloc(I * O),
    D = K.alloc(B * O),
    Y = K.alloc(B * O),
    G = K.alloc(I * O);
  X.set(x);
  for (let i = 0; i < W.length; i++) W[i] = rng.normal();
  for (let i = 0; i < D.length; i++) D[i] = rng.normal();
  return { K, X, W, D, Y, G };
}

export interface SparseTiming {
  input: string; // '20 %', or a dataset's name
  density: number;
  product: 'XW' | 'XᵀΔ';
  denseUs: number; // median µs per call
  sparseUs: number;
  /** The dense product on BLAS, when one loads. */
  blasUs?: number;
}

/** An input X (64×784) to time the products on. */
interface SparseInput {
  label: string;
  x: Float32Array;
}

/** Inputs with each of `densities` non-zero, scattered uniformly. */
function scatteredInputs(densities = DENSITIES): SparseInput[] {
  return densities.map((density) => {
    const rng = Rng.from(Math.round(density * 1000), 'bench-sparse');
    return {
      label: `${(density * 100).toFixed(0)} %`,
      x: Float32Array.from({ length: B * I }, () => (rng.uniform() < density ? rng.uniform() : 0)),
    };
  });
}

function timeSparse(inputs: SparseInput[]): SparseTiming[] {
  const withBlas = typeof benchBlas() !== 'string';
  const jobs = inputs.flatMap(({ label, x }) =>
    (['XW', 'XᵀΔ'] as const).map((product) => {
      const rng = Rng.from(0, `bench-sparse ${label}`);
      const make = (sparseDensity: number, blas = false): (() => void) => {
        const { K, X, W, D, Y, G } = operands(x, rng, sparseDensity, blas);
        return product === 'XW' ? () => K.matmul(X, W, Y, B, I, O) : () => K.matmulAtB(X, D, G, B, I, O);
      };
      const density = x.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0) / x.length;
      return { label, density, product, fns: [make(0), make(1), ...(withBlas ? [make(0, true)] : [])] };
    }),
  );
  const per = withBlas ? 3 : 2;
  const us = perCall(...jobs.flatMap((j) => j.fns));
  return jobs.map((j, i) => ({
    input: j.label,
    density: j.density,
    product: j.product,
    denseUs: us[per * i],
    sparseUs: us[per * i + 1],
    ...(withBlas ? { blasUs: us[per * i + 2] } : {}),
  }));
}

/**
 * µs of XW then XᵀΔ on one input, as a Linear layer's forward and backward run them: XᵀΔ scanning X
 * again, and XᵀΔ told X is unchanged, so that it reuses XW's list of X's entries.
 */
function timeListReuse(x: Float32Array): { scanTwice: number; reuse: number } {
  const { K, X, W, D, Y, G } = operands(x, Rng.from(0, 'bench-sparse reuse'));
  const pair = (reuse: boolean) => (): void => {
    K.matmul(X, W, Y, B, I, O);
    K.matmulAtB(X, D, G, B, I, O, reuse);
  };
  const [scanTwice, reuse] = perCall(pair(false), pair(true));
  return { scanTwice, reuse };
}

/** The fraction of non-zero bytes (pixels) of an image set: the sparse path's density on it. */
function nonZeroFraction(images: Uint8Array): number {
  let nonZero = 0;
  for (let i = 0; i < images.length; i++) if (images[i] !== 0) nonZero++;
  return nonZero / images.length;
}

export function sparseTable(timings: SparseTiming[]): string {
  const blas = timings.some((t) => t.blasUs !== undefined);
  const more = (p: string): string => (blas ? ` ${p} BLAS µs | ${p} BLAS / sparse |` : '');
  const rows = [
    `| input | non-zeros | XW dense µs | XW sparse µs | XW dense / sparse |${more('XW')} XᵀΔ dense µs | XᵀΔ sparse µs | XᵀΔ dense / sparse |${more('XᵀΔ')}`,
    `|---|---:|---:|---:|---:|${blas ? '---:|---:|' : ''}---:|---:|---:|${blas ? '---:|---:|' : ''}`,
  ];
  for (const input of [...new Set(timings.map((t) => t.input))]) {
    const [xw, wg] = (['XW', 'XᵀΔ'] as const).map((p) => timings.find((x) => x.input === input && x.product === p)!);
    const cells = [xw, wg].map(
      (t) =>
        `${t.denseUs.toFixed(0)} | ${t.sparseUs.toFixed(0)} | ${(t.denseUs / t.sparseUs).toFixed(2)}×` +
        (t.blasUs === undefined ? '' : ` | ${t.blasUs.toFixed(0)} | ${(t.blasUs / t.sparseUs).toFixed(2)}×`),
    );
    rows.push(`| ${input} | ${(xw.density * 100).toFixed(1)} % | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

/** Everything bench/sparse measures: the timings, list reuse on MNIST, each dataset's non-zero fraction. */
export interface SparseBench {
  timings: SparseTiming[];
  /** µs of XW then XᵀΔ on MNIST's first 64 images, scanning X twice and reusing XW's list. */
  reuse?: { scanTwice: number; reuse: number };
  /** Fraction of non-zero training pixels, by dataset. */
  nonZero: Record<string, number>;
  /** Datasets that could not be loaded, and why. */
  missing: Record<string, string>;
}

export async function timeSparseBench(): Promise<SparseBench> {
  const inputs = scatteredInputs();
  const out: Omit<SparseBench, 'timings'> = { nonZero: {}, missing: {} };
  const table = scaleTable();
  for (const name of ['mnist', 'fashion-mnist'] as const) {
    let images: Uint8Array;
    try {
      images = (await loadDataset(name, { shared: false })).train.images;
    } catch (e) {
      out.missing[name] = (e as Error).message.split('\n')[0];
      continue;
    }
    // The first 64 training images, as the trainer feeds them.
    const batch = { label: `${name}, first 64 images`, x: Float32Array.from(images.subarray(0, B * I), (b) => table[b]) };
    inputs.push(batch);
    if (name === 'mnist') out.reuse = timeListReuse(batch.x);
    out.nonZero[name] = nonZeroFraction(images);
  }
  return { timings: timeSparse(inputs), ...out };
}

export function sparseReport(s: SparseBench): string {
  const notes = Object.entries(s.missing).map(([name, why]) => `${name}: not measured — ${why}`);
  if (s.reuse !== undefined) {
    notes.push(
      `mnist, first 64 images, XW then XᵀΔ as a layer's forward and backward: ${s.reuse.scanTwice.toFixed(0)} µs scanning X twice, ${s.reuse.reuse.toFixed(0)} µs with XᵀΔ reusing XW's list of X`,
    );
  }
  for (const [name, f] of Object.entries(s.nonZero)) notes.push(`${name}: ${(f * 100).toFixed(1)} % of the training pixels are non-zero`);
  return [sparseTable(s.timings), '', ...notes].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(sparseReport(await timeSparseBench()));
