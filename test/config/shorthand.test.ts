// Every accepted spelling of a layer ends up as the same canonical LayerSpec.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, parseExperiment } from '../../src/config/index.js';
import type { LayerSpec } from '../../src/types.js';
import { TEN_CLASSES } from './fixtures.js';

/** The canonical layers of a one-run experiment whose layer list is `layers` (YAML flow text). */
function layersOf(layers: string): LayerSpec[] {
  const loaded = parseExperiment(`name: t\ndataset: mnist\nmodel:\n  layers: ${layers}\n`, 'inline.yaml');
  return expandRuns(loaded, TEN_CLASSES)[0].spec.model.layers;
}

test('relu: the name, { relu: null }, { relu: {} } and `relu:` are the same layer', () => {
  const canonical = [{ linear: { units: 16, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];
  for (const relu of ['relu', '{ relu: null }', '{ relu: {} }', '{ relu: }']) {
    assert.deepEqual(layersOf(`[{ linear: 16 }, ${relu}, linear]`), canonical, relu);
  }
});

test('linear with units: a number and { units } are the same layer', () => {
  for (const linear of ['{ linear: 16 }', '{ linear: { units: 16 } }', '{ linear: { units: 16, init: he } }']) {
    assert.deepEqual(layersOf(`[${linear}, relu, linear]`)[0], { linear: { units: 16, init: 'he' } }, linear);
  }
});

test('linear without units takes the class count, in every spelling', () => {
  for (const linear of ['linear', '{ linear: null }', '{ linear: }', '{ linear: {} }', '{ linear: { init: he } }', '{ linear: 10 }']) {
    assert.deepEqual(layersOf(`[${linear}]`), [{ linear: { units: 10, init: 'he' } }], linear);
  }
});

test("a bare number is dropout's rate and leaky_relu's slope; a bare name takes the defaults", () => {
  const written = (layers: string) =>
    parseExperiment(`name: t\ndataset: mnist\nmodel:\n  layers: ${layers}\n`, 'inline.yaml').experiment.model.layers;
  assert.deepEqual(written('[{ dropout: 0.2 }, { leaky_relu: 0.1 }]'), [{ dropout: { rate: 0.2 } }, { leaky_relu: { slope: 0.1 } }]);
  assert.deepEqual(written('[dropout, leaky_relu, batchnorm]'), [
    { dropout: { rate: 0.5 } },
    { leaky_relu: { slope: 0.01 } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
  ]);
});

test('block-style YAML gives the same spec as flow style', () => {
  const block = parseExperiment('name: t\ndataset: mnist\nmodel:\n  layers:\n    - linear: 16\n    - relu\n    - linear\n', 'b.yaml');
  assert.deepEqual(expandRuns(block, TEN_CLASSES)[0].spec.model.layers, layersOf('[{ linear: 16 }, relu, linear]'));
});
