// A trained network as a file: its weights (and BatchNorm's running statistics) as safetensors
// tensors, and in the metadata everything else needed to use it alone: the layer stack, the loss,
// the input width, the preprocessing and its training statistics, and the class names.
// Tensors are named `<layer index>.<layer type>.<name>`, e.g. `0.linear.W` (inputs × units,
// row-major: Y = X·W + b, the transpose of PyTorch's Linear.weight) or `3.batchnorm.running_var`.

import { readFile } from 'node:fs/promises';
import { schemaIssues } from '../config/validate.js';
import { DATASETS } from '../data/datasets.js';
import { DataError } from '../data/errors.js';
import { isKernelsName, KERNELS, type KernelsName } from '../nn/kernels/index.js';
import { kindOf, LAYERS, layerShapes, type LayerName, type LayerSpec } from '../nn/layers/index.js';
import { LOSSES, type LossName } from '../nn/losses/index.js';
import { Sequential } from '../nn/model.js';
import { Rng } from '../nn/rng.js';
import type { FeatureStats } from '../train/feature-stats.js';
import type { InputStats } from '../train/preprocess.js';
import type { PreprocessName } from '../types.js';
import { VERSION } from '../version.js';
import { decodeSafeTensors, encodeSafeTensors, SafeTensorsError, type Tensor } from './safetensors.js';

/** What a model file says besides its tensors. */
export interface ModelInfo {
  run_id: string;
  dataset: string;
  dataset_sha256: string;
  layers: LayerSpec[];
  loss: LossName;
  /** The width of one input example (an image's pixels). */
  inputs: number;
  preprocess: PreprocessName;
  /** The training statistics of `standardize`; null for `scale`. */
  stats: InputStats | null;
  /** A model of real-valued features (a declared CSV / float .npy dataset): their preprocessing, per feature. */
  features?: FeatureStats;
  classes: string[];
  /**
   * The kernel set that trained it: the same one evaluates it, so that results agree to the last
   * bit — except 'blas', evaluated with wasm, since BLAS need not be where the file goes (results
   * then agree to float32 rounding).
   */
  kernels: KernelsName | 'blas';
}

/** Names of the state() buffers of the layers that have any, in state() order. */
const STATE_NAMES: Partial<Record<LayerName, string[]>> = { batchnorm: ['running_mean', 'running_var'] };

/** Every tensor of the model, named and shaped, live (not copied). */
export function modelTensors(model: Sequential, layers: readonly LayerSpec[]): [string, Tensor][] {
  const shapes = layerShapes(layers, model.inputSize);
  return model.layers.flatMap((layer, i) => {
    const [kind] = kindOf(layers[i]);
    const { inputs, outputs } = shapes[i];
    const params = layer
      .params()
      .map((p): [string, Tensor] => [
        `${i}.${kind}.${p.name}`,
        { shape: p.name === 'W' ? [inputs, outputs] : [p.value.length], data: p.value },
      ]);
    const state = layer
      .state()
      .map((a, k): [string, Tensor] => [`${i}.${kind}.${STATE_NAMES[kind]?.[k] ?? `state${k}`}`, { shape: [a.length], data: a }]);
    return [...params, ...state];
  });
}

/** The bytes of a model file. */
export function modelFileBytes(model: Sequential, info: ModelInfo): Uint8Array {
  const metadata: Record<string, string> = {
    format: 'mlplab',
    mlplab_version: VERSION,
    run_id: info.run_id,
    dataset: info.dataset,
    dataset_sha256: info.dataset_sha256,
    layers: JSON.stringify(info.layers),
    loss: info.loss,
    inputs: String(info.inputs),
    preprocess: info.preprocess,
    // String(x) is the shortest text that reads back as the same double: the statistics survive exactly.
    ...(info.stats === null ? {} : { mean: String(info.stats.mean), std: String(info.stats.std) }),
    ...(info.features === undefined
      ? {}
      : {
          feature_shift: JSON.stringify(Array.from(info.features.shift)),
          feature_factor: JSON.stringify(Array.from(info.features.factor)),
        }),
    classes: JSON.stringify(info.classes),
    kernels: info.kernels,
  };
  return encodeSafeTensors(modelTensors(model, info.layers), metadata);
}

/**
 * The network of a model file, rebuilt from the file alone, for batches of up to maxBatch rows.
 * Anything wrong with the file is a DataError naming it and the problem.
 */
