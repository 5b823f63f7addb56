// The schema itself: valid 2020-12, self-documenting, and shaped the way config code relies on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { NOOP_KEYWORD } from '../../src/config/identity.js';
import { parsePath } from '../../src/config/path.js';
import {
  resolve,
  SCHEMA,
  schemaDatasetNames,
  schemaInitNames,
  schemaLayerNames,
  schemaLossNames,
  schemaOptimizerNames,
  properties,
  typesOf,
  type Json,
  type SchemaNode,
} from '../../src/config/schema.js';
import { DATASETS } from '../../src/data/datasets.js';
import { LAYERS } from '../../src/nn/layers/index.js';
import { INIT_NAMES } from '../../src/nn/layers/linear.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { OPTIMIZERS } from '../../src/nn/optim/index.js';

const isNode = (v: Json | undefined): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every subschema with its JSON pointer (data keywords like enum and default are not descended into). */
function subschemas(node: SchemaNode = SCHEMA, pointer = '#'): [string, SchemaNode][] {
  const found: [string, SchemaNode][] = [[pointer, node]];
  for (const [keyword, value] of Object.entries(node)) {
    const children: [string | number, Json][] =
      keyword === 'properties' || keyword === '$defs' || keyword === 'patternProperties'
        ? Object.entries(isNode(value) ? value : {})
        : keyword === 'anyOf' || keyword === 'oneOf'
          ? (Array.isArray(value) ? value : []).map((v, i) => [i, v])
          : [];
    for (const [key, child] of children) if (isNode(child)) found.push(...subschemas(child, `${pointer}/${keyword}/${key}`));
    if (keyword === 'items' && isNode(value)) found.push(...subschemas(value, `${pointer}/items`));
  }
  return found;
}

const ajv = new Ajv2020.default({ strict: true, keywords: [NOOP_KEYWORD] });

test('is a valid JSON Schema 2020-12 document with an $id', () => {
  assert.equal(SCHEMA.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof SCHEMA.$id, 'string');
  assert.equal(ajv.validateSchema(SCHEMA), true, JSON.stringify(ajv.errors));
});

test('every property and definition has a description', () => {
  for (const [pointer, node] of subschemas()) {
    // sweptFields' entries are names offered to editors: the field each names has the description.
    if (pointer.startsWith('#/$defs/sweptFields/properties/')) continue;
    if (/\/(properties|\$defs)\/[^/]+$/.test(pointer) || pointer === '#') {
      assert.equal(typeof resolve(node).description, 'string', `${pointer} has no description`);
    }
  }
});

test('every mapping rejects unknown keys', () => {
  for (const [pointer, node] of subschemas()) {
    // sweptFields only names keys for editors, in allOf beside mappings that reject unknown keys.
    if (pointer === '#/$defs/sweptFields') continue;
    // A mapping of names the user chooses (datasets:) takes any name propertyNames allows; its values reject unknown keys.
    if (node.propertyNames !== undefined && isNode(node.additionalProperties)) continue;
    if (typesOf(node).includes('object')) assert.equal(node.additionalProperties, false, pointer);
  }
});

test('every default is valid for its own field', () => {
  const defaults = subschemas().filter(([, node]) => node.default !== undefined);
  assert.ok(defaults.length >= 7);
  for (const [pointer, node] of defaults) {
    const validate = ajv.compile({ ...node, $defs: SCHEMA.$defs });
    const valid = validate(node.default);
    assert.ok(valid, `${pointer} default ${JSON.stringify(node.default)}: ${JSON.stringify(validate.errors)}`);
  }
});

// config/validate.ts and config/defaults.ts pick an anyOf branch by the value's type alone, and
// treat every problem under an anyOf as the anyOf's own.
test('anyOf branches differ by type, and an anyOf stands alone', () => {
  const annotations = new Set(['anyOf', 'description', 'title', 'default', '$comment', NOOP_KEYWORD]);
  for (const [pointer, node] of subschemas()) {
    // oneOf can also fail by matching two branches, which no single branch explains.
    assert.equal(node.oneOf, undefined, `${pointer}: use anyOf with branches of distinct types`);
    if (!Array.isArray(node.anyOf)) continue;
    const others = Object.keys(node).filter((k) => !annotations.has(k));
    assert.deepEqual(others, [], `${pointer} mixes anyOf with other keywords`);
    // integer and number count as one type: branchFor lets a number pick an integer branch.
    const types = node.anyOf.filter(isNode).flatMap((b) => typesOf(resolve(b)).map((t) => (t === 'integer' ? 'number' : t)));
    assert.equal(new Set(types).size, types.length, `${pointer} has branches of the same type: ${types.join(', ')}`);
  }
});

