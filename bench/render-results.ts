// bench/RESULTS.md from every bench/results/*.json: the newest run's figures, then one line per
// earlier run with its headline ratios. `npm run bench` calls it after writing its file; alone,
// `node dist/bench/render-results.js` redraws the page (after adding or removing a result by hand).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelTable } from './kernels.js';
import { type BenchRecord, headline, type PeerHeadline, peerHeadlines, recordFileName } from './record.js';
import { sparseTable } from './sparse.js';

export const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

const f = (x: number | undefined, d = 2): string => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const ratio = (a: number, b: number | undefined, d = 2): string => (b === undefined ? '—' : f(a / b, d));

function describe(r: BenchRecord): string {
  const m = r.machine;
  const numpy = m.numpy === undefined ? 'no NumPy' : `NumPy ${m.numpy.version} (${m.numpy.blas}, one thread)`;
  const packages = Object.entries(m.packages)
    .map(([name, v]) => `${name} ${v}`)
    .join(', ');
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${numpy}; ${packages}.`;
}

const commitOf = (r: BenchRecord): string => (r.dirty ? `${r.commit} + uncommitted changes` : r.commit);

function newest(r: BenchRecord): string[] {
  const h = headline(r),
    s = h.sweep;
  return [
    `## Newest run: ${r.date.slice(0, 10)}, commit ${commitOf(r)}`,
    '',
    describe(r),
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| dense products, batch 64, 784→128: XW / XᵀΔ / ΔWᵀ, GFLOP/s (median) | ${h.dense.map((x) => f(x, 1)).join(' / ')} | ≥ 40 |`,
    `| one MNIST epoch, one thread: mlplab / NumPy, s | ${f(h.epoch.mlplab, 3)} / ${f(h.epoch.numpy, 3)} (**${ratio(h.epoch.mlplab, h.epoch.numpy)}**) | ≤ 1.5 |`,
    `| sweep of ${r.sweep.runs} runs × ${r.sweep.epochs} epochs, 1 / ${s.workers} workers, s (median) | ${f(s.one, 1)} / ${f(s.all, 1)} (**${ratio(s.one, s.all)}×**) | ≥ 1.8× |`,
    `| the same configs in NumPy one after the other, s (${s.workers} workers / NumPy) | ${f(s.numpy, 1)} (**${ratio(s.all, s.numpy)}**) | ≤ 0.75 |`,
    `| peak memory of the sweep, 1 / ${s.workers} workers, MiB | ${f(s.rssOne, 0)} / ${f(s.rssAll, 0)} (**${ratio(s.rssAll, s.rssOne)}×**) | ≤ 1.3× |`,
    '',
    ...peerTable(peerHeadlines(r)),
    '### Kernels',
    '',
    kernelTable(r.kernels),
    '',
    "### The sparse path: the first layer's products by fraction of non-zero inputs (µs per call, batch 64)",
    '',
    sparseTable(r.sparse.timings),
  ];
}

/** The wasm and BLAS kernels against NumPy with OpenBLAS's own kernel choice, per dataset. */
function peerTable(peers: PeerHeadline[]): string[] {
  if (peers.length === 0) return [];
  const rows = peers.flatMap(({ dataset, epoch: e, sweep: s }) => {
    const core = e.numpyCore === undefined ? '' : `, OpenBLAS core ${e.numpyCore}`;
    return [
      `| ${dataset}: one epoch, one thread: wasm / blas / NumPy${core}, s | ${f(e.wasm, 3)} / ${f(e.blas, 3)} / ${f(e.numpy, 3)} (wasm **${ratio(e.wasm, e.numpy)}**, blas **${ratio(e.blas ?? NaN, e.numpy)}**) | blas ≤ 0.8 |`,
      ...(e.blasGemm === undefined
        ? []
        : [
            `| ${dataset}: of the blas epoch, in sgemm alone (timed apart), s | ${f(e.blasGemm, 3)} (**${ratio(e.blasGemm, e.numpy)}** of NumPy's whole epoch) | — |`,
          ]),
      `| ${dataset}: sweep, ${s.workers} workers: wasm / blas, s; NumPy one after the other / ${s.workers} at once, s | ${f(s.wasm, 1)} / ${f(s.blas, 1)}; ${f(s.numpy, 1)} / ${f(s.numpyParallel, 1)} (blas **${ratio(s.blas ?? NaN, s.numpy)}** / **${ratio(s.blas ?? NaN, s.numpyParallel)}**, wasm ${ratio(s.wasm, s.numpy)} / ${ratio(s.wasm, s.numpyParallel)}) | blas ≤ 0.5 / ≤ 0.9 |`,
      `| ${dataset}: peak memory of the sweep, ${s.workers} workers: wasm / blas, MiB | ${f(s.rssWasm, 0)} / ${f(s.rssBlas, 0)} (**${ratio(s.rssBlas ?? NaN, s.rssWasm)}×**) | ≤ 1.2× |`,
    ];
  });
  const blas = peers.find((p) => p.epoch.blasLibrary !== undefined)?.epoch.blasLibrary;
  return [
    `### Against NumPy with its own kernels${blas === undefined ? '' : `; blas: ${blas}`}`,
    '',
    '| figure | measured (ratio to NumPy) | target |',
    '|---|---|---|',
    ...rows,
    '',
  ];
}

function earlier(records: BenchRecord[]): string[] {
  if (records.length === 0) return [];
  const rows = records.map((r) => {
    const h = headline(r),
      s = h.sweep;
    return `| ${r.date.slice(0, 10)} | ${commitOf(r)} | ${r.machine.cpu}, ${r.machine.cores} cores | ${f(h.dense[0], 1)} | ${ratio(h.epoch.mlplab, h.epoch.numpy)} | ${ratio(s.one, s.all)}× | ${ratio(s.all, s.numpy)} | ${ratio(s.rssAll, s.rssOne)}× |`;
  });
  return [
    '## Earlier runs',
    '',
    '| date | commit | machine | XW GFLOP/s | epoch mlplab / NumPy | sweep speed-up | sweep / NumPy | memory ratio |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ];
}

/** The page for these records, newest first by date (then file name). */
export function renderResults(records: readonly BenchRecord[]): string {
  const byAge = [...records].sort((a, b) => b.date.localeCompare(a.date) || recordFileName(b).localeCompare(recordFileName(a)));
  const intro = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` from the files in [results/](results/), one per run; do not edit by hand.',
    'Figures measured by earlier versions of the benchmark, before these files existed, are in',
    '[HISTORY.md](HISTORY.md). Timings depend on the machine and its load: compare runs of the same machine.',
    '',
  ];
  const body = byAge.length === 0 ? ['No results yet: run `npm run bench`.'] : [...newest(byAge[0]), '', ...earlier(byAge.slice(1))];
  return `${[...intro, ...body].join('\n').trimEnd()}\n`;
}

/** Reads every record in dir/results/ and writes dir/RESULTS.md. */
export function writeResultsPage(dir = BENCH_DIR): string {
  const resultsDir = join(dir, 'results');
  const records = readdirSync(resultsDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as BenchRecord);
  const page = join(dir, 'RESULTS.md');
  writeFileSync(page, renderResults(records));
  return page;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`wrote ${writeResultsPage()}`);
