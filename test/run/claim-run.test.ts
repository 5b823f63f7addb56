// Two `mlplab run` of one experiment at once, sharing its results folder (real processes): they
// split the runs through claims instead of one refusing, each run is trained exactly once, and the
// stored runs are those of a single run, timings aside.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runContent } from '../../src/run/run-content.js';
import { parseRunFile } from '../../src/run/run-file.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

// 2 datasets × 4 learning rates = 8 runs.
const SWEPT = `${TINY_EXPERIMENT.replace('epochs: 3', 'epochs: 2')}sweep:
  train.optimizer.sgd.lr: [0.5, 0.2, 0.1, 0.05]
`;

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

function stored(results: string): Map<string, string> {
  const runs = join(results, 'tiny', 'runs');
  const names = existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.json')) : [];
  return new Map(names.map((n) => [n.slice(0, -5), runContent(parseRunFile(readFileSync(join(runs, n), 'utf8'), n.slice(0, -5)))]));
}

test('two mlplab run at once on one folder train each run exactly once, and store what one run stores', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const args = (results: string) => [
    'run',
    file,
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    join(dir, results),
    '--workers',
    '1',
  ];

  const [a, b] = await Promise.all([run(args('shared'), dir), run(args('shared'), dir)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  // Each run is trained by one process: its "done in" line appears once over both outputs.
  const done = [...a.stderr.matchAll(/^(\w{8}) .*: done in /gm), ...b.stderr.matchAll(/^(\w{8}) .*: done in /gm)].map((m) => m[1]).sort();
  assert.equal(done.length, 8, `${a.stderr}\n---\n${b.stderr}`);
  assert.equal(new Set(done).size, 8, 'no run trained twice');

  const single = await run(args('single'), dir);
  assert.equal(single.code, 0, single.stderr);
  assert.deepEqual(stored(join(dir, 'shared')), stored(join(dir, 'single')));
  assert.deepEqual(readdirSync(join(dir, 'shared', 'tiny', '.claims')), [], 'every claim released');
  assert.ok(existsSync(join(dir, 'shared', 'tiny', 'README.md')));
});