test('allowed names, as config code and the registries see them', () => {
  assert.deepEqual(schemaLayerNames(), Object.keys(LAYERS)); // in the registry's order, which messages list
  assert.deepEqual(schemaLossNames(), Object.keys(LOSSES));
  assert.deepEqual(schemaOptimizerNames(), Object.keys(OPTIMIZERS));
  assert.deepEqual(schemaDatasetNames(), Object.keys(DATASETS));
  assert.deepEqual(schemaInitNames(), INIT_NAMES);
  // A layer can be written by name or as { name: options }: both forms must know the same layers.
  assert.deepEqual(Object.keys(resolve({ $ref: '#/$defs/layerObject' }).properties as object), schemaLayerNames());
});

// A sweep key is a field path: the schema (for editors) and parsePath (for mlplab) must agree.
test("sweep keys: the schema's path pattern accepts what parsePath reads, except the reserved words", () => {
  const sweep = resolve(properties(SCHEMA).sweep);
  const [grid] = Object.keys(sweep.patternProperties as object);
  const [path] = Object.keys(resolve({ $ref: '#/$defs/zipGroup' }).patternProperties as object);
  const samples = ['seed', 'model.layers[0].linear.units', 'a[1][2].b', 'train.optimizer.sgd.lr', 'a..b', 'a[x]', '1a', '', 'x.', 'zip.x'];
  for (const key of samples) assert.equal(new RegExp(path, 'u').test(key), parsePath(key) !== undefined, key);
  for (const word of ['zip', 'samples', 'random', 'repeats']) {
    assert.ok(Object.hasOwn(properties(sweep), word), word);
    assert.equal(new RegExp(grid, 'u').test(word), false, word);
  }
  assert.equal(new RegExp(grid, 'u').test('zip.x'), true);
  assert.equal(new RegExp(grid, 'u').test('samples_x'), true);
});

test('every count has a maximum: integers, and lists (a list of choices from an enum is bounded by it)', () => {
  const unbounded = subschemas()
    .filter(
      ([, node]) =>
        (node.type === 'integer' && node.maximum === undefined) ||
        (node.type === 'array' &&
          node.maxItems === undefined &&
          !(isNode(node.items) && node.uniqueItems === true && isNode(resolve(node.items)) && resolve(node.items).enum !== undefined)),
    )
    .map(([pointer]) => pointer);
  // int's bounds are values of the field drawn for, checked against that field's own maximum.
  assert.deepEqual(unbounded, ['#/$defs/distribution/properties/int/items']);
});

test('the validator npm run build generates gives what ajv compiles at run time, errors and all', async () => {
  const { createRequire } = await import('node:module');
  const { EXPERIMENT_VALIDATOR_OPTIONS } = await import('../../src/config/validate.js');
  const generated = createRequire(import.meta.url)('../../src/config/experiment.validate.cjs') as {
    default: ((data: unknown) => boolean) & { errors?: unknown };
  };
  const compiled = new Ajv2020.default(EXPERIMENT_VALIDATOR_OPTIONS).compile(SCHEMA);
  const model = { layers: [{ linear: 10 }], loss: 'softmax-cross-entropy' };
  const cases: unknown[] = [
    { name: 'ok', dataset: 'mnist', model },
    { name: 'x' },
    { name: 'x', dataset: 'mnist', model, train: { epochs: 'ten', optimizer: { sgd: { lr: -1 } } } },
    { name: 'x', dataset: ['mnist', 'nope'], model: { layers: [{ linear: { units: 0 } }, 'relu', { nope: 1 }] } },
    { name: 'x', dataset: 'mnist', model, sweep: { 'train.epochs': [1, 'a'] }, extra: true },
    [],
  ];
  for (const data of cases) {
    assert.equal(generated.default(data), compiled(data));
    assert.deepEqual(generated.default.errors ?? null, compiled.errors ?? null);
  }
});
