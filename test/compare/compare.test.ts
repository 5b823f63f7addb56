// `mlplab compare`: the stored runs of several experiments in one table and one plot.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runId } from '../../src/config/id.js';
import { experimentDir, writeRun } from '../../src/run/store.js';
import type { RunResult, RunSpec } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { doneResult, linearRun, sgd, trainWith } from '../helpers/spec.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment } from '../helpers/tiny.js';

function run(experiment: string, dataset: 'mnist' | 'fashion-mnist', lr: number, acc: number, numerics?: number): RunResult {
  const spec: RunSpec = { ...linearRun(experiment, 1, 2), dataset, train: trainWith({ epochs: 2, optimizer: sgd(lr) }) };
  const r = doneResult(runId(spec), spec);
  return { ...r, final: { ...r.final!, test_accuracy: acc }, env: { ...r.env, numerics: numerics ?? r.env.numerics } };
}

test('compare: one table of the experiments by dataset, differences as columns, stale runs left out and named', async (t) => {
  const dir = await tempDir(t);
  const results = join(dir, 'results');
  const a = await writeExperiment(dir, TINY_EXPERIMENT.replace('name: tiny', 'name: a'), 'a.yaml');
  const b = await writeExperiment(dir, TINY_EXPERIMENT.replace('name: tiny', 'name: b'), 'b.yaml');
  await writeRun(experimentDir(results, 'a'), run('a', 'mnist', 0.1, 0.9));
  await writeRun(experimentDir(results, 'a'), run('a', 'fashion-mnist', 0.1, 0.8));
  await writeRun(experimentDir(results, 'b'), run('b', 'mnist', 0.05, 0.95));
  const stale = run('b', 'fashion-mnist', 0.05, 0.1, 1);
  await writeRun(experimentDir(results, 'b'), stale);
  const { code, stdout, stderr } = await mlplabMain(['compare', a, b, '--results', results]);
  assert.equal(code, 0, stderr);
  const rows = stdout.split('\n').filter((l) => /^\| \w/.test(l));
  assert.deepEqual(rows, [
    '| dataset | experiment | lr | test accuracy | params |',
    '| fashion-mnist | a | 0.1 | 80.00% | 10 |',
    '| mnist | b | 0.05 | 95.00% | 10 |',
    '| mnist | a | 0.1 | 90.00% | 10 |',
  ]);
  assert.match(stderr, new RegExp(`b: 1 stale run\\(s\\) left out .*${stale.id}`));
  const out = join(dir, 'out', 'compare.md');
  assert.equal((await mlplabMain(['compare', a, b, '--results', results, '-o', out])).code, 0);
  assert.match(await readFile(out, 'utf8'), /!\[final test accuracy\]\(compare\.svg\)/);
  const svg = await readFile(join(dir, 'out', 'compare.svg'), 'utf8');
  assert.match(svg, /^<svg/);
  // Within each experiment only the dataset differs, and the panel names it: the bars read a, b.
  for (const text of ['>a<', '>b<', '>mnist<', '>fashion-mnist<', '95.00%']) assert.ok(svg.includes(text), text);
  assert.ok(!svg.includes('…'), 'no label is cut');
});

test('compare needs two experiment files', async () => {
  const { code, stderr } = await mlplabMain(['compare', 'a.yaml']);
  assert.equal(code, 2);
  assert.match(stderr, /^mlplab: compare: name two or more experiment files/);
});
