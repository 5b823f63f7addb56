// bench/RESULTS.md is drawn from fixture records here: the real figures take minutes and depend on
// the machine, but which numbers land where, and in which order, must not.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KernelTiming } from '../../bench/kernels.js';
import { type BenchRecord, headline, recordFileName, sweepRecord } from '../../bench/record.js';
import { renderResults, writeResultsPage } from '../../bench/render-results.js';
import { tempDir } from '../helpers/tiny.js';

function kernel(product: KernelTiming['product'], gflops: number): KernelTiming {
  return { layer: '784→128', product, batch: 64, m: 64, k: 784, n: 128, kernels: 'wasm', gflops, best: gflops + 1, ofPeak: 0.7 };
}

function record(date: string, commit: string, scale: number, numpy = true): BenchRecord {
  return {
    date,
    commit,
    dirty: false,
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memoryGiB: 7.8,
      os: 'Linux 6.1',
      node: 'v20.0.0',
      packages: { piscina: '5.3.2' },
      ...(numpy ? { numpy: { version: '2.4.6', blas: 'scipy-openblas 0.3.31' } } : {}),
    },
    kernels: { timings: [kernel('XW', 42 * scale), kernel('XᵀΔ', 41), kernel('ΔWᵀ', 43)], peak: { gflops: 56, best: 58 } },
    sparse: {
      timings: [
        { input: '10 %', density: 0.1, product: 'XW', denseUs: 320, sparseUs: 80 },
        { input: '10 %', density: 0.1, product: 'XᵀΔ', denseUs: 330, sparseUs: 90 },
      ],
      nonZero: { mnist: 0.19 },
      missing: {},
    },
    epoch: numpy ? { mlplab: 0.4, numpy: 0.5 } : { mlplab: 0.4, numpyMissing: 'python3 not found' },
    threads: { single: [0.4], threaded: [0.41], identical: true },
    sweep: sweepRecord(
      {
        byWorkers: new Map([
          [1, { rounds: [8, 7.5, 9], maxRssMiB: 175 }],
          [2, { rounds: [4, 4.1, 5], maxRssMiB: 210 }],
        ]),
        ...(numpy ? { numpyRounds: [7, 7.2, 6.8] } : { numpyMissing: 'python3 not found' }),
      },
      2,
      8,
    ),
  };
}

test('the headline takes the medians of the rounds and the largest worker count', () => {
  const h = headline(record('2026-12-03T20:00:00.000Z', 'abc1234', 1));
  assert.deepEqual(h.dense, [42, 41, 43]);
  assert.deepEqual(h.sweep, { workers: 2, one: 8, all: 4.1, numpy: 7, rssOne: 175, rssAll: 210 });
  assert.deepEqual(h.epoch, { mlplab: 0.4, numpy: 0.5 });
});

test('a record is stored under its date and commit', () => {
  assert.equal(recordFileName({ date: '2026-12-03T20:00:00.000Z', commit: 'abc1234' }), '2026-12-03-abc1234.json');
});

