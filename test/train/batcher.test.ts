import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, referenceKernels } from '../../src/nn/kernels/index.js';
import { Rng } from '../../src/nn/rng.js';
import { scaleTable } from '../../src/nn/kernels/index.js';
import { Batcher } from '../../src/train/batcher.js';
import type { Split } from '../../src/types.js';

function split(count: number, rows: number, cols: number): Split {
  const images = Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 37 + 11) & 255);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, rows, cols };
}

test('the default table is b / 255 rounded to float32, 0 and 1 exactly at the ends', () => {
  const t = scaleTable();
  for (let b = 0; b < 256; b++) assert.equal(t[b], Math.fround(b / 255));
  assert.equal(t[0], 0);
  assert.equal(t[255], 1);
});

test('a batch holds the rows of the current order, scaled, with their labels, for both kernel sets', () => {
  const s = split(23, 3, 5),
    D = 15;
  for (const K of [referenceKernels, KERNELS.wasm()]) {
    const b = new Batcher(s, 8, { kernels: K });
    b.shuffle(Rng.from(1, 'order'));
    for (let start = 0; start < 23; start += 8) {
      const B = Math.min(8, 23 - start);
      const { X, y } = b.batch(start, B);
      for (let r = 0; r < B; r++) {
        const idx = b.order[start + r];
        assert.equal(y[r], s.labels[idx]);
        for (let i = 0; i < D; i++) assert.equal(X[r * D + i], Math.fround(s.images[idx * D + i] / 255));
      }
    }
  }
});

test('a custom table (e.g. standardisation) is applied, and a wrong-sized one refused', () => {
  const s = split(4, 2, 2);
  const table = Float32Array.from({ length: 256 }, (_, v) => (v / 255 - 0.5) / 0.25);
  const { X } = new Batcher(s, 4, { kernels: KERNELS.wasm(), table }).batch(0, 4);
  for (let i = 0; i < 16; i++) assert.equal(X[i], table[s.images[i]]);
  assert.throws(() => new Batcher(s, 4, { kernels: referenceKernels, table: new Float32Array(10) }), RangeError);
});

test('a batcher over a subset draws only those examples', () => {
  const s = split(10, 1, 2);
  const b = new Batcher(s, 3, { examples: Uint32Array.of(1, 4, 9) });
  assert.equal(b.count, 3);
  const { y } = b.batch(0, 3);
  assert.deepEqual(
    [...y.subarray(0, 3)],
    [1, 4, 9].map((i) => s.labels[i]),
  );
});

test('prefetch reads a byte of every 64 and the last byte of each upcoming row, and changes nothing', () => {
  const s = split(10, 10, 13); // rows of 130 bytes: bytes 0, 64, 128 and 129 of each are read
  const b = new Batcher(s, 4);
  b.shuffle(Rng.from(3, 'prefetch'));
  const before = Float32Array.from(b.batch(2, 4).X);
  b.prefetch(2, 4);
  let want = 0;
  for (let r = 2; r < 6; r++) for (const i of [0, 64, 128, 129]) want += s.images[b.order[r] * 130 + i];
  assert.equal(b.touched, want);
  assert.deepEqual(Float32Array.from(b.batch(2, 4).X), before);
});
