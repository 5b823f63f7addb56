// `run --force` interrupted while it retrains a stored run: the old result stays stored, so the
// run's new checkpoint can never be resumed. Ctrl-C says what really happened, and the next plain
// run removes that checkpoint (saying so) instead of leaving it there for good; no run file is touched.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir, tinySplit, writeExperiment } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

// Epochs long enough (~0.1 s) to interrupt the run between its first checkpoint and its end.
const SLOW = `name: slow
seed: 5
dataset: mnist
model:
  layers: [{ linear: 512 }, relu, { linear: 128 }, relu, linear]
train: { epochs: 8, batch_size: 16, optimizer: { sgd: { lr: 0.02 } } }
`;

test('an interrupted run --force says the old results stay, and the next run removes the orphan checkpoint', async (t) => {
  const dir = await tempDir(t, 'mlplab-force-');
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(4000, 1), test: tinySplit(200, 2) });
  const file = await writeExperiment(dir, SLOW, 'slow.yaml');
  const args = (...extra: string[]) => [
    BIN,
    'run',
    file,
    '--data-dir',
    data,
    '--results',
    'out',
    '--workers',
    '1',
    '--allow-modified-data',
    ...extra,
  ];
  const out = join(dir, 'out', 'slow');
  const files = (): string[] => (existsSync(join(out, '.checkpoints')) ? readdirSync(join(out, '.checkpoints')) : []);
  const checkpoints = (): string[] => files().filter((n) => n.endsWith('.ckpt'));

  assert.equal(spawnSync(process.execPath, args(), { cwd: dir }).status, 0);
  const [runFile] = readdirSync(join(out, 'runs'));
  const stored = readFileSync(join(out, 'runs', runFile));

  const child = spawn(process.execPath, args('--force'), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (const end = Date.now() + 60_000; checkpoints().length === 0; ) {
    if (Date.now() > end) throw new Error('timed out waiting for a checkpoint');
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(
    stderr,
    /interrupted — runs retrained so far are stored and the others keep their previous results; run the same command again to retrain them all from scratch/,
  );
  assert.deepEqual(checkpoints(), [`${runFile.replace('.json', '')}.ckpt`], 'the interrupted retrain left its checkpoint');

  const plain = spawnSync(process.execPath, args(), { cwd: dir, encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, new RegExp(`removed the checkpoint\\(s\\) of ${runFile.slice(0, 8)}: stored already`));
  assert.deepEqual(files(), [], 'and any temp file a killed write left');
  assert.deepEqual(readFileSync(join(out, 'runs', runFile)), stored, 'the stored run is never touched');
});
