// The cost of a run before it runs: parameters, FLOPs per epoch (checked by hand), seconds from
// kernel timings, wall time over workers, and how the plan prints them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flow, si } from '../../src/commands/plan-table.js';
import { DATA_SHAPES, flopsPerEpoch, kernelShapes, paramCount, runSeconds } from '../../src/estimate/estimate.js';
import { KernelSpeed } from '../../src/estimate/kernel-speed.js';
import { duration, wallTime } from '../../src/estimate/wall-time.js';
import { referenceKernels } from '../../src/nn/kernels/index.js';
import { Sequential } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/rng.js';
import type { RunSpec } from '../../src/types.js';
import { sgd, trainWith } from '../helpers/spec.js';

/** 784 → 16 → relu → 10 on MNIST, batches of 100, 2 epochs. */
const TINY: RunSpec = {
  experiment: 't',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed: 0,
  preprocess: 'scale',
  model: {
    layers: [{ linear: { units: 16, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs: 2, batch_size: 100, optimizer: sgd(0.1) }),
};

test('the registered datasets: 60000 training and 10000 test images of 28×28', () => {
  for (const shape of [DATA_SHAPES.mnist, DATA_SHAPES['fashion-mnist']])
    assert.deepEqual([shape.train, shape.test, shape.inputs], [60000, 10000, 784]);
});

test('parameters: W and b of each linear layer', () => {
  assert.equal(paramCount(TINY), 785 * 16 + 17 * 10);
});

test('parameters: batchnorm’s γ and β count too, as in the model a run trains', () => {
  const layers: RunSpec['model']['layers'] = [
    { linear: { units: 16, init: 'he' } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
    { relu: {} },
    { linear: { units: 10, init: 'he' } },
  ];
  const trained = new Sequential(layers, 784, 1, Rng.from(0, 'init'), referenceKernels).params().reduce((n, p) => n + p.value.length, 0);
  assert.equal(trained, 785 * 16 + 2 * 16 + 17 * 10);
  assert.equal(paramCount({ ...TINY, model: { ...TINY.model, layers } }), trained);
});

test('FLOPs per epoch, by hand', () => {
  // Layer 1 (784×16): forward + weight gradient over 60000 examples (no input gradient: it is
  // the first layer), plus the forward over 10000 test images; 2·I·O FLOPs per example each.
  const first = 2 * 784 * 16 * (2 * 60000 + 10000);
  // Layer 2 (16×10): forward, weight gradient and input gradient, plus the test forward.
  const second = 2 * 16 * 10 * (3 * 60000 + 10000);
  assert.equal(first + second, 3_322_240_000);
  assert.equal(flopsPerEpoch(TINY), 3_322_240_000);
});

test('seconds: the kernels per batch times batches, times epochs', () => {
  const shapes = kernelShapes(TINY);
  assert.deepEqual(
    shapes.map((s) => [s.batch, s.inputs, s.outputs, s.first]),
    [
      [100, 784, 16, true],
      [100, 16, 10, false],
    ],
  );
  assert.ok(shapes[0].zeros > 0 && shapes[1].zeros === 0.5);
  const seconds = runSeconds(TINY, () => ({ forward: 1, weightGrad: 2, inputGrad: 4, forwardOther: 8, trainOther: 16 }));
  // 600 batches: layer 1 pays forward + weight gradient, layer 2 all three, each layer its other
  // kernels (forward 8, training 16); evaluation is 100 forward passes (1 + 8) of each layer.
  assert.equal(seconds, 2 * (600 * (1 + 8 + 2 + 16) + 100 * 9 + (600 * (1 + 8 + 2 + 4 + 16) + 100 * 9)));
});

test('the kernels are timed at each distinct shape, briefly', () => {
  const start = performance.now();
  const speed = new KernelSpeed([...kernelShapes(TINY), ...kernelShapes(TINY)], 0.05);
  assert.ok(performance.now() - start < 2000);
  const t = speed.timeOf(kernelShapes(TINY)[0]);
  assert.ok(t.forward > 0 && t.weightGrad > 0 && t.inputGrad > 0 && t.forwardOther > 0 && t.trainOther > 0);
  assert.ok(speed.gflops() > 0.01, String(speed.gflops()));
  assert.throws(() => speed.timeOf({ ...kernelShapes(TINY)[0], batch: 7 }), /not measured/);
});

test('wall time: each worker takes the next run when it is free', () => {
  assert.equal(wallTime([3, 1, 1, 1], 2), 3);
  assert.equal(wallTime([5, 5, 5], 2), 10);
  assert.equal(wallTime([5, 5, 5], 1), 15);
  assert.equal(wallTime([], 4), 0);
});

test('numbers as the plan prints them', () => {
  assert.deepEqual([si(3_322_240_000), si(812), si(12_730), si(1.5e13)], ['3.322 G', '812', '12.73 k', '15 T']);
  assert.deepEqual([duration(0.42), duration(12.4), duration(75), duration(7260)], ['0.4 s', '12 s', '1 min 15 s', '2 h 1 min']);
  assert.equal(
    flow([{ linear: 64 }, 'relu', { linear: { units: 10, init: 'he' } }]),
    '[{linear: 64}, relu, {linear: {units: 10, init: he}}]',
  );
  assert.deepEqual([flow(0.03), flow('two words'), flow(null)], ['0.03', '"two words"', 'null']);
});
