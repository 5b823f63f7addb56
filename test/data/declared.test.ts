// Bad data in a dataset of the user's own: each class of problem stops `mlplab run` with exit 2
// and a message naming the file and the line and column (CSV) or the byte offset (.npy, IDX),
// before anything trains.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { experimentOn, npyBytes, npyDataStart } from '../helpers/user-data.js';
import { encodeIdx } from '../helpers/write-dataset.js';

const GOOD_ROWS = '1,2,alpha\n3,4,beta\n5,6,alpha\n7,8,beta\n';

/** `mlplab run` on a dataset made of `files` (name → contents) and `declaration`: its exit code and message. */
async function runOn(
  t: TestContext,
  declaration: string,
  files: Record<string, string | Uint8Array>,
): Promise<{ code: number; message: string; dir: string }> {
  const dir = await tempDir(t);
  for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
  const file = await writeExperiment(dir, experimentOn(declaration, 1));
  const r = await mlplabMain(['run', file, '--results', join(dir, 'results'), '--quiet']);
  return { code: r.code, message: r.stderr.trim(), dir };
}

const csv = (extra = '') => `format: csv\ntrain: d.csv\ntest: d.csv\nlabel: species\n${extra}`;

test('a ragged row: exit 2 at its line', async (t) => {
  const r = await runOn(t, csv(), { 'd.csv': `f0,f1,species\n${GOOD_ROWS}9,beta\n` });
  assert.equal(r.code, 2);
  assert.equal(r.message, `mlplab: ${join(r.dir, 'd.csv')}: line 6: 2 cells, the header has 3 (ragged row)`);
});

test('a non-numeric cell: exit 2 at its line and column', async (t) => {
  const r = await runOn(t, csv(), { 'd.csv': `f0,f1,species\n${GOOD_ROWS}9,ten,beta\n` });
  assert.equal(r.code, 2);
  assert.equal(r.message, `mlplab: ${join(r.dir, 'd.csv')}: line 6, column 2 (f1): "ten" is not a finite number`);
});

test('NaN or ∞: exit 2 at the CSV line and column, or the .npy byte offset', async (t) => {
  const a = await runOn(t, csv(), { 'd.csv': `f0,f1,species\n${GOOD_ROWS}Infinity,1,beta\n` });
  assert.equal(a.code, 2);
  assert.equal(a.message, `mlplab: ${join(a.dir, 'd.csv')}: line 6, column 1 (f0): "Infinity" is not a finite number`);
  const x = npyBytes('<f4', [4, 2], [1, 2, 3, NaN, 5, 6, 7, 8]);
  const b = await runOn(t, 'format: npy\ntrain: { features: x.npy, labels: y.npy }\ntest: 0.5', {
    'x.npy': x,
    'y.npy': npyBytes('<i8', [4], [0, 1, 0, 1]),
  });
  assert.equal(b.code, 2);
  assert.equal(b.message, `mlplab: ${join(b.dir, 'x.npy')}: byte ${npyDataStart(x) + 3 * 4}: NaN is not a finite number`);
});

test('a label not in the class list: exit 2 at the CSV line, or the labels file byte offset', async (t) => {
  const a = await runOn(t, csv('classes: [alpha, beta]'), { 'd.csv': `f0,f1,species\n${GOOD_ROWS}9,9,gamma\n` });
  assert.equal(a.code, 2);
  assert.equal(a.message, `mlplab: ${join(a.dir, 'd.csv')}: line 6: label "gamma" is not one of the classes (alpha, beta)`);
  const y = npyBytes('<i8', [4], [0, 1, 7, 1]);
  const b = await runOn(t, 'format: npy\ntrain: { features: x.npy, labels: y.npy }\ntest: 0.5\nclasses: [a, b, c]', {
    'x.npy': npyBytes('<f4', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
    'y.npy': y,
  });
  assert.equal(b.code, 2);
  assert.equal(b.message, `mlplab: ${join(b.dir, 'y.npy')}: byte ${npyDataStart(y) + 2 * 8}: label 7 is not one of the classes (a, b, c)`);
});

test('fewer than two classes: exit 2 naming the file', async (t) => {
  const r = await runOn(t, csv(), { 'd.csv': 'f0,f1,species\n1,2,alpha\n3,4,alpha\n' });
  assert.equal(r.code, 2);
  assert.equal(r.message, `mlplab: ${join(r.dir, 'd.csv')}: the labels hold 1 class (alpha); a classifier needs two or more`);
});

test('an empty split: a file without rows, or a test fraction that holds none', async (t) => {
  const a = await runOn(t, csv(), { 'd.csv': 'f0,f1,species\n' });
  assert.equal(a.code, 2);
  assert.equal(a.message, `mlplab: ${join(a.dir, 'd.csv')}: no rows after the header`);
  const b = await runOn(t, 'format: csv\ntrain: d.csv\ntest: 0.1\nlabel: species', { 'd.csv': `f0,f1,species\n${GOOD_ROWS}` });
  assert.equal(b.code, 2);
  assert.equal(b.message, `mlplab: ${join(b.dir, 'd.csv')}: test: 0.1 of its 4 examples leaves an empty split`);
  const images = encodeIdx(new Uint8Array(0), [0, 2, 2]);
  const c = await runOn(t, 'format: idx\ntrain: { features: x.idx, labels: y.idx }\ntest: 0.5', {
    'x.idx': images,
    'y.idx': encodeIdx(new Uint8Array(0), [0]),
  });
  assert.equal(c.code, 2);
  assert.equal(c.message, `mlplab: ${join(c.dir, 'x.idx')}: no examples (an empty split)`);
});

test('a .npy of an unsupported dtype or shape: exit 2 at the byte offset', async (t) => {
  const labels = npyBytes('<i8', [4], [0, 1, 0, 1]);
  const npy = 'format: npy\ntrain: { features: x.npy, labels: y.npy }\ntest: 0.5';
  const a = await runOn(t, npy, { 'x.npy': npyBytes('<c8', [4, 1], [1, 2, 3, 4]), 'y.npy': labels });
  assert.equal(a.code, 2);
  assert.equal(a.message, `mlplab: ${join(a.dir, 'x.npy')}: byte 10: unsupported dtype '<c8' (read: float32, float64, uint8)`);
  const flat = npyBytes('<f4', [4], [1, 2, 3, 4]);
  const b = await runOn(t, npy, { 'x.npy': flat, 'y.npy': labels });
  assert.equal(b.code, 2);
  assert.equal(
    b.message,
    `mlplab: ${join(b.dir, 'x.npy')}: byte ${npyDataStart(flat)}: shape (4); expected examples × features or examples × rows × cols`,
  );
});

test('a missing file: exit 2 at the field that names it', async (t) => {
  const r = await runOn(t, 'format: csv\ntrain: nowhere.csv\ntest: 0.2\nlabel: species', {});
  assert.equal(r.code, 2);
  assert.match(r.message, new RegExp(`tiny\\.yaml:6:12: datasets\\.mine\\.train: no such file: ${join(r.dir, 'nowhere.csv')}$`));
});

test('a dataset name neither built in nor declared: exit 2 at dataset', async (t) => {
  const dir = await tempDir(t);
  const file = await writeExperiment(dir, experimentOn(csv()).replace('dataset: mine', 'dataset: mne'));
  const r = await mlplabMain(['validate', file]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /:9:10: dataset: unknown dataset "mne" \(did you mean "mine"\? known: mnist, fashion-mnist, mine; declare your own under datasets:\)/,
  );
});
