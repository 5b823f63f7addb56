// The schema's allowed names equal the registries' keys: adding a layer, loss, optimizer or dataset
// to one without the other fails here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  schemaDatasetNames,
  schemaLayerNames,
  schemaLossNames,
  schemaOptimizerNames,
} from '../../src/config/schema.js';
import { DATASETS } from '../../src/data/datasets.js';
import { LAYERS } from '../../src/nn/layers/index.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { OPTIMIZERS } from '../../src/nn/optim/index.js';

const sorted = (names: string[]): string[] => [...names].sort();

test('layers', () => assert.deepEqual(sorted(schemaLayerNames()), sorted(Object.keys(LAYERS))));
test('losses', () => assert.deepEqual(sorted(schemaLossNames()), sorted(Object.keys(LOSSES))));
test('optimizers', () => assert.deepEqual(sorted(schemaOptimizerNames()), sorted(Object.keys(OPTIMIZERS))));
test('datasets', () => assert.deepEqual(sorted(schemaDatasetNames()), sorted(Object.keys(DATASETS))));
