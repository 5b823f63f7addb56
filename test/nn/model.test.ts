import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sequential } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/rng.js';
import type { LayerSpec } from '../../src/types.js';

const layers: LayerSpec[] = [{ linear: { units: 6, init: 'he' } }, { relu: {} }, { linear: { units: 3, init: 'xavier' } }];
const weights = (seed: number) => new Sequential(layers, 5, 4, Rng.from(seed, 'run:init')).params().map((p) => [...p.value]);

test('same seed → identical initial weights; another seed → different', () => {
  assert.deepEqual(weights(1), weights(1));
  assert.notDeepEqual(weights(1), weights(2));
});

test('He and Xavier initialisations have the intended scale', () => {
  const big = new Sequential(
    [{ linear: { units: 200, init: 'he' } }, { linear: { units: 300, init: 'xavier' } }],
    400,
    1,
    Rng.from(1, 'init'),
  );
  const [W1, b1, W2] = big.params().map((p) => p.value);
  const variance = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0) / a.length;
  assert.ok(Math.abs(variance(W1) / (2 / 400) - 1) < 0.03, 'He: Var = 2/fan_in');
  assert.ok(Math.abs(variance(W2) / (2 / (200 + 300)) - 1) < 0.03, 'Xavier uniform: Var = 2/(fan_in+fan_out)');
  assert.ok(
    b1.every((v) => v === 0),
    'biases start at 0',
  );
});

test('parameter count and widths follow the stack', () => {
  const m = new Sequential(layers, 5, 4, Rng.from(1, 'init'));
  assert.equal(m.paramCount(), 5 * 6 + 6 + 6 * 3 + 3);
  assert.equal(m.outputSize, 3);
});
