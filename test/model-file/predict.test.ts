// `mlplab predict`: the same images as IDX, .npy (uint8, float32, float64, 2-D or 3-D) and CSV
// give the same probabilities; each row's prediction is its most probable class; the model's own
// preprocessing is applied (the probabilities are those of the model fed pixelInput's values).

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseNpy } from '../../src/data/npy.js';
import { pixelInput } from '../../src/train/preprocess.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';
import { INFO, writeFixtureModel } from './fixture.js';

/** A .npy file (version 1.0) of `values` with the given descr and shape. */
export function npyBytes(descr: string, shape: number[], values: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += `${' '.repeat(63 - ((10 + header.length) % 64))}\n`;
  const size = descr.endsWith('8') ? 8 : descr.endsWith('4') ? 4 : 1;
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  for (let i = 0; i < values.length; i++) {
    const at = 10 + header.length + i * size;
    if (size === 8) view.setFloat64(at, values[i], true);
    else if (size === 4) view.setFloat32(at, values[i], true);
    else view.setUint8(at, values[i]);
  }
  return out;
}

function idxBytes(count: number, images: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + images.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x803);
  [count, 8, 8].forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(images, 16);
  return out;
}

test('predict gives the same probabilities for the same images as IDX, .npy and CSV, one row per example', async (t) => {
  const dir = await tempDir(t);
  const { path, model } = await writeFixtureModel(dir);
  const split = tinySplit(7, 9);
  const csv = ['p0', ...Array.from({ length: 63 }, (_, i) => `"p${i + 1}"`)].join(',');
  const inputs: [string, Uint8Array | string][] = [
    ['x.idx', idxBytes(7, split.images)],
    ['x-idx3-ubyte.gz', gzipSync(idxBytes(7, split.images))],
    ['x.npy', npyBytes('|u1', [7, 8, 8], split.images)],
    ['f4.npy', npyBytes('<f4', [7, 64], split.images)],
    ['f8.npy', npyBytes('<f8', [7, 8, 8], split.images)],
    ['x.csv', `${csv}\n${Array.from({ length: 7 }, (_, r) => split.images.subarray(r * 64, r * 64 + 64).join(',')).join('\n')}\n`],
  ];
  const outputs: string[] = [];
  for (const [name, bytes] of inputs) {
    await writeFile(join(dir, name), bytes);
    const out = join(dir, `${name}.predictions.csv`);
    const r = await mlplabMain(['predict', path, join(dir, name), '-o', out]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /7 prediction\(s\) written to/);
    outputs.push(await readFile(out, 'utf8'));
  }
  for (const o of outputs) assert.equal(o, outputs[0]);
  const [header, ...rows] = outputs[0].trimEnd().split('\n');
  assert.equal(header, `index,predicted,probability,${INFO.classes.join(',')}`);
  assert.equal(rows.length, 7);
  // The model fed the standardized pixels directly: the same most probable class and probability.
  const X = model.kernels.alloc(7 * 64);
  split.images.forEach((b, i) => (X[i] = pixelInput(b, INFO.stats)));
  const Z = model.forward(X, 7, 'eval');
  rows.forEach((row, r) => {
    const [index, predicted, probability, ...p] = row.split(',');
    const z = Array.from(Z.subarray(r * 10, r * 10 + 10));
    const best = z.indexOf(Math.max(...z));
    assert.equal(index, String(r));
    assert.equal(predicted, INFO.classes[best]);
    assert.equal(Number(probability), Math.max(...p.map(Number)));
    assert.ok(Math.abs(p.map(Number).reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });
  // Without -o the rows go to stdout.
  const r = await mlplabMain(['predict', path, join(dir, 'x.idx')]);
  assert.equal(r.stdout, outputs[0]);
});

test('predict refuses input it cannot read, naming the file and the place', async (t) => {
  const dir = await tempDir(t);
  const { path } = await writeFixtureModel(dir);
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['wide.npy', npyBytes('<f4', [2, 65], new Float32Array(130)), /wide\.npy: 65 values per example, the model takes 64/],
    ['int.npy', npyBytes('<i8', [2, 64], new Float64Array(128)), /int\.npy: byte 10: unsupported dtype '<i8'/],
    ['short.npy', npyBytes('<f4', [2, 64], new Float32Array(128)).subarray(0, 300), /short\.npy: byte 128: truncated: shape \(2, 64\)/],
    ['flat.npy', npyBytes('<f4', [64], new Float32Array(64)), /flat\.npy: has shape \(64\): expected examples × features/],
    ['bad.csv', `a,b\n1,2\n3,x\n`, /bad\.csv: line 3, column 2 \(b\): "x" is not a finite number/],
    ['ragged.csv', `a,b\n1,2\n3\n`, /ragged\.csv: line 3: 1 cells, the header has 2/],
    ['x.txt', 'hello', /x\.txt: unknown kind of file/],
  ];
  for (const [name, bytes, problem] of cases) {
    await writeFile(join(dir, name), bytes);
    const r = await mlplabMain(['predict', path, join(dir, name)]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, problem);
  }
  const missing = await mlplabMain(['predict', path, join(dir, 'nothing.npy')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nothing\.npy: cannot read/);
});

test('parseNpy reads versions 1 and 2, uint8 and big-endian floats', () => {
  const v1 = npyBytes('>f8', [1, 3], [1.5, -2, 3e100]);
  // npyBytes writes little-endian: the same values written big-endian under '>f8'.
  const be = Uint8Array.from(v1);
  const view = new DataView(be.buffer);
  const start = be.length - 24;
  [1.5, -2, 3e100].forEach((x, i) => view.setFloat64(start + 8 * i, x, false));
  assert.deepEqual(Array.from(parseNpy(be, 'a.npy').data), [1.5, -2, 3e100]);
  const u1 = parseNpy(npyBytes('|u1', [2, 2], [0, 1, 254, 255]), 'b.npy');
  assert.deepEqual(
    [u1.shape, Array.from(u1.data)],
    [
      [2, 2],
      [0, 1, 254, 255],
    ],
  );
  // Version 2: a 4-byte header length.
  const h = `${"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }".padEnd(54, ' ')}\n`;
  const v2 = new Uint8Array(12 + h.length + 4);
  v2.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
  new DataView(v2.buffer).setUint32(8, h.length, true);
  v2.set(Buffer.from(h, 'latin1'), 12);
  new DataView(v2.buffer).setFloat32(12 + h.length, 0.25, true);
  assert.deepEqual(Array.from(parseNpy(v2, 'c.npy').data), [0.25]);
});
