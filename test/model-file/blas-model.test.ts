// A model file saved by a BLAS run names its kernels "blas" and is read anywhere, BLAS or not:
// eval and predict use the wasm kernels for it (results then agree with the run's to float32
// rounding).

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelFileBytes, readModelFile } from '../../src/model-file/model-file.js';
import { tempDir } from '../helpers/tiny.js';
import { fixtureModel, INFO } from './fixture.js';

test('a model file of a BLAS run is read, and evaluated with the wasm kernels', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'model.safetensors');
  await writeFile(path, modelFileBytes(fixtureModel(), { ...INFO, kernels: 'blas' }));
  const { model, info } = await readModelFile(path, 8);
  assert.equal(info.kernels, 'blas');
  assert.equal(model.kernels.name, 'wasm');
  assert.deepEqual(
    model.params().map((p) => [...p.value]),
    fixtureModel()
      .params()
      .map((p) => [...p.value]),
  );
});