export async function readModelFile(path: string, maxBatch: number): Promise<{ model: Sequential; info: ModelInfo }> {
  const fail = (what: string): never => {
    throw new DataError(`${path}: ${what} — not a model file mlplab can use (save it again with \`mlplab run --force\`)`);
  };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new DataError(`${path}: cannot read (${(err as Error).message})`);
  }
  let file: ReturnType<typeof decodeSafeTensors>;
  try {
    file = decodeSafeTensors(bytes);
  } catch (err) {
    if (!(err instanceof SafeTensorsError)) throw err;
    return fail(err.message);
  }
  const info = parseInfo(file.metadata, fail);
  let model: Sequential;
  try {
    model = new Sequential(
      info.layers,
      info.inputs,
      maxBatch,
      new Rng([1, 2, 3, 4]),
      KERNELS[info.kernels === 'blas' ? 'wasm' : info.kernels](),
    );
  } catch (err) {
    return fail(`its layer stack cannot be built (${(err as Error).message})`);
  }
  if (model.outputSize !== info.classes.length) fail(`its last layer has ${model.outputSize} outputs for ${info.classes.length} classes`);
  const expected = modelTensors(model, info.layers);
  for (const [name, { shape, data }] of expected) {
    const found = file.tensors.get(name);
    if (found === undefined) return fail(`tensor "${name}" is missing`);
    if (found.shape.join() !== shape.join()) fail(`tensor "${name}" has shape [${found.shape}], the layer stack needs [${shape}]`);
    data.set(found.data);
  }
  const extra = [...file.tensors.keys()].filter((name) => !expected.some(([n]) => n === name));
  if (extra.length > 0) fail(`tensor "${extra[0]}" belongs to no layer of its stack`);
  return { model, info };
}

/** The metadata as ModelInfo, every field checked. */
function parseInfo(meta: Record<string, string>, fail: (what: string) => never): ModelInfo {
  const field = (key: string): string => meta[key] ?? fail(`its metadata has no "${key}"`);
  const json = (key: string): unknown => {
    try {
      return JSON.parse(field(key));
    } catch {
      return fail(`its metadata "${key}" is not JSON`);
    }
  };
  const number = (key: string): number => {
    const x = Number(field(key));
    return Number.isFinite(x) ? x : fail(`its metadata "${key}" is not a number`);
  };
  const layers = json('layers');
  const isLayer = (l: unknown): boolean =>
    l !== null && typeof l === 'object' && Object.keys(l).length === 1 && Object.hasOwn(LAYERS, Object.keys(l)[0]);
  if (!Array.isArray(layers) || layers.length === 0 || !layers.every(isLayer)) fail('its metadata "layers" is not a layer stack');
  const loss = field('loss');
  if (!Object.hasOwn(LOSSES, loss)) fail(`its metadata names an unknown loss "${loss}"`);
  // The stack as an experiment's model: the schema checks every option, as it does for a YAML file.
  const [issue] = schemaIssues({ name: 'model-file', dataset: Object.keys(DATASETS)[0], model: { layers, loss } });
  if (issue !== undefined) fail(`its metadata "layers" is not a valid layer stack (${issue.path.slice(1).join('.')}: ${issue.message})`);
  const inputs = number('inputs');
  if (!Number.isSafeInteger(inputs) || inputs < 1) fail(`its metadata "inputs" is not a positive integer`);
  const preprocess = field('preprocess');
  if (preprocess !== 'scale' && preprocess !== 'standardize') fail(`its metadata names an unknown preprocessing "${preprocess}"`);
  const vector = (key: string): Float32Array => {
    const v = json(key);
    if (!Array.isArray(v) || v.length !== inputs || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      fail(`its metadata "${key}" is not ${inputs} numbers`);
    return Float32Array.from(v as number[]);
  };
  const features = meta.feature_shift === undefined ? undefined : { shift: vector('feature_shift'), factor: vector('feature_factor') };
  const classes = json('classes');
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string'))
    fail('its metadata "classes" is not a list of names');
  return {
    run_id: field('run_id'),
    dataset: field('dataset'),
    dataset_sha256: field('dataset_sha256'),
    layers: layers as LayerSpec[],
    loss: loss as LossName,
    inputs,
    preprocess: preprocess as PreprocessName,
    stats: preprocess === 'scale' || features !== undefined ? null : { mean: number('mean'), std: number('std') },
    ...(features === undefined ? {} : { features }),
    classes: classes as string[],
    kernels:
      isKernelsName(field('kernels')) || field('kernels') === 'blas'
        ? (field('kernels') as KernelsName | 'blas')
        : fail(`its metadata names unknown kernels "${field('kernels')}"`),
  };
}
