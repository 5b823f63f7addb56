import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/nn/rng.js';

test('the same seed and stream give the same sequence', () => {
  const a = Rng.from(42, 'init'),
    b = Rng.from(42, 'init');
  for (let i = 0; i < 100; i++) assert.equal(a.nextU32(), b.nextU32());
});

test('different seeds or streams give different sequences', () => {
  assert.notEqual(Rng.from(1, 'init').nextU32(), Rng.from(2, 'init').nextU32());
  assert.notEqual(Rng.from(1, 'init').nextU32(), Rng.from(1, 'shuffle').nextU32());
});

test('a restored state continues the same sequence', () => {
  const a = Rng.from(5, 's');
  a.normal();
  const b = new Rng(a.state());
  assert.equal(a.uniform(), b.uniform());
});

test('uniform, int and normal have the expected moments', () => {
  const rng = Rng.from(9, 'moments');
  const n = 100_000;
  let su = 0,
    sn = 0,
    sn2 = 0;
  const counts = new Array(7).fill(0);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = rng.normal();
    sn += z;
    sn2 += z * z;
    counts[rng.int(7)]++;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.01);
  assert.ok(Math.abs(sn / n) < 0.02);
  assert.ok(Math.abs(sn2 / n - 1) < 0.02);
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.01);
});

test('shuffle is a permutation', () => {
  const a = Uint32Array.from({ length: 50 }, (_, i) => i);
  Rng.from(1, 'shuffle').shuffle(a);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.notDeepEqual(
    [...a],
    Array.from({ length: 50 }, (_, i) => i),
  );
});
