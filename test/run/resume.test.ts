// Interruptions through the real binary: kill -9 at a random moment, Ctrl-C, a second concurrent
// run, a run that fails. After each, a plain rerun must finish only what is missing and match an
// uninterrupted run exactly (timings aside).

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/types.js';
import { tempDir, tinySplit, writeExperiment } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

// Big enough that an epoch takes a noticeable time (~0.1 s with the WebAssembly kernels), small
// enough for a test.
const SLOW = `name: slow
seed: 5
dataset: [mnist, fashion-mnist]
model:
  layers: [{ linear: 512 }, relu, { linear: 128 }, relu, linear]
train: { epochs: 20, batch_size: 16, optimizer: { sgd: { lr: 0.02 } } }
`;

async function setup(t: Parameters<typeof tempDir>[0]): Promise<{ dir: string; data: string; file: string }> {
  const dir = await tempDir(t, 'mlplab-resume-');
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(4000, 1), test: tinySplit(200, 2) });
  await writeDatasetFiles(join(data, 'fashion-mnist'), { train: tinySplit(4000, 3), test: tinySplit(200, 4) });
  return { dir, data, file: await writeExperiment(dir, SLOW, 'slow.yaml') };
}

const args = (file: string, data: string, results: string, workers = '1') => [
  BIN,
  'run',
  file,
  '--data-dir',
  data,
  '--allow-modified-data',
  '--results',
  results,
  '--workers',
  workers,
];

function runSync(argv: string[], cwd: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

async function waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

async function comparable(results: string): Promise<unknown[]> {
  const runs = join(results, 'slow', 'runs');
  const names = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (n) => {
      const r = JSON.parse(await readFile(join(runs, n), 'utf8')) as RunResult;
      return { id: r.id, status: r.status, final: r.final, epochs: r.epochs.map(({ seconds: _s, ...m }) => m) };
    }),
  );
}

const checkpoints = (results: string): string[] => {
  const dir = join(results, 'slow', '.checkpoints');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.ckpt')) : [];
};
const claims = (results: string): string[] => {
  const dir = join(results, 'slow', '.claims');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.claim')) : [];
};
const storedCount = (results: string): number => {
  const dir = join(results, 'slow', 'runs');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0;
};

test('kill -9 mid-run, then a rerun resumes and matches an uninterrupted run', async (t) => {
  const { dir, data, file } = await setup(t);
  assert.equal(runSync(args(file, data, 'clean', '2'), dir).code, 0);

  const child = spawn(process.execPath, args(file, data, 'killed', '2'), { cwd: dir, stdio: 'ignore' });
  await waitFor(() => checkpoints(join(dir, 'killed')).length > 0, 'a checkpoint');
  await new Promise((r) => setTimeout(r, 40 + Math.random() * 80)); // somewhere in a later epoch
  child.kill('SIGKILL');
  await exited(child);
  assert.equal(storedCount(join(dir, 'killed')), 0, 'killed before any run finished');

  const rerun = runSync(args(file, data, 'killed', '2'), dir);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /resumed after epoch \d+/);
  assert.deepEqual(await comparable(join(dir, 'killed')), await comparable(join(dir, 'clean')));
  assert.deepEqual(checkpoints(join(dir, 'killed')), [], 'checkpoints are dropped once runs are stored');
});

test('kill -9 after one run finished: the rerun trains only the other', async (t) => {
  const { dir, data, file } = await setup(t);
  const child = spawn(process.execPath, args(file, data, 'out', '1'), { cwd: dir, stdio: 'ignore' });
  await waitFor(() => storedCount(join(dir, 'out')) === 1, 'the first stored run');
  child.kill('SIGKILL');
  await exited(child);
  const rerun = runSync(args(file, data, 'out', '1'), dir);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /2 run\(s\) planned, 1 already in .*, 1 to train/);
  assert.equal(storedCount(join(dir, 'out')), 2);
});

test('Ctrl-C stops cleanly with exit 130 and says how to resume', async (t) => {
  const { dir, data, file } = await setup(t);
  const child = spawn(process.execPath, args(file, data, 'out', '2'), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  await waitFor(() => checkpoints(join(dir, 'out')).length > 0, 'a checkpoint');
  child.kill('SIGINT');
  const { code } = await exited(child);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /run the same command again to resume/);
  assert.deepEqual(claims(join(dir, 'out')), [], 'the claims are released');
  assert.equal(runSync(args(file, data, 'out', '2'), dir).code, 0);
  assert.equal(storedCount(join(dir, 'out')), 2);
});

test('a run claimed by a live process is left to it (and said); a kill -9 claim is taken over and resumes', async (t) => {
  const { dir, data, file } = await setup(t);
  // Run A is claimed by a process that is alive (this one), as another `mlplab run` would hold it.
  const child = spawn(process.execPath, args(file, data, 'probe', '1'), { cwd: dir, stdio: 'ignore' });
  await waitFor(() => checkpoints(join(dir, 'probe')).length > 0, 'a checkpoint');
  const [claimA] = claims(join(dir, 'probe'));
  child.kill('SIGKILL');
  await exited(child);
  mkdirSync(join(dir, 'out', 'slow', '.claims'), { recursive: true });
  const live = { host: hostname(), pid: process.pid, started: '', heartbeat: new Date().toISOString(), nonce: 'test' };
  writeFileSync(join(dir, 'out', 'slow', '.claims', claimA!), JSON.stringify(live));
  const second = runSync(args(file, data, 'out', '1'), dir);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, new RegExp(`1 run is being trained by ${hostname()}:${process.pid}; run again later, or see mlplab plan`));
  assert.equal(storedCount(join(dir, 'out')), 1, 'the other run is trained');
  assert.equal(existsSync(join(dir, 'out', 'slow', 'runs', claimA!.replace('.claim', '.json'))), false, 'the claimed run is not');

  // The probe's own claim, left by its kill -9: stale at once (its process is gone), taken over, and its checkpoint resumed.
  const third = runSync(args(file, data, 'probe', '2'), dir);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /resumed after epoch \d+/);
  assert.equal(storedCount(join(dir, 'probe')), 2);
  assert.deepEqual(claims(join(dir, 'probe')), [], 'the claims are released');
});

test('a failing run is recorded as failed, the others finish, and the exit code is 1', async (t) => {
  const { dir, data, file } = await setup(t);
  // A run too large for memory is refused before it starts, as measured on the registered dataset's
  // 28×28 images. On a copy of 200×200 images, a second width that fits 28×28 cannot be allocated
  // (40000 × 16000 floats): that run fails inside its worker.
  const side = 200;
  const big = (count: number) => ({
    images: new Uint8Array(count * side * side),
    labels: new Uint8Array(count),
    count,
    rows: side,
    cols: side,
  });
  await writeDatasetFiles(join(data, 'mnist'), { train: big(40), test: big(10) });
  writeFileSync(
    file,
    SLOW.replace('epochs: 20', 'epochs: 2').replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist') +
      'sweep:\n  model.layers[0].linear.units: [16, 16000]\n',
  );
  const r = runSync(args(file, data, 'out', '2'), dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /run \w+ \(mnist\) failed: a model needs more than the 2 GiB its memory may hold/);
  const runs = (await comparable(join(dir, 'out'))) as { status: string }[];
  assert.deepEqual(runs.map((x) => x.status).sort(), ['done', 'failed']);
  const readme = await readFile(join(dir, 'out', 'slow', 'README.md'), 'utf8');
  assert.match(readme, /failed/);
});
