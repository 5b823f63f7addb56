// `mlplab eval --data FILE.csv`: pixel columns and a label column (class names or indices) give
// what training's evaluation gives on the same images; a wrong label or value is exit 2, placed.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelFile } from '../../src/model-file/model-file.js';
import { evaluateModel, USE_BATCH } from '../../src/model-file/use.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';
import { writeFixtureModel } from './fixture.js';

const csvOf = (images: Uint8Array, labels: string[]): string =>
  `${[...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'].join(',')}\n${labels.map((l, r) => `${images.subarray(r * 64, r * 64 + 64).join(',')},${l}`).join('\n')}\n`;

test('eval --data reads a CSV of pixels and labels and reports what evaluate() computes', async (t) => {
  const dir = await tempDir(t);
  const { path } = await writeFixtureModel(dir);
  const split = tinySplit(30, 11);
  const file = join(dir, 'test.csv');
  await writeFile(file, csvOf(split.images, Array.from(split.labels, String)));
  const r = await mlplabMain(['eval', path, '--data', file]);
  assert.equal(r.code, 0, r.stderr);
  const { model, info } = await readModelFile(path, USE_BATCH);
  const expected = evaluateModel(model, info, split);
  assert.equal(Number(/^accuracy: (\S+)/m.exec(r.stdout)?.[1]), expected.accuracy);
  assert.equal(Number(/^loss: (\S+)/m.exec(r.stdout)?.[1]), expected.loss);
});

test('eval refuses a bad label, a value that is no pixel, an unknown dataset and both --data and --dataset', async (t) => {
  const dir = await tempDir(t);
  const { path } = await writeFixtureModel(dir);
  const split = tinySplit(2, 12);
  const cases: [string, string, RegExp][] = [
    ['label.csv', csvOf(split.images, ['3', 'cat']), /label\.csv: line 3: label "cat" is not one of the model's classes/],
    ['pixel.csv', csvOf(split.images, ['3', '4']).replace(/\n(\d+),/, '\n300,'), /pixel\.csv: line 2, column p0: 300 is not a pixel value/],
  ];
  for (const [name, text, problem] of cases) {
    await writeFile(join(dir, name), text);
    const r = await mlplabMain(['eval', path, '--data', join(dir, name)]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, problem);
  }
  const unknown = await mlplabMain(['eval', path, '--dataset', 'cifar']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown dataset "cifar"/);
  const both = await mlplabMain(['eval', path, '--dataset', 'mnist', '--data', 'x.csv']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--dataset or --data, not both/);
  const none = await mlplabMain(['eval']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /eval: expected one model file/);
});
