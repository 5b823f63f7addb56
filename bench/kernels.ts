// Kernel benchmark: GFLOP/s of the reference and the fast (wasm) kernels on the three products of
// each Linear layer of the 784-128-64-10 network, at batch 64 and 256, with dense random operands.
// A product of m×k by k×n is 2·m·k·n floating-point operations. Each figure is the median of
// RUNS timed runs after a warm-up, a run repeating the product for at least RUN_MS; one process,
// one thread. The runs of all cases are interleaved (run 1 of every case, then run 2, …), so a
// slow spell of the machine — on a shared virtual machine the core's other hyper-thread can halve
// SIMD throughput for a second or two — spreads over every case instead of hitting one; and each
// round also runs the SIMD peak loop (simd-peak.ts), so that a kernel's share of the peak of the
// moment can be read apart from the spell. (These operands have no zeros, so both kernel sets run
// their dense loops; on MNIST's mostly-zero pixels the reference skips zeros and the wasm kernels
// take their sparse path — bench/sparse.ts measures that.)

import { fileURLToPath } from 'node:url';
import { KERNELS, type Kernels, type KernelsName } from '../src/nn/kernels/index.js';
import { Rng } from '../src/nn/rng.js';
import { PEAK_FLOPS, simdPeak } from './simd-peak.js';
import { interleaved, median } from './timing.js';

export type ProductName = 'XW' | 'XᵀΔ' | 'ΔWᵀ';

export interface ProductCase {
  layer: string; // e.g. 784→128
  product: ProductName;
  batch: number;
  m: number;
  k: number;
  n: number; // C (m×n) = op(A) (m×k) · op(B) (k×n)
}

export interface KernelTiming extends ProductCase {
  kernels: KernelsName;
  gflops: number; // median run
  best: number; // fastest run
  /** Median over the rounds of this kernel's rate over the SIMD peak loop's in the same round. */
  ofPeak: number;
}

export interface KernelBench {
  timings: KernelTiming[];
  /** The SIMD peak loop (simd-peak.ts), run in every round with the kernels: median and best GFLOP/s. */
  peak: { gflops: number; best: number };
}

const WIDTHS = [784, 128, 64, 10];
const RUNS = 15,
  RUN_MS = 20,
  WARM_MS = 100;

export function productCases(batches: number[] = [64, 256]): ProductCase[] {
  return batches.flatMap((batch) =>
    WIDTHS.slice(1).flatMap((O, l) => {
      const I = WIDTHS[l],
        layer = `${I}→${O}`;
      return [
        { layer, product: 'XW' as const, batch, m: batch, k: I, n: O }, // forward: X[B×I]·W[I×O]
        { layer, product: 'XᵀΔ' as const, batch, m: I, k: batch, n: O }, // weight gradient: Xᵀ[I×B]·Δ[B×O]
        { layer, product: 'ΔWᵀ' as const, batch, m: batch, k: O, n: I }, // input gradient: Δ[B×O]·Wᵀ[O×I]
      ];
    }),
  );
}

function call(K: Kernels, c: ProductCase): () => void {
  const rng = Rng.from(c.m * c.k * c.n, 'bench');
  const random = (n: number): Float32Array => {
    const a = K.alloc(n);
    for (let i = 0; i < n; i++) a[i] = rng.normal();
    return a;
  };
  const A = random(c.m * c.k),
    B = random(c.k * c.n),
    C = K.alloc(c.m * c.n);
  // Operands are stored as the layer stores them: X is B×I, W is I×O, Δ is B×O.
  if (c.product === 'XW') return () => K.matmul(A, B, C, c.m, c.k, c.n);
  if (c.product === 'XᵀΔ') return () => K.matmulAtB(A, B, C, c.k, c.m, c.n);
  return () => K.matmulABt(A, B, C, c.m, c.k, c.n);
}

export function timeKernels(cases: ProductCase[], names: KernelsName[] = ['reference', 'wasm']): KernelBench {
  const jobs = cases.flatMap((c) => names.map((kernels) => ({ c, kernels, fn: call(KERNELS[kernels](), c) })));
  const [peakRates, ...jobRates] = interleaved([simdPeak(), ...jobs.map((j) => j.fn)], RUNS, RUN_MS, WARM_MS);
  const peakGflop = PEAK_FLOPS / 1e9;
  const timings = jobs.map(({ c, kernels }, j) => {
    const rates = jobRates[j];
    const gflop = (2 * c.m * c.k * c.n) / 1e9;
    return {
      ...c,
      kernels,
      gflops: median(rates) * gflop,
      best: Math.max(...rates) * gflop,
      ofPeak: median(rates.map((x, r) => (x * gflop) / (peakRates[r] * peakGflop))),
    };
  });
  return { timings, peak: { gflops: median(peakRates) * peakGflop, best: Math.max(...peakRates) * peakGflop } };
}

/**
 * A Markdown table: one row per product, median GFLOP/s of each kernel set, the speed-up, the best
 * wasm run, and the wasm kernel's share of the SIMD peak measured in the same rounds.
 */
export function kernelTable({ timings, peak }: KernelBench): string {
  const rows = [
    `SIMD peak loop (bench/simd-peak.ts), run in every round: ${peak.gflops.toFixed(1)} GFLOP/s median, ${peak.best.toFixed(1)} best.`,
    '',
    '| batch | layer | product | m×k×n | reference GFLOP/s | wasm GFLOP/s | wasm / reference | wasm best run | wasm / SIMD peak |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const t of timings.filter((x) => x.kernels === 'wasm')) {
    const ref = timings.find((x) => x.kernels === 'reference' && x.batch === t.batch && x.layer === t.layer && x.product === t.product);
    const ratio = ref === undefined ? '' : `${(t.gflops / ref.gflops).toFixed(1)}×`;
    rows.push(
      `| ${t.batch} | ${t.layer} | ${t.product} | ${t.m}×${t.k}×${t.n} | ${ref?.gflops.toFixed(2) ?? ''} | ${t.gflops.toFixed(1)} | ${ratio} | ${t.best.toFixed(1)} | ${(100 * t.ofPeak).toFixed(0)} % |`,
    );
  }
  return rows.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(kernelTable(timeKernels(productCases([64, 256]))));
