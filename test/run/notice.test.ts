// Before a sweep of more than 1,000 runs or an hour: run says so, asks on a terminal, and goes on
// (saying why) with --yes or when stdin is not a terminal.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confirm, decide, sweepNotice, wallSeconds } from '../../src/run/notice.js';
import { runExperiment } from '../../src/commands/run.js';
import type { LayerSpec, RunSpec } from '../../src/types.js';
import { sgd, trainWith } from '../helpers/spec.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

process.env.XDG_CACHE_HOME = join(tmpdir(), 'mlplab-test-cache');

test('the notice: above 1,000 runs or an hour, not at them', () => {
  assert.equal(sweepNotice(1000, 3600, 2), undefined);
  assert.equal(sweepNotice(1001, 10, 2), '1,001 runs to train, about 10 s with 2 workers (mlplab plan lists them)');
  assert.equal(sweepNotice(1, 7300, 1), '1 run to train, about 2 h 2 min with 1 worker (mlplab plan lists them)');
  assert.equal(sweepNotice(1001, undefined, 4), '1,001 runs to train, under an hour with 4 workers (mlplab plan lists them)');
  assert.equal(sweepNotice(1000, undefined, 4), undefined);
});

test('the decision: ask only on a terminal without --yes', () => {
  assert.equal(decide({ yes: false, tty: true }), 'ask');
  assert.equal(decide({ yes: true, tty: true }), 'proceed');
  assert.equal(decide({ yes: false, tty: false }), 'proceed');
  assert.equal(decide({ yes: true, tty: false }), 'proceed');
});

const linear = (units: number): LayerSpec => ({ linear: { units, init: 'he' } });
const spec = (epochs: number): RunSpec => ({
  experiment: 'n',
  dataset: 'mnist',
  dataset_sha256: '',
  seed: 0,
  preprocess: 'scale',
  model: { layers: [linear(64), { relu: {} }, linear(10)], loss: 'softmax-cross-entropy' },
  train: trainWith({ epochs, optimizer: sgd(0.1) }),
});

test("the time estimate is plan's; sweeps that cannot take an hour are not timed", async () => {
  assert.equal(await wallSeconds([spec(1), spec(2)], 2), undefined);
  assert.ok(((await wallSeconds([spec(100000)], 1)) ?? 0) > 3600);
});

function terminal(answer: string | null, tty: boolean, yes = false) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = new PassThrough();
  let said = '',
    logged = '';
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  if (answer !== null) setImmediate(() => stdin.write(answer));
  return { t: { yes, stdin, stderr, log: { write: (s: string) => (logged += s) } }, said: () => said, logged: () => logged };
}

test('confirm: a terminal is asked; --yes and a non-terminal go on with the line printed', async () => {
  const yes = terminal('y\n', true);
  assert.equal(await confirm('1,001 runs to train', yes.t), true);
  assert.match(yes.said(), /^mlplab: 1,001 runs to train\. Start\? \[y\/N\] /);
  const no = terminal('\n', true);
  assert.equal(await confirm('1,001 runs to train', no.t), false);
  assert.match(no.said(), /mlplab: not started \(--yes starts without asking\)\n$/);
  const script = terminal(null, false);
  assert.equal(await confirm('1,001 runs to train', script.t), true);
  assert.equal(script.logged(), 'mlplab: 1,001 runs to train; starting (stdin is not a terminal)\n');
  assert.equal(script.said(), '');
  const flag = terminal(null, true, true);
  assert.equal(await confirm('1,001 runs to train', flag.t), true);
  assert.equal(flag.logged(), 'mlplab: 1,001 runs to train; starting (--yes)\n');
});

const MANY = `${TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist').replace('epochs: 3', 'epochs: 1')}sweep:\n  repeats: 501\n  train.batch_size: [32, 64]\n`;

test('run asks before a sweep of 1,002 runs; declined, nothing starts', async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const file = await writeExperiment(dir, MANY);
  const shown: string[] = [];
  const summary = await runExperiment({
    file,
    dataDir,
    allowModifiedData: true,
    resultsRoot: join(dir, 'results'),
    workers: 2,
    force: false,
    log: { write: () => true },
    confirm: async (line) => shown.push(line) < 0,
  });
  assert.equal(shown.length, 1);
  assert.match(shown[0], /^1,002 runs to train, (about .*|under an hour) with 2 workers \(mlplab plan lists them\)$/);
  assert.equal(summary.interrupted, true);
  assert.deepEqual(summary.trained, []);
  assert.equal(existsSync(join(dir, 'results', 'tiny', 'runs')), false);
});

test('mlplab run with stdin not a terminal: prints the line and starts without asking', async (t) => {
  const dir = await tempDir(t);
  await writeTinyData(dir);
  await writeExperiment(dir, MANY);
  const bin = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, 'run', 'tiny.yaml', '--workers', '1', '--data-dir', join(dir, 'data'), '--allow-modified-data'],
    { cwd: dir, env: { ...process.env, MLPLAB_DATA: '' }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Started: stop it (a sweep of 1,002 runs is not for a test); the interrupted run exits 130.
      if (/training with/.test(stderr)) child.kill('SIGTERM');
    });
    child.on('close', resolve);
  });
  assert.match(
    stderr,
    /^mlplab: 1,002 runs to train, (about .*|under an hour) with 1 worker \(mlplab plan lists them\); starting \(stdin is not a terminal\)$/m,
  );
  assert.doesNotMatch(stderr, /Start\?|internal error/);
  assert.equal(code, 130, stderr);
});
