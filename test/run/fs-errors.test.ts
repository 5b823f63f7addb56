// File-system errors a user causes: a read-only results folder (through the real binary, on a real
// read-only tmpfs, so the error is a real EROFS even for root) and --results naming a file (main()). Each is
// one line naming the path and what to do, exit 2, no stack trace, and nothing already there changes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileSystemError, userFsError } from '../../src/util/fs-errors.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, tinySplit, writeExperiment } from '../helpers/tiny.js';
import { fillLeaving, mountTmpfs, remount } from '../helpers/tmpfs.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

const EXPERIMENT = `name: tiny
seed: 3
dataset: mnist
model: { layers: [{ linear: 16 }, relu, linear] }
train: { epochs: 2, batch_size: 32, optimizer: { sgd: { lr: 0.5 } } }
`;

async function setup(
  t: Parameters<typeof tempDir>[0],
): Promise<{ dir: string; mlplab: (command: string, results: string, ...extra: string[]) => { code: number | null; stderr: string } }> {
  const dir = await tempDir(t, 'mlplab-fs-errors-');
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(200, 1), test: tinySplit(50, 2) });
  const file = await writeExperiment(dir, EXPERIMENT);
  return {
    dir,
    mlplab: (command, results, ...extra) => {
      const r = spawnSync(
        process.execPath,
        [BIN, command, file, '--data-dir', data, '--results', results, '--workers', '1', '--quiet', '--allow-modified-data', ...extra],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, MLPLAB_DATA: '' } },
      );
      return { code: r.status, stderr: r.stderr };
    },
  };
}

/** Every file under `dir`, by path. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (statSync(join(dir, name)).isFile()) files.set(name, readFileSync(join(dir, name)));
  }
  return files;
}

/** One line, `mlplab: `, matching `re`; no internal error, no stack. */
function oneLine(stderr: string, re: RegExp): void {
  assert.match(stderr, /^mlplab: [^\n]+\n$/, stderr);
  assert.match(stderr, re);
}

test('only file-system errors a user can cause become messages', () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  assert.ok(userFsError(err('EROFS'), '/r/x') instanceof FileSystemError);
  assert.equal(
    userFsError(err('ENOSPC'), '/r', 'the report is not written')?.message,
    'no space left on /r — the report is not written; free some space',
  );
  assert.equal(userFsError(err('ENOENT'), '/r/x'), undefined, 'a missing file mlplab just made is a bug');
  assert.equal(userFsError(new Error('plain'), '/r/x'), undefined);
});

test('a read-only results folder: report, run and run --force say so in one line (exit 2); plan still reads it', async (t) => {
  const { mlplab } = await setup(t);
  const fs = mountTmpfs(t, 4 << 20);
  if (fs === undefined) return;
  assert.equal(mlplab('run', fs).code, 0);
  const before = snapshot(fs);
  remount(fs, 'ro'); // unmounted as it is after the test

  const report = mlplab('report', fs);
  assert.equal(report.code, 2, report.stderr);
  oneLine(
    report.stderr,
    /tiny is on a read-only file system — the report is not written \(the previous one is unchanged\); choose a writable folder with --results/,
  );
  for (const force of [[], ['--force']]) {
    const run = mlplab('run', fs, ...force);
    assert.equal(run.code, 2, run.stderr);
    oneLine(run.stderr, /tiny is on a read-only file system — nothing was trained; choose a writable folder with --results/);
  }
  const plan = mlplab('plan', fs);
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual(snapshot(fs), before);
});

test('--results naming a file: run, report and plan say so in one line (exit 2)', async (t) => {
  const { dir } = await setup(t);
  writeFileSync(join(dir, 'afile'), 'not a folder');
  for (const command of ['run', 'report', 'plan']) {
    const args = [
      command,
      join(dir, 'tiny.yaml'),
      '--data-dir',
      join(dir, 'data'),
      '--results',
      join(dir, 'afile'),
      '--workers',
      '1',
      '--quiet',
      '--allow-modified-data',
    ];
    const r = await mlplabMain(args);
    assert.equal(r.code, 2, `${command}: ${r.stderr}`);
    oneLine(
      r.stderr.replaceAll(`${dir}/`, ''),
      /^mlplab: afile\/tiny\S*: part of this path is a file, not a folder — .*choose a folder with --results\n$/,
    );
  }
});

test('a full results folder: run refuses before training, report keeps the previous report, plan still reads it', async (t) => {
  const { mlplab } = await setup(t);
  const fs = mountTmpfs(t, 4 << 20);
  if (fs === undefined) return;
  assert.equal(mlplab('run', fs).code, 0);
  fillLeaving(fs, 0);
  const before = snapshot(fs);
  const run = mlplab('run', fs, '--force');
  assert.equal(run.code, 2, run.stderr);
  oneLine(run.stderr, /^mlplab: no space left on \S+tiny — nothing was trained; free some space\n$/);
  const report = mlplab('report', fs);
  assert.equal(report.code, 2, report.stderr);
  oneLine(
    report.stderr,
    /^mlplab: no space left on \S+tiny — the report is not written \(the previous one is unchanged\); free some space/,
  );
  assert.equal(mlplab('plan', fs).code, 0);
  assert.deepEqual(snapshot(fs), before);
});
