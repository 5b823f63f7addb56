// The schema's allowed names equal the registries' keys: adding a layer, loss, optimizer, schedule,
// initialisation or dataset to one without the other fails here. The types derive from the
// registries, so these are the only places the two can drift apart.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  properties,
  resolve,
  SCHEMA,
  schemaDatasetNames,
  schemaInitNames,
  schemaLayerNames,
  schemaLossNames,
  schemaOptimizerNames,
  schemaScheduleNames,
  subschemas,
} from '../../src/config/schema.js';
import { DATASETS } from '../../src/data/datasets.js';
import { LAYERS } from '../../src/nn/layers/index.js';
import { INIT_NAMES } from '../../src/nn/layers/linear.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { OPTIMIZERS } from '../../src/nn/optim/index.js';
import { SCHEDULES } from '../../src/nn/schedule.js';

const sorted = (names: string[]): string[] => [...names].sort();
const keys = (ref: string): string[] => Object.keys(properties(resolve({ $ref: ref })));

test('layers', () => assert.deepEqual(sorted(schemaLayerNames()), sorted(Object.keys(LAYERS))));
test('layers as { name: options }', () => assert.deepEqual(sorted(keys('#/$defs/layerObject')), sorted(Object.keys(LAYERS))));
test('initialisations', () => assert.deepEqual(sorted(schemaInitNames()), sorted(INIT_NAMES)));
test('losses', () => assert.deepEqual(sorted(schemaLossNames()), sorted(Object.keys(LOSSES))));
test('optimizers', () => assert.deepEqual(sorted(schemaOptimizerNames()), sorted(Object.keys(OPTIMIZERS))));
test('schedules', () => assert.deepEqual(sorted(schemaScheduleNames()), sorted(Object.keys(SCHEDULES))));
test('datasets', () => assert.deepEqual(sorted(schemaDatasetNames()), sorted(Object.keys(DATASETS))));
test('datasets in the per-dataset preprocess mapping', () => {
  const mapping = subschemas(properties(SCHEMA).preprocess!, 'anyOf').find((b) => b.type === 'object')!;
  assert.deepEqual(sorted(Object.keys(properties(mapping))), sorted(Object.keys(DATASETS)));
});
