import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optimizerSummary, runLabels, whatDiffers } from '../../src/report/labels.js';
import { hiddenSummary, inputWidth, layerSummary } from '../../src/report/layers.js';
import type { LayerSpec, RunResult } from '../../src/types.js';
import { FASHION, makeRun, MLP_128_64, MLP_256, MNIST, paramCount } from './fixtures.js';

const curve: [number, number][] = [[0.5, 0.9]];

test('when only datasets differ, the label is the dataset', () => {
  assert.deepEqual([...runLabels([MNIST, FASHION]).values()], ['mnist', 'fashion-mnist']);
});

test('the label names the dataset plus what differs', () => {
  const a = makeRun({ id: 'a', curve, layers: MLP_128_64 });
  const b = makeRun({ id: 'b', curve, layers: MLP_256, lr: 0.03 });
  assert.deepEqual(whatDiffers([a, b]), ['model.layers', 'train.optimizer']);
  assert.deepEqual([...runLabels([a, b]).values()], ['mnist · 128-64 · lr 0.1', 'mnist · 256 · lr 0.03']);
});

test('runs that would share a label get their short id', () => {
  const a = makeRun({ id: 'aaaaaaaaaaaa', curve });
  const b = makeRun({ id: 'bbbbbbbbbbbb', curve });
  assert.deepEqual([...runLabels([a, b]).values()], ['mnist · aaaaaaaa', 'mnist · bbbbbbbb']);
});

test('layer summaries: compact MLP, spelled-out stacks, unknown input width', () => {
  assert.equal(layerSummary(MLP_128_64, 784), '784-128-64-10 relu');
  assert.equal(layerSummary(MLP_128_64), '128-64-10 relu');
  assert.equal(layerSummary(MLP_128_64, 784, { init: true }), '784-128-64-10 relu, he init');
  assert.equal(layerSummary([{ linear: { units: 10, init: 'he' } }], 784), '784-10');
  const odd: LayerSpec[] = [{ relu: {} }, { linear: { units: 10, init: 'xavier' } }];
  assert.equal(layerSummary(odd, 784), 'relu → linear 10');
  assert.equal(layerSummary(odd, 784, { init: true }), 'relu → linear 10 (xavier)');
  assert.equal(hiddenSummary(MLP_128_64), '128-64');
  assert.equal(hiddenSummary([{ linear: { units: 10, init: 'he' } }]), 'no hidden layer');
});

test('input width: explicit, known dataset, else from the parameter count', () => {
  assert.equal(inputWidth(MNIST), 784);
  assert.equal(inputWidth(MNIST, 100), 100);
  const unknown = { ...MNIST, spec: { ...MNIST.spec, dataset: 'cifar-gray' } } as unknown as RunResult;
  assert.equal(inputWidth({ ...unknown, params: paramCount(1024, MLP_128_64) }), 1024);
  assert.equal(inputWidth({ ...unknown, params: 0 }), undefined);
  assert.equal(inputWidth({ ...unknown, params: 12345 }), undefined);
});

test('optimizer summary', () => {
  assert.equal(optimizerSummary({ sgd: { lr: 0.03 } }), 'sgd lr=0.03');
});
