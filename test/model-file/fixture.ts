// A model file built in the test, without training: an 8×8-input stack with a BatchNorm whose
// running statistics are set to values a default model would not have, under standardize.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelFileBytes, type ModelInfo } from '../../src/model-file/model-file.js';
import type { LayerSpec } from '../../src/nn/layers/index.js';
import { Sequential } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/rng.js';

export const LAYERS: LayerSpec[] = [
  { linear: { units: 12, init: 'he' } },
  { batchnorm: { momentum: 0.1, eps: 1e-5 } },
  { relu: {} },
  { linear: { units: 10, init: 'xavier' } },
];

export const INFO: ModelInfo = {
  run_id: 'abcdef012345',
  dataset: 'mnist',
  dataset_sha256: '0'.repeat(64),
  layers: LAYERS,
  loss: 'softmax-cross-entropy',
  inputs: 64,
  preprocess: 'standardize',
  stats: { mean: 0.2345678901234567, std: 0.3141592653589793 },
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  kernels: 'wasm',
};

export function fixtureModel(): Sequential {
  const model = new Sequential(LAYERS, 64, 8, Rng.from(7, 'fixture'));
  const rng = Rng.from(8, 'running');
  for (const a of model.state()) for (let i = 0; i < a.length; i++) a[i] = 0.5 + rng.uniform();
  return model;
}

/** Writes the fixture model to <dir>/model.safetensors; returns the path and the model. */
export async function writeFixtureModel(dir: string): Promise<{ path: string; model: Sequential; bytes: Uint8Array }> {
  const model = fixtureModel();
  const bytes = modelFileBytes(model, INFO);
  const path = join(dir, 'model.safetensors');
  await writeFile(path, bytes);
  return { path, model, bytes };
}

/** The file with its JSON header changed by `edit` (re-encoded, re-padded), data section as it was. */
export function editHeader(bytes: Uint8Array, edit: (header: Record<string, Record<string, unknown>>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
  edit(header);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}