test('the page shows the newest run in full and earlier runs as one line each, newest first', () => {
  const page = renderResults([
    record('2026-11-01T10:00:00.000Z', 'old0001', 0.5),
    record('2026-12-03T20:00:00.000Z', 'new0002', 1),
    { ...record('2026-11-20T10:00:00.000Z', 'mid0003', 0.75, false), dirty: true },
  ]);
  assert.match(page, /## Newest run: 2026-12-03, commit new0002\n/);
  assert.match(page, /NumPy 2\.4\.6 \(scipy-openblas 0\.3\.31, one thread\)/);
  assert.match(page, /\| 42\.0 \/ 41\.0 \/ 43\.0 \| ≥ 40 \|/);
  assert.match(page, /0\.400 \/ 0\.500 \(\*\*0\.80\*\*\)/);
  assert.match(page, /8\.0 \/ 4\.1 \(\*\*1\.95×\*\*\)/);
  assert.match(page, /175 \/ 210 \(\*\*1\.20×\*\*\)/);
  const earlier = page
    .slice(page.indexOf('## Earlier runs'))
    .split('\n')
    .filter((l) => l.startsWith('| 2026'));
  assert.deepEqual(
    earlier.map((l) => l.split(' | ')[1]),
    ['mid0003 + uncommitted changes', 'old0001'],
  );
  assert.match(earlier[0], /\| 31\.5 \| — \| 1\.95× \| — \| 1\.20× \|$/);
});

test('a record with BLAS and NumPy in parallel shows each dataset against NumPy with its own kernels', () => {
  const r = record('2026-12-04T06:00:00.000Z', 'blas001', 1);
  const peer = (dataset: string, numpy: number): BenchRecord['sweep'] => ({
    ...r.sweep,
    dataset,
    blas: { workers: 2, rounds: [2, 2.2, 2.1], maxRssMiB: 230, library: 'OpenBLAS 0.3.21 (libopenblas.so.0, core Haswell)' },
    numpyRounds: [numpy, numpy, numpy],
    numpyParallelRounds: [numpy / 2, numpy / 2, numpy / 2],
    numpyCore: 'SkylakeX',
  });
  const epoch = (numpy: number) => ({ ...r.epoch, blas: 0.2, blasLibrary: 'OpenBLAS 0.3.21', numpy, numpyCore: 'SkylakeX' });
  const page = renderResults([
    {
      ...r,
      epoch: epoch(0.25),
      sweep: peer('mnist', 5),
      fashion: { epoch: { ...epoch(0.4), dataset: 'fashion-mnist', blasGemm: 0.3 }, sweep: peer('fashion-mnist', 8) },
    },
  ]);
  assert.match(page, /### Against NumPy with its own kernels; blas: OpenBLAS 0\.3\.21\n/);
  assert.match(
    page,
    /\| mnist: one epoch, one thread: wasm \/ blas \/ NumPy, OpenBLAS core SkylakeX, s \| 0\.400 \/ 0\.200 \/ 0\.250 \(wasm \*\*1\.60\*\*, blas \*\*0\.80\*\*\) \| blas ≤ 0\.8 \|/,
  );
  assert.match(page, /\| fashion-mnist: one epoch, .* \(wasm \*\*1\.00\*\*, blas \*\*0\.50\*\*\)/);
  // The sgemm share, where it was measured (Fashion-MNIST here), and not where it was not.
  assert.match(
    page,
    /\| fashion-mnist: of the blas epoch, in sgemm alone \(timed apart\), s \| 0\.300 \(\*\*0\.75\*\* of NumPy's whole epoch\) \| — \|/,
  );
  assert.doesNotMatch(page, /\| mnist: of the blas epoch/);
  assert.match(
    page,
    /\| mnist: sweep, 2 workers: .* \| 4\.1 \/ 2\.1; 5\.0 \/ 2\.5 \(blas \*\*0\.42\*\* \/ \*\*0\.84\*\*, wasm 0\.82 \/ 1\.64\) \| blas ≤ 0\.5 \/ ≤ 0\.9 \|/,
  );
  assert.match(page, /\| mnist: peak memory of the sweep, 2 workers: wasm \/ blas, MiB \| 210 \/ 230 \(\*\*1\.10×\*\*\) \| ≤ 1\.2× \|/);
  assert.doesNotMatch(renderResults([r]), /Against NumPy with its own kernels/, 'older records have no such table');
});

test('with no records the page says how to make one', () => {
  assert.match(renderResults([]), /No results yet: run `npm run bench`\./);
});

test('writeResultsPage reads every JSON file in results/ and writes RESULTS.md', async (t) => {
  const dir = await tempDir(t);
  mkdirSync(join(dir, 'results'));
  for (const r of [record('2026-11-01T10:00:00.000Z', 'old0001', 0.5), record('2026-12-03T20:00:00.000Z', 'new0002', 1)]) {
    writeFileSync(join(dir, 'results', recordFileName(r)), JSON.stringify(r));
  }
  writeResultsPage(dir);
  const page = readFileSync(join(dir, 'RESULTS.md'), 'utf8');
  assert.match(page, /commit new0002/);
  assert.match(page, /\| old0001 \|/);
});
