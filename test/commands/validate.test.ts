// `mlplab validate`: ok lines for valid files, the problems of the others, exit 2 if any is invalid.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { countRuns, validateCommand } from '../../src/commands/validate.js';
import { mlplab } from '../helpers/spawn.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment } from '../helpers/tiny.js';

const SWEPT = `${TINY_EXPERIMENT}sweep:\n  train.epochs: [1, 2, 3]\n`;

test('counts the runs of a valid file without reading any data', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await countRuns(await writeExperiment(dir, SWEPT)), 6);
  assert.equal(await countRuns(await writeExperiment(dir, SWEPT), ['dataset=mnist']), 3);
});

test('prints ok per valid file and the problems of the others; 2 if any is invalid', async (t) => {
  const dir = await tempDir(t);
  const good = await writeExperiment(dir, SWEPT, 'good.yaml');
  const bad = await writeExperiment(dir, SWEPT.replace('[1, 2, 3]', '[1, two]'), 'bad.yaml');
  const out: string[] = [],
    err: string[] = [];
  const code = await validateCommand(
    [good, bad],
    [],
    (s) => out.push(s),
    (s) => err.push(s),
  );
  assert.equal(code, 2);
  assert.deepEqual(out, [`ok ${good} (6 runs)\n`]);
  assert.deepEqual(err, [`${bad}:16:21: train.epochs: must be an integer, got "two"\n`]);
  assert.equal(
    await validateCommand(
      [good],
      [],
      () => undefined,
      () => undefined,
    ),
    0,
  );
});

test('mlplab validate: every experiments/*.yaml by default; exit codes 0 and 2', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'experiments'));
  await writeExperiment(join(dir, 'experiments'), TINY_EXPERIMENT, 'a.yaml');
  await writeExperiment(join(dir, 'experiments'), SWEPT, 'b.yaml');
  const ok = mlplab(['validate'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'ok experiments/a.yaml (2 runs)\nok experiments/b.yaml (6 runs)\n');

  await writeExperiment(join(dir, 'experiments'), 'name: c\ndataset: mnist\nmodel: { layers: [linear] }\nsweep:\n  samples: 2\n', 'c.yaml');
  const bad = mlplab(['validate'], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, 'ok experiments/a.yaml (2 runs)\nok experiments/b.yaml (6 runs)\n');
  assert.equal(bad.stderr, 'experiments/c.yaml:5:3: sweep.samples: needs "random" beside it\n');

  const named = mlplab(['validate', 'experiments/a.yaml', 'missing.yaml'], dir);
  assert.equal(named.code, 2);
  assert.equal(named.stderr, 'missing.yaml: cannot read the experiment file: no such file\n');
  assert.equal(mlplab(['validate'], join(dir, 'experiments')).code, 2); // no experiments/ folder there
});
