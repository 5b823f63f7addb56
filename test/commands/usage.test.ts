// The command line people expect: each command's own --help, one line naming the nearest flag for
// a misspelt one, -V as well as -v, and the same last line after run and report.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unknownFlag } from '../../src/args.js';
import { USAGE } from '../../src/usage.js';
import { VERSION } from '../../src/version.js';
import { mlplabMain } from '../helpers/main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

test("mlplab <command> --help prints that command's usage and options only", async () => {
  for (const command of Object.keys(USAGE)) {
    const { code, stdout } = await mlplabMain([command, '--help']);
    assert.equal(code, 0, command);
    assert.ok(stdout.startsWith(`Usage: mlplab ${command}`), stdout);
    for (const [other, usage] of Object.entries(USAGE)) if (other !== command) assert.ok(!stdout.includes(usage.synopsis), other);
  }
  const run = (await mlplabMain(['run', 'x.yaml', '-h'])).stdout;
  assert.match(run, /--workers N/);
  assert.doesNotMatch(run, /--plan-only|--json/);
});

test('an unknown flag is one line naming the nearest known one, exit 2', async () => {
  const r = await mlplabMain(['run', 'x.yaml', '--wrokers', '2']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'mlplab: run: unknown option --wrokers — did you mean --workers? (mlplab run --help lists them)\n');
  const e = await mlplabMain(['eval', 'm.safetensors', '--dataset=mnist', '--data-dri', 'd']);
  assert.equal(e.stderr, 'mlplab: eval: unknown option --data-dri — did you mean --data-dir? (mlplab eval --help lists them)\n');
  const missing = await mlplabMain(['plan', 'x.yaml', '--workers']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.split('\n').length, 2, missing.stderr);
});

test('unknownFlag reads flags up to --, short flags letter by letter, and a value glued to -o', () => {
  const options = { workers: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } as const;
  assert.equal(unknownFlag(['--workers=2', '-h', '-ofile.md', '--', '--nope'], options), undefined);
  assert.equal(unknownFlag(['-hx'], options), '-x');
  assert.equal(unknownFlag(['--set=a'], options), '--set');
});

test('-V, -v and --version print the version', async () => {
  for (const flag of ['-V', '-v', '--version']) assert.equal((await mlplabMain([flag])).stdout, `${VERSION}\n`, flag);
});

test('run and report end with the same line: the README written', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const results = join(dir, 'results');
  const common = ['--data-dir', data, '--allow-modified-data', '--results', results];
  const run = await mlplabMain(['run', file, ...common, '--workers', '1']);
  const report = await mlplabMain(['report', file, '--results', results]);
  const last = (s: string) => s.trimEnd().split('\n').at(-1);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(last(run.stderr), `report: ${join(results, 'tiny', 'README.md')}`);
  assert.equal(last(report.stderr), last(run.stderr));
});

test('progress lines name each run by what the sweep changed', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const sweep = TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist').replace('epochs: 3', 'epochs: 1');
  const file = await writeExperiment(dir, `${sweep}sweep:\n  train.optimizer.sgd.lr: [0.5, 0.1]\n  repeats: 2\n`);
  const r = await mlplabMain([
    'run',
    file,
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    join(dir, 'results'),
    '--workers',
    '1',
  ]);
  assert.equal(r.code, 0, r.stderr);
  for (const label of ['lr 0.5 · seed', 'lr 0.1 · seed']) assert.match(r.stderr, new RegExp(`^[0-9a-f]{8} ${label} \\d+ *: done in`, 'm'));
});
