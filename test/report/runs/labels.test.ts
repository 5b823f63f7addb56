import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputWidth, layerSummary } from '../../../src/report/layers.js';
import { runLabels } from '../../../src/report/runs/configs.js';
import { distinctParams, varyingParams } from '../../../src/report/params.js';
import { configLabels, shortNumber, whatDiffers } from '../../../src/report/runs/labels.js';
import { earlyStoppingSummary, optimizerSummary, scheduleSummary } from '../../../src/report/runs/train-options.js';
import type { LayerSpec, RunResult } from '../../../src/types.js';
import { FASHION, makeRun, MLP_128_64, MLP_256, MNIST, paramCount } from '../fixtures.js';
import { GRID, RANDOM, REPLICATES } from '../sweep-fixtures.js';

const curve: [number, number][] = [[0.5, 0.9]];
const specs = (runs: readonly RunResult[]) => runs.map((r) => r.spec);
const labels = (runs: readonly RunResult[]) => [...new Set(configLabels(specs(runs)))];
const hidden = (units: number): LayerSpec[] => [{ linear: { units, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];

test('when only datasets differ, the label is the dataset', () => {
  assert.deepEqual(labels([MNIST, FASHION]), ['mnist', 'fashion-mnist']);
  assert.deepEqual(whatDiffers(specs([MNIST, FASHION])), ['dataset']);
});

test('a field that never varies is left out; a lone config is named by its dataset', () => {
  assert.deepEqual(labels([MNIST]), ['mnist']);
  assert.deepEqual(whatDiffers(specs([MNIST])), []);
});

test('lr × batch grid: short names from the dotted paths, lr first', () => {
  assert.deepEqual(whatDiffers(specs(GRID)), ['train.optimizer.sgd.lr', 'train.batch_size']);
  assert.deepEqual(labels(GRID).slice(0, 3), ['lr 0.3 · batch 32', 'lr 0.3 · batch 128', 'lr 0.1 · batch 32']);
});

test('whole layer stacks of different shapes: one `layers` field, widths with input and output', () => {
  const a = makeRun({ id: 'a', curve, layers: MLP_128_64 });
  const b = makeRun({ id: 'b', curve, layers: MLP_256, lr: 0.03 });
  assert.deepEqual(whatDiffers(specs([a, b])), ['model.layers', 'train.optimizer.sgd.lr']);
  assert.deepEqual(labels([a, b]), ['layers 784-128-64-10 · lr 0.1', 'layers 784-256-10 · lr 0.03']);
});

test('units of one layer swept: the path names the layer, the label only the units', () => {
  const runs = [64, 256].map((units) => makeRun({ id: `u${units}`, curve, layers: hidden(units) }));
  assert.deepEqual(whatDiffers(specs(runs)), ['model.layers[0].linear.units']);
  assert.deepEqual(labels(runs), ['units 64', 'units 256']);
  assert.equal(varyingParams(specs(runs))[0]!.title, 'hidden units');
});

test('units of two layers swept apart: numbered by layer, in labels and axis titles', () => {
  const two = (a: number, b: number): LayerSpec[] => [
    { linear: { units: a, init: 'he' } },
    { relu: {} },
    { linear: { units: b, init: 'he' } },
    { relu: {} },
    { linear: { units: 10, init: 'he' } },
  ];
  const runs = [
    makeRun({ id: 'a', curve, layers: two(64, 32) }),
    makeRun({ id: 'b', curve, layers: two(128, 32) }),
    makeRun({ id: 'c', curve, layers: two(128, 64) }),
  ];
  assert.deepEqual(labels(runs), ['units1 64 · units2 32', 'units1 128 · units2 32', 'units1 128 · units2 64']);
  assert.deepEqual(
    varyingParams(specs(runs)).map((p) => p.title),
    ['hidden units, layer 1', 'hidden units, layer 2'],
  );
});

test('a zip moving two dropout rates together: one short label, never the whole stack', () => {
  const drop = (rate: number): LayerSpec[] => [
    { linear: { units: 512, init: 'he' } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
    { relu: {} },
    { dropout: { rate } },
    { linear: { units: 512, init: 'he' } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
    { relu: {} },
    { dropout: { rate } },
    { linear: { units: 10, init: 'he' } },
  ];
  const runs = [0.2, 0.4].map((rate) => makeRun({ id: `z${rate}`, curve, layers: drop(rate) }));
  assert.deepEqual(labels(runs), ['dropout 0.2', 'dropout 0.4']);
  const params = varyingParams(specs(runs));
  assert.deepEqual(
    params.map((p) => [p.name, p.title]),
    [
      ['dropout', 'dropout rate'],
      ['dropout', 'dropout rate'],
    ],
  );
  assert.equal(distinctParams(params, specs(runs)).length, 1);
});

test('stacks that differ only in initialisation say so', () => {
  const xavier = MLP_128_64.map((l): LayerSpec => ('linear' in l ? { linear: { ...l.linear, init: 'xavier' } } : l));
  const runs = [makeRun({ id: 'h', curve }), makeRun({ id: 'x', curve, layers: xavier })];
  assert.deepEqual(labels(runs), ['init he', 'init xavier']);
});

test('random search: sampled values as short as they can be while staying distinct', () => {
  assert.deepEqual(labels(RANDOM).slice(0, 2), ['lr 0.0123 · batch 64', 'lr 0.0568 · batch 32']);
  assert.equal(shortNumber(0.01234, [0.01234, 0.01235]), '0.01234');
  assert.equal(shortNumber(0.1, [0.1, 0.03]), '0.1');
  assert.equal(shortNumber(1024, [1024, 1000]), '1024');
});

test('replicates: the seed is not in the config label; run labels add it', () => {
  assert.deepEqual(labels(REPLICATES), ['lr 0.1', 'lr 0.03', 'lr 0.01']);
  assert.deepEqual(whatDiffers(specs(REPLICATES)), ['train.optimizer.sgd.lr']);
  assert.deepEqual([...runLabels(REPLICATES.slice(0, 4)).values()], ['lr 0.1 · seed 1', 'lr 0.1 · seed 2', 'lr 0.1 · seed 3', 'lr 0.03']);
});

test('the data checksum is named only when it alone tells configs apart', () => {
  const other = makeRun({ id: 'other-data', curve, sha256: 'c0ffee00'.repeat(8) });
  assert.deepEqual(labels([MNIST, other]), [`data ${MNIST.spec.dataset_sha256.slice(0, 8)}`, 'data c0ffee00']);
  assert.deepEqual(whatDiffers(specs([MNIST, other])), ['dataset_sha256']);
  assert.deepEqual(labels([MNIST, FASHION]), ['mnist', 'fashion-mnist'], 'each dataset has its own checksum: not a difference');
});

test('runs that would share a label get their short id', () => {
  const a = makeRun({ id: 'aaaaaaaaaaaa', curve });
  const b = makeRun({ id: 'bbbbbbbbbbbb', curve });
  assert.deepEqual([...runLabels([a, b]).values()], ['mnist · seed 1 · aaaaaaaa', 'mnist · seed 1 · bbbbbbbb']);
});

test('layer summaries: compact MLP, spelled-out stacks, unknown input width', () => {
  assert.equal(layerSummary(MLP_128_64, 784), '784-128-64-10 relu');
  assert.equal(layerSummary(MLP_128_64), '128-64-10 relu');
  assert.equal(layerSummary(MLP_128_64, 784, { activation: false }), '784-128-64-10');
  assert.equal(layerSummary(MLP_128_64, 784, { init: true }), '784-128-64-10 relu, he init');
  assert.equal(layerSummary([{ linear: { units: 10, init: 'he' } }], 784), '784-10');
  const odd: LayerSpec[] = [{ relu: {} }, { linear: { units: 10, init: 'xavier' } }];
  assert.equal(layerSummary(odd, 784), 'relu → linear 10');
  assert.equal(layerSummary(odd, 784, { init: true }), 'relu → linear 10 (xavier)');
});

test('input width: explicit, recorded, known dataset, else from the parameter count', () => {
  assert.equal(inputWidth(MNIST), 784);
  assert.equal(inputWidth(MNIST, 100), 100);
  const recorded = {
    ...MNIST,
    spec: { ...MNIST.spec, dataset: 'cifar-gray' },
    layers: [{ name: 'linear', inputs: 3072, outputs: 10, params: 30730 }],
  };
  assert.equal(inputWidth(recorded as unknown as RunResult), 3072);
  const unknown = { ...MNIST, spec: { ...MNIST.spec, dataset: 'cifar-gray' } } as unknown as RunResult;
  assert.equal(inputWidth({ ...unknown, params: paramCount(1024, MLP_128_64) }), 1024);
  assert.equal(inputWidth({ ...unknown, params: 0 }), undefined);
  assert.equal(inputWidth({ ...unknown, params: 12345 }), undefined);
});

const sgd = (lr: number, more = {}) => ({ sgd: { lr, momentum: 0, nesterov: false, weight_decay: 0, ...more } });
const adam = (lr: number, more = {}) => ({ adam: { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...more } });

test('optimizer summary: the lr always, other options only away from their schema default', () => {
  assert.equal(optimizerSummary(sgd(0.03)), 'sgd lr=0.03');
  assert.equal(optimizerSummary(sgd(0.1, { momentum: 0.9, nesterov: true })), 'sgd lr=0.1 momentum=0.9 nesterov=true');
  assert.equal(optimizerSummary(adam(0.001)), 'adam lr=0.001', 'the lr is shown even at its default');
  assert.equal(optimizerSummary(adam(0.001, { beta1: 0.5 })), 'adam lr=0.001 beta1=0.5');
  assert.equal(optimizerSummary({ sgd: { lr: 0.1 } } as never), 'sgd lr=0.1', 'a spec stored before momentum existed');
});

test('schedule and early stopping summaries', () => {
  assert.equal(scheduleSummary({ constant: {} }), 'constant');
  assert.equal(scheduleSummary({ step: { every: 5, gamma: 0.5 } }), 'step every=5 gamma=0.5');
  assert.equal(earlyStoppingSummary(null), 'off');
  assert.equal(earlyStoppingSummary(undefined), 'off', 'a spec stored before early stopping existed');
  assert.equal(earlyStoppingSummary({ metric: 'val_accuracy', patience: 5 }), 'val_accuracy patience=5');
});

test('optimizers of different kinds: the label reads `adam lr 0.001`', () => {
  const runs = [makeRun({ id: 's', curve, optimizer: sgd(0.1, { momentum: 0.9 }) }), makeRun({ id: 'a', curve, optimizer: adam(0.001) })];
  assert.deepEqual(whatDiffers(specs(runs)), ['train.optimizer']);
  assert.deepEqual(labels(runs), ['sgd lr 0.1 momentum 0.9', 'adam lr 0.001']);
});

test('new training options read as switches: early stopping and clipping on or off, the schedule by name', () => {
  const base = makeRun({ id: 'b', curve });
  const withSpec = (id: string, train: Partial<RunResult['spec']['train']>) => ({
    ...base,
    id,
    spec: { ...base.spec, train: { ...base.spec.train, ...train } },
  });
  const runs = [
    base,
    withSpec('e', { early_stopping: { metric: 'val_loss', patience: 3 }, clip_norm: 1, schedule: { cosine: { min_factor: 0 } } }),
  ];
  assert.deepEqual(labels(runs), [
    'schedule constant · clip_norm off · early_stopping off',
    'schedule cosine · clip_norm 1 · early_stopping val_loss patience 3',
  ]);
});

test('layer stacks with new kinds: the block after each hidden linear, in order', () => {
  const block: LayerSpec[] = [{ batchnorm: { momentum: 0.1, eps: 1e-5 } }, { relu: {} }, { dropout: { rate: 0.2 } }];
  const stack: LayerSpec[] = [
    { linear: { units: 256, init: 'he' } },
    ...block,
    { linear: { units: 128, init: 'he' } },
    ...block,
    { linear: { units: 10, init: 'he' } },
  ];
  assert.equal(layerSummary(stack, 784), '784-256-128-10 batchnorm + relu + dropout 0.2');
  assert.equal(layerSummary(stack, 784, { details: true }), '784-256-128-10 batchnorm(momentum=0.1, eps=0.00001) + relu + dropout 0.2');
  assert.equal(
    layerSummary(
      hidden(64).map((l) => ('relu' in l ? { leaky_relu: { slope: 0.01 } } : l)),
      784,
    ),
    '784-64-10 leaky_relu 0.01',
  );
  const mixed: LayerSpec[] = [
    { linear: { units: 64, init: 'he' } },
    { tanh: {} },
    { linear: { units: 32, init: 'he' } },
    { gelu: {} },
    { linear: { units: 10, init: 'he' } },
  ];
  assert.equal(layerSummary(mixed, 784), 'linear 64 → tanh → linear 32 → gelu → linear 10', 'different blocks: spelled out');
});

test('stacks that differ only in dropout rate or batchnorm options are told apart in labels', () => {
  const drop = (rate: number): LayerSpec[] => [
    { linear: { units: 64, init: 'he' } },
    { relu: {} },
    { dropout: { rate } },
    { linear: { units: 10, init: 'he' } },
  ];
  const runs = [0.2, 0.5].map((rate) => makeRun({ id: `d${rate}`, curve, layers: drop(rate) }));
  assert.deepEqual(labels(runs), ['dropout 0.2', 'dropout 0.5']);
  const bn = (momentum: number): LayerSpec[] => [
    { linear: { units: 64, init: 'he' } },
    { batchnorm: { momentum, eps: 1e-5 } },
    { relu: {} },
    { linear: { units: 10, init: 'he' } },
  ];
  const bns = [0.1, 0.01].map((m) => makeRun({ id: `b${m}`, curve, layers: bn(m) }));
  assert.deepEqual(labels(bns), ['momentum 0.1', 'momentum 0.01']);
});

test('input width from the parameter count counts batchnorm’s γ and β', () => {
  const stack: LayerSpec[] = [
    { linear: { units: 64, init: 'he' } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
    { relu: {} },
    { dropout: { rate: 0.5 } },
    { linear: { units: 10, init: 'he' } },
  ];
  const unknown = {
    ...MNIST,
    spec: { ...MNIST.spec, dataset: 'cifar-gray', model: { ...MNIST.spec.model, layers: stack } },
  } as unknown as RunResult;
  assert.equal(inputWidth({ ...unknown, params: paramCount(1024, stack) + 2 * 64 }), 1024);
  const first = { ...unknown, spec: { ...unknown.spec, model: { ...unknown.spec.model, layers: [stack[1]!, ...stack] } } };
  assert.equal(inputWidth({ ...first, params: 12345 }), undefined, 'batchnorm on the unknown input itself');
});
