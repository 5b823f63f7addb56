// What a user can hand mlplab on the command line: files that are not experiment files end at
// once with exit 2 naming them (through the real binary: a FIFO or /dev/zero must not block or
// fill memory, and each spawn has a timeout, so a hang fails the test), a dataset folder that is
// not there is named (through main()), and --workers above the cores warns once, through --quiet
// never (the real binary again: --quiet silences Node's warnings in the whole process).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { printableGarbage } from '../config/fixtures.js';
import { mlplabMain } from '../helpers/main.js';
import { mlplab } from '../helpers/spawn.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const SOON = 20_000; // ms: far more than refusing a file takes, far less than a hang

test('a device, a FIFO, a huge, empty, non-UTF-8 or binary file: exit 2 at once, the file named', async (t) => {
  const dir = await tempDir(t);
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const cases: [string[], RegExp][] = [
    [['run', '/dev/zero'], /^mlplab: \/dev\/zero: cannot read the experiment file: a device, not a regular file\n$/],
    [['validate', '/dev/zero'], /^\/dev\/zero: cannot read the experiment file: a device, not a regular file\n$/],
    [['run', 'pipe.yaml'], /^mlplab: pipe.yaml: cannot read the experiment file: a FIFO \(named pipe\), not a regular file\n$/],
    [['plan', 'pipe.yaml'], /a FIFO \(named pipe\), not a regular file/],
    [['report', 'pipe.yaml'], /a FIFO \(named pipe\), not a regular file/],
  ];
  writeFileSync(join(dir, 'child.yaml'), 'name: child\nextends: pipe.yaml\n');
  cases.push([
    ['validate', 'child.yaml'],
    /^child.yaml:2:10: extends: cannot read the base file pipe.yaml: a FIFO \(named pipe\), not a regular file\n$/,
  ]);
  writeFileSync(join(dir, 'huge.yaml'), `${TINY_EXPERIMENT}#${'x'.repeat(2 * 1024 * 1024)}\n`);
  cases.push([['run', 'huge.yaml'], /^mlplab: huge.yaml: cannot read the experiment file: larger than 1 MiB/]);
  writeFileSync(join(dir, 'empty.yaml'), '');
  cases.push([['run', 'empty.yaml'], /^mlplab: empty.yaml:1:1: the file is empty\n$/]);
  writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  cases.push([
    ['validate', 'latin1.yaml'],
    /^latin1.yaml:1:10: cannot read the experiment file: not UTF-8 text: bytes 0xe9 0x0a at byte offset 9/,
  ]);
  writeFileSync(join(dir, 'zeros.yaml'), new Uint8Array(10_000));
  cases.push([
    ['run', 'zeros.yaml'],
    /^mlplab: zeros.yaml:1:1: cannot read the experiment file: not a text file: control character U\+0000 at byte offset 0\n$/,
  ]);
  for (const [args, message] of cases) {
    const r = mlplab(args, dir, { timeout: SOON });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.code === null ? 'still running after the timeout' : r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('a message quotes at most a short snippet of a garbage file', async (t) => {
  const dir = await tempDir(t);
  // Printable garbage, one 10 kB line: it is YAML text, so the message quotes it; a snippet of it.
  writeFileSync(join(dir, 'garbage.yaml'), printableGarbage(10_000));
  const r = await mlplabMain(['run', join(dir, 'garbage.yaml')]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.length < 400, `${r.stderr.length} characters: ${r.stderr.slice(0, 500)}`);
});

test('--data-dir or MLPLAB_DATA naming no folder: exit 2 naming it', async (t) => {
  const dir = await tempDir(t);
  const file = await writeExperiment(dir);
  const [noSuch, aFile, gone] = ['no-such', 'a-file', 'gone'].map((name) => join(dir, name));
  writeFileSync(aFile, '');
  const cases: [string[], Record<string, string>, string][] = [
    [['run', file, '--data-dir', noSuch], {}, `mlplab: --data-dir ${noSuch}: no such folder`],
    [['plan', file, '--data-dir', aFile], {}, `mlplab: --data-dir ${aFile}: not a folder`],
    [['report', file], { MLPLAB_DATA: gone }, `mlplab: MLPLAB_DATA ${gone}: no such folder`],
  ];
  for (const [args, env, message] of cases) {
    const r = await mlplabMain(args, { env });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.startsWith(`${message}; name the folder that holds the datasets`), r.stderr);
  }
});

test('--workers above the cores warns once, never more workers than runs, and --quiet is silent', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, TINY_EXPERIMENT.replace('epochs: 3', 'epochs: 1'));
  const loud = mlplab(['run', file, '--data-dir', data, '--results', 'loud', '--workers', '1000', '--allow-modified-data'], dir, {
    timeout: 120_000,
  });
  assert.equal(loud.code, 0, loud.stderr);
  assert.equal(loud.stderr.match(/--workers 1000 is more than the \d+ cores here/g)?.length, 1, loud.stderr);
  assert.match(loud.stderr, /training with 2 worker\(s\)/); // two runs, two workers
  const quiet = mlplab(
    ['run', file, '--data-dir', data, '--results', 'quiet', '--workers', '1000', '--quiet', '--allow-modified-data'],
    dir,
    { timeout: 120_000 },
  );
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});

test('many runs at once on one pool: no listener warning from Node', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const seeds = Array.from({ length: 6 }, (_, i) => i + 1).join(', ');
  const file = await writeExperiment(dir, `${TINY_EXPERIMENT.replace('epochs: 3', 'epochs: 1')}sweep:\n  seed: [${seeds}]\n`);
  // 12 runs on 12 workers: one abort listener each on a shared signal would pass Node's limit of 10.
  const r = mlplab(['run', file, '--data-dir', data, '--workers', '12', '--allow-modified-data'], dir, { timeout: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /training with 12 worker\(s\)/);
  assert.doesNotMatch(r.stderr, /Warning|memory leak/);
  assert.equal(r.stderr.includes('more than the'), availableParallelism() < 12);
});
